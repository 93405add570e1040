"""Monte Carlo rows of ``python -m numerics.bench``: cost per sample against L, the counting
alternatives tried, and the parallel efficiency of the Dask engine with 1 and 2 workers.

Counting alternatives (sparse LDL^T inertia of -lap + V + h on the L x L periodic lattice):
* SuperLU, symmetric mode, minimum degree on A + A^T, no pivoting (``Counter``; the ordering is
  recomputed for every sample);
* the same ordering computed once and reused (the matrix permuted, then SuperLU with the natural
  order): no consistent gain (from 30% faster to 30% slower at L = 128-256 between runs on the loaded
  shared machine; the factorization, not the ordering, dominates), so not a second code path;
* CHOLMOD (scikit-sparse): not installable here (no wheel in the package index this project uses);
  its supernodal factorization is LL^T only (positive definite), so the inertia would need its
  simplicial LDL^T, which has no pivoting either.
"""
import math
import os
import time

import numpy as np


def _best(fn, repeat):
    best = math.inf
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def count_rows(Ls=(32, 64, 128, 256), h=0.1, g2h=4.0):
    """(name, figure) rows: inertia counts per second and ms per count for each L, with the local scaling
    exponent p of cost ~ L^p between successive L (p = 2 would be linear in the number of sites)."""
    from scipy.sparse.linalg import splu

    from . import core
    rng = np.random.default_rng(0)
    rows, prev = [], None
    for L in Ls:
        count = core.Counter(L, h)
        k = max(2, int(2000 / L**1.5))
        V = math.sqrt(h / g2h) * rng.standard_normal((k, L, L))
        t = _best(lambda: [count(v) for v in V], 2) / k
        p = "" if prev is None else f", cost ~ L^{math.log(t / prev[1]) / math.log(L / prev[0]):.1f}"
        # the alternative: the minimum-degree ordering computed once, reused through a permuted matrix
        A = count.A.copy()
        A.data[count.diag] = count.lap_diag + V[0].ravel() + h
        lu = splu(A, permc_spec="MMD_AT_PLUS_A", diag_pivot_thresh=0.0, options=dict(SymmetricMode=True))
        inv = np.argsort(lu.perm_c)

        def reuse():
            for v in V:
                A.data[count.diag] = count.lap_diag + v.ravel() + h
                B = A[inv][:, inv].tocsc()
                lu2 = splu(B, permc_spec="NATURAL", diag_pivot_thresh=0.0, options=dict(SymmetricMode=True))
                np.count_nonzero(lu2.U.diagonal() < 0)
        t2 = _best(reuse, 1) / k
        rows.append((f"inertia count (SuperLU LDL^T, MMD ordering per sample), L = {L}",
                     f"{1 / t:.1f} /s ({t * 1e3:.1f} ms{p}); ordering reused: {t2 * 1e3:.1f} ms"))
        prev = (L, t)
    return rows


def sample_rows(L=32, h=0.1, g2h=4.0, n=200):
    """Importance and direct samples per second and droplet-amplitude solves per second at L."""
    from . import core
    g = math.sqrt(g2h / h)
    core.sample_importance(h, g, L, 8, seed=0)  # warm: instanton, Laplacian, imports
    rows = []
    for name, fn, k in [("importance samples (field + exact weight + count)",
                         lambda: core.sample_importance(h, g, L, n, seed=1), n),
                        ("direct samples (field + count)", lambda: core.sample_direct(h, g, L, n, seed=1), n)]:
        rows.append((f"{name}, L = {L}", f"{k / _best(fn, 1):.0f} /s"))
    inst = core.lattice_instanton(h, L).well
    rng = np.random.default_rng(2)
    V = [1.02 * inst + math.sqrt(h / g2h) * rng.standard_normal((L, L)) for _ in range(20)]
    t = _best(lambda: [core.droplet_amplitude(v, h) for v in V], 1) / len(V)
    rows.append((f"droplet amplitude (eigsh + Newton on lattice Eq. 2), L = {L}", f"{1 / t:.0f} /s"))
    return rows


def parallel_rows(chunks=8, n=60, L=32, h=0.1, g2h=4.0):
    """Wall time of ``chunks`` importance-sampling chunks on a LocalCluster of 1 and of 2 workers (cluster
    start excluded) and the parallel efficiency T1/(2 T2); the 1-minute load average is shown because
    the machine is shared (efficiency < 1 there mostly means other jobs took the second core)."""
    from dask.distributed import Client, LocalCluster, wait

    from . import engine
    spec = [dict(id=f"bench/{i}", point="bench", b=i, kind="is", h=h, g2h=g2h, L=L, n=n, master_seed=1,
                 sampler=engine.SAMPLER) for i in range(chunks)]
    times = {}
    for w in (1, 2):
        with LocalCluster(n_workers=w, threads_per_worker=1, processes=True, dashboard_address=":0") as cl, \
                Client(cl) as client:
            client.submit(engine.run_chunk, dict(spec[0], n=2), pure=False).result()  # warm every worker
            client.run(lambda: None)
            t = time.perf_counter()
            wait([client.submit(engine.run_chunk, s, pure=False) for s in spec])
            times[w] = time.perf_counter() - t
    eff = times[1] / (2 * times[2])
    return [(f"Dask LocalCluster, {chunks} chunks x {n} importance samples at L = {L}: 1 worker / 2 workers",
             f"{times[1]:.1f} s / {times[2]:.1f} s, parallel efficiency {eff:.2f} "
             f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")]


def rows(parallel=True):
    out = sample_rows() + count_rows()
    if parallel:
        out += parallel_rows()
    return out
