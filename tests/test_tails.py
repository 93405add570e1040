"""The Gaussian tail Q (the paper's "erfc") and its log: quadrature reference, properties, bad input."""
import warnings

import mpmath
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from numerics import gaussian_tail, log_gaussian_tail
from numerics.reference.tails import CASES, log_tail_ref, tail_ref
from numerics.verification import run_case

finite = st.floats(-1e300, 1e300, allow_nan=False)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_against_quadrature(case):
    r = run_case(case)
    assert r.ok, f"{case.name}: {r.worst_ulps:.2f} ulps at {r.worst_point} ({case.why})"


def test_paper_definition_is_not_the_standard_erfc():
    # the definition after Eq. 8: erfc(x) = int_x^oo e^{-t^2/2}/sqrt(2 pi); standard erfc(1) = 0.157...
    assert gaussian_tail(1.0) == pytest.approx(0.15865525393145707, rel=1e-15)
    assert abs(gaussian_tail(1.0) - 0.15729920705028513) > 1e-3


def test_deep_tail_log_stays_finite():
    x = np.array([40.0, 1e3, 1e6, 1e8])
    assert np.all(gaussian_tail(x[:1]) < 1e-300)
    with mpmath.workdps(40):
        for v, ref in zip(log_gaussian_tail(x), [log_tail_ref(mpmath.mpf(t)) for t in x]):
            assert abs(v - float(ref)) <= 8 * np.spacing(abs(float(ref)))


def test_infinities_and_scalars():
    assert gaussian_tail(np.inf) == 0.0 and gaussian_tail(-np.inf) == 1.0
    assert log_gaussian_tail(np.inf) == -np.inf and log_gaussian_tail(-np.inf) == 0.0
    assert isinstance(gaussian_tail(0.5), float) and gaussian_tail(0.0) == 0.5


@given(finite)
def test_reflection(x):
    # Q(x) + Q(-x) = 1; the smaller of the two carries the accuracy, so compare in the larger one
    assert abs(gaussian_tail(x) + gaussian_tail(-x) - 1.0) <= 2.3e-16


@given(finite, finite)
def test_monotone_decreasing(x, y):
    lo, hi = min(x, y), max(x, y)
    assert gaussian_tail(lo) >= gaussian_tail(hi)
    assert log_gaussian_tail(lo) >= log_gaussian_tail(hi)


@given(st.floats(-37.0, 37.0))
def test_log_equals_log_of_linear(x):
    q = gaussian_tail(x)
    assert log_gaussian_tail(x) == pytest.approx(np.log(q), rel=8 * 2.2e-16, abs=8 * 2.2e-16)


@settings(max_examples=30, deadline=None)
@given(st.floats(-30.0, 30.0))
def test_generated_code_matches_quadrature(x):
    with mpmath.workdps(30):
        ref = tail_ref(mpmath.mpf(x))
    assert abs(gaussian_tail(x) - float(ref)) <= 4 * np.spacing(float(ref))


def test_broadcasting_and_dtype():
    x = np.linspace(-3, 3, 12).reshape(3, 4)
    out = gaussian_tail(x)
    assert out.shape == (3, 4) and out.dtype == np.float64
    assert gaussian_tail(np.float32(1.0)) == gaussian_tail(1.0)
    assert gaussian_tail([1, 2]).dtype == np.float64


@pytest.mark.parametrize("bad", [np.nan, 1j, "a", [1.0, np.nan, np.nan]])
def test_bad_input(bad):
    with pytest.raises(ValueError, match="x must"):
        gaussian_tail(bad)
    with pytest.raises(ValueError, match="x must"):
        log_gaussian_tail(bad)


def test_array_error_counts_bad_elements():
    with pytest.raises(ValueError, match="2 of 3 elements"):
        gaussian_tail([1.0, np.nan, np.nan])


def test_edges_of_issue_13():
    # subnormals are representable results: Q(38.47) = 4.9e-324, log Q(-38) = -2.9e-316 (both by mpmath)
    assert gaussian_tail(38.47) == 5e-324 and gaussian_tail(38.4) == 6.4e-323
    assert log_gaussian_tail(-38.0) == pytest.approx(-2.885428351e-316, rel=1e-9)
    # -x^2/2 is representable up to x = 1.896e154; it overflows (correctly) beyond
    assert log_gaussian_tail(1.8e154) == pytest.approx(-1.62e308, rel=1e-15)
    assert log_gaussian_tail(2e154) == -np.inf
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no raw NumPy RuntimeWarning from either branch
        gaussian_tail([-40.0, 2.0, np.inf, -np.inf])
        log_gaussian_tail([-40.0, 2.0, np.inf, -np.inf, 1e300])


@pytest.mark.parametrize("fn", [gaussian_tail, log_gaussian_tail])
def test_booleans_are_not_numbers(fn):
    with pytest.raises(ValueError, match="boolean"):
        fn(True)
    with pytest.raises(ValueError, match="boolean"):
        fn(np.array([True, False]))


@given(finite)
def test_scalar_and_array_are_bit_identical(x):
    for fn in (gaussian_tail, log_gaussian_tail):
        a, b = fn(x), fn(np.array([x, 1.0, -3.0]))[0]
        assert a == b or (np.isnan(a) and np.isnan(b))
