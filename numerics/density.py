"""Eq. 15: the number density of superconducting droplets and the typical distance between them.

rho = prefactor / L_f^2 * Q(x),  L_f = xi0/sqrt(h),  x = ratio * g * sqrt(h),  ratio = B/A.

Conventions: h = (H - Hc0)/Hc0 > 0, g the film conductance, Q the Gaussian tail (the paper's
"erfc").  ``ratio`` defaults to the optimal droplet's B/A = sqrt(2 N_c/c3) with c3 = 1 (~4.8375);
``prefactor`` collects det' Gamma/det<O> and L_f^2/L0^2 = 1/2 (Eq. 10), which the paper sets to ~1.
Regime: the saddle point of Eq. 8 needs x^2 = ratio^2 g^2 h >> 1; for x < ``SADDLE_MIN_X`` a
:class:`~numerics.RegimeWarning` is emitted (the formula is still evaluated); the Landau-Ginzburg
expansion behind Eqs. 11-15 needs h << 1: for h > ``LG_MAX_H`` a RegimeWarning as well.

Evaluation (hand-written around the generated Eq. 15, which is the same formula in one expression):
where every intermediate is a normal number the printed formula is used as it stands (checked by a few
min/max reductions per block); elsewhere rho is formed as m 2^e, with h prefactor/xi0^2 = M 2^E from the frexp mantissas and exponents (exact
exponents, M near 1) and Q(x) = m_Q 2^-k (``numerics._special.tail_parts``: x^2/2 reduced by k ln 2),
so nothing under- or overflows before the final exact ``ldexp``: the generated product returned 0 for a
representable 1e-250 (Q underflowed first) and NaN for xi0 = 1e-200 (xi0^2 = 0).  The logs add
log M + E ln 2 (no cancellation between log h and 2 log xi0: E is an exact integer).
"""
from __future__ import annotations

import numpy as np

from ._typing import ArrayLike, Float
from . import _special
from ._generated import constants as _k
from ._tail_table import X_MAX
from .rescaling import _safe_product
from .validation import blockwise, finish, positive, quiet, warn_range, warn_regime

SADDLE_MIN_X = 3.0  #: below this tail argument the saddle-point (Gaussian-tail) result is not controlled
LG_MAX_H = 1.0  #: above this reduced field h the Landau-Ginzburg expansion (h << 1) is not controlled
_SQRT_HALF = 0.7071067811865476


def _args(h, g, xi0, ratio, prefactor):
    h, g, xi0 = positive("h", h), positive("g", g), positive("xi0", xi0)
    ratio = positive("ratio", _k.B_OVER_A if ratio is None else ratio)
    prefactor = positive("prefactor", prefactor)
    xmin = np.min(_safe_product(ratio, g, np.sqrt(h))) if min(h.size, g.size, ratio.size) else np.inf
    if xmin < SADDLE_MIN_X:
        warn_regime(f"tail argument (B/A) g sqrt(h) = {xmin:.3g} < {SADDLE_MIN_X}: the saddle point of "
                    "Eq. 8 needs g^2 h >> 1")
    if h.size and np.max(h) > LG_MAX_H:
        warn_regime(f"h = {np.max(h):.3g} > {LG_MAX_H}: Eqs. 11-15 come from the Landau-Ginzburg expansion "
                    "in h = (H - Hc0)/Hc0 << 1")
    return h, g, xi0, ratio, prefactor


def _scale(h, xi0, prefactor):
    """(M, E) with h prefactor/xi0^2 = M 2^E, E an exact integer (float array), M in [1/sqrt 2, sqrt 2)
    up to its 3 roundings."""
    (mh, eh), (mp, ep), (mx, ex) = np.frexp(h), np.frexp(prefactor), np.frexp(xi0)
    M = (mh * mp) / (mx * mx)  # in [1/4, 4)
    E = (eh + ep - 2 * ex).astype(np.float64)
    for _ in range(2):  # exact scalings by 2 into [1/sqrt 2, sqrt 2)
        up, down = M >= 1.4142135623730951, M < _SQRT_HALF
        M = np.where(up, 0.5 * M, np.where(down, 2.0 * M, M))
        E = E + up - down
    return M, E


def _log_parts(h, g, xi0, ratio, prefactor):
    """(log rho, M, E, x, log Q(x))."""
    M, E = _scale(h, xi0, prefactor)
    x = _safe_product(g, np.sqrt(h), ratio)
    lq = _special.log_gaussian_tail(x)
    return (E * _special._LN2_HI + (np.log(M) + E * _special._LN2_LO)) + lq, M, E, x


