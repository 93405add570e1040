"""Monte Carlo test of Eqs. 14-15 (numerics.montecarlo): the lattice pieces against independent routes,
the exactness of the importance sampler, and a rerun of the quick study.

Statistical tests use 5-sigma bounds: for a Gaussian statistic the false-failure probability is
5.7e-7 per comparison (the quick run's seeds are fixed, so the outcome itself is deterministic).
"""
import json
import math
import os
import signal
import subprocess
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pytest
from scipy import integrate

from numerics import RegimeWarning, gaussian_tail, optimal_droplet
from numerics import montecarlo as mc
from numerics.montecarlo import engine, studies

Z = 5.0  # 5 sigma: two-sided false-failure probability 5.7e-7 per comparison


def test_laplacian_spectrum_is_the_lattice_dispersion():
    L = 10
    k = 2 * np.pi * np.arange(L) / L
    eps = (4 * np.sin(k / 2) ** 2)[:, None] + (4 * np.sin(k / 2) ** 2)[None, :]
    assert np.allclose(np.linalg.eigvalsh(mc.laplacian(L).toarray()), np.sort(eps.ravel()), atol=1e-12)


@pytest.mark.parametrize("W", [0.02, 0.2, 1.0])
def test_inertia_count_equals_dense_eigenvalue_count(W):
    """The LDL^T pivot count against dense eigvalsh, including samples with deep wells (IS proposal)."""
    L, h = 12, 0.15
    rng = np.random.default_rng(1)
    K = mc.laplacian(L).toarray()
    count = mc.Counter(L, h)
    wells = mc.proposal_wells(h, L)
    V = np.concatenate([math.sqrt(W) * rng.standard_normal((40, L, L)),
                        mc.sample_proposal(wells, W, 40, rng, depths=(1.0, 1.5, 3.0))])
    for v in V:
        ev = np.linalg.eigvalsh(K + np.diag(v.ravel()))
        assert count(v) == np.count_nonzero(ev < -h) == mc.count_below(v, h)
    assert max(count(v) for v in V) >= 2  # the check covered multi-droplet boxes


def test_lowest_eigenvalues_against_dense():
    rng = np.random.default_rng(2)
    V = 0.5 * rng.standard_normal((16, 16))
    ev = np.linalg.eigvalsh(mc.laplacian(16).toarray() + np.diag(V.ravel()))
    assert np.allclose(mc.lowest_eigenvalues(V, 4), ev[:4], atol=1e-10)


def test_instanton_well_has_lowest_eigenvalue_minus_h():
    """-lap + well has ground state eta at energy -h (dense eigensolver: a different route)."""
    h, L = 0.1, 32
    inst = mc.lattice_instanton(h, L)
    ev, vec = np.linalg.eigh(mc.laplacian(L).toarray() + np.diag(inst.well.ravel()))
    assert abs(ev[0] + h) < 1e-11
    psi = inst.eta.ravel() / np.linalg.norm(inst.eta)
    assert abs(abs(vec[:, 0] @ psi) - 1) < 1e-11
    assert ev[1] > -h + 0.05  # a single bound state below -h


def test_instanton_minimizes_the_discrete_functional():
    h, L = 0.1, 24
    inst = mc.lattice_instanton(h, L)
    K = mc.laplacian(L)

    def F(eta):
        e = eta.ravel()
        return (e @ (K @ e) + h * e @ e) ** 2 / np.sum(e**4)
    assert abs(F(inst.eta) - inst.action) < 1e-12 * inst.action
    rng = np.random.default_rng(3)
    for _ in range(50):
        assert F(inst.eta + 1e-3 * rng.standard_normal((L, L))) > inst.action


def test_instanton_tends_to_the_continuum_with_the_predicted_lattice_correction():
    """action/(2 N_c h) = 1 - kappa h + O(h^2), kappa = J/(12 N_c), J = int (R_XX^2 + R_YY^2) d^2X:
    the O(k^4) term of the lattice dispersion evaluated on the Townes profile R (first-order
    perturbation of a stationary functional).  J by quadrature of the mpmath-solved profile."""
    d = optimal_droplet(30)
    N_c = float(d.mass)
    assert abs(N_c - mc.N_C) < 1e-14

    def integrand(r):
        e = 1e-4
        R0, Rp, Rm = (d.profile(np.array(x)) for x in (r, r + e, r - e))
        R1 = (Rp - Rm) / (2 * e)
        R2 = -R1 / r + R0 - R0**3  # the Townes equation
        return 2 * np.pi * (0.75 * R2**2 + 0.5 * R2 * R1 / r + 0.75 * (R1 / r) ** 2) * r
    kappa = integrate.quad(integrand, 1e-4, 30, limit=200)[0] / (12 * N_c)
    c = {h: (mc.lattice_instanton(h).action / (2 * N_c * h) - 1) / h for h in (0.01, 0.005)}
    assert abs((2 * c[0.005] - c[0.01]) + kappa) < 2e-4  # Richardson removes the O(h) term


