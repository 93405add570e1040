# %% [markdown]
# # 1. Rescaling of Eqs. 11-12
#
# Zhou & Biagini rescale the droplet problem with $\mathbf r = \mathbf y L_f$,
# $L_f = \xi_0 h^{-1/2}$, $h = (H - H_c^0)/H_c^0$. Below, every step is carried out by SymPy in 2D
# (measure, gradients, delta functions, both terms of the correlator of Eq. 3) and checked by machine.
# Nothing here is asserted because the paper says so: each line's check runs in front of you.

# %%
import matplotlib.pyplot as plt
import numpy as np

import derivations
from derivations import display
from derivations.errata import ERRATA

d = derivations.get("rescaling")
print(d.title, "-", len(d.steps), "steps")

# %% [markdown]
# ## The steps, each with its machine check

# %%
outcomes = display.walk(d)
assert all(o.ok for o in outcomes)

# %% [markdown]
# ## Results
# $L_s = B h L_f^2$ and $\sigma_s = A^2 \xi_0^2 L_f^2/g^2$ (Eq. 12) combine into the argument of the
# Gaussian tail, $(B g/A)\sqrt h$: $\xi_0$ drops out. The nonlocal $\xi_0^4/|\mathbf r|^4$ term of
# Eq. 3 enters $\tilde{\mathcal C}$ with a relative factor $h$, so at leading order
# $\tilde{\mathcal C} = c_3\,\delta\delta\delta$.

# %%
display.results(d)

# %% [markdown]
# ## The sign of the gradient term (errata of Eqs. 5, 12, 14)
# Eq. 4 at $\Delta = 0$ gives the average curvature $-\xi_0^2\nabla^2 + h$, whose Fourier symbol
# $\xi_0^2 k^2 + h$ is positive: the normal metal is stable on average. The operator printed in
# Eq. 5 has symbol $-\xi_0^2k^2 + h$, negative for $k > \sqrt h/\xi_0$.

# %%
for e in ERRATA:
    if e.equation in ("Eqs. 5, 12", "Eq. 5", "Eq. 11", "Eq. 12", "Eq. 14"):
        display.erratum(e)

# %%
k = np.linspace(0, 3, 200)
fig, ax = plt.subplots(figsize=(5, 3))
ax.plot(k, k**2 + 1, label=r"Eq. 4: $\xi_0^2k^2 + h$ (positive)")
ax.plot(k, -k**2 + 1, "--", label=r"printed Eq. 5: $-\xi_0^2k^2 + h$")
ax.axhline(0, color="k", lw=0.5)
ax.set_xlabel(r"$k\,\xi_0/\sqrt{h}$")
ax.set_ylabel(r"symbol / $h$")
ax.legend()
plt.show()

# %% [markdown]
# ## Numeric verification against mpmath
# The generated float64 functions against 50-digit mpmath evaluations, error in ulps.

# %%
from numerics.reference.rescaling import CASES
from numerics.verification import run_case

for case in CASES:
    r = run_case(case)
    print(f"{case.name:16s} max {r.worst_ulps:.2f} ulps (tolerance {case.max_ulps}: {case.why})")
    assert r.ok