def _parts(h, g, xi0, ratio, prefactor):
    """(m, e): rho = m 2^e, m normal (or 0 only where Q(x) = 0 for x = inf), e integer (float)."""
    log_rho, M, E, x = _log_parts(h, g, xi0, ratio, prefactor)
    near = x <= X_MAX
    mq, kq = _special.tail_parts(np.where(near, x, 0.0))
    m_far, k_far = _special.exp_neg_parts(-log_rho)  # rho = m_far 2^-k_far where Q(x) is far out
    m = np.where(near, M * mq, m_far)
    e = np.where(near, E - kq, -k_far)
    return m, e


_TINY, _BIG = 2.2250738585072014e-308, 1e307


def _normal(*arrays):
    """Every element of every array is a normal float64 number in [_TINY, _BIG] (two reductions each)."""
    return all(a.size == 0 or (a.min() >= _TINY and a.max() <= _BIG) for a in arrays)


def _careful(fn, bad, args):
    """Recompute ``fn`` at the flagged points only (the mantissa-exponent path)."""
    idx = np.flatnonzero(bad)
    full = np.broadcast_arrays(*args)
    return idx, fn(*(a.reshape(-1)[idx] for a in full))


def _density_exact(h, g, xi0, ratio, prefactor):
    m, e = _parts(h, g, xi0, ratio, prefactor)
    return np.ldexp(m, np.clip(e, -4000, 4000).astype(np.int64))


def _density_block(h, g, xi0, ratio, prefactor):
    """Eq. 15 as printed, (h prefactor) Q(x)/xi0^2, where every intermediate is a normal number and Q(x) is
    (x <= 37.5); the m 2^e path elsewhere (the common case costs no more than the generated formula)."""
    x = _safe_product(g, np.sqrt(h), ratio)
    hp, x2 = h * prefactor, xi0 * xi0
    t = hp * _special.gaussian_tail(x)
    out = t / x2
    if out.size and not (x.max() <= 37.5 and _normal(t, out, x2, hp)):
        shape = np.broadcast_shapes(*(np.shape(a) for a in (h, g, xi0, ratio, prefactor)))
        if _normal(x2, hp):  # the usual case (scalar xi0, prefactor): three tests per point
            bad = (x > 37.5) | (t < _TINY) | (out < _TINY) | (out > _BIG)
        else:
            bad = (x > 37.5) | ~((t >= _TINY) & (x2 >= _TINY) & (x2 <= _BIG) & (hp <= _BIG) & (out >= _TINY) & (out <= _BIG))
        idx = np.flatnonzero(np.broadcast_to(bad, shape))
        # among those, rho < z phi(x)/x < z e^(-x^2/2)/(2.5 x) rounds to 0 once x^2/2 - log z > 746: 0 is right
        xs, zs = (np.broadcast_to(a, shape).reshape(-1)[idx] for a in (x, hp / x2))
        zero = (xs > 37.5) & (0.5 * xs * xs - np.log(zs) > 746.0)
        out = np.array(np.broadcast_to(out, shape))
        flat = out.reshape(-1)
        flat[idx[zero]] = 0.0
        bad = np.zeros(flat.shape, dtype=bool)
        bad[idx[~zero]] = True
        if bad.any():
            sub, val = _careful(_density_exact, bad, (h, g, xi0, ratio, prefactor))
            flat[sub] = val
    return out


def _log_density_exact(h, g, xi0, ratio, prefactor):
    return _log_parts(h, g, xi0, ratio, prefactor)[0]


def _log_density_block(h, g, xi0, ratio, prefactor):
    """log(h prefactor/xi0^2) + log Q(x) with one log of the product where it is a normal number (no
    cancellation between log h and 2 log xi0); log M + E ln 2 from the frexp parts elsewhere."""
    x = _safe_product(g, np.sqrt(h), ratio)
    hp, x2 = h * prefactor, xi0 * xi0
    z = hp / x2
    out = np.log(z) + _special.log_gaussian_tail(x)
    if out.size and not _normal(hp, x2, z):
        ok = (hp >= _TINY) & (hp <= _BIG) & (x2 >= _TINY) & (x2 <= _BIG) & (z >= _TINY) & (z <= _BIG)
        out = np.array(np.broadcast_to(out, np.broadcast_shapes(*(np.shape(a) for a in (h, g, xi0, ratio, prefactor)))))
        idx, val = _careful(_log_density_exact, ~np.broadcast_to(ok, out.shape), (h, g, xi0, ratio, prefactor))
        out.reshape(-1)[idx] = val
    return out


