"""Accurate float64 kernels that the generated code calls (no SymPy, no mpmath).

The four kernels, vectorized, for every real (complex for ``z_besselk1``) argument:

* ``scaled_gaussian_tail(x)`` S(x) = exp(x^2/2) Q(x) = erfcx(x/sqrt 2)/2,
* ``gaussian_tail(x)`` Q(x) = erfc(x/sqrt 2)/2 = S(x) exp(-x^2/2),
* ``log_gaussian_tail(x)`` log Q(x),
* ``z_besselk1(z)`` z K1(z).

Why not SciPy's kernels (measured against 40-digit mpmath, 3000 points each): ``erfcx`` is off by
up to 4.2 ulps on z in [0.5, 1] and 3.5 on [1, 3]; ``erfc`` by 4.3 on [0.5, 1] and 1e13 past z = 10;
``ndtr(-x)`` turns the rounding of x/sqrt 2 into ~x^2 ulps; ``log_ndtr`` loses ~x^2 ulps for x < 0.
So S is read from a Taylor table (``numerics/_tail_table.py``, nodes k/8 on [0, 40], S as a
double-double, 11 relative Taylor coefficients; generator and provenance in
``numerics/reference/tail_table.py``) and, beyond x = 40, from its asymptotic series (8 terms: the
next is < 1e-17 relative).  exp(-x^2/2) is evaluated with x^2/2 split exactly (Dekker) into a head
h^2/2 (exact) and a small tail b (|b| < 2^-26 x^2/2, exp(-b) by its cubic Taylor polynomial, error
< 1e-21).  For x < 0 the reflection Q(x) = 1 - Q(-x) has no cancellation (Q(-x) <= 1/2), and
log Q(x) = log1p(-Q(-x)).  Measured bounds: in the docstrings of the public wrappers
(``numerics.tails``) and of ``scaled_gaussian_tail``, enforced by ``tests/test_dense_accuracy.py``.
"""
import numpy as np

from ._tail_table import STEP, TABLE, TERMS, X_MAX

NEAR_TERMS = 11  # Taylor terms for |d| <= 1/16 (truncation < 1e-18 relative); all TERMS for divided differences

_LN2_HI = 6.93147180369123816490e-01  # ln 2 to 32 bits: k * _LN2_HI is exact for |k| < 2^21 (fdlibm)
_LN2_LO = 1.90821492927058770002e-10  # ln 2 - _LN2_HI
_LN2 = 0.6931471805599453
_SPLIT = 134217729.0  # 2^27 + 1: Dekker splitting of a double into two 26-bit halves
_INV_SQRT_2PI = 0.3989422804014327
_DEEP = 37.5  # above this |x|, exp(-x^2/2) < 1e-305: take it as a product of two exps (no early underflow)
# one row per coefficient (hi, lo, a_1, ...): each is a short contiguous array, cheap to gather from
_TT = np.ascontiguousarray(np.array(TABLE.split(), dtype=np.float64).reshape(-1, TERMS + 2).T)


def _half_square(a):
    """(h, b) with h + b = a^2/2 exactly, h = hi^2/2 for the 26-bit head hi of a (0 <= a <= X_MAX)."""
    hi = _SPLIT * a
    hi -= hi - a
    lo = a - hi
    return 0.5 * hi * hi, hi * lo + 0.5 * lo * lo


def _scaled_table(a, b=None):
    """S(a) exp(-b) for 0 <= a <= X_MAX, |b| < 1e-5 (b = None: S(a)) from the Taylor table.

    S = hi + (lo + hi c) with c = sum a_n d^n, so only the last addition rounds at full size
    (<= 0.51 ulp measured); the factor exp(-b) joins the small correction c the same way."""
    k = np.rint(a * STEP).astype(np.intp)
    d = a - k * (1.0 / STEP)  # exact: k/STEP is a short dyadic next to a
    p = _TT[NEAR_TERMS + 1].take(k)
    for n in range(NEAR_TERMS - 1, 0, -1):
        p *= d
        p += _TT[n + 1].take(k)
    p *= d
    if b is not None:  # (1 + c) exp(-b) - 1 = c + e + c e, e = expm1(-b) to O(b^4) < 1e-21
        e = -b * (1.0 - b * (0.5 - b / 6.0))
        p += e + p * e
    hi = _TT[0].take(k)
    p *= hi
    p += _TT[1].take(k)
    return p + hi


