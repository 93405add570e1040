# %% [markdown]
# # 4. Cooper-pair correlation in 2D with Zeeman splitting (Eq. 19, clean and dirty)
#
# Exact clean model: $\hbar = 2m = \mu = 1$ ($k_F = 1$, $v_F = 2$), Zeeman energy $E_Z = \mu_B H$ per spin
# (argument `zeeman` in the numerics, $0 < E_Z < 1$),
# $K(r,E_Z) = \int\frac{d\varepsilon}{2\pi}G_\uparrow(r,i\varepsilon)G_\downarrow(r,-i\varepsilon)$ with
# $G(r,z) = -K_0(\kappa r)/2\pi$. Route 1 takes its large-$r$ limit; route 2 starts from the paper's
# linearized Eq. 19 in momentum space. The dirty limit uses the Cooperon
# $1/(DQ^2 + 2|\varepsilon| + 2iE_Z\,\mathrm{sgn}\,\varepsilon)$.

# %%
import matplotlib.pyplot as plt
import mpmath
import numpy as np

import derivations
from derivations import display
import warnings

from numerics import (RegimeWarning, pair_correlation_clean_2d, pair_correlation_clean_2d_asymptotic,
                      pair_correlation_clean_2d_certified, pair_correlation_clean_2d_exact, pair_correlation_dirty_2d,
                      pair_correlation_linearized_2d)
from numerics.pair_correlation import amplitude_asymptotic

d = derivations.get("pair_correlation")
print(d.title, "-", len(d.steps), "steps")

# %%
outcomes = display.walk(d)
assert all(o.ok for o in outcomes)

# %%
display.results(d)

# %% [markdown]
# ## $r^2K(r)$: exact quadrature against the derived asymptotic form
# The exact $K$ (mpmath quadrature, 12 digits) at $E_Z = 0.3$ on $r \ge 100$ (where each point costs
# ~0.2 s), and the linearized model (route 2), which equals $\nu\cos(Q_0 r)/2\pi r^2$ at every $r$.

# %%
hv = 0.3
r_exact = np.linspace(100, 160, 31)
k_exact = np.array([float(pair_correlation_clean_2d(rv, hv, dps=12)) for rv in r_exact])
r_fine = np.linspace(100, 160, 1200)
fig, ax = plt.subplots(1, 2, figsize=(11, 3.5))
ax[0].plot(r_fine, r_fine**2 * pair_correlation_clean_2d_asymptotic(r_fine, hv), label="route 1 asymptotic")
ax[0].plot(r_exact, r_exact**2 * k_exact, "o", ms=4, label="exact quadrature")
ax[0].set_xlabel(r"$r\,k_F$"); ax[0].set_ylabel(r"$r^2K(r)$"); ax[0].set_title(f"clean, E_Z = {hv}"); ax[0].legend()
h2 = 0.1
r2 = np.array([2.0, 5, 10, 20, 40, 60])
k2 = [float(pair_correlation_linearized_2d(rv, h2, dps=12)) for rv in r2]
rr = np.linspace(1, 60, 600)
ax[1].plot(rr, np.cos(h2 * rr) / (8 * np.pi**2), label=r"$\nu\cos(Q_0r)/2\pi$")
ax[1].plot(r2, r2**2 * np.array(k2), "s", label="route 2 quadrature")
ax[1].set_xlabel(r"$r\,k_F$"); ax[1].set_title(f"linearized model, E_Z = {h2}"); ax[1].legend()
plt.tight_layout(); plt.show()

# %% [markdown]
# ## Relative deviation against $r$ (log axes)
# Measured in units of the envelope, $|r^2K/a(E_Z) - \cos qr|$, it falls like $1/r$ as route 1 predicts.

# %%
r_log = np.array([100, 200, 400, 800, 1600])
amp = amplitude_asymptotic(hv)
q = mpmath.sqrt(1 + hv) - mpmath.sqrt(1 - hv)
dev = [float(abs(pair_correlation_clean_2d(rv, hv, dps=15) * rv**2 / amp - mpmath.cos(q * rv))) for rv in r_log]
fig, ax = plt.subplots(figsize=(5, 3.5))
ax.loglog(r_log, dev, "o-", label="exact vs asymptotic")
ax.loglog(r_log, dev[0] * r_log[0] / r_log, "k--", label=r"$\propto 1/r$")
ax.set_xlabel(r"$r\,k_F$"); ax.set_ylabel("deviation / envelope"); ax.legend()
plt.show()
assert dev[-1] < dev[0] / 6

# %% [markdown]
# ## Exact $K(r)$ from $r = 1$ to $10^3$: float64 exact route, certified points, corrected asymptotics
# `pair_correlation_clean_2d_exact` (float64, vectorized) on 4000 points, a few certified Arb enclosures
# (`pair_correlation_clean_2d_certified`, radius $\le 10^{-20}$ of the envelope; the float64 route agrees with
# them to $10^{-12}/r^2$), and the corrected route-1 form (no $-\pi/4$ phase). Right: $|K - K_\mathrm{asym}|$ in
# units of the envelope $a(E_Z)/r^2$ falls like $1/r$ (route 1's relative corrections are $O(1/r)$).

