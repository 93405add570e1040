"""Eq. 19 and the dirty limit: derivation, exact quadrature vs the derived asymptotics, bad input."""
import warnings

import mpmath
import numpy as np
import pytest
import sympy as sp

from derivations import get
from derivations.symbols import E_Z, r
from numerics import RegimeWarning
from numerics.pair_correlation import (amplitude_asymptotic, pair_correlation_clean_2d,
                                       pair_correlation_clean_2d_asymptotic, pair_correlation_dirty_2d,
                                       pair_correlation_linearized_2d)
from numerics.reference.pair_correlation import CASES, dirty_proper_time_ref
from numerics.verification import run_case

H = 0.3


@pytest.fixture(scope="module")
def derivation():
    return get("pair_correlation")


@pytest.fixture(scope="module")
def exact():
    """K(r, 0.3) at 20 digits on a doubling ladder of r (~0.2 s each for r >= 100)."""
    return {rv: pair_correlation_clean_2d(rv, H, dps=20) for rv in (100, 200, 400, 800)}


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_against_mpmath(case):
    res = run_case(case)
    assert res.ok, f"{case.name}: {res.worst_ulps:.2f} ulps at {res.worst_point} ({case.why})"


def test_quadrature_is_converged_to_the_requested_digits(exact):
    # a second run at 35 digits is a different tanh-sinh/Gauss-Legendre grid and working precision
    for rv in (100, 800):
        hi = pair_correlation_clean_2d(rv, H, dps=35)
        assert abs(exact[rv] - hi) <= mpmath.mpf(10) ** -20 * abs(hi) * 2
    val, err = pair_correlation_clean_2d(1000, H, dps=15, error=True)
    assert err < 1e-25 * abs(val)


def test_deviation_from_asymptotics_shrinks_like_one_over_r(exact):
    amp = amplitude_asymptotic(H)
    q = mpmath.sqrt(1 + H) - mpmath.sqrt(1 - H)
    dev = {rv: abs(v * rv**2 / amp - mpmath.cos(q * rv)) for rv, v in exact.items()}
    # O(1/r): r * dev stays between fixed bounds while dev itself falls by 8x over the ladder
    scaled = [rv * d for rv, d in dev.items()]
    assert max(scaled) < 1 and max(scaled) / min(scaled) < 3
    assert dev[800] < dev[100] / 4


def test_float_asymptotic_matches_derived_expression(derivation):
    f = sp.lambdify((r, E_Z), derivation.results["K_asymptotic"], "mpmath")
    for rv, hv in [(100.0, 0.3), (1e4, 1e-3), (60.0, 0.8)]:
        with mpmath.workdps(30):
            want = f(mpmath.mpf(rv), mpmath.mpf(hv))
            envelope = amplitude_asymptotic(hv) / rv**2  # absolute scale: cos(q r) may be near a zero
        assert abs(pair_correlation_clean_2d_asymptotic(rv, hv) - want) <= 1e-13 * envelope


def test_no_cancellation_at_small_field():
    # q = k+ - k- would lose ~log10(1/h) digits; the generated form uses 2 h/(k+ + k-)
    hv, rv = 1e-9, 3e8
    with mpmath.workdps(40):
        want = float(amplitude_asymptotic(mpmath.mpf(hv)) * mpmath.cos(2 * mpmath.mpf(hv) * rv / (
            mpmath.sqrt(1 + mpmath.mpf(hv)) + mpmath.sqrt(1 - mpmath.mpf(hv)))) / rv**2)
    assert abs(pair_correlation_clean_2d_asymptotic(rv, hv) / want - 1) < 1e-12


def test_route_two_is_exactly_the_linearized_form():
    nu = 1 / (4 * mpmath.pi)
    for rv in (1, 30, 300):
        val = pair_correlation_linearized_2d(rv, 0.1, dps=20)
        want = nu * mpmath.cos(0.1 * rv) / (2 * mpmath.pi * rv**2)
        assert abs(val - want) < 1e-14 * nu / rv**2


