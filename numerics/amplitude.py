"""Eqs. 16-17: the distribution of the droplet amplitude Delta (a peak gap, eta(0) = 1).

Eq. 17 (Rayleigh law):  P(Delta) = (2 C g^2 Delta/Delta0^2) exp(-C g^2 Delta^2/Delta0^2),
C = M/(c3 R0^2) = 2.40396996769494515709741270038 for the optimal droplet at c3 = 1
(:attr:`numerics.droplet.Droplet.C`).

Exact conditional law within the Gaussian model at the optimal droplet shape (Eq. 16 corrected, see
``python -m derivations errata``):  P_c(Delta) = (2 kappa Delta/Delta0^2) phi(x + kappa t)/Q(x),
t = Delta^2/Delta0^2, x = (B/A) g sqrt(h), kappa = C g/((B/A) sqrt(h)), so that x kappa = C g^2.
It tends to Eq. 17 with relative corrections (1 - tau^2/2)/x^2, tau = C g^2 t: Eq. 17 needs
x^2 = (B/A)^2 g^2 h >> 1.  The Rayleigh functions cannot know h; where g^2 h is not large, use the
exact ones (they hold for every x > 0 within the Gaussian model).  All of them rest on the
Landau-Ginzburg expansion in h << 1: the exact functions emit a :class:`~numerics.RegimeWarning` for
h > ``LG_MAX_H`` (1).
"""
from __future__ import annotations

import numpy as np

from . import _special
from ._generated import amplitude as _gen, constants as _k
from ._typing import ArrayLike, Float, NDArray
from .validation import blockwise, finish, positive, quiet, real_array, scalar, warn_regime

LG_MAX_H = 1.0  #: above this reduced field h the Landau-Ginzburg expansion (h << 1) is not controlled


def _constants(c3):
    """(B/A, C) at c3 as floats: the 30-digit constants of ``numerics._generated.constants`` (c3 = 1,
    correctly rounded) scaled by c3^(-1/2) and 1/c3 (<= 1.5 ulps otherwise); no droplet solve."""
    if c3 == 1.0:
        return _k.B_OVER_A, _k.C_AMPLITUDE
    return _k.B_OVER_A / np.sqrt(c3), _k.C_AMPLITUDE / c3


def _eval(fn, *args, log=False):
    """``fn`` blockwise on validated (finite) arguments.  Past the float64 range of y = g delta/delta0 or
    of the exponent, the printed forms meet inf * 0 or inf - inf: the true value there is 0 (-inf for
    the logs), returned without NumPy's overflow warnings."""
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        out = np.asarray(blockwise(fn, *args))
    bad = np.isnan(out)
    return finish(np.where(bad, -np.inf if log else 0.0, out) if bad.any() else out)


_TINY, _BIG = 2.2250738585072014e-308, 1e307


def _safe_range(d, g, d0):
    """From the extremes alone (six reductions): every d g, y = d g/delta0, g/delta0 and 2 C y g/delta0 of
    positive d is a normal number (|log2| < 1000 with C in its float range), so no point needs the
    frexp path."""
    import math
    if not (d.size and g.size and d0.size):
        return True
    dmax = float(d.max())
    if dmax == 0.0:
        return True
    dmin = float(d.min())
    if dmin == 0.0:
        pos = d[d > 0]
        dmin = float(pos.min())
    lg = [math.log2(v) for v in (dmin, dmax, float(g.min()), float(g.max()), float(d0.min()), float(d0.max()))]
    ld, lgg, l0 = (lg[0], lg[1]), (lg[2], lg[3]), (lg[4], lg[5])
    y = (ld[0] + lgg[0] - l0[1], ld[1] + lgg[1] - l0[0])
    gd = (lgg[0] - l0[1], lgg[1] - l0[0])
    ext = [ld[0] + lgg[0], ld[1] + lgg[1], *y, *gd, y[0] + gd[0] - 10, y[1] + gd[1] + 10]
    return max(abs(v) for v in ext) < 1000


def _flagged(d, g, d0):
    """Points (flat indices into the broadcast shape) where an intermediate of y = d g/delta0 or g/delta0
    leaves the normal range although d > 0 (there the printed Eq. 17 forms lose bits or give 0/inf)."""
    if _safe_range(d, g, d0):
        return None
    dg, gd = d * g, g / d0
    y = dg / d0
    bad = ~((dg >= _TINY) & (dg <= _BIG) & (y >= _TINY) & (y <= _BIG) & (gd >= _TINY) & (gd <= _BIG)) & (d > 0)
    return np.flatnonzero(np.broadcast_to(bad, np.broadcast_shapes(d.shape, g.shape, d0.shape)))


