"""mpmath reference for the Gaussian tail: quadrature of the defining integral (Eq. 8), not erfc.

Q(x) = int_x^oo exp(-t^2/2) dt / sqrt(2 pi).  For x >= 1 the substitution t = x + v/x gives
Q(x) = phi(x)/x int_0^oo exp(-v - v^2/(2 x^2)) dv, a smooth O(1) integrand at every x, so that
log Q(x) = -x^2/2 - log(x sqrt(2 pi)) + log(int ...) stays accurate up to x = 1e6 and beyond.
"""
import mpmath
import numpy as np

from numerics.tails import gaussian_tail, log_gaussian_tail
from numerics.verification import Case, bound


def _scaled_integral(x):
    return mpmath.quad(lambda v: mpmath.exp(-v - v * v / (2 * x * x)), [0, 1, 10, mpmath.inf])


def log_tail_ref(x):
    """log Q(x) by quadrature (working precision of the caller); for x < 0 as log1p(-Q(-x)), since
    log Q(x) ~ -Q(-x) is far below the working precision's resolution of Q(x) ~ 1."""
    if x < 0:
        return mpmath.log1p(-mpmath.exp(log_tail_ref(-x)))
    if x >= 1:
        return -x * x / 2 - mpmath.log(x * mpmath.sqrt(2 * mpmath.pi)) + mpmath.log(_scaled_integral(x))
    return mpmath.log(mpmath.quad(lambda t: mpmath.exp(-t * t / 2), [x, mpmath.inf]) / mpmath.sqrt(2 * mpmath.pi))


def tail_ref(x):
    """Q(x) by quadrature."""
    return mpmath.exp(log_tail_ref(x))


_X = sorted({float(v) for v in np.concatenate([-np.geomspace(1e-8, 38, 12), [0.0], np.geomspace(1e-8, 37, 14)])})
_XL = _X + [float(v) for v in np.geomspace(40, 1e7, 12)]
CASES = [
    Case("gaussian_tail", gaussian_tail, tail_ref, [(v,) for v in _X], bound(gaussian_tail),
         "the bound stated in the docstring (measured by tests/test_dense_accuracy.py)"),
    Case("log_gaussian_tail", log_gaussian_tail, log_tail_ref, [(v,) for v in _XL], bound(log_gaussian_tail),
         "the bound stated in the docstring (measured by tests/test_dense_accuracy.py)"),
]
