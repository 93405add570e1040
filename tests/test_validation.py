"""Input validation shared by all public functions."""
import numpy as np
import pytest
from hypothesis import given, strategies as st

from numerics.validation import digits, finish, positive, real_array, scalar


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_positive_accepts_exactly_the_finite_positive_floats(v):
    ok = np.isfinite(v) and v > 0
    if ok:
        assert positive("p", v) == v
    else:
        with pytest.raises(ValueError, match=r"p must be finite and in \(0\.0, inf\)"):
            positive("p", v)


@pytest.mark.parametrize("kw, v, good", [
    ({"low": 0.0, "high": 1.0, "low_open": True, "high_open": True}, 1.0, False),
    ({"low": 0.0, "high": 1.0, "low_open": True, "high_open": True}, 0.5, True),
    ({"low": 0.0, "high": 1.0}, 1.0, True),
    ({"low": 0.0, "allow_inf": True}, np.inf, True),
    ({"low": 0.0, "allow_inf": True}, np.nan, False),
    ({}, -np.inf, False),
    ({"allow_inf": True}, -np.inf, True),
])
def test_interval_openness(kw, v, good):
    if good:
        real_array("v", v, **kw)
    else:
        with pytest.raises(ValueError, match="v must be"):
            real_array("v", v, **kw)


def test_messages():
    with pytest.raises(ValueError, match="must be real"):
        positive("g", 1 + 2j)
    with pytest.raises(ValueError, match="dtype"):
        positive("g", "abc")
    with pytest.raises(ValueError, match="3 of 5 elements"):
        positive("g", [1.0, 0.0, -1.0, np.nan, 2.0])
    with pytest.raises(ValueError, match="scalar"):
        scalar("c3", [1.0, 2.0])
    for bad in (14, 201, 30.0, True, "30"):
        with pytest.raises(ValueError, match=r"dps must be an integer in \[15, 200\]"):
            digits("dps", bad)


def test_finish_returns_numpy_scalars_for_0d():
    assert isinstance(finish(np.asarray(2.0)), np.float64)
    assert finish(np.ones(3)).shape == (3,)
    assert positive("x", [1, 2]).dtype == np.float64  # integers are accepted and promoted


def test_booleans_are_rejected_as_numbers():
    for bad in (True, False, np.bool_(True), [True, False]):
        with pytest.raises(ValueError, match="boolean"):
            real_array("x", bad)
    with pytest.raises(ValueError, match="c3"):
        scalar("c3", True)


def test_blockwise_scalar_equals_array_element():
    from numerics.validation import blockwise
    fn = lambda r, h: np.real(np.sqrt(h) * r * (1 + 1j) * (0.3 - 2.1j))  # noqa: E731 (complex products)
    for r in np.linspace(0.1, 50, 200):
        assert blockwise(fn, np.asarray(r), np.asarray(0.303)) == blockwise(fn, np.array([r, 1.0]), 0.303)[0]