def _distance_exact(h, g, xi0, ratio, prefactor):
    m, e = _parts(h, g, xi0, ratio, prefactor)
    odd = np.mod(e, 2) != 0
    m, e = np.where(odd, 2.0 * m, m), np.where(odd, e - 1, e)  # exact: e even, m in [0.35, 2.9)
    return np.ldexp(1.0 / np.sqrt(m), np.clip(-0.5 * e, -4000, 4000).astype(np.int64))


def _distance_block(h, g, xi0, ratio, prefactor):
    rho = _density_block(h, g, xi0, ratio, prefactor)
    out = 1.0 / np.sqrt(rho)
    if rho.size and not _normal(rho):
        ok = (rho >= _TINY) & (rho <= _BIG)
        out = np.array(out)
        idx, val = _careful(_distance_exact, ~np.broadcast_to(ok, out.shape), (h, g, xi0, ratio, prefactor))
        out.reshape(-1)[idx] = val
    return out


@quiet
def droplet_density(h: ArrayLike, g: ArrayLike, *, xi0: ArrayLike = 1.0, ratio: ArrayLike | None = None, prefactor: ArrayLike = 1.0) -> Float:
    """Mean number density of droplets per area, Eq. 15: prefactor h/xi0^2 Q(ratio g sqrt(h)).

    Domain: h, g, xi0, ratio, prefactor > 0 (finite); broadcasts; float64 in units of 1/xi0^2.
    No intermediate under- or overflow (the result is m 2^e, see the module docstring); subnormal
    results are kept; a result that underflows to 0 (or overflows) emits a
    :class:`~numerics.RangeWarning` pointing to :func:`log_droplet_density`.
    Accuracy: <= 1.5 ulps/(1 + cond), where cond = sum over the inputs of |d log f/d log input|
    (= 1 + 2 + 1 + x lambda(x) (1 + 1 + 1/2) with lambda = phi/Q, x = ratio g sqrt h)
    (dense test: tests/test_dense_accuracy.py).

    >>> print(droplet_density(0.25, 4.0, ratio=2.0))
    7.917810458279981e-06
    """
    out = np.asarray(blockwise(_density_block, *_args(h, g, xi0, ratio, prefactor)))
    if (out == 0).any() or np.isinf(out).any():
        warn_range("droplet_density is below (or above) the float64 range at some points (0 or inf "
                   "returned): use log_droplet_density there")
    return finish(out)


@quiet


def log_droplet_density(h: ArrayLike, g: ArrayLike, *, xi0: ArrayLike = 1.0, ratio: ArrayLike | None = None, prefactor: ArrayLike = 1.0) -> Float:
    """Natural log of :func:`droplet_density` (Eq. 15), accurate where the density underflows:
    log M + E ln 2 + log Q(x) with h prefactor/xi0^2 = M 2^E (E exact, M near 1).

    Accuracy: <= 1.5 ulps/(1 + cond), cond = (that of the density)/|log rho|
    (dense test: tests/test_dense_accuracy.py).
    """
    return finish(blockwise(_log_density_block, *_args(h, g, xi0, ratio, prefactor)))


@quiet


def typical_distance(h: ArrayLike, g: ArrayLike, *, xi0: ArrayLike = 1.0, ratio: ArrayLike | None = None, prefactor: ArrayLike = 1.0) -> Float:
    """Typical distance between droplets L_d = rho^(-1/2) (text after Eq. 17), units of xi0.

    From rho = m 2^e with e made even: L_d = 2^(-e/2)/sqrt(m), one exact ldexp, so the size of h or
    xi0 does not cost accuracy (exp(-log(rho)/2), used before, multiplied the rounding of log rho by
    ~|log rho|); inf, with a :class:`~numerics.RangeWarning` pointing to
    :func:`log_typical_distance`, only where L_d itself exceeds the float64 range.
    Accuracy: <= 1.5 ulps/(1 + cond), cond = half that of the density
    (dense test: tests/test_dense_accuracy.py).
    """
    out = np.asarray(blockwise(_distance_block, *_args(h, g, xi0, ratio, prefactor)))
    if np.isinf(out).any() or (out == 0).any():
        warn_range("typical_distance exceeds the float64 range at some points (inf returned): use "
                   "log_typical_distance there")
    return finish(out)


@quiet


def log_typical_distance(h: ArrayLike, g: ArrayLike, *, xi0: ArrayLike = 1.0, ratio: ArrayLike | None = None, prefactor: ArrayLike = 1.0) -> Float:
    """log L_d = -log(rho)/2 (text after Eq. 17), finite where L_d overflows.

    Accuracy: <= 1.5 ulps/(1 + cond), cond as for :func:`log_droplet_density`
    (dense test: tests/test_dense_accuracy.py).
    """
    return finish(-0.5 * np.asarray(blockwise(_log_density_block, *_args(h, g, xi0, ratio, prefactor))))
