# %% [markdown]
# # 7. Monte Carlo test of the droplet density (Eqs. 14-15)
#
# Every other check of Eq. 15 follows the paper's route (Gaussian functional, saddle point, optimal
# droplet). Here the random operator itself is simulated. With the corrected sign of Eq. 4 and the
# local term of Eq. 3 ($\xi_0 = 1$, $c_3 = 1$), $O = -\nabla^2 + h + V(\mathbf r)$ with Gaussian white
# noise $\langle V(\mathbf r)V(\mathbf r')\rangle = W\delta(\mathbf r-\mathbf r')$, $W = 1/g^2$. A
# droplet is a negative eigenvalue of $O$, i.e. an eigenvalue of $-\nabla^2 + V$ below $-h$, and
# Eq. 15 predicts $\rho \sim Q(x)/L_f^2$ with $x^2 = 2N_c g^2 h$, so
# $-\log\rho = N_c g^2 h + O(\log g^2h)$.
#
# **Lattice.** Spacing $a = \xi_0$, $L\times L$ periodic box, 5-point Laplacian,
# $V_i \sim N(0, W/a^2)$ i.i.d. The number of eigenvalues below $-h$ is read exactly from the inertia
# (signs of the pivots) of a sparse $LDL^T$ factorization of $-\nabla^2 + V + h$ (Sylvester's law).
#
# **Deep tails.** Exact importance sampling: the proposal is a translation-averaged mixture of mean
# shifts of $V$ toward wells $c_k\mu_x$ ($\mu$ = the lattice optimal fluctuation, translated to
# every site and to the bond and plaquette centres, depths $c_k$ around one), plus a 5% unshifted
# Gaussian. The likelihood ratio $p/q$ is exact (one FFT per sample gives $\mu_x\cdot V$ for all
# $x$), so $\hat\rho = \overline{n\,p/q}/L^2$ is unbiased whatever the wells; the optimal droplet
# shapes the proposal only.
#
# **Engine.** Studies run as chunks (a few hundred samples of one point) on Dask, a local cluster by
# default: `python -m numerics.montecarlo STUDY [--workers 2 | --scheduler ADDRESS] [--out PATH]`.
# Each chunk's seed comes from one `SeedSequence` keyed by the chunk's identity, each finished chunk is
# appended to a JSON-lines results store at once, and a rerun resumes, so a killed run loses at most
# the chunks in flight and ends with the same numbers. The density study below (`data/montecarlo.json`)
# was made by the earlier process-pool engine; the continuum, Poisson and amplitude studies
# (`data/mc-*.jsonl`, raw per-sample results with provenance) by the Dask engine.

# %%
import json
import math
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

from numerics import montecarlo as mc

res = json.loads(Path("data/montecarlo.json").read_text())
prov = res["provenance"]
print({k: prov[k] for k in ("command", "date", "numpy", "scipy", "python", "master_seed", "wall_seconds", "workers")})
again = mc.analyse(res)
assert mc.same_summary(again, {k: res[k] for k in again})  # the stored summary is what the runs give
print(mc.table(res))

# %% [markdown]
# ## The lattice optimal fluctuation
# The discrete minimum of $(\sum|\nabla\eta|^2 + h\sum\eta^2)^2/\sum\eta^4$ (the lattice instanton;
# its Gaussian cost is $S = g^2\times$ action$/2$) tends to the continuum $2N_c h$ with a first-order
# lattice correction $-\kappa h$, $\kappa = \int(R_{XX}^2+R_{YY}^2)/(12N_c) = 0.1922$ from the
# Townes profile (checked in the tests).

# %%
inst = res["instanton"]
hh = np.array([r["h"] for r in inst])
plt.figure(figsize=(5, 3.2))
plt.plot(hh, [r["ratio_to_continuum"] for r in inst], "o", label="lattice instanton / continuum")
plt.plot(hh, 1 - 0.19217 * hh, "k--", label=r"$1 - 0.192\,h$")
plt.xlabel(r"$h a^2/\xi_0^2$"); plt.ylabel(r"action$/(2N_c h)$"); plt.legend(); plt.tight_layout(); plt.show()