def test_likelihood_ratio_has_unit_mean_and_gives_an_exact_gaussian_tail():
    """Under the proposal, E[p/q] = 1, and for the translation-invariant linear "count"
    n(V) = #{x : u_x . V > t sqrt(W)} (u_x the unit-norm well at site x) E_p[n]/L^2 = Q(t) exactly, by
    linearity: the weights reproduce a closed-form 6e-16 tail (t = 8) that direct sampling cannot reach."""
    h, L, n = 0.1, 16, 4000
    wells = mc.proposal_wells(h, L)
    W = np.sum(wells[0] ** 2) / 64  # depth-1 wells sit at t = 8
    rng = np.random.default_rng(4)
    V = mc.sample_proposal(wells, W, n, rng)
    w = np.exp(mc.log_likelihood_ratio(V, wells, W))
    assert abs(w.mean() - 1) < Z * w.std() / math.sqrt(n)
    u = wells[0] / np.linalg.norm(wells[0])
    corr = np.fft.irfft2(np.fft.rfft2(V) * np.conj(np.fft.rfft2(u)), s=(L, L))
    f = w * np.count_nonzero(corr > 8 * math.sqrt(W), axis=(1, 2)) / L**2
    exact = float(gaussian_tail(8.0))
    assert np.count_nonzero(f) > n / 4  # the tail is well sampled
    assert abs(f.mean() - exact) < Z * f.std() / math.sqrt(n)
    assert f.std() / math.sqrt(n) < 0.1 * exact  # and resolved to better than 10%


def test_samplers_are_reproducible_and_validate_input():
    a = mc.sample_importance(0.2, 4.0, 12, 20, seed=7)
    b = mc.sample_importance(0.2, 4.0, 12, 20, seed=7)
    assert all(np.array_equal(x, y) for x, y in zip(a, b))
    assert np.array_equal(mc.sample_direct(0.2, 2.0, 12, 20, seed=7), mc.sample_direct(0.2, 2.0, 12, 20, seed=7))
    for bad in (dict(h=0.0), dict(h=-1.0), dict(h=np.nan)):
        with pytest.raises(ValueError, match="h must"):
            mc.sample_direct(g=1.0, L=8, n=2, **bad)
    with pytest.raises(ValueError, match="L must"):
        mc.sample_direct(0.1, 1.0, 3, 2)
    with pytest.raises(ValueError, match="n must"):
        mc.sample_direct(0.1, 1.0, 8, 0)
    with pytest.raises(ValueError, match="g must"):
        mc.sample_direct(0.1, 0.0, 8, 2)
    with pytest.raises(ValueError, match="defensive"):
        mc.sample_importance(0.2, 1.0, 12, 2, defensive=1.0)
    with pytest.warns(RegimeWarning, match="lattice"):
        mc.lattice_instanton(0.5, 16)
    with pytest.warns(RegimeWarning, match="box side"):
        mc.sample_direct(0.1, 1.0, 12, 2)


@pytest.fixture(scope="module")
def quick():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RegimeWarning)
        return mc.run(quick=True, workers=0, progress=False)


def test_quick_run_importance_sampling_agrees_with_direct_sampling(quick):
    assert quick["agreement"]
    for a in quick["agreement"]:
        assert abs(a["z"]) < Z, a


def test_quick_run_slope_matches_the_lattice_instanton(quick):
    (f,) = quick["fits"]
    assert f["se_s"] < 0.1 * f["lattice"]  # the quick run resolves the slope to better than 10%
    assert abs(f["s"] - f["lattice"]) < Z * f["se_s"]


def test_stored_run_has_provenance_and_supports_the_readme_claims():
    res = json.loads(mc.DATA.read_text())
    prov = res["provenance"]
    assert {"numpy", "scipy", "master_seed", "date", "command", "config"} <= set(prov)
    assert prov["command"] == "python -m numerics.montecarlo" and not prov["quick"]
    again = mc.analyse(res)  # the stored summary is what the stored runs give (to rounding: the Gaussian
    assert mc.same_summary(again, {k: res[k] for k in again})  # tail kernels may change in their last ulps)
    for a in res["agreement"]:
        assert abs(a["z"]) < Z
    for f in res["fits"]:
        assert abs(f["s"] - f["lattice"]) < Z * f["se_s"]
        if f["h"] <= 0.1:  # the README's "fitted slope within 5% of N_c h" where h a^2 <= 0.1
            assert abs(f["s"] / f["continuum"] - 1) < 0.05
    deepest = max(res["poisson"], key=lambda p: p["g2h"])
    assert abs(deepest["dispersion"] - 1) < Z * deepest["se_dispersion"]


