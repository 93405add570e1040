"""Eqs. 11-12: the droplet length and the Gaussian-tail argument (validated wrappers)."""
from __future__ import annotations
from ._typing import ArrayLike, Float
import numpy as np

from ._generated import rescaling as _gen
from .validation import finish, positive, quiet, warn_range


def _safe_product(a, b, c):
    """a b c for positive float arrays, without intermediate overflow or underflow: where the plain
    product is 0 or inf, it is recomputed from the frexp mantissas and exponents (the same two
    roundings, then one exact ldexp; inf or 0 only where the true product is out of range)."""
    ab = a * b
    out = np.asarray(ab * c)
    bad = (out == 0) | (out == np.inf) | (np.abs(ab) < 2.3e-308) | (np.abs(ab) > 1e308)  # subnormal ab lost bits
    if bad.any():
        (ma, ea), (mb, eb), (mc, ec) = np.frexp(a), np.frexp(b), np.frexp(c)
        exp = np.clip(ea + eb + ec, -4000, 4000)
        out = np.where(bad, np.ldexp(ma * mb * mc, exp), out)
    return out


@quiet


def droplet_length(h: ArrayLike, xi0: ArrayLike = 1.0) -> Float:
    """Droplet length L_f = xi0 / sqrt(h) (Eq. 11).

    ``h`` = (H - Hc0)/Hc0 > 0 (reduced field), ``xi0`` > 0 the coherence length (L_f is returned
    in the units of ``xi0``).  Broadcasts; float64.  inf (with a :class:`~numerics.RangeWarning`)
    only where L_f exceeds the float64 range (xi0 > ~1.8e308 sqrt(h)).
    Accuracy: <= 1.5 ulps (a correctly rounded sqrt and one division; dense test:
    tests/test_dense_accuracy.py).
    """
    h, xi0 = positive("h", h), positive("xi0", xi0)
    out = np.asarray(_gen.droplet_length(h, xi0))
    if np.isinf(out).any():
        warn_range("droplet_length overflows float64 (xi0/sqrt(h) > 1.8e308)")
    return finish(out)


@quiet
def tail_argument(h: ArrayLike, g: ArrayLike, ratio: ArrayLike | None = None) -> Float:
    """Argument of the Gaussian tail of Eqs. 14-15, L_s/sqrt(sigma_s) = (B/A) g sqrt(h) (Eq. 12).

    ``h`` > 0 reduced field, ``g`` > 0 film conductance, ``ratio`` = B/A > 0 (default: the optimal
    droplet's, sqrt(2 N_c / c3) with c3 = 1, ~4.8375).  Broadcasts; float64; no intermediate overflow
    (``tail_argument(1e20, 1e300, ratio=1e-20)`` = 1e290); inf only beyond the float64 range.
    Accuracy: <= 2.5 ulps (sqrt and two products, over the whole float64 range of the inputs; dense test: tests/test_dense_accuracy.py).
    """
    if ratio is None:
        ratio = default_ratio()
    h, g, ratio = positive("h", h), positive("g", g), positive("ratio", ratio)
    out = _gen.tail_argument(h, g, ratio)
    gs = g * np.sqrt(h)
    if np.any((out == 0) | (out == np.inf) | (gs < 2.3e-308) | (gs > 1e308)):
        out = _safe_product(g, np.sqrt(h), ratio)
        if np.isinf(out).any():
            warn_range("tail_argument overflows float64 (ratio g sqrt(h) > 1.8e308)")
    return finish(out)


def default_ratio() -> float:
    """B/A of the optimal droplet (c3 = 1) as a float (``numerics._generated.constants``: no solve)."""
    from ._generated.constants import B_OVER_A
    return B_OVER_A
