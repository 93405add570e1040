"""Eqs. 5-15: the density derivation and the droplet density against quadrature."""
import json
import warnings
from pathlib import Path

import mpmath
import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings, strategies as st

from derivations import get
from derivations.density import prefactor as PREF_S, ratio as RATIO_S
from derivations.symbols import G_int, L_funct, M_int, g, h, sigma, x, xi0
from numerics import RangeWarning, RegimeWarning, droplet_density, log_droplet_density, log_typical_distance, typical_distance
from numerics.reference.density import CASES, RATIO, density_ref
from numerics.verification import run_case

pos = st.floats(1e-6, 1e3)


GOLDEN = Path(__file__).with_name("data") / "droplet_golden.json"


@pytest.fixture(scope="module")
def derivation():
    return get("density")


@pytest.fixture(scope="module")
def golden():
    """36-digit droplet integrals of the independent reference method (numerics/reference/droplet.py)."""
    with mpmath.workdps(40):
        return {k: mpmath.mpf(v) for k, v in json.loads(GOLDEN.read_text())["values"].items()}


@pytest.fixture(scope="module")
def report(derivation):
    return derivation.check()


def test_every_step_checks(report):
    assert report and all(o.ok for _, o in report)
    labels = {s.label for s, _ in report}
    assert {"Eq. 6", "Eq. 7", "Eq. 8", "Eq. 10", "Eq. 13", "Eq. 14", "Eq. 15"} <= labels
    assert "Eq. 5" in {p.label for p in get("density").premises}


def test_every_step_links_to_premises_or_earlier_steps(derivation, report):
    for s in derivation.steps:
        link = derivation.link(s)
        assert link.ok, link.detail
        assert s.uses is not None
    lemmas = [s.name for s in derivation.steps if s.uses == ()]
    assert lemmas == ["isotropy", "tail_bound", "tail_sign"]  # self-contained facts; the rest starts from the paper
    expected = {"threshold", "F_law", "step_rep", "paper_erfc", "poisson", "local_correlator", "zero_mode",
                "L_s", "sigma_s"}
    assert expected <= set(derivation.premise)


def test_acceptance_no_placeholder_steps(derivation):
    for s in derivation.steps:
        assert "obtained:" not in s.latex()
        assert not (s.lhs == 0 and s.rhs == 0)
        assert s.template != s.rhs  # the left side is the defining object built from its sources, not the value


def test_results_are_the_right_sides_of_checked_steps(derivation, report):
    names = {"probability", "L0_over_Lf_sq", "saddle_point", "density", "log_density", "typical_distance",
             "tail_series", "log_typical_distance", "N_c", "R_0", "B_over_A_value", "L0_over_Lf_value"}
    assert names <= set(derivation.results)
    for r, value in derivation.results.items():
        step = derivation.result_step[r]
        assert value is step.rhs and step.outcome.ok
        assert derivation.premises_of(r), f"{r} rests on no premise"


def test_density_rests_on_the_threshold_and_poisson(derivation):
    chain = derivation.premises_of("density")
    assert {"F_law", "poisson", "zero_mode", "L_s", "sigma_s", "fluctuations"} <= set(chain)
    assert derivation.step["threshold_mean"].uses == ("threshold", "F_law")  # Eq. 5's indicator, averaged
    assert "L_s" in derivation.premises_of("B_over_A")


def test_L0_over_Lf_sq_is_2M_over_G_on_the_reference_droplet(derivation, golden):
    # the result is Subs(2M/G, G, M) proven by the chain; evaluate the chain's 2M/G on the independent
    # 36-digit reference integrals instead of comparing with a literal
    step = derivation.step["L0_over_Lf_sq"]
    assert "L0_norm" in step.uses and "virial" in step.uses
    ratio = derivation.step["L0_norm"].rhs
    with mpmath.workdps(40):
        value = mpmath.mpf(sp.N(ratio.subs({M_int: golden["mass"], G_int: golden["gradient_norm"]}), 40))
        assert abs(value - mpmath.mpf(sp.N(derivation.results["L0_over_Lf_sq"], 40))) < mpmath.mpf(10) ** -33