# --- heavy-tail diagnostics, Poisson moments, amplitude -------------------------------------------------

def test_tail_index_recovers_known_pareto_tails():
    """Hill's estimate on exact Pareto samples (tail index 1/alpha known in closed form) and on light-tailed
    (log-normal sigma = 0.5) weights: the flag follows the variance's finiteness."""
    rng = np.random.default_rng(5)
    for alpha in (1.2, 1.5, 3.0):
        w = rng.pareto(alpha, 20000) + 1.0
        d = mc.weight_diagnostics(np.ones(20000), np.log(w))
        assert abs(d["tail_index"] - 1 / alpha) < 0.1 / alpha, (alpha, d)
        assert d["reliable"] == (alpha > 2)
    d = mc.weight_diagnostics(np.ones(5000), 0.5 * rng.standard_normal(5000))
    assert d["reliable"] and d["ess"] > 0.7 * 5000
    d = mc.weight_diagnostics(rng.poisson(0.2, 2000))  # direct sampling: no tail index, ess = boxes with droplets
    assert d["tail_index"] is None and d["reliable"]


def test_factorial_moment_ratio_is_one_for_poisson_counts_also_when_reweighted():
    """Poisson(mu1) counts reweighted by the exact ratio Poisson(mu2)/Poisson(mu1) estimate Poisson(mu2)'s
    moments: E[n(n-1)]/E[n]^2 = 1 (both ways)."""
    rng = np.random.default_rng(6)
    n = rng.poisson(0.3, 40000)
    r = mc.factorial_moment_ratio(n)
    assert abs(r["ratio"] - 1) < Z * r["se"] and r["se"] < 0.05
    mu1, mu2 = 0.3, 0.1
    logw = n * math.log(mu2 / mu1) - (mu2 - mu1)
    r = mc.factorial_moment_ratio(n, logw)
    assert abs(r["ratio"] - 1) < Z * r["se"] and abs(r["mean_count"] - mu2) < 0.01


def test_droplet_amplitude_solves_the_lattice_equation():
    """Uniform well (exact: Delta^2 = 2 (v - h)), and a random deep well: the returned amplitude solves
    (-lap + h + V) Delta + Delta^3/2 = 0 (residual checked by an independent sparse product)."""
    L, h, v = 8, 0.1, 0.4
    a = mc.droplet_amplitude(np.full((L, L), -v), h)
    assert abs(a["t"] - 2 * (v - h)) < 1e-8 and abs(a["t_proj"] - 2 * (v - h)) < 1e-10
    assert mc.droplet_amplitude(np.zeros((L, L)), h) is None
    L, h = 24, 0.1
    V = 1.05 * mc.lattice_instanton(h, L).well + 0.02 * np.random.default_rng(7).standard_normal((L, L))
    a = mc.droplet_amplitude(V, h)
    assert a["lam"] < 0 and 0.5 < a["t"] / a["t_proj"] < 2


# --- the engine: seeds, Dask, the store, resume ---------------------------------------------------------

def _arrays(data):
    return [(d["point"]["kind"], d["counts"], d.get("logw"), d.get("t_lat")) for d in data]


def _same(a, b):
    return len(a) == len(b) and all(x[0] == y[0] and all(
        (u is None and v is None) or np.array_equal(u, v, equal_nan=True) for u, v in zip(x[1:], y[1:]))
        for x, y in zip(a, b))


def test_chunk_seeds_depend_only_on_the_chunk_identity():
    st = studies.study("smoke")
    specs = engine.chunks(st)
    assert len({s["id"] for s in specs}) == len(specs)
    a, b = specs[3], specs[4]
    ra, rb = engine.run_chunk(a), engine.run_chunk(b)
    assert engine.run_chunk(b)["logw"] == rb["logw"] and engine.run_chunk(a)["logw"] == ra["logw"]
    assert ra["logw"] != rb["logw"]
    moved = dict(st, points=st["points"][::-1])  # another study order (and n) leaves each chunk's seed alone
    moved["points"][-1] = dict(moved["points"][-1], n=400)
    assert {s["id"]: s["b"] for s in engine.chunks(moved)}[a["id"]] == a["b"]
    assert engine.chunk_seed(st["master_seed"], a["point"], a["b"]).spawn_key == tuple(ra["seed"]["spawn_key"])


