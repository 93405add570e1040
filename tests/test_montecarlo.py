"""Monte Carlo test of Eqs. 14-15 (numerics.montecarlo): the lattice pieces against independent routes,
the exactness of the importance sampler, and a rerun of the quick study.

Statistical tests use 5-sigma bounds: for a Gaussian statistic the false-failure probability is
5.7e-7 per comparison (the quick run's seeds are fixed, so the outcome itself is deterministic).
"""
import json
import math
import warnings

import numpy as np
import pytest
from scipy import integrate

from numerics import RegimeWarning, gaussian_tail, optimal_droplet
from numerics import montecarlo as mc

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
        return mc.run(quick=True, workers=1, progress=False)


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
