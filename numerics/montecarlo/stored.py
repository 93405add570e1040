"""The stored density run (``notebooks/data/montecarlo.json``, notebook 07): its configuration, its
analysis (slope fits, IS against direct sampling, box sizes, Poisson, prefactor) and its table.

The stored file was made by the previous engine (a process pool, one seed per point:
``SeedSequence(master_seed, spawn_key=(i,))``, :func:`run_task`); :func:`run` now runs the same study
on the Dask engine (chunk seeds, :mod:`numerics.montecarlo.engine`), which gives a statistically
equivalent, not bit-identical, sample.
"""
import math
import time
from dataclasses import asdict
from pathlib import Path

import numpy as np

from .core import (DEFAULT_DEFENSIVE, DEFAULT_DEPTHS, N_C, continuum_log_density, estimate, fit_slope,
                   lattice_instanton, lattice_log_density, poisson_check, sample_direct, sample_importance)
from .studies import MASTER_SEED

DATA = Path(__file__).resolve().parent.parent.parent / "notebooks" / "data" / "montecarlo.json"

# box sides: L/L_f = 7.2 (h = 0.05), 7.6 (0.1), 10.7 (0.2); the box runs check L = 32, 48 at h = 0.1
FULL = dict(hL=((0.05, 32), (0.1, 24), (0.2, 24)), g2h_is=(0.5, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0), n_is=2000,
            g2h_direct=(0.5, 1.0), n_direct=3000, box=dict(h=0.1, Ls=(32, 48), g2h=(1.0, 4.0), n=2000),
            poisson=[dict(h=0.1, L=L, g2h=0.6, n=1000) for L in (32, 64)]
            + [dict(h=0.1, L=64, g2h=x, n=1000) for x in (0.75, 0.9)], fit_min_g2h=2.0)
QUICK = dict(hL=((0.1, 24),), g2h_is=(0.5, 2.0, 4.0, 6.0, 8.0), n_is=400,
             g2h_direct=(0.5,), n_direct=1500, box=None, poisson=[dict(h=0.1, L=32, g2h=0.6, n=300)], fit_min_g2h=2.0)


def _tasks(cfg):
    t = []
    for h, L in cfg["hL"]:
        t += [dict(kind="is", h=h, L=L, g2h=x, n=cfg["n_is"]) for x in cfg["g2h_is"]]
        t += [dict(kind="direct", h=h, L=L, g2h=x, n=cfg["n_direct"]) for x in cfg["g2h_direct"]]
    if cfg["box"]:
        b = cfg["box"]
        t += [dict(kind="is", h=b["h"], L=L, g2h=x, n=b["n"], role="box") for L in b["Ls"] for x in b["g2h"]]
    t += [dict(kind="direct", h=p["h"], L=p["L"], g2h=p["g2h"], n=p["n"], role="poisson") for p in cfg["poisson"]]
    for i, task in enumerate(t):
        task.setdefault("role", "density")
        task["spawn_key"] = i
    return t


def run_task(task, master_seed=MASTER_SEED):
    """One (h, g, L) point: counts (and weights), summarized; seeded by SeedSequence(master, (i,))."""
    rng = np.random.default_rng(np.random.SeedSequence(master_seed, spawn_key=(task["spawn_key"],)))
    h, L, n = task["h"], task["L"], task["n"]
    g = math.sqrt(task["g2h"] / h)
    t0 = time.perf_counter()
    if task["kind"] == "is":
        counts, logw = sample_importance(h, g, L, n, rng)
    else:
        counts, logw = sample_direct(h, g, L, n, rng), None
    est = estimate(counts, L, logw)
    out = dict(task, g2=g * g, seconds=time.perf_counter() - t0, **asdict(est))
    if task["kind"] == "direct":
        out["histogram"] = np.bincount(counts).tolist()
    return out


