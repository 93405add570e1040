"""Finite-size Monte Carlo study (issue 18 item 4) through numerics.montecarlo's public functions.

``--highstat`` instead runs two long points (h = 0.1, L = 32, g^2 h = 4 and 8, 20000 samples each, master seed
20261127 + 1800, spawn keys 0 and 1) that measure the residual of the one-loop density at S = 46 and 91
(``notebooks/data/highstat_mc.json``).

``python -m numerics._finite_size_mc [--n 1000] [--out notebooks/data/finite_size_mc.json]``: importance-sampled
log rho at L/L_f ~ 5, 7, 10, 14 and g^2 h = 1, 4, 8 for h = 0.05, 0.1, 0.2 (36 points), seeded by
SeedSequence(MASTER_SEED + 18, spawn_key=(i,)); the one-loop density on the same box is the cross-check.
"""
import json
import math
import sys
import time
import warnings

BOXES = {0.05: (24, 32, 48, 64), 0.1: (16, 22, 32, 44), 0.2: (11, 16, 22, 31)}
G2H = (1.0, 4.0, 8.0)
SEED = 20261127 + 18


def tasks(n):
    out = []
    for h, Ls in BOXES.items():
        for L in Ls:
            for x in G2H:
                out.append(dict(kind="is", h=h, L=L, g2h=x, n=n, role="finite_size", spawn_key=len(out)))
    return out


def main(argv=None):
    import argparse
    from . import montecarlo as mc
    p = argparse.ArgumentParser(prog="python -m numerics._finite_size_mc")
    p.add_argument("--n", type=int, default=1000)
    p.add_argument("--out", default=str(mc.DATA.parent / "finite_size_mc.json"))
    p.add_argument("--large", action="store_true", help="only the boxes L >= 9.5 L_f (the converged ones), "
                   "with an independent seed (master seed + 1)")
    p.add_argument("--highstat", action="store_true", help="the two 20000-sample points (see the module doc)")
    a = p.parse_args(argv)
    if a.highstat:
        return highstat(mc)
    if a.n < 2:
        p.error("--n must be an integer >= 2")
    seed = SEED + 1 if a.large else SEED
    t0 = time.perf_counter()
    runs = []
    todo = [t for t in tasks(a.n) if not a.large or t["L"] * math.sqrt(t["h"]) >= 9.5]
    for t in sorted(todo, key=lambda t: t["L"]):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            r = mc.run_task(t, seed)
        runs.append(r)
        print(f"h={r['h']} L={r['L']} g2h={r['g2h']}: {r['log_rho']:.3f} +- {r['log_se']:.3f} ess {r['ess']:.0f} "
              f"({r['seconds']:.0f} s)", file=sys.stderr, flush=True)
        runs.sort(key=lambda r: r["spawn_key"])
        with open(a.out, "w") as fh:
            json.dump(dict(provenance=dict(command="python -m numerics._finite_size_mc --n %d%s" % (a.n, " --large" * a.large),
                                           master_seed=seed,
                                           seeding="SeedSequence(master_seed, spawn_key=(i,))", boxes={str(k): v for k, v in BOXES.items()},
                                           g2h=G2H, wall_seconds=round(time.perf_counter() - t0, 1)), runs=runs), fh, indent=1)
    return 0


def highstat(mc, out=None):
    out = out or str(mc.DATA.parent / "highstat_mc.json")
    seed, runs = 20261127 + 1800, []
    for i, x in enumerate((4.0, 8.0)):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            runs.append(mc.run_task(dict(kind="is", h=0.1, L=32, g2h=x, n=20000, role="highstat", spawn_key=i), seed))
        print(f"g2h={x}: {runs[-1]['log_rho']:.3f} +- {runs[-1]['log_se']:.3f}", file=sys.stderr, flush=True)
    with open(out, "w") as fh:
        json.dump(dict(provenance=dict(command="python -m numerics._finite_size_mc --highstat", master_seed=seed,
                                       seeding="SeedSequence(master_seed, spawn_key=(i,))"), runs=runs), fh, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