@pytest.mark.parametrize("hv", [0.01, 0.05])
def test_routes_agree_at_small_field(hv):
    # route 1 amplitude / route 2 amplitude = 1 + O(h^2); wavenumbers q / Q0 = 1 + O(h^2)
    amp1 = amplitude_asymptotic(hv)
    amp2 = 1 / (8 * mpmath.pi**2)
    q = 2 * hv / (mpmath.sqrt(1 + hv) + mpmath.sqrt(1 - hv))
    assert abs(amp1 / amp2 - 1) < hv**2 and abs(q / hv - 1) < hv**2


def test_exact_quadrature_approaches_route_two_at_small_field():
    hv, rv = 0.01, 250  # Q0 r = 2.5, away from a zero of the cosine
    val = pair_correlation_clean_2d(rv, hv, dps=12)
    assert abs(val / (mpmath.cos(hv * rv) / (8 * mpmath.pi**2 * rv**2)) - 1) < 0.02


def test_dirty_closed_form_properties():
    # r -> 0: K_d -> nu/(pi r^2) (Re u0 K1(u0) -> 1); sign changes; decay exp(-r sqrt(h/D))
    nu = 1 / (4 * np.pi)
    assert pair_correlation_dirty_2d(1e-6, 0.3) == pytest.approx(nu / (np.pi * 1e-12), rel=1e-9)
    rr = np.linspace(1, 40, 4000)
    k = pair_correlation_dirty_2d(rr, 0.5, D=2.0)
    assert np.count_nonzero(np.diff(np.sign(k))) >= 3
    # D enters only through r/sqrt(D)
    assert pair_correlation_dirty_2d(3.0, 0.4, D=4.0) * 4 == pytest.approx(pair_correlation_dirty_2d(1.5, 0.4), rel=1e-14)


def test_dirty_deep_tail_is_tiny_not_nan():
    with mpmath.workdps(30):
        want = dirty_proper_time_ref(500.0, 0.9, 0.5)
    got = pair_correlation_dirty_2d(500.0, 0.9, D=0.5)
    assert np.isfinite(got) and abs(got - float(want)) <= 1e-280


def test_broadcasting_and_regime_warning():
    out = pair_correlation_clean_2d_asymptotic(np.array([[100.0], [200.0]]), np.array([0.1, 0.2, 0.3]))
    assert out.shape == (2, 3) and out.dtype == np.float64
    assert isinstance(pair_correlation_clean_2d_asymptotic(100.0, 0.3), float)
    with pytest.warns(RegimeWarning, match="large-r"):
        pair_correlation_clean_2d_asymptotic(5.0, 0.3)
    with pytest.warns(RegimeWarning):  # r large but h -> 1 closes the gap k_-
        pair_correlation_clean_2d_asymptotic(100.0, 0.95)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        pair_correlation_clean_2d_asymptotic(np.array([100.0, 20.0]), np.array([0.5, 0.1]))  # each r(1-h) >= 10
    assert pair_correlation_dirty_2d(np.ones((3, 1)), np.ones(4), D=np.ones(4)).shape == (3, 4)


@pytest.mark.parametrize("call, name", [
    (lambda: pair_correlation_clean_2d(100, 1.0), "zeeman"),
    (lambda: pair_correlation_clean_2d(100, 0.0), "zeeman"),
    (lambda: pair_correlation_clean_2d(-1, 0.3), "r"),
    (lambda: pair_correlation_clean_2d(100, 0.3, dps=2), "dps"),
    (lambda: pair_correlation_clean_2d(np.array([1.0, 2.0]), 0.3), "r"),
    (lambda: pair_correlation_clean_2d_asymptotic([100.0, np.nan], 0.3), "r"),
    (lambda: pair_correlation_clean_2d_asymptotic(100.0, 1.5), "zeeman"),
    (lambda: pair_correlation_clean_2d_asymptotic(100.0 + 1j, 0.3), "r"),
    (lambda: pair_correlation_dirty_2d(1.0, -0.1), "zeeman"),
    (lambda: pair_correlation_dirty_2d(1.0, 0.1, D=0.0), "D"),
    (lambda: pair_correlation_dirty_2d([0.0, 1.0, -2.0], 0.1), "r"),
    (lambda: pair_correlation_linearized_2d(10, np.inf), "zeeman"),
    (lambda: amplitude_asymptotic(np.array([0.1, 0.2])), "zeeman"),
    (lambda: pair_correlation_clean_2d(np.array([[1.0]]), 0.3), "r"),
])
def test_bad_input_names_the_parameter(call, name):
    with pytest.raises(ValueError, match=rf"^{name} must"):
        call()