@pytest.fixture(scope="module")
def smoke_reference(tmp_path_factory):
    st = studies.study("smoke")
    recs = engine.run_study(st, tmp_path_factory.mktemp("ref") / "s.jsonl", workers=0, progress=False)
    return st, engine.assemble(st, recs)


def test_one_and_two_dask_workers_give_identical_results(smoke_reference, tmp_path):
    """1 worker (the engine's own LocalCluster) and 2 workers (an existing cluster, by its scheduler
    address) give the in-process arrays bit for bit."""
    from dask.distributed import LocalCluster
    st, ref = smoke_reference
    recs = engine.run_study(st, tmp_path / "w1.jsonl", workers=1, progress=False)
    assert _same(_arrays(engine.assemble(st, recs)), _arrays(ref))
    with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=":0") as cluster:
        recs = engine.run_study(st, tmp_path / "w2.jsonl", scheduler=cluster.scheduler_address, progress=False)
    assert _same(_arrays(engine.assemble(st, recs)), _arrays(ref))
    assert _same(_arrays(engine.load(st, tmp_path / "w2.jsonl")), _arrays(ref))


def test_killed_run_resumes_to_the_uninterrupted_result(smoke_reference, tmp_path):
    """Start the CLI on a local Dask cluster, SIGKILL its whole process group once a few chunks are
    stored, add a torn last line (as a kill during a write leaves), rerun: the store then holds every
    chunk exactly once and gives the uninterrupted arrays."""
    st, ref = smoke_reference
    out = tmp_path / "mc" / "smoke.jsonl"
    cmd = [sys.executable, "-m", "numerics.montecarlo", "smoke", "--workers", "1", "--out", str(out), "--quiet"]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(Path(__file__).resolve().parent.parent),
                                                       os.environ.get("PYTHONPATH", "")]))
    proc = subprocess.Popen(cmd, env=env, start_new_session=True, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    n_chunks = len(engine.chunks(st))
    deadline = time.monotonic() + 40
    stored = 0
    while time.monotonic() < deadline and proc.poll() is None:
        stored = out.read_text().count('"type":"chunk"') if out.exists() else 0
        if stored >= 3:
            break
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert 3 <= stored < n_chunks, stored  # killed part-way
    with open(out, "ab") as fh:
        fh.write(b'{"type":"chunk","id":"is/h=0.2/g2h=1.0/L=16/blo')  # a torn write
    subprocess.run(cmd, env=env, check=True, timeout=120, capture_output=True)
    recs = engine.read_store(out)
    ids = [r["id"] for r in recs if r["type"] == "chunk"]
    assert len(ids) == len(set(ids)) == n_chunks  # nothing duplicated, nothing missing
    assert sum(r["type"] == "session" for r in recs) == 2
    assert _same(_arrays(engine.load(st, out)), _arrays(ref))


def test_bad_store_paths_fail_before_any_computing(tmp_path):
    st = studies.study("smoke")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    t = time.perf_counter()
    with pytest.raises(ValueError, match="cannot write"):
        engine.run_study(st, blocker / "sub" / "s.jsonl", workers=2, progress=False)
    with pytest.raises(ValueError, match="not a directory"):
        engine.run_study(st, tmp_path, workers=2, progress=False)
    assert time.perf_counter() - t < 2  # no cluster was started
    engine.Store(tmp_path / "a.jsonl", st).close()
    with pytest.raises(ValueError, match="other settings"):
        engine.Store(tmp_path / "a.jsonl", dict(st, master_seed=1))
    s = engine.Store(tmp_path / "a.jsonl", st)
    with pytest.raises(ValueError, match="in use"):
        engine.Store(tmp_path / "a.jsonl", st)
    s.close()
    r = subprocess.run([sys.executable, "-m", "numerics.montecarlo", "smoke", "--out", str(blocker / "x.jsonl")],
                       capture_output=True, text=True, cwd=Path(__file__).resolve().parent.parent, timeout=60)
    assert r.returncode == 2 and "cannot write" in r.stderr


def test_progress_in_a_log_file_is_one_line_per_update():
    import io
    buf = io.StringIO()
    bar = engine.progress_bar(10, 2, "demo", file=buf, interval=0)
    for _ in range(8):
        bar.update()
    bar.close()
    text = buf.getvalue()
    assert "\r" not in text and "10/10" in text and len(text.splitlines()) >= 8


def test_pair_sampler_is_exact_for_a_closed_form_pair_count():
    """Two-droplet proposal: (i) its pair term equals the explicit double sum over well positions (L = 6),
    (ii) for the linear "count" n(V) = #{x : u_x . V > t sqrt(W)} (u_x the unit-norm site well at x) it
    reproduces E_p[n(n-1)] = sum_{x != y} P(Z_x > t, Z_y > t), a sum of bivariate-normal orthant
    probabilities with correlation K(x - y)/K(0) (scipy.stats, an independent route)."""
    from scipy import stats

    from numerics.montecarlo import pairs
    h, L = 0.2, 6
    wells = mc.proposal_wells(h, L)
    mu = wells[0]
    W = np.sum(mu**2) / 9
    rng = np.random.default_rng(8)
    v = pairs.sample_proposal_pairs(wells, W, 1, rng, (1.0,), 0.05, 0.5)[0]
    shifted = [np.roll(np.roll(mu, x, 0), y, 1) for x in range(L) for y in range(L)]
    brute = sum(math.exp((a + b).ravel() @ v.ravel() / W - np.sum((a + b) ** 2) / (2 * W))
                for a in shifted for b in shifted) / L**4
    assert abs(pairs._log_pair_term(v[None], mu, W, 1.0)[0] - math.log(brute)) < 1e-10
    L, t, n = 10, 3.0, 6000
    wells = mc.proposal_wells(h, L)
    u = wells[0] / np.linalg.norm(wells[0])
    W = np.sum(wells[0] ** 2) / t**2  # depth-1 wells sit at the threshold
    V = pairs.sample_proposal_pairs(wells, W, n, rng, (1.0,), 0.05, 0.5)
    w = np.exp(pairs.log_likelihood_ratio_pairs(V, wells, W, (1.0,), 0.05, 0.5))
    corr = np.fft.irfft2(np.fft.rfft2(V) * np.conj(np.fft.rfft2(u)), s=(L, L))
    cnt = np.count_nonzero(corr > t * math.sqrt(W), axis=(1, 2))
    f = w * cnt * (cnt - 1)
    K = np.fft.irfft2(np.abs(np.fft.rfft2(u)) ** 2, s=(L, L)).ravel()  # correlation of u_x.V and u_y.V
    r, mult = np.unique(np.round(K[1:], 12), return_counts=True)  # the lattice symmetries repeat values
    exact = L**2 * sum(m * stats.multivariate_normal(cov=[[1, c], [c, 1]]).cdf([-t, -t]) for c, m in zip(r, mult))
    assert np.count_nonzero(f) > n / 10
    assert abs(f.mean() - exact) < Z * f.std() / math.sqrt(n) and f.std() / math.sqrt(n) < 0.1 * exact


@pytest.mark.parametrize("name", ["continuum", "poisson", "pairs", "amplitude"])
def test_stored_dask_runs_have_provenance_and_support_the_readme_claims(name):
    path = mc.DATA.parent / f"mc-{name}.jsonl"
    recs = engine.read_store(path)
    head, sessions = recs[0], [r for r in recs if r["type"] == "session"]
    assert head["type"] == "header" and head["study"] == name and head["sampler"] == engine.SAMPLER
    assert sessions and all({"numpy", "scipy", "dask"} <= set(s["versions"]) and s["command"] for s in sessions)
    ids = [r["id"] for r in recs if r["type"] == "chunk"]
    assert len(ids) == len(set(ids))
    st, data, _ = mc.from_store(name, path)
    assert len(st["points"]) == len(studies.study(name)["points"])  # every point stored
    summary = mc.summarize(st, data)
    for r in summary["points"]:
        if r["kind"] != "direct" and r["g2h"] >= 2:
            assert not r["reliable"]  # README: every deep importance-sampled error bar is flagged
    if name == "continuum":
        slopes = [row["slope_ln_inv_h"] for row in summary["prefactor"]]
        assert all(0.8 < s < 0.9 for s in slopes)  # README: 0.83-0.88 per e-fold of 1/h
        assert all(abs(r["split_z"]) < 1.6 for r in summary["points"])  # README: halves within 1.5 SE
    if name == "amplitude":
        for r in summary["points"]:
            a = r["amplitude"]
            assert a["ks_t_lat_exact"] < a["ks_5pct"] and a["ks_t_lat_eq17"] < a["ks_5pct"]
            assert 1.1 < a["mean_t_lat"] / a["mean_exact"] < 1.2  # README: means 12-16% above
            assert abs(a["nonlinear_vs_projection_median"]) < 0.02
    if name == "poisson":
        shallow = summary["points"][0]
        assert shallow["reliable"] and abs(shallow["poisson"]["ratio"] - 0.91) < 0.01
