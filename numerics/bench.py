"""Benchmark: ``python -m numerics.bench [--n N] [--repeat R] [--quick] [--suite]``.

One run measures
* each vectorized function on an N-element array (default 1e6) against the bare SciPy/NumPy special
  function it replaces or calls (ratio; target per row, 1.5 unless stated),
* the per-point mpmath reference against the vectorized function (speed-up per point),
* ``import numerics`` against ``import numpy, scipy.special`` (fresh interpreters; ratio),
* the first ``droplet_density`` call in a fresh interpreter, beyond ``import numpy, scipy.special,
  numerics`` (target < 50 ms: the 30-digit constants are generated code, no droplet solve),
* ``optimal_droplet(dps=30)`` from a cold start (fresh interpreter; target < 5 s),
* the full ``python -m derivations check`` (target <= 20 s; skipped with ``--quick``),
* the certified exact pair correlation per point against the mpmath route, and the float64 exact route
  on 1000 points (``--certified-only`` runs just this table; ``--quick`` skips the mpmath point at r = 1e-3),
* Monte Carlo throughput (samples and eigen-solves per second),
* the one-loop density (numerics.oneloop): seconds per lattice point, sparse and dense routes,
* with ``--suite`` only, the whole test suite ``python -m pytest -q`` (target <= 180 s; long),
and prints Markdown tables (the README shows the latest one); every figure that misses its target
is marked **MISS**.
"""
import argparse
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import scipy.special as sc

ROOT = Path(__file__).resolve().parent.parent


def _best(fn, repeat):
    best = np.inf
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def _subprocess_seconds(args, repeat=1):
    best = np.inf
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run([sys.executable, *args], cwd=ROOT, check=True, capture_output=True)
        best = min(best, time.perf_counter() - t)
    return best


TARGET_RATIO = 1.5
RATIO_TARGETS = {"amplitude_cdf_exact": 3.0}  # 8-node hazard quadrature where the CDF is small


def _mark(ok):
    return "" if ok else " **MISS**"


def _vector_cases(n, rng):
    """(name, call, bare special-function call, per-point mpmath reference call or None).

    The bare call is the SciPy/NumPy special function that dominates the generated code, on arrays of
    the same size: the ratio measures validation, broadcasting and the extra arithmetic."""
    import numerics as nm
    from numerics.reference import amplitude as ra, density as rd, pair_correlation as rp, tails as rt

    x = rng.uniform(-5, 37, n)
    h = rng.uniform(1e-3, 2.0, n)
    g = rng.uniform(1.0, 8.0, n)
    xd = 4.8 * g * np.sqrt(h)
    d = rng.uniform(0.0, 1.0, n) / g
    r = rng.uniform(100.0, 1e3, n)
    hz = rng.uniform(0.05, 0.5, n)
    from numerics._generated.constants import C_AMPLITUDE as C
    mp = lambda mod, name: next(c.reference for c in mod.CASES if c.name == name)  # noqa: E731
    return [
        ("gaussian_tail", lambda: nm.gaussian_tail(x), "erfcx", lambda: sc.erfcx(x * 0.7071067811865476),
         lambda: mp(rt, "gaussian_tail")(x[0])),
        ("log_gaussian_tail", lambda: nm.log_gaussian_tail(x), "log_ndtr", lambda: sc.log_ndtr(-x),
         lambda: mp(rt, "log_gaussian_tail")(x[0])),
        ("droplet_density", lambda: nm.droplet_density(h, g), "erfcx", lambda: sc.erfcx(xd * 0.7071067811865476),
         lambda: mp(rd, "droplet_density")(h[0], g[0])),
        ("log_droplet_density", lambda: nm.log_droplet_density(h, g), "log_ndtr", lambda: sc.log_ndtr(-xd),
         lambda: mp(rd, "log_droplet_density")(h[0], g[0])),
        ("amplitude_pdf", lambda: nm.amplitude_pdf(d, g, C=C), "exp", lambda: np.exp(-d * g), None),
        ("amplitude_cdf", lambda: nm.amplitude_cdf(d, g, C=C), "expm1", lambda: np.expm1(-d * g), None),
        ("amplitude_pdf_exact", lambda: nm.amplitude_pdf_exact(d, g, h), "erfcx",
         lambda: sc.erfcx(xd * 0.7071067811865476), lambda: mp(ra, "amplitude_pdf_exact")(d[0], g[0], h[0])),
        ("amplitude_cdf_exact", lambda: nm.amplitude_cdf_exact(d, g, h), "log_ndtr",
         lambda: sc.log_ndtr(-xd), lambda: mp(ra, "amplitude_cdf_exact")(d[0], g[0], h[0])),
        ("pair_correlation_clean_2d_asymptotic", lambda: nm.pair_correlation_clean_2d_asymptotic(r, hz), "cos",
         lambda: np.cos(hz * r), lambda: rp.clean_asymptotic_ref(r[0], hz[0])),
        ("pair_correlation_dirty_2d", lambda: nm.pair_correlation_dirty_2d(r / 100, hz), "kve (complex)",
         lambda: sc.kve(1, (1 + 1j) * r / 100), lambda: rp.dirty_proper_time_ref(r[0] / 100, hz[0])),
    ]