def _parts17(d, g, d0, idx):
    """At the flat indices ``idx``: y = d g/delta0, and (mantissa, exponent) of y and of y g/delta0 from the
    frexp parts (exact exponents: no intermediate under- or overflow)."""
    shape = np.broadcast_shapes(d.shape, g.shape, d0.shape)
    (md, ed), (mg, eg), (m0, e0) = (np.frexp(np.broadcast_to(a, shape).reshape(-1)[idx]) for a in (d, g, d0))
    my, ey = md * mg / m0, ed + eg - e0
    myg, eyg = my * (mg / m0), ey + eg - e0
    y = np.ldexp(my, np.clip(ey, -4000, 4000))
    return y, (myg, eyg)


def _pdf17_block(d, g, C, d0):
    out = _gen.amplitude_pdf(d, g, C, d0)
    idx = _flagged(d, g, d0)
    if idx is not None and idx.size:
        out = np.array(np.broadcast_to(out, np.broadcast_shapes(d.shape, g.shape, C.shape, d0.shape)))
        y, (myg, eyg) = _parts17(d, g, d0, idx)
        Cf = np.broadcast_to(C, out.shape).reshape(-1)[idx]
        E = np.exp(-0.5 * (Cf * y) * y)
        # 2 C y g/delta0 E^2 = ldexp(2 C myg E, eyg) E: the exponent applied before the last factor E
        out.reshape(-1)[idx] = np.ldexp(2 * Cf * myg * E, np.clip(eyg, -4000, 4000)) * E
    return out


def _cdf17_block(d, g, C, d0):
    out = _gen.amplitude_cdf(d, g, C, d0)
    idx = _flagged(d, g, d0)
    if idx is not None and idx.size:
        out = np.array(np.broadcast_to(out, np.broadcast_shapes(d.shape, g.shape, C.shape, d0.shape)))
        y, _ = _parts17(d, g, d0, idx)
        Cf = np.broadcast_to(C, out.shape).reshape(-1)[idx]
        out.reshape(-1)[idx] = -np.expm1(-(Cf * y) * y)
    return out


def _C(C):
    return positive("C", _constants(1.0)[1] if C is None else C)


def _delta(delta):
    return real_array("delta", delta, low=0.0) + 0.0  # -0.0 is the amplitude 0 (+0.0): no signed zeros out


@quiet
def amplitude_pdf(delta: ArrayLike, g: ArrayLike, *, C: ArrayLike | None = None, delta0: ArrayLike = 1.0) -> Float:
    """Eq. 17: Rayleigh density of the droplet amplitude, 2 C g^2 Delta/Delta0^2 exp(-C g^2 Delta^2/Delta0^2).

    Domain: delta >= 0, g > 0, C > 0 (default: the optimal droplet's C at c3 = 1), delta0 > 0;
    broadcasts.  Units 1/delta0.  Mean sqrt(pi)/2 Delta0/(g sqrt C), mode Delta0/(g sqrt(2C)).
    Formed as 2 C y E (g/delta0) E, y = g delta/delta0, E = exp(-C y^2/2): no intermediate under- or
    overflows where the result is representable.  Accuracy: <= 2.0 ulps/(1 + cond), cond =
    |1 - 2s| + 2 |2 - 2s| + |1 - s| (delta, g, delta0, C), s = C y^2 (dense test: tests/test_dense_accuracy.py).

    >>> print(amplitude_pdf(0.1, 4.0, C=2.0))
    4.6473538372716225
    """
    return _eval(_pdf17_block, _delta(delta), positive("g", g), _C(C), positive("delta0", delta0))


@quiet
def log_amplitude_pdf(delta: ArrayLike, g: ArrayLike, *, C: ArrayLike | None = None, delta0: ArrayLike = 1.0) -> Float:
    """Eq. 17 in log space: log(2 C g^2 Delta/Delta0^2) - C g^2 Delta^2/Delta0^2, finite where
    :func:`amplitude_pdf` underflows (-inf at delta = 0).

    Accuracy: <= 1.5 ulps/(1 + cond), cond = (that of :func:`amplitude_pdf`)/|log P|
    (dense test: tests/test_dense_accuracy.py).
    """
    args = _delta(delta), positive("g", g), _C(C), positive("delta0", delta0)
    return finish(blockwise(_log_pdf17_block, *args))