# %% [markdown]
# ## Unbiasedness: importance sampling against direct sampling where both reach

# %%
for a in res["agreement"]:
    print(f"h={a['h']:<5g} g^2h={a['g2h']:<5g} direct {a['direct']:8.3f} +- {a['se_direct']:.3f}   "
          f"IS {a['is_']:8.3f} +- {a['se_is']:.3f}   z = {a['z']:+.2f}")
assert all(abs(a["z"]) < 5 for a in res["agreement"])

# %% [markdown]
# ## $\log\rho$ against $g^2h$, beside Eq. 15
# Points: Monte Carlo (error bars: one standard error; most are smaller than the markers). Dashed:
# Eq. 15 with prefactor one, $\log(Q(x)\,h)$. Solid: the fit $c_0 - s g^2 + b\log g^2$ over the
# asymptotic regime $g^2h \ge 2$ (grey line; $x \ge 6.8$ there). Right: the measured prefactor
# $\rho_{MC}/(Q(x)/L_f^2)$ (the paper sets it to "order unity"); open squares use the lattice
# instanton's action in $Q$ instead of $N_c$, which removes the lattice part of the drift.

# %%
fig, ax = plt.subplots(1, 2, figsize=(11, 4))
colors = dict(zip([f["h"] for f in res["fits"]], ["C0", "C1", "C2", "C3"]))
for f in res["fits"]:
    h = f["h"]
    pts = sorted((r for r in res["runs"] if r["role"] == "density" and r["kind"] == "is" and r["h"] == h
                  and r["L"] == f["L"]), key=lambda r: r["g2h"])
    x = np.array([r["g2h"] for r in pts]); y = np.array([r["log_rho"] for r in pts])
    e = np.array([r["log_se"] for r in pts])
    ax[0].errorbar(x, y, e, fmt="o", color=colors[h], ms=4, label=f"MC, h = {h:g}")
    xx = np.linspace(0.4, x.max(), 100)
    ax[0].plot(xx, [mc.continuum_log_density(h, v / h) for v in xx], "--", color=colors[h], lw=1)
    xf = np.linspace(f["g2h_range"][0], f["g2h_range"][1], 50)
    ax[0].plot(xf, f["c0"] - f["s"] * xf / h + f["b"] * np.log(xf / h), "-", color=colors[h], lw=1)
    # prefactor: rho_MC / (Q(x) h), log
    pf = [p for p in res["prefactor"] if p["h"] == h]
    ax[1].errorbar([p["g2h"] for p in pf], [p["log_ratio"] for p in pf], [p["se"] for p in pf], fmt="o-",
                   color=colors[h], ms=4, label=f"h = {h:g}")
    ax[1].errorbar([p["g2h"] for p in pf], [p["log_ratio_lattice"] for p in pf], [p["se"] for p in pf], fmt="s:",
                   color=colors[h], ms=3, mfc="none", label=f"h = {h:g}, lattice action in Q")
for a in ax:
    a.axvline(prov["config"]["fit_min_g2h"], color="0.6", lw=1)
ax[0].set_xlabel(r"$g^2 h$"); ax[0].set_ylabel(r"$\log \rho\ [\xi_0^{-2}]$"); ax[0].legend(fontsize=8)
ax[1].set_xlabel(r"$g^2 h$"); ax[1].set_ylabel(r"$\log[\rho_{MC}/(Q(x)/L_f^2)]$"); ax[1].legend(fontsize=8)
ax[0].set_title("density (dashed: Eq. 15, prefactor 1)"); ax[1].set_title("the prefactor of Eq. 15, measured")
plt.tight_layout(); plt.show()

# %% [markdown]
# ## Fitted slopes
# $s = -\,d\log\rho/d(g^2)$ at fixed $h$ in the asymptotic regime, against the continuum $N_c h$ and
# against the lattice instanton of the same lattice (action$/2$).

