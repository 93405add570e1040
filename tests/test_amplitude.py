"""Eqs. 16-18: derivation, exact law vs Eq. 17, normalization, sampler, bad input."""
import mpmath
import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings, strategies as st
from scipy import integrate, stats

from derivations import get
from derivations.symbols import h
from numerics import (amplitude_cdf, amplitude_cdf_exact, amplitude_pdf, amplitude_pdf_exact, log_amplitude_pdf_exact,
                      optimal_droplet, sample_amplitudes)
from numerics.reference.amplitude import CASES, golden_constants, moment_exact_mp
from numerics.verification import run_case

EPS = np.finfo(float).eps


@pytest.fixture(scope="module")
def derivation():
    return get("amplitude")


def test_every_step_and_link_checks(derivation):
    report = derivation.check()
    assert report and all(o.ok for _, o in report)
    assert all(derivation.link(s).ok for s in derivation.steps)
    assert {"Eq. 16", "Eq. 17", "Eq. 18"} <= {s.label for s, _ in report}


def test_no_placeholder_steps(derivation):
    for s in derivation.steps:
        assert "obtained" not in s.latex()
        assert not (s.lhs == 0 and s.rhs == 0)
        assert s.uses is not None


def test_results_are_right_sides_of_checked_steps(derivation):
    derivation.check()
    for name, value in derivation.results.items():
        step = derivation.result_step[name]
        assert value is step.rhs and step.outcome.ok, name
    for g_ in derivation.generated:
        assert g_.prove(derivation.results).ok, g_.name


@pytest.mark.parametrize("result, premises", [
    ("pdf_exact", {"eq2", "ansatz", "gauss_F", "probability"}),
    ("C", {"L_s", "sigma_s", "virial", "B_peak", "A_peak", "N_peak"}),
    ("pdf_17", {"eq2", "gauss_F", "probability", "Q_def"}),
    ("coupling_typical", {"L_d_def", "g_def", "virial"}),
    ("C_value", {"virial"}),
])
def test_chains_rest_on_the_premises(derivation, result, premises):
    assert premises <= set(derivation.premises_of(result))


def test_C_is_field_independent_and_matches_the_droplet(derivation):
    res = derivation.results
    g = sp.Symbol("g", positive=True)
    assert sp.diff(res["x_saddle"] * res["kappa_saddle"] / g**2, h) == 0
    assert sp.simplify(res["x_saddle"] * res["kappa_saddle"] / g**2 - res["C_saddle"]) == 0
    # the derived formula M/(c3 R0^2) at the golden droplet integrals (tests/data) reproduces the checked value
    M, R0, c3 = (sp.Symbol(n, positive=True) for n in ("M", "R_0", "c_3"))
    with mpmath.workdps(40):
        _, C_gold = golden_constants()
        from numerics.reference.amplitude import MASS, PEAK
        C_formula = res["C"].subs({M: sp.Float(MASS, 40), R0: sp.Float(PEAK, 40), c3: 1})
        assert abs(sp.Float(C_formula, 40) - res["C_value"]) < sp.Float("1e-29")
        assert abs(optimal_droplet(30).C - C_gold) < mpmath.mpf(10) ** -29 * C_gold


def test_coupling_goes_as_one_over_g_squared(derivation):
    # Eq. 18 as derived: at fixed x the typical coupling scales as g^-2 (the paper prints g^-1)
    g = sp.Symbol("g", positive=True)
    J = derivation.results["coupling_typical"]
    assert sp.simplify(g * sp.diff(sp.log(J), g)) == -2


@settings(max_examples=15, deadline=None)
@given(st.floats(0.2, 15), st.floats(0.2, 5), st.floats(0.05, 3))
def test_exact_law_results_are_consistent(xv, kv, frac):
    # cdf_exact = int_0^Delta pdf_exact (mpmath quadrature of the lambdified results), mode_exact maximizes pdf_exact
    res = get("amplitude").results
    x, kappa, Delta, Delta0 = (sp.Symbol(n, positive=True) for n in ("x", "kappa", "Delta", "Delta_0"))
    free = lambda e: sorted(e.free_symbols, key=str)  # noqa: E731
    at = {s.name: v for s, v in zip((x, kappa), (xv, kv))}
    pdf_e, cdf_e, mode_e = (res[n].rewrite(sp.erfc) for n in ("pdf_exact", "cdf_exact", "mode_exact"))

    def num(e):
        args = free(e)
        f = sp.lambdify(args, e, "mpmath")
        return lambda d: f(*[{"Delta": d, "Delta_0": 1}.get(a.name, at.get(a.name)) for a in args])

    pdf, cdf, mode = num(pdf_e), num(cdf_e), num(mode_e)(None)
    with mpmath.workdps(30):
        d = frac * mode * 3
        assert abs(mpmath.quad(pdf, [0, min(d, mode), d]) - cdf(d)) < 1e-20
        assert pdf(mode) > pdf(mode * (1 + 1e-6)) and pdf(mode) > pdf(mode * (1 - 1e-6))


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_against_mpmath(case):
    r = run_case(case)
    assert r.ok, f"{case.name}: {r.worst_ulps:.2f} ulps at {r.worst_point} ({case.why})"


