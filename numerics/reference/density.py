"""mpmath reference for Eq. 15: the density from the quadrature of the Gaussian tail integral."""
import mpmath
import numpy as np

from numerics.density import droplet_density, log_droplet_density
from numerics.reference import conditions
from numerics.reference.tails import log_tail_ref
from numerics.verification import Case

RATIO = 4.8  # fixed B/A for the comparison (the default comes from the droplet solver)


def log_density_ref(h, g, xi0=mpmath.mpf(1), ratio=mpmath.mpf(RATIO), prefactor=mpmath.mpf(1)):
    return mpmath.log(prefactor * h / xi0**2) + log_tail_ref(ratio * g * mpmath.sqrt(h))


def density_ref(h, g, xi0=mpmath.mpf(1), ratio=mpmath.mpf(RATIO), prefactor=mpmath.mpf(1)):
    return mpmath.exp(log_density_ref(h, g, xi0, ratio, prefactor))


def _dens(h, g):
    return droplet_density(h, g, ratio=RATIO)


def _logdens(h, g):
    return log_droplet_density(h, g, ratio=RATIO)


def _condition(h, g):
    """The docstring's condition number (numerics.reference.conditions.density) at x = ratio g sqrt(h)."""
    return conditions.density(RATIO * mpmath.mpf(g) * mpmath.sqrt(h))


_H = [float(v) for v in np.geomspace(1e-6, 1e2, 9)]
_G = [float(v) for v in np.geomspace(1.0, 1e4, 9)]
_ALL = [(a, b) for a in _H for b in _G if RATIO * b * a**0.5 >= 3.0]  # saddle-point regime
CASES = [
    Case("droplet_density", _dens, density_ref, [p for p in _ALL if RATIO * p[1] * p[0]**0.5 < 37],
         condition=_condition, bounded=droplet_density),
    Case("log_droplet_density", _logdens, log_density_ref, _ALL, bounded=log_droplet_density,
         condition=lambda h, g: _condition(h, g) / abs(float(log_density_ref(mpmath.mpf(h), mpmath.mpf(g))))),
]