# %%
print("| h | L | g^2 h range | s (MC) | N_c h | s/(N_c h) | lattice s | (s - lattice)/se | b (MC) | chi2/dof |")
print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
for f in res["fits"]:
    print(f"| {f['h']:g} | {f['L']} | {f['g2h_range'][0]:g}-{f['g2h_range'][1]:g} | {f['s']:.4f} +- {f['se_s']:.4f} "
          f"| {f['continuum']:.4f} | {f['s'] / f['continuum']:.4f} +- {f['se_s'] / f['continuum']:.4f} "
          f"| {f['lattice']:.4f} | {(f['s'] - f['lattice']) / f['se_s']:+.2f} | {f['b']:+.2f} +- {f['se_b']:.2f} "
          f"| {f['chi2']:.1f}/{f['dof']} |")
print(f"pooled over h: s/(lattice s) = {res['pooled']['s_over_lattice']:.4f} +- {res['pooled']['se']:.4f}")
assert all(abs(f["s"] - f["lattice"]) < 5 * f["se_s"] for f in res["fits"])

# %% [markdown]
# ## Box size
# $\rho$ per area at fixed $(h, g^2h)$ for several box sides $L$ (in units of $L_f = 1/\sqrt h$).

# %%
for b in sorted(res["box"], key=lambda b: (b["g2h"], b["L"])):
    print(f"h={b['h']:g} g^2h={b['g2h']:<4g} L={b['L']:3d} (L/L_f = {b['L'] * math.sqrt(b['h']):4.1f}): "
          f"log rho = {b['log_rho']:8.3f} +- {b['log_se']:.3f}")

# %% [markdown]
# ## Droplet counts against Poisson (Eq. 14)
# Direct sampling in boxes of several sizes at the deepest field direct sampling reaches.

# %%
fig, ax = plt.subplots(1, 2, figsize=(11, 3.6))
from scipy import stats
for p in res["poisson"]:
    k = np.arange(len(p["histogram"]))
    lab = f"L={p['L']}, g^2h={p['g2h']:g}"
    ax[0].plot(k, np.array(p["histogram"]) / p["n"], "o", label=lab)
    ax[0].plot(k, stats.poisson.pmf(k, p["mean"]), "k:", lw=0.8)
    ax[1].errorbar(p["L"] * math.sqrt(p["h"]), p["dispersion"], p["se_dispersion"], fmt="o", label=lab)
    print(f"{lab}: n={p['n']}, mean count {p['mean']:.3f}, var/mean {p['dispersion']:.3f} +- {p['se_dispersion']:.3f}, "
          f"chi2 {p['chi2']:.1f}/{p['dof']} (p = {p['p_value']:.2g}), log rho {p['log_rho']:.3f} +- {p['log_se']:.3f}")
ax[0].set_yscale("log"); ax[0].set_xlabel("droplets per box"); ax[0].set_ylabel("frequency (dotted: Poisson)")
ax[0].legend(fontsize=7)
ax[1].axhline(1, color="k", lw=0.8); ax[1].set_xlabel(r"$L/L_f$"); ax[1].set_ylabel("var/mean")
plt.tight_layout(); plt.show()

# %% [markdown]
# ## What the stored density run says
# * **Exponent.** In the asymptotic regime ($g^2h$ from 2 to 8, $\rho$ down to $e^{-90}$) the
#   measured slope $-d\log\rho/d(g^2)$ agrees within its standard error with the lattice optimal
#   fluctuation at every $h$ (table above), and sits below the continuum $N_c h$ by the lattice
#   correction $\approx 0.19\,h$ (within 5% of $N_c h$ for $h \le 0.1$). The Gaussian-functional
#   route's exponent, $-\log\rho = N_c g^2 h$, is thus confirmed by a method that never uses it.
# * **Prefactor.** $\rho_{MC}/(Q(x)/L_f^2)$ is not of order one: it is $\sim 10^3$ at $g^2h = 2$
#   and keeps growing, roughly $\propto g^2 h$ once the lattice action is used in $Q$ (open
#   squares), as the two translation zero modes (each $\propto\sqrt{S}$) against the $1/x$ of $Q(x)$
#   would give. The fitted power $b$ of $g^2$ is too noisy to decide this alone.
# * **Counts.** Where direct sampling reaches ($g^2h \le 0.9$) the counts are sub-Poissonian
#   (var/mean $\approx 0.7$ at $g^2h = 0.6$, the same for $L = 32$ and $64$). That var/mean then
#   approaches 1 (0.86, 0.89 at 0.75, 0.9) says little: it does so for any statistics once the mean
#   count is small. The factorial-moment ratio below is the test of Eq. 14.
# * **Error bars.** The deep points' error bars rest on heavy-tailed weights (next section).

