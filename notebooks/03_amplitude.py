# %% [markdown]
# # 3. Amplitude law and droplet coupling (Eqs. 16-18)
#
# Projecting the nonlinear Eq. 2 on the droplet shape gives the delta-function argument of Eq. 16;
# the Gaussian integral over $K_M$ at the saddle point gives the exact conditional law of the
# peak gap $\Delta$ at fixed shape. Eq. 17 (a Rayleigh law) is its limit for $g^2h \gg 1$, with
# relative corrections $O(1/(g^2 h))$, and $C$ follows from the optimal droplet.

# %%
import matplotlib.pyplot as plt
import mpmath
import numpy as np

import derivations
from derivations import display
from numerics import (amplitude_cdf_exact, amplitude_pdf, amplitude_pdf_exact, optimal_droplet,
                      sample_amplitudes)

d = derivations.get("amplitude")
print(d.title, "-", len(d.steps), "steps")

# %%
outcomes = display.walk(d)
assert all(o.ok for o in outcomes)

# %%
display.results(d)

# %% [markdown]
# ## C of Eq. 17 for the optimal droplet ($c_3 = 1$, peak-gap convention)

# %%
C = optimal_droplet(30).C
print("C =", mpmath.nstr(C, 30))

# %% [markdown]
# ## The exact law against Eq. 17, and a sampled histogram
# Amplitudes in units of $\Delta_0/g$; as $g^2h$ grows the exact law tends to the Rayleigh law.

# %%
g = 3.0
x = np.linspace(1e-4, 2.0, 400)  # Delta g / Delta0
fig, ax = plt.subplots(1, 2, figsize=(10, 3.5))
for hv in (0.02, 0.1, 1.0):
    ax[0].plot(x, amplitude_pdf_exact(x / g, g, hv) / g, label=f"exact, $g^2h$ = {g * g * hv:g}")
ax[0].plot(x, amplitude_pdf(x / g, g) / g, "k--", label="Eq. 17")
samples = sample_amplitudes(200_000, g, rng=1) * g
ax[0].hist(samples, bins=80, range=(0, 2), density=True, alpha=0.25, color="k", label="sampled Eq. 17")
ax[0].set_xlabel(r"$g\Delta/\Delta_0$"); ax[0].set_ylabel("density"); ax[0].legend(fontsize=8)
# convergence: max |exact - Eq. 17| against g^2 h, and the predicted 1/(g^2 h)
gh = np.logspace(0, 4, 25)
dev = [np.max(np.abs(amplitude_pdf_exact(x / g, g, v / g**2) - amplitude_pdf(x / g, g))) / g for v in gh]
ax[1].loglog(gh, dev, "o", label="max |exact - Eq. 17|")
ax[1].loglog(gh, dev[-1] * gh[-1] / gh, "k--", label=r"$\propto 1/(g^2h)$")
ax[1].set_xlabel(r"$g^2 h$"); ax[1].legend()
plt.tight_layout(); plt.show()
assert dev[-1] < dev[0] / 1000

# %% [markdown]
# ## Numeric verification against mpmath

# %%
from numerics.reference.amplitude import CASES
from numerics.verification import run_case

for case in CASES:
    r = run_case(case)
    print(f"{case.name:24s} max {r.worst_ulps:.2f} ulps (tolerance {case.max_ulps})")
    assert r.ok
print("exact CDF at the 99.9% point of Eq. 17, g = 3, h = 10:", amplitude_cdf_exact(np.sqrt(np.log(1000) / float(C)) / g, g, 10.0))
