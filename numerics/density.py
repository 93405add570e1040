"""Eq. 15: the number density of superconducting droplets and the typical distance between them.

rho = prefactor / L_f^2 * Q(x),  L_f = xi0/sqrt(h),  x = ratio * g * sqrt(h),  ratio = B/A.

Conventions: h = (H - Hc0)/Hc0 > 0, g the film conductance, Q the Gaussian tail (the paper's
"erfc").  ``ratio`` defaults to the optimal droplet's B/A = sqrt(2 N_c/c3) with c3 = 1 (~4.8375);
``prefactor`` collects det' Gamma/det<O> and L_f^2/L0^2 = 1/2 (Eq. 10), which the paper sets to ~1.
Regime: the saddle point of Eq. 8 needs x^2 = ratio^2 g^2 h >> 1; for x < ``SADDLE_MIN_X`` a
:class:`~numerics.RegimeWarning` is emitted (the formula is still evaluated).
"""
from __future__ import annotations

import numpy as np

from ._generated import constants as _k, density as _gen
from ._typing import ArrayLike, Float
from .validation import blockwise, finish, positive, warn_regime

SADDLE_MIN_X = 3.0  #: below this tail argument the saddle-point (Gaussian-tail) result is not controlled


def _args(h, g, xi0, ratio, prefactor):
    h, g, xi0 = positive("h", h), positive("g", g), positive("xi0", xi0)
    ratio = positive("ratio", _k.B_OVER_A if ratio is None else ratio)
    prefactor = positive("prefactor", prefactor)
    xmin = np.min(ratio * g * np.sqrt(h)) if min(h.size, g.size, ratio.size) else np.inf
    if xmin < SADDLE_MIN_X:
        warn_regime(f"tail argument (B/A) g sqrt(h) = {xmin:.3g} < {SADDLE_MIN_X}: the saddle point of "
                    "Eq. 8 needs g^2 h >> 1")
    return h, g, xi0, ratio, prefactor


def droplet_density(h: ArrayLike, g: ArrayLike, *, xi0: ArrayLike = 1.0, ratio: ArrayLike | None = None, prefactor: ArrayLike = 1.0) -> Float:
    """Mean number density of droplets per area, Eq. 15: prefactor h/xi0^2 Q(ratio g sqrt(h)).

    Domain: h, g, xi0, ratio, prefactor > 0 (finite); broadcasts; float64 in units of 1/xi0^2.
    Underflows for ratio g sqrt(h) > ~38.5 (subnormals kept): use :func:`log_droplet_density` there.
    Accuracy: <= 1.0 ulps/(1 + cond), where cond = sum over the inputs of |d log f/d log input|
    (~2.5 x^2 + 1 at x = ratio g sqrt h) (dense test: tests/test_dense_accuracy.py).

    >>> print(droplet_density(0.25, 4.0, ratio=2.0))
    7.917810458279981e-06
    """
    return finish(blockwise(_gen.droplet_density, *_args(h, g, xi0, ratio, prefactor)))


def log_droplet_density(h: ArrayLike, g: ArrayLike, *, xi0: ArrayLike = 1.0, ratio: ArrayLike | None = None, prefactor: ArrayLike = 1.0) -> Float:
    """Natural log of :func:`droplet_density` (Eq. 15), accurate where the density underflows.

    Accuracy: <= 0.8 ulps/(1 + cond), cond = (that of the density)/|log rho|
    (dense test: tests/test_dense_accuracy.py).
    """
    return finish(blockwise(_gen.log_droplet_density, *_args(h, g, xi0, ratio, prefactor)))


def typical_distance(h: ArrayLike, g: ArrayLike, *, xi0: ArrayLike = 1.0, ratio: ArrayLike | None = None, prefactor: ArrayLike = 1.0) -> Float:
    """Typical distance between droplets L_d = rho^(-1/2) (text after Eq. 17), units of xi0.

    1/sqrt(rho) where rho is normal; exp(-log(rho)/2) where rho underflows (there the condition
    number ~x^2 exceeds 1e3 anyway); inf only where L_d itself exceeds the float64 range: use
    :func:`log_typical_distance` there.  Accuracy: <= 1.2 ulps/(1 + cond), cond = half that of the
    density (dense test: tests/test_dense_accuracy.py).
    """
    args = _args(h, g, xi0, ratio, prefactor)
    rho = np.asarray(blockwise(_gen.droplet_density, *args))
    with np.errstate(divide="ignore"):
        out = 1.0 / np.sqrt(rho)
    deep = rho < 1e-290
    if deep.any():
        with np.errstate(over="ignore"):
            far = np.exp(-0.5 * np.asarray(blockwise(_gen.log_droplet_density, *args)))
        out = np.where(deep, far, out)
    return finish(out)


def log_typical_distance(h: ArrayLike, g: ArrayLike, *, xi0: ArrayLike = 1.0, ratio: ArrayLike | None = None, prefactor: ArrayLike = 1.0) -> Float:
    """log L_d = -log(rho)/2 (text after Eq. 17), finite where L_d overflows.

    Accuracy: <= 0.8 ulps/(1 + cond), cond as for :func:`log_droplet_density`
    (dense test: tests/test_dense_accuracy.py).
    """
    return finish(-0.5 * np.asarray(blockwise(_gen.log_droplet_density, *_args(h, g, xi0, ratio, prefactor))))