def vector_rows(n=10**6, repeat=5):
    import warnings

    rows = []
    rng = np.random.default_rng(0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name, f, bare_name, bare, ref in _vector_cases(n, rng):
            f()  # warm caches (optimal droplet, imports)
            tf, tb = _best(f, repeat), _best(bare, repeat)
            if ref is not None:
                import mpmath
                with mpmath.workdps(40):  # the references' precision in the verification
                    tr = _best(ref, 1)
            speedup = f"{tr / (tf / n):.1e}" if ref is not None else "-"
            target = RATIO_TARGETS.get(name, TARGET_RATIO)
            rows.append((name, f"{tf * 1e3:.1f} ms", f"{bare_name}: {tb * 1e3:.1f} ms",
                         f"{tf / tb:.2f} (<= {target}){_mark(tf / tb <= target)}", speedup))
    return rows


def _first_call_seconds(repeat=3):
    """Seconds of the first droplet_density call in a fresh interpreter, numpy/scipy/numerics imported."""
    code = ("import time, numpy, scipy.special, numerics; t = time.perf_counter(); "
            "numerics.droplet_density(0.1, 3.0); print(time.perf_counter() - t)")
    return min(float(subprocess.run([sys.executable, "-W", "ignore", "-c", code], cwd=ROOT, check=True,
                                    capture_output=True, text=True).stdout) for _ in range(repeat))


def task_rows(quick=False, suite=False):
    """(task, figure, target, met) for the fresh-interpreter and whole-run timings."""
    imp = _subprocess_seconds(["-c", "import numerics"], 5)
    bare = _subprocess_seconds(["-c", "import numpy, scipy.special"], 5)
    light = subprocess.run([sys.executable, "-c", "import sys, numerics; print('sympy' in sys.modules)"],
                           cwd=ROOT, capture_output=True, text=True).stdout.strip() == "False"
    rows = [("import numerics / import numpy, scipy.special",
             f"{imp:.3f} s / {bare:.3f} s = {imp / bare:.2f} (sympy not imported: {light})", "<= 1",
             imp / bare <= 1 and light)]
    first = _first_call_seconds()
    rows.append(("first droplet_density call, fresh interpreter (beyond imports)", f"{first * 1e3:.1f} ms",
                 "< 50 ms", first < 0.05))
    drop = _subprocess_seconds(["-c", "from numerics.droplet import optimal_droplet; optimal_droplet(30)"])
    rows.append(("optimal_droplet(dps=30), cold interpreter", f"{drop:.2f} s", "< 5 s", drop < 5))
    if not quick:
        chk = _subprocess_seconds(["-m", "derivations", "check"])
        rows.append(("python -m derivations check", f"{chk:.1f} s", "<= 20 s", chk <= 20))
    if suite:
        print("running the whole test suite (python -m pytest -q; minutes)...", file=sys.stderr)
        t = _subprocess_seconds(["-m", "pytest", "-q", "-p", "no:cacheprovider"])
        rows.append(("whole test suite, python -m pytest -q (notebooks included)", f"{t:.0f} s", "<= 180 s",
                     t <= 180))
    return rows


# --- certified pair correlation ---

def certified_rows(mpmath_small_r=True):
    """Exact clean K(r, E_Z = 0.5) at 20 digits: the Arb route (numerics.certified) vs the mpmath route, per
    point, same run; and the float64 exact route on 1000 points in [1, 1e4].  The mpmath route takes
    ~20-80 s per point for r <~ 50, so it runs once at r = 1e-3 (``mpmath_small_r``) and at 1e4."""
    from numerics.certified import pair_correlation_clean_2d_certified
    from numerics.pair_correlation import pair_correlation_clean_2d, pair_correlation_clean_2d_exact

    rows = []
    for r in (1e-3, 1.0, 100.0, 1e4):
        tc = _best(lambda: pair_correlation_clean_2d_certified(r, 0.5, dps=20), 3 if r >= 1 else 1)
        tm = None
        if r in (100.0, 1e4) or (r == 1e-3 and mpmath_small_r):
            tm = _best(lambda: pair_correlation_clean_2d(r, 0.5, dps=20), 1)
        target = "<= 0.5 s" if r >= 1 else "<= 2 s"
        rows.append((f"certified K(r = {r:g}, E_Z = 0.5), 20 digits", f"{tc:.3f} s",
                     "-" if tm is None else f"{tm:.2f} s", "-" if tm is None else f"{tm / tc:.0f}", target))
    rr = np.geomspace(1.0, 1e4, 1000)
    pair_correlation_clean_2d_exact(rr, 0.5)
    tx = _best(lambda: pair_correlation_clean_2d_exact(rr, 0.5), 5)
    rows.append(("float64 exact K, 1000 points r in [1, 1e4]", f"{tx:.3f} s", "-", "-", "<= 1 s"))
    rows.append(exact_memory_row(10**5 if not mpmath_small_r else 10**6))
    return rows


def exact_memory_row(n=10**6):
    """Peak memory (tracemalloc: NumPy reports its buffers) and time of the float64 exact K on ``n`` points
    r in [1e-2, 1e5], E_Z in [0.01, 0.99]: the points go in blocks, so the peak stays < ~100 MB whatever n
    (all at once it was ~17 KB per point: 17 GB at 1e6)."""
    import tracemalloc

    from numerics.pair_correlation import pair_correlation_clean_2d_exact
    rng = np.random.default_rng(1)
    r, E = np.exp(rng.uniform(np.log(1e-2), np.log(1e5), n)), rng.uniform(0.01, 0.99, n)
    tracemalloc.start()
    t = time.perf_counter()
    pair_correlation_clean_2d_exact(r, E)
    t = time.perf_counter() - t
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return (f"float64 exact K, {n:.0e} points (r in [1e-2, 1e5]): peak memory {peak / 2**20:.0f} MB", f"{t:.1f} s",
            "-", "-", f"<= 200 MB{_mark(peak <= 200 * 2**20)}")


def print_certified(mpmath_small_r=True):
    print("\n| exact clean pair correlation | time | mpmath route | mpmath / this | target |\n"
          "| --- | --- | --- | --- | --- |")
    for row in certified_rows(mpmath_small_r):
        print("| " + " | ".join(row) + " |")



def main(argv=None):
    p = argparse.ArgumentParser(prog="python -m numerics.bench", description=__doc__.splitlines()[0])
    p.add_argument("--n", type=int, default=10**6, help="array length (default 1e6)")
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--quick", action="store_true", help="skip the full check timing")
    p.add_argument("--suite", action="store_true", help="also time the whole test suite (minutes)")
    p.add_argument("--certified-only", action="store_true", help="only the certified pair-correlation table")
    a = p.parse_args(argv)
    if a.n < 1 or a.repeat < 1:
        p.error("--n and --repeat must be positive integers")
    if a.certified_only:
        print_certified(mpmath_small_r=not a.quick)
        return 0
    print(f"| function (n = {a.n:.0e}) | time | bare special function | ratio (target) |"
          " per-point mpmath reference (40 digits) / vectorized, per point |")
    print("| --- | --- | --- | --- | --- |")
    for row in vector_rows(a.n, a.repeat):
        print("| " + " | ".join(row) + " |")
    print("\n| task | time | target |\n| --- | --- | --- |")
    for task, figure, target, met in task_rows(a.quick, a.suite):
        print(f"| {task} | {figure}{_mark(met)} | {target} |")
    print("\n| Monte Carlo (numerics.montecarlo), one process | rate |\n| --- | --- |")
    for row in montecarlo_rows():
        print("| " + " | ".join(row) + " |")
    print_certified(mpmath_small_r=not a.quick)
    return 0


# --- Monte Carlo (numerics.montecarlo) ---
def montecarlo_rows(L=32, h=0.1, g2h=4.0, n=200):
    """Throughput of the Monte Carlo of numerics.montecarlo on an L x L lattice (single process):
    importance samples per second (field generation + exact weights + droplet count), direct samples
    per second, inertia counts (sparse LDL^T) per second, and lowest-eigenvalue solves (eigsh,
    shift-invert, k = 3) per second."""
    from numerics import montecarlo as mc
    g = (g2h / h) ** 0.5
    mc.sample_importance(h, g, L, 8, seed=0)  # warm: instanton, Laplacian, imports
    rng = np.random.default_rng(0)
    V = (1 / g) * rng.standard_normal((n, L, L))
    count = mc.Counter(L, h)
    rows = []
    for name, fn, k in [
            ("importance samples (field + exact weight + count)", lambda: mc.sample_importance(h, g, L, n, seed=1), n),
            ("direct samples (field + count)", lambda: mc.sample_direct(h, g, L, n, seed=1), n),
            ("inertia counts (sparse LDL^T)", lambda: [count(v) for v in V], n),
            ("lowest eigenvalues (eigsh shift-invert, k = 3)",
             lambda: [mc.lowest_eigenvalues(v, 3) for v in V[:n // 4]], n // 4)]:
        t = _best(fn, 1)
        rows.append((f"{name}, L = {L}", f"{k / t:.0f} /s"))
    return rows


# ---- one-loop density (issue 18: numerics.oneloop) ------------------------------------------------ begin
def oneloop_rows(quick=False):
    """Cost of one lattice point of the one-loop density (instanton, sparse L+-/L- determinants, quasi-zero
    modes, pinning saddles), caches cleared; and the dense reduced-resolvent route it is checked against."""
    from numerics import montecarlo as mc
    from numerics import oneloop as ol
    rows = []
    cases = [(0.1, 24), (0.05, 64), (0.01, 140)] + ([] if quick else [(0.0025, 280)])
    for h, L in cases:
        def run():
            ol.oneloop.cache_clear(), ol.saddle.cache_clear(), mc.lattice_instanton.cache_clear()
            ol.oneloop(h, L)
        rows.append((f"sparse route, h = {h:g}, L = {L} ({L * L} sites)", f"{_best(run, 1):.2f} s"))
    mc.lattice_instanton(0.1, 24)
    rows.append(("dense route (full eigh, M on u-perp), h = 0.1, L = 24", f"{_best(lambda: ol.oneloop_dense(0.1, 24), 1):.2f} s"))
    return rows
# ---- one-loop density (issue 18) ---------------------------------------------------------------------- end


if __name__ == "__main__":
    sys.exit(main())