def _log_pdf17_block(d, g, C, d0):
    """The generated log form; where its prefactor log(2 C y g/delta0) over- or underflows (y or g/delta0
    near the ends of the float64 range, e.g. delta = 1e-250, g = 1e300 gave +inf), the prefactor as a
    sum of logs of frexp parts (exact exponents)."""
    out = _gen.log_amplitude_pdf(d, g, C, d0)
    pre = 2 * (C * (d * g / d0)) * (g / d0)  # the argument of the printed form's log
    bad = ~(np.isfinite(out) & (pre >= _TINY) & (pre <= _BIG)) & (d > 0)
    idx = _flagged(d, g, d0)
    if idx is not None and idx.size:
        bad = np.array(np.broadcast_to(bad, np.broadcast_shapes(d.shape, g.shape, C.shape, d0.shape)))
        bad.reshape(-1)[idx] = True
    if bad.any():
        (md, ed), (mg, eg), (m0, e0) = np.frexp(d), np.frexp(g), np.frexp(d0)
        # y = md mg/m0 2^(ed + eg - e0); C y^2 may overflow to inf (then -inf is right)
        my, ey = md * mg / m0, ed + eg - e0
        myg, eyg = (my * (mg / m0)), (ey + eg - e0).astype(np.float64)  # y g/delta0 = myg 2^eyg, eyg exact
        y = np.ldexp(my, np.clip(ey, -4000, 4000))
        fix = -(C * y) * y + ((eyg * _special._LN2_HI + np.log(2 * C * myg)) + eyg * _special._LN2_LO)
        out = np.where(bad, fix, out)
    out = np.where(d == 0, -np.inf, out)
    return np.where(np.isnan(out), -np.inf, out)


@quiet
def amplitude_cdf(delta: ArrayLike, g: ArrayLike, *, C: ArrayLike | None = None, delta0: ArrayLike = 1.0) -> Float:
    """Eq. 17: P(Delta' <= delta) = 1 - exp(-C g^2 delta^2/Delta0^2), as -expm1(-(C y) y), y = g delta/delta0.

    Accuracy: <= 1.0 ulps/(1 + cond), cond = 3 s e^-s/(1 - e^-s) <= 3, s = C y^2
    (dense test: tests/test_dense_accuracy.py).
    """
    # no NaN can arise (y = inf gives -expm1(-inf) = 1) and delta = -0.0 is +0.0 already: no clean-up pass
    return finish(blockwise(_cdf17_block, _delta(delta), positive("g", g), _C(C), positive("delta0", delta0)))