# %% [markdown]
# ## The stored run repeated on the Dask engine
# `python -m numerics.montecarlo density --json data/montecarlo-dask.json` reruns the same study with the
# new chunk seeds (an independent sample; summary stored, the raw store is regenerated bit for bit by
# the command). Each point against the stored one, $z = \Delta\log\rho/\sqrt{SE_1^2 + SE_2^2}$, tests
# the quoted errors: for honest Gaussian errors $|z| > 2$ in ~5% of the points.

# %%
rerun_path = Path("data/montecarlo-dask.json")
if rerun_path.exists():
    rerun = json.loads(rerun_path.read_text())
    key = lambda r: (r["kind"], r["role"], r["h"], r["L"], r["g2h"])  # noqa: E731
    old = {key(r): r for r in res["runs"]}
    zs = []
    for r in rerun["runs"]:
        o = old.get(key(r))
        if o and math.isfinite(o["log_se"]) and math.isfinite(r["log_se"]):
            zs.append((key(r), (r["log_rho"] - o["log_rho"]) / math.hypot(r["log_se"], o["log_se"])))
    z = np.array([v for _, v in zs])
    deep = np.array([k[0] == "is" and k[4] >= 2 for k, _ in zs])
    print(f"{len(z)} points: |z| > 2 in {np.mean(np.abs(z) > 2):.0%}, rms z = {np.sqrt(np.mean(z**2)):.2f} "
          f"(deep IS points, g^2h >= 2: rms z = {np.sqrt(np.mean(z[deep]**2)):.2f}, max |z| = {np.max(np.abs(z[deep])):.1f})")
    for f_old, f_new in zip(res["fits"], rerun["fits"]):
        print(f"h = {f_old['h']:g}: slope stored {f_old['s']:.4f} +- {f_old['se_s']:.4f}, rerun {f_new['s']:.4f} +- "
              f"{f_new['se_s']:.4f}, lattice {f_old['lattice']:.4f}")

# %% [markdown]
# ## Heavy-tailed weights: which error bars hold
# For every point of the Dask studies: the Kish effective sample size of the summand
# $f = n\,p/q$, the Hill estimate $\xi$ of its Pareto tail index over the largest
# $\min(n_+/5, 3\sqrt{n_+})$ values (the Pareto-smoothed importance sampling rule; $\xi \ge 1/2$ means
# infinite variance, so the central limit theorem and the quoted standard error fail), and the share of
# the largest single sample. A point's error bar is called reliable when $\xi < 0.5$ and ESS $\ge 50$.

# %%
stores = {name: Path(f"data/mc-{name}.jsonl") for name in ("continuum", "poisson", "pairs", "amplitude")}
summaries, datasets = {}, {}
for name, path in stores.items():
    if not path.exists():
        print(f"{name}: no stored run ({path})")
        continue
    st, data, recs = mc.from_store(name, path)
    sessions = [r for r in recs if r["type"] == "session"]
    chunks = [r for r in recs if r["type"] == "chunk"]
    summaries[name], datasets[name] = mc.summarize(st, data), data
    print(f"{name}: {len(chunks)} chunks, {sum(r['seconds'] for r in chunks) / 60:.0f} CPU-min (wall, loaded "
          f"machine), sessions: " + "; ".join(f"{s['started']} {s['command']}" for s in sessions))
    print(mc.study_table(summaries[name]))
    print()

