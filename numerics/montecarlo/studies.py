"""The studies ``python -m numerics.montecarlo STUDY`` runs, and their summaries.

Each study is a dict(name, master_seed, points, about); points come from :func:`engine.point`.
Chunk sizes (``block``) are chosen so that one chunk takes a few seconds at L = 32 and well under a
minute at L = 72 (Dask's per-task overhead is milliseconds; small chunks balance and lose little
when interrupted).
"""
import math

import numpy as np

from . import core
from .engine import point

MASTER_SEED = 20261127


def _legacy_points(cfg):
    """The points of the stored density study (see :mod:`numerics.montecarlo.stored`), in its order."""
    pts = []
    for h, L in cfg["hL"]:
        pts += [point("is", h, x, L, cfg["n_is"], cfg["n_is"] // 8, role="density") for x in cfg["g2h_is"]]
        pts += [point("direct", h, x, L, cfg["n_direct"], cfg["n_direct"] // 6, role="density")
                for x in cfg["g2h_direct"]]
    if cfg["box"]:
        b = cfg["box"]
        pts += [point("is", b["h"], x, L, b["n"], b["n"] // 8, role="box") for L in b["Ls"] for x in b["g2h"]]
    pts += [point("direct", p["h"], p["g2h"], p["L"], p["n"], max(p["n"] // 4, 50), role="poisson")
            for p in cfg["poisson"]]
    return pts


#: the continuum limit (issue 20, item 5): boxes >= 10 L_f (L/L_f = 10.1, 10.7, 10.2)
CONTINUUM_HL = ((0.1, 32), (0.05, 48), (0.02, 72))
CONTINUUM_G2H = (2.0, 4.0, 8.0)


def study(name, n=None):
    """The study called ``name`` (see :data:`STUDIES`); ``n`` overrides the samples per point where the
    study allows (continuum, amplitude: a multiple of the block)."""
    from .stored import FULL, QUICK
    if name == "density":
        return dict(name=name, master_seed=MASTER_SEED, points=_legacy_points(FULL), config=FULL,
                    about="the density study of the stored run (Eq. 15 slope at h = 0.05, 0.1, 0.2)")
    if name == "density-quick":
        return dict(name=name, master_seed=MASTER_SEED, points=_legacy_points(QUICK), config=QUICK,
                    about="a small version of the density study (~1 min on one core)")
    if name == "continuum":
        n = n or 3000
        pts = [point("is", h, x, L, n, {32: 500, 48: 250, 72: 100}[L], role="continuum")
               for h, L in CONTINUUM_HL for x in CONTINUUM_G2H]
        return dict(name=name, master_seed=MASTER_SEED, points=pts,
                    about="continuum limit: g^2 h = 2, 4, 8 at h = 0.1, 0.05, 0.02, L >= 10 L_f")
    if name == "poisson":
        pts = [point("direct", 0.1, x, 64, 2000, 250, role="poisson") for x in (0.6, 0.9)]
        pts += [point("is", 0.1, x, 64, 2000, 250, role="poisson") for x in (1.0, 1.25)]
        return dict(name=name, master_seed=MASTER_SEED, points=pts,
                    about="droplet counts against Poisson (Eq. 14) at h = 0.1, L = 64 (20 L_f)")
    if name == "amplitude":
        n = n or 1000
        pts = [point("amplitude", 0.1, x, 32, n, 100, role="amplitude") for x in (2.0, 4.0, 8.0)]
        return dict(name=name, master_seed=MASTER_SEED, points=pts,
                    about="droplet amplitudes (nonlinear Eq. 2 on the lattice) against Eq. 17 and the exact law")
    if name == "pairs":
        n = n or 2000
        pts = [point("pairs", 0.1, x, 48, n, 100, role="pairs") for x in (1.0, 1.5, 2.0)]
        return dict(name=name, master_seed=MASTER_SEED, points=pts,
                    about="two-droplet importance sampler: E[n(n-1)]/E[n]^2 (Poisson: 1) at h = 0.1, L = 48")
    if name == "smoke":
        pts = [point("is", 0.2, x, 16, 200, 20, role="smoke") for x in (1.0, 3.0)]
        pts += [point("direct", 0.2, 0.5, 16, 200, 20, role="smoke"), point("amplitude", 0.2, 2.0, 16, 40, 10)]
        return dict(name=name, master_seed=MASTER_SEED, points=pts, about="a tiny study for the tests (seconds)")
    raise ValueError(f"study must be one of {STUDIES}; got {name!r}")


STUDIES = ("density", "density-quick", "continuum", "poisson", "amplitude", "pairs", "smoke")


def from_store(name, path):
    """(study, assembled data, records) of the study ``name`` as stored at ``path``: each point with as
    many samples as its stored chunks hold (blocks 0..k-1 stored: a reduced or interrupted run keeps its own n;
    points with no stored chunk are left out)."""
    from . import engine
    recs = engine.read_store(path)
    st = study(name)
    ids = {r["id"] for r in recs if r["type"] == "chunk"}
    pts = []
    for p in st["points"]:
        k = 0
        while f"{engine.point_id(p)}/#{k}" in ids:  # the contiguous stored blocks
            k += 1
        if k:
            pts.append(dict(p, n=k * p["block"]))
    st["points"] = pts
    return st, engine.load(st, path), recs


# --- summaries -------------------------------------------------------------------------------------------

def summarize_point(d):
    """One point's summary: the estimate of rho, the heavy-tail diagnostics (with ``split_z``, the
    difference of the two halves' log rho over its quoted standard error), the Poisson statistics
    (factorial-moment ratio; for direct sampling also the dispersion and chi^2) and, for amplitude
    points, the amplitude statistics (:func:`amplitude_summary`)."""
    p = d["point"]
    logw = d.get("logw")
    est = core.estimate(d["counts"], p["L"], logw)
    row = dict(kind=p["kind"], h=p["h"], g2h=p["g2h"], g2=p["g2h"] / p["h"], L=p["L"], n=est.n, hits=est.hits,
               log_rho=est.log_rho, log_se=est.log_se, seconds=d["seconds"],
               **core.weight_diagnostics(d["counts"], logw))
    half = len(d["counts"]) // 2
    if half >= 100:  # the two halves (independent chunks) against their quoted errors
        e1, e2 = (core.estimate(d["counts"][sl], p["L"], None if logw is None else logw[sl])
                  for sl in (slice(0, half), slice(half, 2 * half)))
        if e1.hits and e2.hits:
            row["split_z"] = (e1.log_rho - e2.log_rho) / math.hypot(e1.log_se, e2.log_se)
    row["poisson"] = core.factorial_moment_ratio(d["counts"], logw)
    if p["kind"] == "direct":
        row["poisson"].update(core.poisson_check(d["counts"]))
    if p["kind"] == "amplitude":
        row["amplitude"] = amplitude_summary(d)
    if est.hits:
        row["log_prefactor"] = est.log_rho - core.continuum_log_density(p["h"], row["g2"])
        row["log_prefactor_lattice"] = est.log_rho - core.lattice_log_density(p["h"], row["g2"], p["L"])
    return row


def _weighted_cdf(x, w, grid):
    order = np.argsort(x)
    cw = np.cumsum(w[order]) / w.sum()
    return np.concatenate([[0.0], cw])[np.searchsorted(x[order], grid, side="right")]


def amplitude_summary(d):
    """Amplitudes t = Delta^2/Delta0^2 of one-droplet samples, weighted by p/q (the law of t given one
    droplet), against the exact conditional law (numerics.amplitude_cdf_exact at this h, g; continuum
    droplet constants) and Eq. 17 (numerics.amplitude_cdf).  Returns the weighted means of t (lattice
    solution and projection) with standard errors (ratio estimator), the two theoretical means, and the
    weighted Kolmogorov distances of each empirical law to each theory with the effective sample size
    (a KS test at n_eff: D > 1.36/sqrt(n_eff) rejects at 5%)."""
    from scipy import integrate

    from ..amplitude import amplitude_cdf, amplitude_cdf_exact
    p = d["point"]
    g = math.sqrt(p["g2h"] / p["h"])
    out = dict(samples=int(np.count_nonzero(np.isfinite(d["t_lat"]))))
    ok = np.isfinite(d["t_lat"])
    if out["samples"] < 2:
        return out
    w = np.exp(d["logw"][ok] - d["logw"][ok].max())
    n_eff = float(w.sum() ** 2 / np.sum(w**2))
    theory = dict(exact=lambda t: amplitude_cdf_exact(np.sqrt(t), g, p["h"]),
                  eq17=lambda t: amplitude_cdf(np.sqrt(t), g))
    out.update(n_eff=n_eff, ks_5pct=1.36 / math.sqrt(n_eff))
    for name, F in theory.items():
        out[f"mean_{name}"] = float(integrate.quad(lambda t: 1 - F(t), 0, np.inf, limit=200)[0])
    rel = d["t_lat"][ok] / d["t_proj"][ok] - 1  # the nonlinear solution against the projection on psi
    out.update(nonlinear_vs_projection_median=float(np.median(rel)),
               nonlinear_vs_projection_max=float(np.max(np.abs(rel))))
    for k in ("t_lat", "t_proj"):
        t = d[k][ok]
        m = float(np.sum(w * t) / w.sum())
        out[f"mean_{k}"] = m
        out[f"se_{k}"] = float(math.sqrt(np.sum((w * (t - m)) ** 2)) / w.sum())
        grid = np.sort(t)
        emp = _weighted_cdf(t, w, grid)
        emp_left = np.concatenate([[0.0], emp[:-1]])
        for name, F in theory.items():
            Ft = F(grid)
            out[f"ks_{k}_{name}"] = float(max(np.max(np.abs(emp - Ft)), np.max(np.abs(emp_left - Ft))))
    return out


def summarize(st, data):
    """Summary of a study from its assembled data (:func:`engine.assemble`): one row per point, and for
    the continuum study the prefactor table (log rho_MC - log(Q(x) h) against h at fixed g^2 h)."""
    rows = [summarize_point(d) for d in data]
    out = dict(study=st["name"], about=st["about"], points=rows)
    if st["name"] == "continuum":
        out["prefactor"] = [dict(g2h=x, by_h=[dict(h=r["h"], L=r["L"], log_prefactor=r["log_prefactor"],
                                                  log_prefactor_lattice=r["log_prefactor_lattice"], se=r["log_se"],
                                                  reliable=r["reliable"])
                                             for r in rows if r["g2h"] == x])
                            for x in sorted({r["g2h"] for r in rows})]
        for row in out["prefactor"]:  # d log(prefactor)/d ln(1/h), lattice action in Q (weighted LS)
            b = [v for v in row["by_h"] if v["log_prefactor_lattice"] is not None]
            if len(b) >= 2:
                x = np.log([1 / v["h"] for v in b])
                y = np.array([v["log_prefactor_lattice"] for v in b])
                w = 1 / np.array([v["se"] for v in b]) ** 2
                xm, ym = np.sum(w * x) / w.sum(), np.sum(w * y) / w.sum()
                sxx = np.sum(w * (x - xm) ** 2)
                row["slope_ln_inv_h"] = float(np.sum(w * (x - xm) * (y - ym)) / sxx)
                row["se_slope"] = float(1 / math.sqrt(sxx))
    return out


def _f(x, fmt):
    return "-" if x is None else format(x, fmt)


def table(summary):
    """Plain-text table of a study summary (Markdown)."""
    lines = [f"{summary['study']}: {summary['about']}", "",
             "| kind | h | g^2 h | L | L/L_f | n | log rho | SE | ESS | tail index | max share | SE reliable "
             "| halves z | log(rho/(Q h)) | E[n(n-1)]/E[n]^2 | CPU s |", "|" + " --- |" * 16]
    for r in summary["points"]:
        pr = r["poisson"]
        lines.append(
            f"| {r['kind']} | {r['h']:g} | {r['g2h']:g} | {r['L']} | {r['L'] * math.sqrt(r['h']):.1f} | {r['n']} "
            f"| {r['log_rho']:.3f} | {r['log_se']:.3f} | {r['ess']:.0f} | {_f(r['tail_index'], '.2f')} "
            f"| {_f(r['max_share'], '.3f')} | {'yes' if r['reliable'] else '**no**'} | {_f(r.get('split_z'), '+.1f')} "
            f"| {_f(r.get('log_prefactor'), '.2f')} | "
            + (f"{pr['ratio']:.3f} +- {pr['se']:.3f}" if pr["pairs"] else "no box with 2") + f" | {r['seconds']:.0f} |")
    for r in summary["points"]:
        a = r.get("amplitude")
        if a and a["samples"] >= 2:
            lines.append(
                f"amplitude h={r['h']:g} g^2h={r['g2h']:g} L={r['L']}: {a['samples']} one-droplet samples "
                f"(n_eff {a['n_eff']:.0f}); mean Delta^2: lattice Eq. 2 {a['mean_t_lat']:.4f} +- {a['se_t_lat']:.4f}, "
                f"projection {a['mean_t_proj']:.4f} +- {a['se_t_proj']:.4f}, exact law {a['mean_exact']:.4f}, "
                f"Eq. 17 {a['mean_eq17']:.4f}; KS distance (5% level {a['ks_5pct']:.3f}): lattice vs exact "
                f"{a['ks_t_lat_exact']:.3f}, vs Eq. 17 {a['ks_t_lat_eq17']:.3f}; projection vs exact "
                f"{a['ks_t_proj_exact']:.3f}, vs Eq. 17 {a['ks_t_proj_eq17']:.3f}; t_lat/t_proj - 1: median "
                f"{a['nonlinear_vs_projection_median']:+.4f}, max |.| {a['nonlinear_vs_projection_max']:.4f}")
    if "prefactor" in summary:
        hs = [b["h"] for b in summary["prefactor"][0]["by_h"]]
        lines += ["", "log prefactor log(rho_MC/(Q(x) h)) (lattice action in Q in brackets):", "",
                  "| g^2 h | " + " | ".join(f"h = {h:g}" for h in hs) + " | d/d ln(1/h) (lattice Q) |",
                  "|" + " --- |" * (len(hs) + 2)]
        for row in summary["prefactor"]:
            lines.append(f"| {row['g2h']:g} | " + " | ".join(
                f"{b['log_prefactor']:.2f} ({b['log_prefactor_lattice']:.2f}) +- {b['se']:.2f}"
                + ("" if b["reliable"] else " (SE unreliable)") for b in row["by_h"])
                + (f" | {row['slope_ln_inv_h']:.2f} +- {row['se_slope']:.2f}" if "slope_ln_inv_h" in row else "")
                + " |")
    return "\n".join(lines)