@pytest.mark.filterwarnings("ignore::scipy.integrate.IntegrationWarning")  # asked for 1e-17: roundoff noted
@pytest.mark.parametrize("g, hv", [(0.3, 0.1), (2.0, 0.5), (10.0, 1.0), (100.0, 3.0)])
def test_exact_law_is_normalized(g, hv):
    # quadrature of the float64 pdf; the width of the law sets the breakpoints
    s = 1.0 / (g * np.sqrt(2.4))
    val = sum(integrate.quad(amplitude_pdf_exact, a, b, args=(g, hv), epsabs=1e-17, epsrel=0, limit=200)[0]
              for a, b in [(0, s), (s, 4 * s), (4 * s, 40 * s), (40 * s, np.inf)])
    assert abs(val - 1) < 8 * EPS


@pytest.mark.parametrize("g, hv", [(0.3, 0.1), (3.0, 0.5), (30.0, 1.0)])
def test_exact_moments_against_parabolic_cylinder_form(g, hv):
    ratio, C = (float(v) for v in golden_constants())
    x, kap = ratio * g * np.sqrt(hv), C * g / (ratio * np.sqrt(hv))
    s = 1.0 / np.sqrt(kap * (x + 1))
    for m in (1, 2, 3):
        num = sum(integrate.quad(lambda d: d**m * amplitude_pdf_exact(d, g, hv), a, b, epsabs=0, epsrel=1e-13,
                                 limit=200)[0] for a, b in [(0, s), (s, 4 * s), (4 * s, 40 * s), (40 * s, np.inf)])
        with mpmath.workdps(30):
            ref = float(moment_exact_mp(m, mpmath.mpf(x), mpmath.mpf(kap)))
        assert num == pytest.approx(ref, rel=1e-12)


def test_rayleigh_limit_with_predicted_rate():
    # P_exact/P_17 - 1 = (1 - tau^2/2)/x^2 + O(1/x^4) at fixed tau = C g^2 Delta^2/Delta0^2
    ratio, C = (float(v) for v in golden_constants())
    g, tau = 5.0, 1.3
    d = np.sqrt(tau / C) / g
    devs = []
    for hv in (1.0, 4.0, 16.0):
        x2 = ratio**2 * g**2 * hv
        dev = amplitude_pdf_exact(d, g, hv) / amplitude_pdf(d, g) - 1
        devs.append(dev)
        assert dev == pytest.approx((1 - tau**2 / 2) / x2, abs=4 / x2**2)  # remainder ~ -2.5/x^4
    assert abs(devs[2]) < abs(devs[1]) / 3.5 < abs(devs[0]) / 3.5**2


def test_typical_amplitude_independent_of_field():
    # E[Delta^2] of the exact law -> Delta0^2/(C g^2) for every h: Delta ~ Delta0/g
    ratio, C = golden_constants()
    g = 20
    with mpmath.workdps(30):
        for hv in (0.25, 1, 4):
            x = ratio * g * mpmath.sqrt(hv)
            m2 = moment_exact_mp(2, x, C * g**2 / x)
            assert abs(m2 * C * g**2 - 1) < 3 / x**2


def test_closed_forms_of_eq17():
    C, g = 2.0, 3.0
    mode, median = 1 / (g * np.sqrt(2 * C)), np.sqrt(np.log(2) / C) / g
    assert amplitude_cdf(median, g, C=C) == pytest.approx(0.5, rel=2 * EPS)
    eps = 1e-6
    assert amplitude_pdf(mode + eps, g, C=C) < amplitude_pdf(mode, g, C=C) > amplitude_pdf(mode - eps, g, C=C)
    mean = integrate.quad(lambda d: d * amplitude_pdf(d, g, C=C), 0, np.inf, epsabs=0, epsrel=1e-13)[0]
    assert mean == pytest.approx(np.sqrt(np.pi) / 2 / (g * np.sqrt(C)), rel=1e-13)


def test_sampler_against_cdf():
    # Kolmogorov-Smirnov at n = 2e5 with a fixed seed; for a random seed the test would fail with
    # probability 1e-6 (the threshold on the p-value)
    g, C = 4.0, 2.5
    draws = sample_amplitudes(200_000, g, C=C, rng=20261124)
    p = stats.kstest(draws, lambda d: amplitude_cdf(d, g, C=C)).pvalue
    assert p > 1e-6
    # and the second moment: mean of Exp(1)/(C g^2), relative sd 1/sqrt(n); 6 sigma ~ 1e-9 failure prob.
    assert abs(np.mean(draws**2) * C * g**2 - 1) < 6 / np.sqrt(draws.size)


def test_sampler_is_reproducible():
    a = sample_amplitudes(5, 2.0, rng=7)
    b = sample_amplitudes(5, 2.0, rng=np.random.default_rng(7))
    assert np.array_equal(a, b) and a.shape == (5,) and np.all(a >= 0)
    assert sample_amplitudes(0, 2.0).shape == (0,)