def sample_amplitudes(n: int, g: float, *, C: float | None = None, delta0: float = 1.0,
                      rng: np.random.Generator | int | None = None) -> NDArray[np.float64]:
    """``n`` draws from Eq. 17: Delta = Delta0 sqrt(E/(C g^2)), E ~ Exp(1) (exact inversion).

    ``rng``: a ``numpy.random.Generator``, an integer seed, or None (fresh entropy); the same seed
    gives the same draws.  ``g``, ``C`` and ``delta0`` must be scalars.
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 0:
        raise ValueError(f"n must be a non-negative integer; got {n!r}")
    g, delta0 = scalar("g", g, low=0.0, low_open=True), scalar("delta0", delta0, low=0.0, low_open=True)
    C = scalar("C", _constants(1.0)[1] if C is None else C, low=0.0, low_open=True)
    gen = rng if isinstance(rng, np.random.Generator) else np.random.default_rng(rng)
    return delta0 * np.sqrt(gen.standard_exponential(int(n)) / (C * g * g))


def _exact_args(delta, g, h, delta0, c3):
    c3 = scalar("c3", c3, low=0.0, low_open=True)
    ratio, C = _constants(c3)
    h = positive("h", h)
    if h.size and np.max(h) > LG_MAX_H:
        warn_regime(f"h = {np.max(h):.3g} > {LG_MAX_H}: the exact amplitude law rests on the optimal droplet "
                    "of the Landau-Ginzburg expansion in h = (H - Hc0)/Hc0 << 1")
    return _delta(delta), positive("g", g), h, positive("delta0", delta0), ratio, C


@quiet
def amplitude_pdf_exact(delta: ArrayLike, g: ArrayLike, h: ArrayLike, *, delta0: ArrayLike = 1.0, c3: float = 1.0) -> Float:
    """Exact conditional amplitude density at the optimal droplet (Eq. 16, corrected), normalized to 1.

    (2 kappa Delta/Delta0^2) phi(x + kappa t)/Q(x) with t = Delta^2/Delta0^2, x = (B/A) g sqrt(h),
    kappa = C g/((B/A) sqrt(h)); phi/Q is evaluated through erfcx, so the deep tail of Q never
    underflows.  Domain: delta >= 0, g, h, delta0, c3 > 0; broadcasts.  -> :func:`amplitude_pdf` as
    g^2 h -> oo, relative deviation (1 - tau^2/2)/x^2 with tau = C g^2 t.
    Accuracy: <= 1.8 ulps/(1 + cond), cond = 2 + 4 u x + 2 u^2 + 1.5 |x (x - phi(x)/Q(x))|, u = kappa t, for
    any delta0 and c3 (for c3 != 1 the constants B/A, C carry up to 1.5 ulps; measured 1.48 at c3 = 20)
    (dense test: tests/test_dense_accuracy.py).
    """
    return _eval(_gen.amplitude_pdf_exact, *_exact_args(delta, g, h, delta0, c3))


@quiet
def log_amplitude_pdf_exact(delta: ArrayLike, g: ArrayLike, h: ArrayLike, *, delta0: ArrayLike = 1.0, c3: float = 1.0) -> Float:
    """log of :func:`amplitude_pdf_exact`; finite far into the tail in Delta (-inf at delta = 0).

    Accuracy: <= 1.5 ulps/(1 + cond), cond = (that of the density)/|log P|
    (dense test: tests/test_dense_accuracy.py).
    """
    return _eval(_gen.log_amplitude_pdf_exact, *_exact_args(delta, g, h, delta0, c3), log=True)


SMALL_U = 0.25  #: up to this kappa t, and u (x + 1) < 1, the log S ratio is not taken from two S values
_DD_U, _DD_X = SMALL_U, 39.0  # where S(x + u) - S(x) comes from one Taylor node (numerics._special.log_scaled_ratio)
# x > 39 only (u < 1/40 there).  3 nodes would integrate to 1e-20 but measured 1.7 ulps against 1.37
# with 8 (the rounding of the weights: with u -> 0 every node sees the same hazard)
_GL_NODES, _GL_WEIGHTS = np.polynomial.legendre.leggauss(8)


def _cdf_exact_block(d, g, h, d0, ratio, C):
    with np.errstate(over="ignore", invalid="ignore"):  # u (x + u/2) = inf where the CDF is 1
        sh = np.sqrt(h)
        x = ratio * g * sh
        u = C * g / (ratio * sh) * (d / d0) * (d / d0)
        x, u = np.broadcast_arrays(x, u)
        small = (u <= SMALL_U) & (u * x + u < 1.0)
    out = np.empty(x.shape)
    big = ~small
    if big.any():  # the generated formula in terms of (x, u): no re-gathering of d, g, h, delta0
        with np.errstate(over="ignore", divide="ignore"):  # S(inf) = 0: the CDF is 1
            out[big] = _gen.amplitude_cdf_exact_xu(x[big], u[big])
    dd = small & (u <= _DD_U) & (x <= _DD_X)
    if dd.any():
        xs, us = x[dd], u[dd]
        out[dd] = -np.expm1(_special.log_scaled_ratio(xs, us) - us * (xs + 0.5 * us))
    gl = small & ~dd
    if gl.any():
        xs, us = x[gl], u[gl]
        z = xs[:, None] + 0.5 * us[:, None] * (1.0 + _GL_NODES)
        haz = _gen.gaussian_hazard(z)
        acc = haz[:, 0] * _GL_WEIGHTS[0]
        for j in range(1, len(_GL_WEIGHTS)):  # an explicit sum: a BLAS product (@) rounds differently by size
            acc += haz[:, j] * _GL_WEIGHTS[j]
        out[gl] = -np.expm1(-0.5 * us * acc)
    return out


@quiet
def amplitude_cdf_exact(delta: ArrayLike, g: ArrayLike, h: ArrayLike, *, delta0: ArrayLike = 1.0, c3: float = 1.0) -> Float:
    """Exact conditional CDF 1 - Q(x + u)/Q(x), u = kappa t (Eq. 16, corrected); broadcasts.

    Generally -expm1(log(S(x + u)/S(x)) - u (x + u/2)) with S(x) = exp(x^2/2) Q(x): both terms are
    negative (S decreases), so nothing cancels and the deep tail (x ~ 1e300) stays finite.  Where the
    CDF is small (u <= 1/4 and u (x + 1) < 1) the ratio S(x + u)/S(x) ~ 1 of two S values would lose
    relative accuracy: there, for x <= 39, S(x + u) - S(x) comes as a divided difference
    at one Taylor node of the S table (``numerics._special.log_scaled_ratio``); for x > 39 (where
    u < 1/40) -expm1(-int_x^(x+u) hazard) with the hazard phi/Q = 1/(sqrt(2 pi) S) by 8-point
    Gauss-Legendre (quadrature error < 1e-20: the hazard ~ t + 1/t is nearly linear there).
    Accuracy: <= 1.8 ulps/(1 + cond), cond = ((1 - F)/F) (|lambda(x + u)(x + u) - lambda(x) x|
    + |lambda(x + u)(x - u) - lambda(x) x|/2 + 2 u lambda(x + u)), lambda = phi/Q
    (dense test: tests/test_dense_accuracy.py).
    """
    return finish(blockwise(_cdf_exact_block, *_exact_args(delta, g, h, delta0, c3)) + 0.0)  # -0.0 -> 0.0