def test_virial_identities_hold_for_the_reference_droplet(derivation, golden):
    G, N4 = derivation.results["virial"]
    with mpmath.workdps(40):
        M = golden["mass"]
        assert abs(mpmath.mpf(sp.N(G.subs(M_int, M), 40)) - golden["gradient_norm"]) < mpmath.mpf(10) ** -33
        assert abs(mpmath.mpf(sp.N(N4.subs(M_int, M), 40)) - golden["quartic"]) < mpmath.mpf(10) ** -33


def test_constants_match_the_independent_reference(derivation, golden):
    # the generated 30-digit constants, the derivation's results and the reference method agree
    from numerics._generated import constants
    with mpmath.workdps(40):
        ref = {"N_C": golden["mass"], "R0": golden["peak"], "B_OVER_A": mpmath.sqrt(2 * golden["mass"]),
               "L0_OVER_LF": mpmath.sqrt(2 * golden["mass"] / golden["gradient_norm"])}
        for c in derivation.constants:
            value = mpmath.mpf(derivation.results[c.result]._mpf_)
            assert abs(value / ref[c.name] - 1) < mpmath.mpf(10) ** -29, c.name
            assert constants.DIGITS[c.name] == mpmath.nstr(ref[c.name], 30, strip_zeros=False), c.name
            assert getattr(constants, c.name) == float(ref[c.name])


def test_a_wrong_solver_value_fails_the_numeric_step(derivation):
    from derivations.core import Step
    s = derivation.step["N_c"]
    wrong = Step(s.label, "wrong", s.lhs, s.rhs * (1 + sp.Float("1e-25", 30)), "wrong", uses=(),
                 method="numeric", tol=1e-29)
    assert not wrong.check().ok


def test_generated_functions_are_proven_and_keep_their_signatures(derivation):
    specs = {g.name: g for g in derivation.generated}
    assert set(specs) == {"gaussian_tail", "log_gaussian_tail", "droplet_density", "log_droplet_density",
                          "log_typical_distance"}
    assert specs["log_typical_distance"].args == specs["log_droplet_density"].args == (h, g, xi0, RATIO_S, PREF_S)
    for spec in specs.values():
        assert spec.prove(derivation.results).ok
    # the printed Q is the accurate kernel of numerics._special (scipy's ndtr(-x) loses ~x^2 ulps)
    import inspect
    from numerics._generated import density as gen
    assert "_special.gaussian_tail(" in inspect.getsource(gen.droplet_density)
    assert "_special.log_gaussian_tail(" in inspect.getsource(gen.log_typical_distance)


@settings(max_examples=30, deadline=None)
@given(st.floats(-8.0, 8.0), st.floats(0.05, 20.0))
def test_probability_is_the_gaussian_mass_below_threshold(lv, sv):
    # P(L + F < 0) for F ~ N(0, sigma) by quadrature of the density (a different route from the chain)
    res = get("density").results
    with mpmath.workdps(40):
        L, s = mpmath.mpf(lv), mpmath.mpf(sv)
        # int_{F < -L} p(F) dF with F = -(L + sqrt(s) u): p's factor exp(-c^2/2), c = L/sqrt(s), taken out
        # so that the integrand exp(-c u - u^2/2) is O(1) and the quadrature is accurate in relative terms
        c = L / mpmath.sqrt(s)
        top = max(mpmath.mpf(0), -c)
        quad = mpmath.exp(-c**2 / 2) / mpmath.sqrt(2 * mpmath.pi) * mpmath.quad(
            lambda v: mpmath.exp(-c * v - v**2 / 2), [0, top, top + 10, mpmath.inf])
        val = mpmath.mpf(sp.N(res["probability"].subs({L_funct: sp.Float(lv, 30), sigma: sp.Float(sv, 30)}), 40))
        assert abs(val / quad - 1) <= mpmath.mpf(10) ** -25


