"""Eqs. 5-15: the density derivation, its errata, and the droplet density against quadrature."""
import warnings

import mpmath
import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings, strategies as st

from derivations import get
from derivations.density import errata
from derivations.symbols import g, h
from numerics import RegimeWarning, droplet_density, log_droplet_density, log_typical_distance, typical_distance
from numerics.reference.density import CASES, RATIO, density_ref
from numerics.verification import run_case

pos = st.floats(1e-6, 1e3)


@pytest.fixture(scope="module")
def derivation():
    return get("density")


def test_every_step_checks(derivation):
    report = derivation.check()
    assert report and all(o.ok for _, o in report)
    labels = {s.label for s, _ in report}
    assert {"Eq. 7", "Eq. 8", "Eq. 10", "Eq. 13", "Eq. 14", "Eq. 15"} <= labels


def test_density_result_is_eq15(derivation):
    from derivations.special import GaussianTail
    from derivations.symbols import xi0
    ratio, pref = sp.symbols("ratio prefactor", positive=True)
    expected = pref * h / xi0**2 * GaussianTail(ratio * g * sp.sqrt(h))
    assert sp.simplify(derivation.results["density"] - expected) == 0
    assert derivation.results["L0_over_Lf_sq"] == 2


@pytest.mark.parametrize("e", errata(), ids=lambda e: e.equation)
def test_errata_are_proved(e):
    assert e.check() is True


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_against_quadrature(case):
    r = run_case(case)
    assert r.ok, f"{case.name}: {r.worst_ulps:.2f} ulps at {r.worst_point} ({case.why})"


def test_deep_tail_log_density():
    # x = 4.8 * 1e4 * 10 = 4.8e5: the density underflows, its log agrees with quadrature
    assert droplet_density(100.0, 1e4, ratio=RATIO) == 0.0
    with mpmath.workdps(40):
        from numerics.reference.density import log_density_ref
        ref = float(log_density_ref(mpmath.mpf(100), mpmath.mpf(10000)))
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
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert typical_distance(100.0, 1e4, ratio=RATIO) == np.inf  # L_d ~ exp(2.9e10): beyond float64
        lt = log_typical_distance(100.0, 1e4, ratio=RATIO)
        assert lt == -0.5 * log_droplet_density(100.0, 1e4, ratio=RATIO) and np.isfinite(lt)
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
