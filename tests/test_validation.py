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


# ---------------------------------------------------------------- every public float64 function
import warnings  # noqa: E402

import mpmath  # noqa: E402

import numerics as nm  # noqa: E402

_RNG = np.random.default_rng(7)
_N = 120
# name: (function, positional argument arrays that cover the branches, keyword arrays)
_D = np.concatenate([np.linspace(0, 2, _N // 2), np.geomspace(1e-6, 30, _N // 2)])
PUBLIC = {
    "gaussian_tail": (nm.gaussian_tail, [np.linspace(-45, 45, _N)], {}),
    "log_gaussian_tail": (nm.log_gaussian_tail, [np.concatenate([np.linspace(-45, 45, _N - 4), [50, 1e3, 1e100, -0.0]])], {}),
    "droplet_length": (nm.droplet_length, [np.geomspace(1e-300, 1e300, _N), np.geomspace(1e-100, 1e100, _N)], {}),
    "tail_argument": (nm.tail_argument, [np.geomspace(1e-300, 1e300, _N), np.geomspace(1e-200, 1e200, _N)], {}),
    "droplet_density": (nm.droplet_density, [np.geomspace(1e-6, 1.0, _N), np.geomspace(0.5, 200, _N)],
                        {"xi0": np.geomspace(1e-100, 1e100, _N)}),
    "log_droplet_density": (nm.log_droplet_density, [np.geomspace(1e-6, 1.0, _N), np.geomspace(0.5, 2e3, _N)], {}),
    "typical_distance": (nm.typical_distance, [np.geomspace(1e-300, 1.0, _N), np.geomspace(0.5, 200, _N)], {}),
    "log_typical_distance": (nm.log_typical_distance, [np.geomspace(1e-6, 1.0, _N), np.geomspace(0.5, 2e3, _N)], {}),
    "amplitude_pdf": (nm.amplitude_pdf, [_D, np.geomspace(0.1, 1e3, _N)], {}),
    "log_amplitude_pdf": (nm.log_amplitude_pdf, [_D, np.geomspace(0.1, 1e3, _N)], {}),
    "amplitude_cdf": (nm.amplitude_cdf, [_D, np.geomspace(0.1, 1e3, _N)], {}),
    "amplitude_pdf_exact": (nm.amplitude_pdf_exact, [_D / 10, np.geomspace(0.5, 1e3, _N), np.geomspace(1e-3, 1, _N)], {}),
    "log_amplitude_pdf_exact": (nm.log_amplitude_pdf_exact, [_D / 10, np.geomspace(0.5, 1e3, _N),
                                                             np.geomspace(1e-3, 1, _N)], {}),
    # x > 39 (Gauss-Legendre hazard branch, where a BLAS product made scalar and array differ), and x <= 39
    "amplitude_cdf_exact": (nm.amplitude_cdf_exact, [np.geomspace(1e-4, 1e-2, _N), np.geomspace(5, 300, _N),
                                                     np.full(_N, 0.5)], {}),
    "pair_correlation_clean_2d_asymptotic": (nm.pair_correlation_clean_2d_asymptotic,
                                             [np.geomspace(10, 1e6, _N), np.linspace(0.01, 0.9, _N)], {}),
    "pair_correlation_dirty_2d": (nm.pair_correlation_dirty_2d, [np.geomspace(1e-3, 1e3, _N), np.linspace(0.01, 2, _N)], {}),
    "pair_correlation_dirty_2d_scaled": (nm.pair_correlation_dirty_2d_scaled,
                                         [np.geomspace(1e-3, 1e10, _N), np.linspace(0.01, 2, _N)], {}),
    "pair_correlation_clean_2d_exact": (nm.pair_correlation_clean_2d_exact,
                                        [np.geomspace(1e-2, 1e4, 24), np.linspace(0.05, 0.99, 24)], {}),
}


def _call(fn, args, kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", nm.RegimeWarning)
        warnings.simplefilter("ignore", nm.RangeWarning)
        return fn(*args, **kw)


def test_every_public_float64_function_is_listed():
    mp_routes = {"pair_correlation_clean_2d", "pair_correlation_linearized_2d", "pair_correlation_clean_2d_certified",
                 "optimal_droplet", "sample_amplitudes"}
    assert set(nm._PUBLIC) - mp_routes == set(PUBLIC)


@pytest.mark.parametrize("name", list(PUBLIC))
def test_scalar_equals_array_element(name):
    """Bit-identical: a 0-d input gives a NumPy scalar equal to the same element of the array call."""
    fn, args, kw = PUBLIC[name]
    arr = _call(fn, args, kw)
    assert arr.shape == args[0].shape and arr.dtype == np.float64
    for i in range(0, len(args[0]), 3 if len(args[0]) > 30 else 1):
        one = _call(fn, [a[i] for a in args], {k: v[i] for k, v in kw.items()})
        assert isinstance(one, np.float64)
        assert one == arr[i] or (np.isnan(one) and np.isnan(arr[i])), (name, i, one, arr[i])


@pytest.mark.parametrize("name", list(PUBLIC))
def test_errstate_raise_does_not_make_valid_calls_raise(name):
    fn, args, kw = PUBLIC[name]
    want = _call(fn, args, kw)
    with np.errstate(all="raise"):
        got = _call(fn, args, kw)
    np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("name", list(PUBLIC))
def test_nan_and_inf_inputs(name):
    """NaN is refused with the parameter's name and the index of the first bad element; inf is refused
    except where the domain allows it (the tails: Q(+-inf) = 0, 1); -0.0 behaves as +0.0."""
    fn, args, kw = PUBLIC[name]
    for j in range(len(args)):
        for bad in (np.nan, np.inf, -np.inf):
            a = [x[:5].copy() for x in args]
            a[j][3] = bad
            if name in ("gaussian_tail", "log_gaussian_tail") and np.isinf(bad):
                continue
            with pytest.raises(ValueError, match="index 3"):
                _call(fn, a, {k: v[:5] for k, v in kw.items()})
    if name in ("gaussian_tail", "log_gaussian_tail"):
        assert fn(np.inf) == (0.0 if name == "gaussian_tail" else -np.inf)
        assert fn(-np.inf) == (1.0 if name == "gaussian_tail" else 0.0)
        assert fn(-0.0) == fn(0.0)
        assert fn(-0.0) == (0.5 if name == "gaussian_tail" else np.log(0.5))
    elif name.startswith(("amplitude", "log_amplitude")):  # delta >= 0: -0.0 is the value 0
        a = [x[:2].copy() for x in args]
        a[0][:] = -0.0
        out = _call(fn, a, {})
        b = [x[:2].copy() for x in args]
        b[0][:] = 0.0
        ref = _call(fn, b, {})
        np.testing.assert_array_equal(out, ref)
        assert not np.signbit(out).any() or name.startswith("log")
    else:  # every argument must be > 0 (or in (0, 1)): -0.0 is refused
        a = [x[:2].copy() for x in args]
        a[0][1] = -0.0
        with pytest.raises(ValueError):
            _call(fn, a, {})


def test_bad_inputs_of_every_kind():
    for bad in ([1.0, True], [[0.5], [False]], (0.3, np.bool_(True))):
        with pytest.raises(ValueError, match="boolean"):
            nm.droplet_density(bad, 10.0)
    with pytest.raises(ValueError, match="masked"):
        nm.gaussian_tail(np.ma.masked_array([1.0, 2.0], mask=[0, 1]))
    with pytest.raises(ValueError, match=r"index 2"):
        nm.gaussian_tail([1.0, 2.0, np.nan])
    with pytest.raises(ValueError, match=r"index \(1, 0\)"):
        nm.amplitude_pdf(np.array([[0.1], [np.nan]]), 2.0)


def test_mpf_inputs_are_accepted_as_their_float64_values():
    assert nm.gaussian_tail(mpmath.mpf(2)) == nm.gaussian_tail(2.0)
    assert nm.log_gaussian_tail([mpmath.mpf(1), mpmath.mpf(3)]).tolist() == nm.log_gaussian_tail([1.0, 3.0]).tolist()
    assert nm.droplet_density(mpmath.mpf("0.25"), 4.0, ratio=2.0) == nm.droplet_density(0.25, 4.0, ratio=2.0)
    with pytest.raises(ValueError):
        nm.gaussian_tail(mpmath.mpc(1, 1))


@pytest.mark.parametrize("call, kind, match", [
    (lambda: nm.droplet_density(2.0, 3.0), nm.RegimeWarning, "Landau-Ginzburg"),
    (lambda: nm.amplitude_pdf_exact(0.1, 3.0, 5.0), nm.RegimeWarning, "Landau-Ginzburg"),
    (lambda: nm.droplet_density(0.9, 10.0), nm.RangeWarning, "log_droplet_density"),
    (lambda: nm.typical_distance(0.9, 300.0), nm.RangeWarning, "log_typical_distance"),
    (lambda: nm.pair_correlation_dirty_2d(1e4, 0.5), nm.RangeWarning, "pair_correlation_dirty_2d_scaled"),
])
def test_warnings_say_why(call, kind, match):
    with pytest.warns(kind, match=match):
        call()


def test_values_at_documented_extremes_are_finite_and_right():
    # intermediate overflow / underflow (the plain formulas gave +inf, inf, 0 and NaN here)
    assert nm.log_amplitude_pdf(1e-250, 1e300) == pytest.approx(-float(nm.amplitude._k.C_AMPLITUDE) * 1e100, rel=1e-15)
    assert nm.tail_argument(1e20, 1e300, ratio=1e-20) == pytest.approx(1e290, rel=1e-15)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", nm.RegimeWarning)
        with mpmath.workdps(30):
            # h/xi0^2 = 1e-250 (Q(x) ~ 1): a representable 1e-250, not 0; xi0 = 1e-200: not NaN
            ref = 1e-250 * mpmath.erfc(nm.tail_argument(1e-250, 1e125) / mpmath.sqrt(2)) / 2
            assert nm.droplet_density(1e-250, 1e125) == pytest.approx(float(ref), rel=1e-12)
            assert np.isfinite(nm.droplet_density(1e-250, 3e125, xi0=1e-120))
            assert np.isfinite(nm.log_droplet_density(0.5, 10.0, xi0=1e-200))
    assert nm.pair_correlation_dirty_2d_scaled(1e12, 0.5) != 0 and np.isfinite(nm.pair_correlation_dirty_2d_scaled(1e12, 0.5))