def log_scaled_ratio(x, u):
    """log(S(x + u)/S(x)) for 0 <= x, 0 <= u <= 1/4, x + u/2 <= X_MAX - 1/16, without cancellation.

    Both points are expanded at the node x_k next to x + u/2: S(x_k + d) = S_k (1 + sum a_n d^n), so
    S(x + u) - S(x) = S_k u sum a_n D_n with the divided differences D_n = ((d1 + u)^n - d1^n)/u
    (D_1 = 1, D_n = d2 D_(n-1) + d1^(n-1)), and the log is log1p of that over S(x)."""
    k = np.rint((x + 0.5 * u) * STEP).astype(np.intp)
    d1 = x - k * (1.0 / STEP)
    # powers of |d| < 1e-20 would go subnormal (100x slower arithmetic); moving x or x + u by < 1e-20
    # changes the result by a relative ~1e-20 |lambda'/lambda|
    d1 = np.where(np.abs(d1) < 1e-20, 0.0, d1)
    d2 = d1 + u
    d2 = np.where(np.abs(d2) < 1e-20, 0.0, d2)
    diff = _TT[2].take(k)  # n = 1: D_1 = 1
    c1 = diff * d1
    D, p1 = d1 + d2, d1 * d1  # D_2, d1^2
    t = np.empty_like(d1)
    for n in range(2, TERMS + 1):  # in place: ~2x faster than fresh temporaries on a block
        a = _TT[n + 1].take(k)
        diff += np.multiply(a, D, out=t)
        c1 += np.multiply(a, p1, out=t)
        D *= d2
        D += p1
        p1 *= d1
    hi = _TT[0].take(k)
    s_x = hi + (_TT[1].take(k) + hi * c1)
    return np.log1p(hi * u * diff / s_x)


def _scaled_asymptotic(a):
    """S(a) = phi(a)/a-type series for a >= X_MAX: (1/(a sqrt(2 pi))) sum (-1)^n (2n-1)!! a^-2n."""
    y = 1.0 / a
    with np.errstate(under="ignore"):
        t = y * y
    p = 1.0
    for n in range(8, 0, -1):
        p = 1.0 - (2 * n - 1) * t * p
    return (_INV_SQRT_2PI * y) * p


def _positive_part(x):
    """(a, nan) with a = |x| clipped to X_MAX (NaN replaced by 0 so the table lookup stays valid)."""
    a = np.minimum(np.abs(x), X_MAX)
    nan = a != a
    if nan.any():
        a = np.where(nan, 0.0, a)
    return a, nan


def exp_neg_parts(t):
    """(m, k) with exp(-t) = m 2^-k, m in [0.7, 1.42], k integer (float array): Cody-Waite reduction
    r = t - k ln 2 with k ln 2 split into an exact head and a tail, so m = exp(-r) is as accurate as
    exp of an O(1) argument whatever the size of exp(-t) (|t| <= 1e6; no under/overflow)."""
    t = np.clip(t, -1e6, 1e6)
    k = np.rint(t * (1 / _LN2))
    return np.exp(-((t - k * _LN2_HI) - k * _LN2_LO)), k


def _tail_nonneg(s, h):
    """Q(a) = s exp(-h) for 0 <= a <= X_MAX, (s, h) from :func:`_scaled_parts`; representable
    subnormals are kept (Q(38.4) = 6.4e-323): past _DEEP exp(-h) = m 2^-k (:func:`exp_neg_parts`) and
    Q = ldexp(s m, -k), one rounding into the subnormal range (two halves exp(-h/2)^2, used before,
    rounded twice: 1.98 ulps measured at x = 37.5)."""
    deep = h > 0.5 * _DEEP * _DEEP
    out = s * np.exp(-h)
    if deep.any():  # on the deep points only (x > 37.5 is often a small share of an array)
        out = np.array(out, copy=True)
        idx = np.flatnonzero(deep)
        hs, ss = h.reshape(-1)[idx], np.broadcast_to(s, h.shape).reshape(-1)[idx]
        m, k = exp_neg_parts(hs)
        out.reshape(-1)[idx] = np.ldexp(ss * m, -k.astype(np.int64))
    return out


