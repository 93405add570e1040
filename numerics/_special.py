"""Accurate float64 kernels that the generated code calls (no SymPy).

``gaussian_tail``: scipy's ``ndtr(-x)`` computes erfc(x/sqrt 2)/2 and the rounding of x/sqrt 2
costs ~x^2 ulps (about 1000 ulps at x = 37).  For x > 1 we use instead
Q(x) = erfcx(x/sqrt 2)/2 * exp(-x^2/2): the scaled erfcx varies slowly (rounding its argument costs
~1 ulp) and exp(-x^2/2) is evaluated with x^2/2 split exactly (Dekker) into a head, representable
without rounding, and a small tail.  Measured: <= 3 ulps for all x (tests/test_tails.py).
"""
import numpy as np
import scipy.special as sc

_SPLIT = 134217729.0  # 2^27 + 1: Dekker splitting of a double into two 26-bit halves
_SQRT1_2 = 0.7071067811865476


def gaussian_tail(x):
    """Q(x) = erfc(x/sqrt 2)/2 to a few ulps for every real x (see module docstring)."""
    x = np.asarray(x, dtype=np.float64)
    small = ~(x > 1.0)  # also NaN
    if small.all():
        return sc.ndtr(-x)
    xc = np.minimum(x, 40.0)  # Q underflows to 0 beyond x ~ 38.5; keeps inf out of the split
    with np.errstate(invalid="ignore"):  # -inf entries are replaced below (small branch)
        hi = _SPLIT * xc
        hi -= hi - xc  # head of x with 26 significant bits: hi*hi is exact
        lo = xc - hi
    b = hi * lo
    b += 0.5 * lo * lo  # x^2/2 = hi^2/2 + b exactly; |b| < 2^-26 x^2
    # exp(-b) by its Taylor polynomial: |b| < 1e-5 for x < 40, error b^4/24 < 1e-21
    eb = 1.0 - b * (1.0 - b * (0.5 - b / 6.0))
    out = sc.erfcx(xc * _SQRT1_2)
    out *= np.exp(-0.5 * hi * hi)
    out *= eb
    out *= 0.5
    if out.ndim == 0:
        return out  # a scalar > 1
    if small.any():
        out[small] = sc.ndtr(-x[small])
    return out


def z_besselk1(z):
    """z K1(z) for complex z (dirty-limit pair correlation): one call to scipy.special.kv."""
    return z * sc.kv(1, z)


def log_gaussian_tail(x):
    """log Q(x) for every real x."""
    return sc.log_ndtr(-np.asarray(x, dtype=np.float64))


def scaled_gaussian_tail(x):
    """Q(x) exp(x^2/2) = erfcx(x/sqrt 2)/2; never underflows."""
    return sc.erfcx(_SQRT1_2 * np.asarray(x, dtype=np.float64)) / 2
