# %% [markdown]
# # 2. Droplet density (Eqs. 5-15) and the optimal droplet
#
# From the threshold condition on the Gaussian functional $F_\alpha$ (Eqs. 5-6), through the integral
# representation of the step function (Eq. 7) and the Gaussian average (Eq. 8), to the Gaussian-tail
# density of Eq. 15. The paper's "erfc" is, by its own definition after Eq. 8, the standard-normal
# tail $Q(x) = \tfrac12\operatorname{erfc}(x/\sqrt2)$: the toolkit calls it `gaussian_tail`.
# Every step below is checked by machine as it is shown.

# %%
import matplotlib.pyplot as plt
import mpmath
import numpy as np

import derivations
from derivations import display
from numerics import droplet_density, log_droplet_density, optimal_droplet, typical_distance

d = derivations.get("density")
print(d.title, "-", len(d.steps), "steps")

# %% [markdown]
# ## The steps, each with its machine check

# %%
outcomes = display.walk(d)
assert all(o.ok for o in outcomes)

# %%
display.results(d)

# %% [markdown]
# ## The optimal droplet of Eq. 13
# With the corrected sign, Eq. 13 is $(\nabla_y^2 - 1)\eta + c_3\eta^3 = 0$: the 2D Townes soliton
# $-\nabla^2 R + R = R^3$. It is solved to 30 digits (Taylor-segment integration in fixed point)
# and compared with the golden values of the independent shooting method (36 digits, stored with
# their provenance; `optimal_droplet(30, verify=True)` reruns that method, ~75 s). The virial
# (Pohozaev) identities $\int|\nabla R|^2 = \int R^2$ and $\int R^4 = 2\int R^2$ hold to the
# working precision.

# %%
import json
from pathlib import Path

import numerics


def repo_root():
    """The checkout's root, from wherever this runs: the script's location, or the package's in a kernel."""
    try:
        return Path(__file__).resolve().parent.parent
    except NameError:  # in a Jupyter kernel __file__ is undefined
        return Path(numerics.__file__).resolve().parent.parent


golden = json.loads((repo_root() / "tests" / "data" / "droplet_golden.json").read_text())
print("golden provenance:", golden["provenance"]["method"])
drop = optimal_droplet(30)
with mpmath.workdps(40):
    for name, ref in golden["values"].items():
        err = abs(getattr(drop, name) / mpmath.mpf(ref) - 1)
        print(f"{name:22s} {mpmath.nstr(getattr(drop, name), 30)}   rel. diff to golden {mpmath.nstr(err, 2)}")
        assert err < mpmath.mpf(10) ** -29
for name in ("B", "A2", "B_over_A", "L0_over_Lf", "C"):
    print(f"{name:22s} {mpmath.nstr(getattr(drop, name), 30)}")
print("virial residuals:", [mpmath.nstr(v, 3) for v in drop.virial_residuals()])

# %%
rho = np.linspace(0, 8, 400)
fig, ax = plt.subplots(1, 2, figsize=(9, 3.2))
ax[0].plot(rho, drop.profile(rho))
ax[0].set_xlabel(r"$\rho = r/L_f$"); ax[0].set_ylabel(r"$R(\rho)$"); ax[0].set_title("optimal droplet (Townes)")
ax[1].semilogy(rho, drop.profile(rho), label="R")
ax[1].semilogy(rho[1:], float(drop.asymptotic_coefficient) * np.exp(-rho[1:]) * np.sqrt(np.pi / (2 * rho[1:])), "--",
               label=r"$c\,K_0(\rho)$ tail")
ax[1].set_xlabel(r"$\rho$"); ax[1].legend()
plt.tight_layout(); plt.show()

# %% [markdown]
# ## Density and log-density against the field
# $\rho = L_f^{-2}\,Q\big((B/A)\,g\sqrt h\big)$ in units of $\xi_0^{-2}$ (prefactor of order one set
# to 1). The log form stays accurate where the density underflows (large $g^2 h$).
# The plot deliberately reaches small $g^2 h$, outside the regime of the saddle point (Eq. 8 needs
# $g^2 h \gg 1$, i.e. a large tail argument): there the functions still return the formula's value but
# emit a `numerics.RegimeWarning` naming the tail argument, which is the warning printed below the
# plot; the curves left of it are only indicative.

# %%
h = np.logspace(-4, 0, 400)
fig, ax = plt.subplots(1, 3, figsize=(13, 3.4))
for g in (0.5, 1, 2, 5, 20):
    ax[0].loglog(h, droplet_density(h, g), label=f"g = {g}")
    ax[1].semilogx(h, log_droplet_density(h, g), label=f"g = {g}")
    ax[2].loglog(h, typical_distance(h, g), label=f"g = {g}")
ax[0].set_ylabel(r"$\rho\,\xi_0^2$"); ax[1].set_ylabel(r"$\ln(\rho\,\xi_0^2)$"); ax[2].set_ylabel(r"$L_d/\xi_0$")
for a in ax:
    a.set_xlabel(r"$h = (H - H_{c0})/H_{c0}$")
ax[0].set_ylim(1e-12, 1); ax[2].set_ylim(1, 1e8); ax[0].legend(fontsize=8)
plt.tight_layout(); plt.show()

# %% [markdown]
# ## Numeric verification against mpmath
# The float64 functions against mpmath (the Gaussian tail by quadrature of its integral, 40 digits),
# error in ulps divided by $1 + $ the condition number where stated.

# %%
from numerics.reference import density as rdens, tails as rtails
from numerics.verification import run_case

for case in rtails.CASES + rdens.CASES:
    r = run_case(case)
    print(f"{case.name:20s} max {r.worst_ulps:.2f} ulps (tolerance {case.max_ulps})")
    assert r.ok
