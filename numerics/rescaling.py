"""Eqs. 11-12: the droplet length and the Gaussian-tail argument (validated wrappers)."""
from __future__ import annotations

from ._generated import rescaling as _gen
from ._typing import ArrayLike, Float
from .validation import finish, positive


def droplet_length(h: ArrayLike, xi0: ArrayLike = 1.0) -> Float:
    """Droplet length L_f = xi0 / sqrt(h) (Eq. 11).

    ``h`` = (H - Hc0)/Hc0 > 0 (reduced field), ``xi0`` > 0 the coherence length (L_f is returned
    in the units of ``xi0``).  Broadcasts; float64.
    """
    return finish(_gen.droplet_length(positive("h", h), positive("xi0", xi0)))


def tail_argument(h: ArrayLike, g: ArrayLike, ratio: ArrayLike | None = None) -> Float:
    """Argument of the Gaussian tail of Eqs. 14-15, L_s/sqrt(sigma_s) = (B/A) g sqrt(h) (Eq. 12).

    ``h`` > 0 reduced field, ``g`` > 0 film conductance, ``ratio`` = B/A > 0 (default: the optimal
    droplet's, sqrt(2 N_c / c3) with c3 = 1, ~4.8375).  Broadcasts; float64.
    """
    if ratio is None:
        ratio = default_ratio()
    return finish(_gen.tail_argument(positive("h", h), positive("g", g), positive("ratio", ratio)))


def default_ratio() -> float:
    """B/A of the optimal droplet (c3 = 1) as a float (``numerics._generated.constants``: no solve)."""
    from ._generated.constants import B_OVER_A
    return B_OVER_A