def test_zero_d_arrays_and_numpy_scalars_are_scalars():
    # issue 12: pair_correlation_clean_2d(np.array(100.0), 0.3) raised a raw TypeError
    want = pair_correlation_clean_2d(100.0, 0.3, dps=15)
    assert pair_correlation_clean_2d(np.array(100.0), np.array(0.3), dps=15) == want
    assert pair_correlation_clean_2d(np.float32(100.0), np.float64(0.3), dps=15) == want
    assert pair_correlation_linearized_2d(np.array(3.0), np.float64(0.1), dps=15) == pair_correlation_linearized_2d(3.0, 0.1, dps=15)
    assert amplitude_asymptotic(np.array(0.3)) == amplitude_asymptotic(0.3)
    with mpmath.workdps(30):  # an mpf keeps its digits
        assert amplitude_asymptotic(mpmath.mpf(1) / 3) != amplitude_asymptotic(float(mpmath.mpf(1) / 3))


def test_small_r_keeps_the_requested_digits():
    # issue 12: at r = 1e-3 the quadrature returned 12665.1462914... (5.6e-10 relative error) with no warning
    from numerics.certified import pair_correlation_clean_2d_certified
    want = pair_correlation_clean_2d_certified(1e-3, 0.5, dps=20)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = pair_correlation_clean_2d(1e-3, 0.5, dps=10)
    assert abs(got - want.mid) <= mpmath.mpf(10) ** -10 * abs(want.mid)


def test_array_error_counts_bad_elements():
    with pytest.raises(ValueError, match="2 of 3 elements"):
        pair_correlation_dirty_2d([0.0, 1.0, -2.0], 0.1)


# --- properties over the whole domain (hypothesis) ---------------------------------------------------

from hypothesis import given, settings, strategies as st  # noqa: E402

_h = st.floats(1e-6, 0.99)


@settings(max_examples=200, deadline=None)
@given(h=_h, s=st.floats(1.01, 1e4))
def test_asymptotic_form_is_bounded_by_its_envelope(h, s):
    rv = 10 * s / (1 - h)  # inside the regime r (1 - h) >= 10
    env = float(amplitude_asymptotic(h))
    assert abs(rv**2 * pair_correlation_clean_2d_asymptotic(rv, h)) <= env * (1 + 8 * np.finfo(float).eps)


@settings(max_examples=200, deadline=None)
@given(rv=st.floats(1e-3, 300.0), h=st.floats(1e-4, 10.0), D=st.floats(0.01, 100.0))
def test_dirty_form_depends_on_r_over_sqrt_D(rv, h, D):
    # K_d(r, h, D) = K_d(r/sqrt(D), h, 1)/D exactly; compare on the scale of the envelope nu/(pi r^2) |u0 K1(u0)|
    import scipy.special as sc
    u0 = (1 + 1j) * rv * np.sqrt(h / D)
    env = abs(u0 * sc.kv(1, u0)) / (4 * np.pi**2 * rv**2)
    a = pair_correlation_dirty_2d(rv, h, D=D)
    b = pair_correlation_dirty_2d(rv / np.sqrt(D), h) / D
    assert abs(a - b) <= 1e-12 * env * (1 + abs(u0))


@settings(max_examples=30, deadline=None)
@given(rv=st.floats(10.0, 1e5), h=_h)
def test_generated_asymptotics_agree_with_the_mpmath_reference(rv, h):
    from numerics.reference.conditions import clean_asymptotic
    from numerics.reference.pair_correlation import clean_asymptotic_ref
    from numerics.verification import bound, ulps
    if rv * (1 - h) < 10:
        return
    with mpmath.workdps(40):
        want = clean_asymptotic_ref(mpmath.mpf(rv), mpmath.mpf(h))
        tol = bound(pair_correlation_clean_2d_asymptotic) * (1 + clean_asymptotic(rv, h))  # the docstring's bound
        assert ulps(pair_correlation_clean_2d_asymptotic(rv, h), want) <= tol