@settings(max_examples=40, deadline=None)
@given(st.floats(0, 5), st.floats(0, 5), st.floats(0.1, 30), st.floats(0.01, 10))
def test_cdfs_monotone(d1, d2, g, hv):
    lo, hi = min(d1, d2), max(d1, d2)
    assert amplitude_cdf(lo, g) <= amplitude_cdf(hi, g)
    assert amplitude_cdf_exact(lo, g, hv) <= amplitude_cdf_exact(hi, g, hv)
    assert 0 <= amplitude_cdf_exact(hi, g, hv) <= 1


@settings(max_examples=40, deadline=None)
@given(st.floats(1e-3, 3), st.floats(0.1, 30), st.floats(0.01, 10))
def test_log_pdf_is_log_of_pdf(d, g, hv):
    p = amplitude_pdf_exact(d, g, hv)
    if p > 1e-300:
        assert log_amplitude_pdf_exact(d, g, hv) == pytest.approx(np.log(p), rel=1e-13, abs=1e-12)


def test_broadcasting():
    out = amplitude_pdf_exact(np.linspace(0, 1, 4)[:, None], np.array([1.0, 2.0]), 0.5)
    assert out.shape == (4, 2) and out.dtype == np.float64
    assert amplitude_cdf_exact(np.linspace(0, 1, 4)[:, None], np.array([1.0, 2.0]), 0.5).shape == (4, 2)
    assert np.isscalar(amplitude_pdf(0.1, 2.0)) and amplitude_cdf(0.0, 2.0) == 0.0


@pytest.mark.parametrize("fn, args, name", [
    (amplitude_pdf, (-0.1, 2.0), "delta"), (amplitude_pdf, (0.1, 0.0), "g"), (amplitude_cdf, (0.1, -1.0), "g"),
    (amplitude_pdf_exact, (-1.0, 2.0, 0.5), "delta"), (amplitude_pdf_exact, (0.1, 2.0, 0.0), "h"),
    (amplitude_pdf_exact, (0.1, 2.0, -1.0), "h"), (amplitude_cdf_exact, (0.1, np.nan, 0.5), "g"),
    (amplitude_pdf, (1j, 2.0), "delta")])
def test_bad_input(fn, args, name):
    with pytest.raises(ValueError, match=name):
        fn(*args)


@pytest.mark.parametrize("kw, name", [({"n": -1}, "n"), ({"n": 2.5}, "n"), ({"g": 0.0}, "g"),
                                      ({"C": -1.0}, "C"), ({"g": [1.0, 2.0]}, "g")])
def test_sampler_bad_input(kw, name):
    args = {"n": 3, "g": 2.0} | kw
    with pytest.raises(ValueError, match=name):
        sample_amplitudes(args.pop("n"), args.pop("g"), **args)


def test_edges_of_issue_13():
    # each expected value: the formula at 40 digits (mpmath) for the exact float inputs
    with mpmath.workdps(40):
        C = mpmath.mpf("2.40396996769494515709741270038")
        d, g = mpmath.mpf(1e-200), mpmath.mpf(1e200)
        ref = float(2 * C * g * g * d * mpmath.exp(-C * (g * d) ** 2))
        d2, g2 = mpmath.mpf(2.710130044387598e-158), mpmath.mpf(5011.872336272725)
        ref2 = float(-mpmath.expm1(-C * (g2 * d2) ** 2))
    assert amplitude_pdf(1e-200, 1e200) == pytest.approx(ref, rel=4 * EPS)  # was NaN (g^2 overflowed)
    # delta^2 underflowed before C g^2 multiplied it
    assert abs(amplitude_cdf(2.710130044387598e-158, 5011.872336272725) - ref2) <= 2 * np.spacing(ref2)
    assert amplitude_cdf_exact(1.0, 1e300, 0.5) == 1.0  # was NaN (-inf + inf)
    # exp(-s) no longer goes subnormal before the prefactor (s = 722: condition number 2s ~ 1444)
    v = amplitude_pdf(0.0017329019961922095, 1e4)
    assert abs(v / 2.5324830629800305e-308 - 1) < 1444 * EPS


def test_booleans_are_not_numbers():
    with pytest.raises(ValueError, match="boolean"):
        amplitude_pdf(0.1, True)
    with pytest.raises(ValueError, match="boolean"):
        amplitude_cdf_exact(0.1, 2.0, True)


def test_extremes_without_raw_numpy_warnings():
    # y = g delta/delta0 = 1e400 overflows: every density is 0 (its log -inf), every CDF 1
    import warnings
    from numerics import log_amplitude_pdf
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert amplitude_pdf(1e200, 1e200) == 0.0 and log_amplitude_pdf(1e200, 1e200) == -np.inf
        assert amplitude_cdf(1e200, 1e200) == 1.0 and amplitude_cdf_exact(1e200, 1e200, 1.0) == 1.0
        assert amplitude_pdf_exact(1e200, 1e200, 1.0) == 0.0 and log_amplitude_pdf_exact(1e200, 1e200, 1.0) == -np.inf
        assert amplitude_pdf(0.0, 2.0) == 0.0 and log_amplitude_pdf(0.0, 2.0) == -np.inf