# %% [markdown]
# ## The continuum limit
# $g^2h = 2, 4, 8$ at $h = 0.1, 0.05, 0.02$ in boxes of $\ge 10 L_f$ ($L = 32, 48, 72$). The measured
# prefactor $\log[\rho_{MC}/(Q(x)\,h)]$ against $\ln(1/h)$ at fixed $g^2h$, with $Q$ from the lattice
# action (filled) and from the continuum $N_c$ (open). Dotted: slope $N_c/(4\pi)$, what a shift of the
# critical field by $(1/4\pi g^2)\ln(1/ha^2)$ (the white-noise short-distance logarithm) would give.

# %%
if "continuum" in summaries:
    fig, ax = plt.subplots(figsize=(6, 4))
    for i, row in enumerate(summaries["continuum"]["prefactor"]):
        b = row["by_h"]
        x = np.log([1 / v["h"] for v in b])
        ax.errorbar(x, [v["log_prefactor_lattice"] for v in b], [v["se"] for v in b], fmt="o-", color=f"C{i}",
                    label=f"$g^2h = {row['g2h']:g}$, slope {row['slope_ln_inv_h']:.2f} $\\pm$ {row['se_slope']:.2f}")
        ax.plot(x, [v["log_prefactor"] for v in b], "o", mfc="none", color=f"C{i}")
        ax.plot(x, b[0]["log_prefactor_lattice"] + mc.N_C / (4 * np.pi) * (x - x[0]), ":", color=f"C{i}")
    ax.set_xlabel(r"$\ln(1/h)$  ($h a^2$; a = 1)"); ax.set_ylabel(r"$\log[\rho_{MC}/(Q(x)/L_f^2)]$")
    ax.legend(fontsize=8); plt.tight_layout(); plt.show()

# %% [markdown]
# ## Poisson counts (Eq. 14)
# $E[n(n-1)]/E[n]^2$ is 1 for Poisson counts (the variance-to-mean ratio, $1 + E[n](\text{that} - 1)$,
# tends to 1 whenever the mean count is small, so it cannot test Eq. 14 in the dilute regime). Study
# `poisson`: direct sampling at $g^2h = 0.6, 0.9$ and one-well importance sampling at $g^2h = 1, 1.25$
# ($h = 0.1$, $L = 64 = 20 L_f$), where a second droplet still appears at its natural rate. Study
# `pairs`: the two-droplet proposal (two wells at independent uniform positions, exact weights), which
# reaches $E[n(n-1)]$ where two droplets in one box are rare ($L = 48 = 15 L_f$).

# %%
for name in ("poisson", "pairs"):
    if name not in summaries:
        continue
    for r in summaries[name]["points"]:
        pr = r["poisson"]
        extra = (f", var/mean {pr['dispersion']:.3f} +- {pr['se_dispersion']:.3f}" if "dispersion" in pr else "")
        print(f"{name:8s} {r['kind']:6s} g^2h={r['g2h']:<5g} L={r['L']}: mean count {pr['mean_count']:.4f}, boxes with >= 2: "
              f"{pr['pairs']}, E[n(n-1)]/E[n]^2 = {pr['ratio']:.3f} +- {pr['se']:.3f}{extra}"
              f"{'' if r['reliable'] else '  (SE unreliable)'}")

# %% [markdown]
# ## Amplitudes of sampled droplets (Eqs. 16-17)
# For every importance sample with exactly one droplet, the lattice Eq. 2,
# $(-\nabla^2 + h + V)\Delta + \Delta^3/2\Delta_0^2 = 0$, is solved (Newton from the scaled ground
# state) and $t = \max\Delta^2/\Delta_0^2$ recorded, with the projection of Eq. 16 on the ground state
# $\psi$. The weighted empirical law of $t$ given a droplet against the exact conditional law of the
# Gaussian model and the Rayleigh law of Eq. 17 ($h = 0.1$, $L = 32$).