@settings(max_examples=30, deadline=None)
@given(st.floats(0.01, 1.0), st.floats(1.0, 30.0), st.floats(0.1, 10.0))
def test_log_results_are_logs_of_the_linear_ones(hv, gv, pv):
    res = get("density").results
    pt = {h: sp.Float(hv, 30), g: sp.Float(gv, 30), xi0: sp.Float(1.7, 30), RATIO_S: sp.Float(4.8, 30),
          PREF_S: sp.Float(pv, 30)}
    with mpmath.workdps(30):
        n = mpmath.mpf(sp.N(res["density"].subs(pt), 30))
        logn = mpmath.mpf(sp.N(res["log_density"].subs(pt), 30))
        ld = mpmath.mpf(sp.N(res["typical_distance"].subs(pt), 30))
        logld = mpmath.mpf(sp.N(res["log_typical_distance"].subs(pt), 30))
        # independent evaluation of Eq. 15 with mpmath.ncdf
        H, G, P = mpmath.mpf(hv), mpmath.mpf(gv), mpmath.mpf(pv)
        direct = P * H / mpmath.mpf(1.7) ** 2 * mpmath.ncdf(-mpmath.mpf(4.8) * G * mpmath.sqrt(H))
        assert abs(n / direct - 1) < mpmath.mpf(10) ** -25
        assert abs(logn - mpmath.log(n)) < mpmath.mpf(10) ** -25 * max(1, abs(logn))
        assert abs(ld - n ** -0.5) < mpmath.mpf(10) ** -25 * ld
        assert abs(logld + logn / 2) < mpmath.mpf(10) ** -25 * max(1, abs(logld))


def test_tail_series_is_the_asymptotic_expansion_of_Q(derivation):
    # (Q - S_4)/(first omitted term) -> 1 as x grows (mpmath, not SymPy)
    S4 = sp.lambdify(x, derivation.results["tail_series"], "mpmath")
    with mpmath.workdps(40):
        for xv in (20, 100, 1000):
            X = mpmath.mpf(xv)
            omitted = mpmath.npdf(X) / X * 105 / X**8
            assert abs((mpmath.ncdf(-X) - S4(X)) / omitted - 1) < 12 / X**2


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_against_quadrature(case):
    r = run_case(case)
    assert r.ok, f"{case.name}: {r.worst_ulps:.2f} ulps at {r.worst_point} ({case.why})"


def test_deep_tail_log_density():
    # x = 4.8 * 1e4 * 10 = 4.8e5: the density underflows (with a warning naming the log form), its log
    # agrees with quadrature (h = 100 is outside the Landau-Ginzburg regime: a RegimeWarning as well)
    with pytest.warns(RangeWarning, match="log_droplet_density"), pytest.warns(RegimeWarning, match="h = 100"):
        assert droplet_density(100.0, 1e4, ratio=RATIO) == 0.0
    with mpmath.workdps(40):
        from numerics.reference.density import log_density_ref
        ref = float(log_density_ref(mpmath.mpf(100), mpmath.mpf(10000)))
    with pytest.warns(RegimeWarning):
        assert abs(log_droplet_density(100.0, 1e4, ratio=RATIO) - ref) <= 4 * np.spacing(abs(ref))


@settings(max_examples=40, deadline=None)
@given(st.floats(0.01, 1.0), st.floats(2.0, 50.0), st.floats(2.0, 50.0))
def test_density_decreases_with_conductance(hv, g1, g2):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RegimeWarning)
        lo, hi = min(g1, g2), max(g1, g2)
        assert log_droplet_density(hv, lo, ratio=RATIO) >= log_droplet_density(hv, hi, ratio=RATIO)