# %%
ez = 0.3
r_plot = np.geomspace(1, 1e3, 4000)
k_ex = pair_correlation_clean_2d_exact(r_plot, ez)
with warnings.catch_warnings():
    warnings.simplefilter("ignore", RegimeWarning)  # route 1 shown below its regime r (1 - E_Z) >= 10 on purpose
    k_as = pair_correlation_clean_2d_asymptotic(r_plot, ez)
r_cert = np.array([1.0, 3.0, 10.0, 30.0, 100.0, 300.0, 1000.0])
cert = [pair_correlation_clean_2d_certified(rv, ez, dps=20) for rv in r_cert]
for rv, c in zip(r_cert, cert):
    print(f"r = {rv:6g}: certified {c}")
    assert abs(pair_correlation_clean_2d_exact(rv, ez) - float(c.mid)) < 1e-12 / rv**2
rel = np.abs(k_ex - k_as) * r_plot**2 / float(amplitude_asymptotic(ez))
fig, ax = plt.subplots(1, 2, figsize=(11, 3.5))
ax[0].semilogx(r_plot, r_plot**2 * k_ex, lw=0.8, label="exact (float64 route)")
ax[0].semilogx(r_plot, r_plot**2 * k_as, "--", lw=0.8, label="route 1, corrected")
ax[0].semilogx(r_cert, r_cert**2 * np.array([float(c) for c in cert]), "ko", ms=4, label="certified (Arb)")
ax[0].set_xlabel(r"$r\,k_F$"); ax[0].set_ylabel(r"$r^2K(r)$"); ax[0].set_title(f"clean, E_Z = {ez}"); ax[0].legend()
ax[1].loglog(r_plot, rel, lw=0.6, label=r"$|K - K_\mathrm{asym}|\,r^2/a$")
ax[1].loglog(r_plot, 0.05 / r_plot, "k--", label=r"$0.05/r$")
ax[1].set_xlabel(r"$r\,k_F$"); ax[1].set_ylabel("difference / envelope"); ax[1].legend()
plt.tight_layout(); plt.show()
# 1/r: r times the largest difference in each factor-3 window is the same from r = 10 to 1000
scaled = [np.max((r_plot * rel)[(r_plot >= a) & (r_plot < 3 * a)]) for a in (10, 30, 100, 300)]
print("r x peak difference per window:", np.round(scaled, 4))
assert max(scaled) / min(scaled) < 1.2 and rel[-1] < 1e-4

# %% [markdown]
# ## Dirty limit
# $K_d = (\nu/\pi r^2)\,\mathrm{Re}[u_0K_1(u_0)]$, $u_0 = (1+i)\,r\sqrt{E_Z/D}$: decay length and
# oscillation length are both $\sqrt{D/E_Z}$ (the paper prints a decay $\sqrt2$ times faster).

# %%
from numerics.reference.pair_correlation import dirty_proper_time_ref

rr = np.linspace(0.2, 30, 600)
fig, ax = plt.subplots(1, 2, figsize=(11, 3.5))
for hv_d in (0.1, 0.3, 1.0):
    ax[0].plot(rr, rr**2 * pair_correlation_dirty_2d(rr, hv_d), label=f"E_Z/D = {hv_d}")
    ax[1].semilogy(rr, np.abs(rr**2 * pair_correlation_dirty_2d(rr, hv_d)), label=f"E_Z/D = {hv_d}")
    ax[1].semilogy(rr, 0.1 * np.exp(-rr * np.sqrt(hv_d)) * np.sqrt(rr), ":", color="gray")
with mpmath.workdps(30):
    pts = [(rv, float(dirty_proper_time_ref(rv, 0.3))) for rv in (1.0, 4.0, 8.0, 12.0)]
ax[0].plot([p[0] for p in pts], [p[0]**2 * p[1] for p in pts], "ko", label="proper-time quadrature")
ax[0].set_xlabel(r"$r$"); ax[0].set_ylabel(r"$r^2K_d$"); ax[0].legend()
ax[1].set_xlabel(r"$r$"); ax[1].set_ylabel(r"$|r^2K_d|$ (dotted: $e^{-r\sqrt{E_Z/D}}$)")
plt.tight_layout(); plt.show()

# %% [markdown]
# ## Numeric verification against mpmath

# %%
from numerics.reference.pair_correlation import CASES
from numerics.verification import run_case

for case in CASES:
    r = run_case(case)
    print(f"{case.name:38s} max {r.worst_ulps:.2f} ulps (tolerance {case.max_ulps})")
    assert r.ok