# %%
if "amplitude" in datasets:
    from numerics import amplitude_cdf, amplitude_cdf_exact
    from numerics.amplitude import _constants
    C = float(_constants(1.0)[1])
    pts = datasets["amplitude"]
    fig, ax = plt.subplots(1, len(pts), figsize=(4 * len(pts), 3.4), sharey=True)
    for a, d, r in zip(np.atleast_1d(ax), pts, summaries["amplitude"]["points"]):
        p, ok = d["point"], np.isfinite(d["t_lat"])
        g = math.sqrt(p["g2h"] / p["h"])
        t, w = d["t_lat"][ok], np.exp(d["logw"][ok] - d["logw"][ok].max())
        o = np.argsort(t)
        a.step(C * g * g * t[o], np.cumsum(w[o]) / w.sum(), where="post", label="MC, lattice Eq. 2")
        tt = np.linspace(0, 5, 200) / (C * g * g)
        a.plot(C * g * g * tt, amplitude_cdf_exact(np.sqrt(tt), g, p["h"]), "k-", lw=1, label="exact conditional law")
        a.plot(C * g * g * tt, amplitude_cdf(np.sqrt(tt), g), "r--", lw=1, label="Eq. 17 (Rayleigh)")
        am = r["amplitude"]
        a.set_title(f"$g^2h = {p['g2h']:g}$ ($h = {p['h']:g}$): n_eff = {am['n_eff']:.0f}", fontsize=10)
        a.set_xlabel(r"$C g^2 \Delta^2/\Delta_0^2$"); a.set_xlim(0, 5)
    np.atleast_1d(ax)[0].set_ylabel("P(amplitude <= . | one droplet)"); np.atleast_1d(ax)[0].legend(fontsize=8)
    plt.tight_layout(); plt.show()

# %% [markdown]
# ## What the Dask studies say
# * **Error bars.** Every deep importance-sampled point is flagged: ESS is 1.5-7% of the samples and the
#   Hill tail index of the weights 0.7-1.3 (infinite variance in the pre-asymptotic sense), growing
#   with $g^2h$. Empirically the quoted errors hold at these sample sizes: the two halves of each
#   continuum point agree within 1.5 standard errors, and the Dask repeat of the stored run differs
#   from it by rms $z \approx 0.9$ over 38 points (about 1.1 over the deep ones). The flags say this
#   is not guaranteed: a rare large weight can move a point by several standard errors, and more
#   samples shrink such errors only slowly. A proposal that also samples the depth and shape
#   fluctuations of the well (the one-loop Hessian of the prefactor) is the next step.
# * **Continuum limit.** At fixed $g^2h$ the measured prefactor grows as $ha^2 \to 0$, by
#   0.83-0.88 per e-fold of $1/h$ with the lattice action in $Q$: at fixed cutoff the prefactor has no
#   continuum limit, as the white-noise short-distance logarithm predicts (a shift of the critical field
#   by $\sim(1/4\pi g^2)\ln(1/ha^2)$ would give $N_c/4\pi = 0.93$ per e-fold).
# * **Poisson.** Where droplets overlap ($g^2h = 0.6$, 3.4 per box) the counts are sub-Poissonian,
#   $E[n(n-1)]/E[n]^2 = 0.91 \pm 0.03$. In the dilute regime the two-droplet sampler reaches
#   $E[n(n-1)] \sim 10^{-12}$ per box ($g^2h = 2$), but its weights are heavy-tailed as well: the
#   ratios scatter by factors of 2 around 1 (0.64, $3 \pm 2$, 0.57 at $g^2h = 1$, 1.5, 2: 1.1-1.7
#   of their flagged errors from 1; the one-well estimate at $g^2h = 1$, $0.55 \pm 0.14$, is 3.2
#   below). Values below 1 may be the heavy-tail bias of a typical sample as much as a real deficit;
#   this tests Eq. 14 at the factor-of-2 level, not more.
# * **Amplitudes.** Sampled droplets follow $\Delta \sim \Delta_0/g$ (the mean $\Delta^2$ halves as
#   $g^2$ doubles), and their law is consistent with both the exact conditional law and Eq. 17 (weighted
#   KS distances below the 5% level); the means sit 12-16% above (1.1-1.4 SE each). The nonlinear
#   lattice solution differs from Eq. 16's projection on the ground state by about 1%, less as $g^2h$
#   grows: treating the nonlinear term as a perturbation, as the paper does, holds.