def tail_parts(x):
    """(m, k) with Q(x) = m 2^-k (m normal, k integer as float) for real x <= X_MAX, no underflow:
    the mantissa-exponent form of the Gaussian tail that products like h Q(x)/xi0^2 need when Q(x)
    alone would underflow (x > 38.5) but the product does not."""
    x = np.asarray(x, dtype=np.float64)
    a, _ = _positive_part(x)
    s, h = _scaled_parts(a)
    m, k = exp_neg_parts(h)
    m = s * m
    neg = x < 0
    if neg.any():
        m = np.where(neg, 1.0 - _tail_nonneg(s, h), m)
        k = np.where(neg, 0.0, k)
    return m, k


def _scaled_parts(a):
    """(S(a) exp(-b), h) with h + b = a^2/2, h exact, so that Q(a) = S(a) exp(-h - b)."""
    h, b = _half_square(a)
    return _scaled_table(a, b), h


def gaussian_tail(x):
    """Q(x) = erfc(x/sqrt 2)/2 for all real x (+-inf included); NaN propagates."""
    x = np.asarray(x, dtype=np.float64)
    a, nan = _positive_part(x)
    q = _tail_nonneg(*_scaled_parts(a))
    out = np.where(x < 0, 1.0 - q, q)
    return np.where(nan, np.nan, out) if nan.any() else out


def log_gaussian_tail(x):
    """log Q(x) for all real x: log1p(-Q(-x)) for x < 0 (Q(-x) <= 1/2), log(S(x) exp(-b)) - h for x >= 0."""
    x = np.asarray(x, dtype=np.float64)
    a, nan = _positive_part(x)
    s, h = _scaled_parts(a)
    out = np.log(s) - h
    neg = x < 0
    if neg.any():
        out = np.where(neg, np.log1p(-_tail_nonneg(s, h)), out)
    far = x > X_MAX
    if far.any():  # the series; -(x/2) x overflows to -inf only where the true value does (x > 1.9e154)
        xf = np.where(far, x, 2 * X_MAX)
        with np.errstate(over="ignore", divide="ignore"):  # x = inf: log(0) - inf = -inf, as it should
            out = np.where(far, np.log(_scaled_asymptotic(xf)) - (0.5 * xf) * xf, out)
    return np.where(nan, np.nan, out) if nan.any() else out


def scaled_gaussian_tail(x):
    """S(x) = exp(x^2/2) Q(x) = erfcx(x/sqrt 2)/2 for all real x (inf where it overflows, x < -37.7).

    Accuracy: <= 3.5 ulps (x < 0, from the exp of the reflection; the table part <= 0.55)
    (dense test: tests/test_dense_accuracy.py)."""
    x = np.asarray(x, dtype=np.float64)
    a, nan = _positive_part(x)
    out = _scaled_table(a)
    far = x > X_MAX
    if far.any():
        out = np.where(far, _scaled_asymptotic(np.where(far, x, 2 * X_MAX)), out)
    neg = x < 0
    if neg.any():  # S(x) = exp(x^2/2) - S(-x), S(-x) <= 1/2 <= exp(x^2/2)/2: no cancellation
        an = np.minimum(a, _DEEP + 1.0)
        h, b = _half_square(an)
        eb = 1.0 + b * (1.0 + b * (0.5 + b / 6.0))  # exp(b), |b| < 1e-5
        with np.errstate(over="ignore"):
            half = np.exp(0.5 * h)  # past _DEEP exp(h) may overflow where exp(h + b) does not
            e = np.where(an > _DEEP, (half * eb) * half, np.exp(h) * eb)
        e = np.where(np.abs(x) > _DEEP + 1.0, np.inf, e)  # exp(x^2/2) > 1e313 there
        out = np.where(neg, e - out, out)
    return np.where(nan, np.nan, out) if nan.any() else out


def z_besselk1(z):
    """z K1(z) for complex z, Re z > 0 (dirty-limit pair correlation), as (z kve(1, z)) exp(-z/2)^2.

    The exponentially scaled ``kve`` (SciPy/AMOS) keeps z K1(z) representable down to its subnormal
    range: ``kv`` itself returns 0 once |exp(-z)| < ~1e-300 (Re z > ~690) although z K1(z) ~ 1e-302
    is representable there.  Accuracy: <= 8 ulps of |z K1(z)| for z = (1 + i) t, t in [1e-4, 700]
    (dense test: tests/test_dense_accuracy.py; the real part alone is ill-conditioned near its zeros)."""
    import scipy.special as sc
    z = np.asarray(z, dtype=np.complex128)
    half = np.exp(-0.5 * z)  # two normal halves: exp(-z) itself would go subnormal before the product
    return ((z * sc.kve(1, z)) * half) * half