def run(quick=False, workers=2, master_seed=MASTER_SEED, progress=True, *, out=None, scheduler=None):
    """Run the density study (``quick``: its small version) on the engine; returns the JSON-ready dict of
    the stored run's format (runs, fits, instanton, provenance).  ``out``: its results store (default: a
    temporary one, removed afterwards); ``workers``/``scheduler`` as in :func:`engine.run_study`."""
    import tempfile
    from . import engine, studies
    st = studies.study("density-quick" if quick else "density")
    st["master_seed"] = master_seed
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        recs = engine.run_study(st, out or Path(tmp) / "store.jsonl", workers=workers, scheduler=scheduler,
                                progress=progress, command="numerics.montecarlo.run")
    return from_records(st, recs, command="numerics.montecarlo.run(quick=%r)" % quick, workers=workers,
                        wall_seconds=round(time.perf_counter() - t0, 1))


def from_records(st, recs, *, command, workers, wall_seconds=None):
    """The stored-run dict (runs, provenance, analysis) of a density study from its chunk records."""
    from . import engine
    runs = []
    for i, d in enumerate(engine.assemble(st, recs)):
        p = d["point"]
        est = estimate(d["counts"], p["L"], d.get("logw"))
        r = dict(kind=p["kind"], h=p["h"], L=p["L"], g2h=p["g2h"], role=p["role"], spawn_key=i,
                 g2=p["g2h"] / p["h"], seconds=d["seconds"], **asdict(est))
        if p["kind"] == "direct":
            r["histogram"] = np.bincount(d["counts"]).tolist()
        runs.append(r)
    result = dict(
        provenance=dict(command=command, quick=st["name"] != "density", master_seed=st["master_seed"],
                        seeding="chunk b of point p: numpy SeedSequence(master_seed, spawn_key=(int.from_bytes("
                        "sha256(point_id(p))[:8], 'big'), b)); spawn_key below = run index",
                        config=dict(st["config"]), **engine.versions(), date=engine._now(), workers=workers,
                        wall_seconds=wall_seconds, depths=DEFAULT_DEPTHS, defensive=DEFAULT_DEFENSIVE, c3=1.0),
        runs=runs)
    result.update(analyse(result))
    return result


def same_summary(a, b, rel=1e-12):
    """Two summaries (nested dicts/lists) equal, floats to ``rel``: a stored summary re-derived from its
    stored runs matches to rounding (the Gaussian-tail kernels may move in their last ulps)."""
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(same_summary(a[k], b[k], rel) for k in a)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same_summary(x, y, rel) for x, y in zip(a, b))
    if isinstance(a, float) or isinstance(b, float):
        return abs(float(a) - float(b)) <= rel * max(abs(float(a)), abs(float(b)), 1e-300)
    return a == b


def analyse(result):
    """Fits, IS-vs-direct agreement, box-size check, Poisson check and instanton values from ``runs``."""
    runs, cfg = result["runs"], result["provenance"]["config"]
    fits, agree, inst = [], [], []
    for h, L in cfg["hL"]:
        pts = [r for r in runs if r["role"] == "density" and r["kind"] == "is" and r["h"] == h
               and r["L"] == L and r["g2h"] >= cfg["fit_min_g2h"]]
        f = fit_slope([r["g2"] for r in pts], [r["log_rho"] for r in pts], [r["log_se"] for r in pts])
        lat = lattice_instanton(h, L)
        f.update(h=h, L=L, g2h_range=[min(r["g2h"] for r in pts), max(r["g2h"] for r in pts)],
                 continuum=N_C * h, lattice=lat.slope)
        fits.append(f)
        for d in (r for r in runs if r["role"] == "density" and r["kind"] == "direct" and r["h"] == h):
            m = next((r for r in runs if r["role"] == "density" and r["kind"] == "is" and r["h"] == h
                      and r["g2h"] == d["g2h"] and r["L"] == d["L"]), None)
            if m:
                agree.append(dict(h=h, g2h=d["g2h"], direct=d["log_rho"], se_direct=d["log_se"], is_=m["log_rho"],
                                  se_is=m["log_se"],
                                  z=(m["log_rho"] - d["log_rho"]) / math.hypot(m["log_se"], d["log_se"])))
    for h in (0.2, 0.1, 0.05, 0.02, 0.01, 0.005):
        a = lattice_instanton(h).action
        inst.append(dict(h=h, L=lattice_instanton(h).L, action=a, ratio_to_continuum=a / (2 * N_C * h)))
    box = [dict(h=r["h"], L=r["L"], g2h=r["g2h"], log_rho=r["log_rho"], log_se=r["log_se"]) for r in runs
           if r["role"] == "box" or (cfg["box"] and r["role"] == "density" and r["kind"] == "is"
                                     and r["h"] == cfg["box"]["h"] and r["g2h"] in cfg["box"]["g2h"])]
    poisson = [dict(h=r["h"], L=r["L"], g2h=r["g2h"], log_rho=r["log_rho"], log_se=r["log_se"],
                    **poisson_check(np.repeat(np.arange(len(r["histogram"])), r["histogram"])))
               for r in runs if r["role"] == "poisson"]
    prefactor = [dict(h=r["h"], g2h=r["g2h"], log_ratio=r["log_rho"] - continuum_log_density(r["h"], r["g2"]),
                      log_ratio_lattice=r["log_rho"] - lattice_log_density(r["h"], r["g2"], r["L"]),
                      se=r["log_se"]) for r in runs if r["role"] == "density" and r["kind"] == "is"]
    r = np.array([f["s"] / f["lattice"] for f in fits])
    wt = np.array([(f["lattice"] / f["se_s"]) ** 2 for f in fits])
    pooled = dict(s_over_lattice=float(np.sum(wt * r) / np.sum(wt)), se=float(1 / math.sqrt(np.sum(wt))))
    return dict(fits=fits, pooled=pooled, agreement=agree, instanton=inst, box=box, poisson=poisson,
                prefactor=prefactor)