@settings(max_examples=40, deadline=None)
@given(st.floats(1e-4, 1.0), st.floats(1.0, 1e3))
def test_log_equals_log_of_linear(hv, gv):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RegimeWarning)
        n = droplet_density(hv, gv, ratio=RATIO)
        if n > 1e-300:
            x2 = (RATIO * gv) ** 2 * hv
            # both are accurate; the comparison is limited by the conditioning ~x^2 of the argument
            assert log_droplet_density(hv, gv, ratio=RATIO) == pytest.approx(np.log(n), rel=1e-15, abs=(4 + 2 * x2) * 2.2e-16)


def test_default_ratio_and_typical_distance():
    with warnings.catch_warnings():
        warnings.simplefilter("error", RegimeWarning)
        n = droplet_density(0.5, 10.0)
        with mpmath.workdps(30):
            ref = density_ref(mpmath.mpf(0.5), mpmath.mpf(10), ratio=mpmath.mpf("4.8375399790719360790116552912"))
        assert n == pytest.approx(float(ref), rel=1e-13)  # argument 34: conditioning ~x^2 ulps
        assert typical_distance(0.5, 10.0) == pytest.approx(n ** -0.5, rel=1e-13)


def test_regime_warning_below_saddle_point():
    with pytest.warns(RegimeWarning, match="g\\^2 h"):
        droplet_density(0.01, 1.0)


def test_broadcasting():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RegimeWarning)
        out = droplet_density(np.array([[0.1], [0.2]]), np.array([5.0, 10.0, 20.0]))
    assert out.shape == (2, 3) and out.dtype == np.float64
    assert np.isscalar(droplet_density(0.5, 10.0))


@pytest.mark.parametrize("kw, name", [({"h": -0.1}, "h"), ({"h": 0.0}, "h"), ({"g": 0.0}, "g"),
                                      ({"g": np.nan}, "g"), ({"xi0": -1.0}, "xi0"), ({"ratio": 0.0}, "ratio"),
                                      ({"prefactor": np.inf}, "prefactor"), ({"g": 1j}, "g")])
def test_bad_input(kw, name):
    args = {"h": 0.5, "g": 10.0} | kw
    with pytest.raises(ValueError, match=name):
        droplet_density(**args)
    with pytest.raises(ValueError, match=name):
        log_droplet_density(**args)


def test_typical_distance_log_form_and_no_silent_inf():
    with pytest.warns(RangeWarning, match="log_typical_distance"):  # L_d ~ exp(2.9e9): beyond float64
        assert typical_distance(1.0, 1e4, ratio=RATIO) == np.inf
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        lt = log_typical_distance(1.0, 1e4, ratio=RATIO)
        assert lt == -0.5 * log_droplet_density(1.0, 1e4, ratio=RATIO) and np.isfinite(lt)
        # rho underflows (x = 48) but L_d = rho^-1/2 ~ 1e250 is representable
        x = 48.0
        ld = typical_distance(1.0, x / RATIO, ratio=RATIO)
        with mpmath.workdps(40):
            ref = float(density_ref(mpmath.mpf(1), mpmath.mpf(x / RATIO)) ** -0.5)
        assert np.isfinite(ld) and ld == pytest.approx(ref, rel=x * x * 2.2e-16)


@pytest.mark.parametrize("fn", [droplet_density, typical_distance, log_typical_distance])
def test_regime_warning_points_at_the_callers_line(fn):
    with pytest.warns(RegimeWarning) as rec:
        fn(0.01, 1.0)
    assert rec[0].filename == __file__


def test_first_call_needs_no_droplet_solve():
    import subprocess
    import sys
    code = ("import sys, warnings, numerics as nm; warnings.simplefilter('ignore'); nm.droplet_density(0.1, 3.0); "
            "nm.amplitude_pdf(0.1, 3.0); nm.amplitude_cdf_exact(0.1, 3.0, 0.5); print('numerics.droplet' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "False"