def table(result):
    """Plain-text results table."""
    lines = ["slope s = -d log rho/d(g^2) at fixed h (fit log rho = c0 - s g^2 + b log g^2, g^2 h >= "
             f"{result['provenance']['config']['fit_min_g2h']}):",
             "   h    L   s (MC)            N_c h    s/N_c h          lattice s   (s - lat)/se   b (MC)"
             "         chi2/dof"]
    for f in result["fits"]:
        lines.append(f"{f['h']:5g} {f['L']:4d}  {f['s']:.4f} +- {f['se_s']:.4f}   {f['continuum']:.4f}   "
                     f"{f['s'] / f['continuum']:.4f} +- {f['se_s'] / f['continuum']:.4f}  {f['lattice']:.4f}"
                     f"      {(f['s'] - f['lattice']) / f['se_s']:+.2f}         {f['b']:+.2f} +- {f['se_b']:.2f}"
                     f"   {f['chi2']:.1f}/{f['dof']}")
    p = result["pooled"]
    lines.append(f"pooled over h: s/(lattice s) = {p['s_over_lattice']:.4f} +- {p['se']:.4f}")
    lines.append("IS vs direct sampling (log rho):")
    for a in result["agreement"]:
        lines.append(f"  h={a['h']:g} g2h={a['g2h']:g}: direct {a['direct']:.3f} +- {a['se_direct']:.3f}, "
                     f"IS {a['is_']:.3f} +- {a['se_is']:.3f}, z = {a['z']:+.2f}")
    lines.append("prefactor rho_MC/(Q(x) h) (log):")
    for p in result["prefactor"]:
        lines.append(f"  h={p['h']:g} g2h={p['g2h']:g}: log ratio {p['log_ratio']:.3f} +- {p['se']:.3f} "
                     f"(ratio {math.exp(p['log_ratio']):.3g}; "
                     f"with the lattice action {math.exp(p['log_ratio_lattice']):.3g})")
    if result["box"]:
        lines.append("box size (h, g2h, L: log rho):")
        for b in sorted(result["box"], key=lambda b: (b["g2h"], b["L"])):
            lines.append(f"  h={b['h']:g} g2h={b['g2h']:g} L={b['L']}: {b['log_rho']:.3f} +- {b['log_se']:.3f}")
    for p in result["poisson"]:
        pv = "-" if p["p_value"] is None else f"{p['p_value']:.3g}"
        lines.append(f"Poisson (L={p['L']}, h={p['h']:g}, g2h={p['g2h']:g}, n={p['n']}): mean {p['mean']:.3f}, "
                     f"var/mean {p['dispersion']:.3f} +- {p['se_dispersion']:.3f}, chi2 {p['chi2']:.1f}/{p['dof']} "
                     f"(p = {pv}); log rho {p['log_rho']:.3f} +- {p['log_se']:.3f}")
    return "\n".join(lines)


