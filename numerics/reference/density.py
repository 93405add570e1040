"""mpmath reference for Eq. 15: the density from the quadrature of the Gaussian tail integral."""
import mpmath
import numpy as np

from numerics.density import droplet_density, log_droplet_density
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
    # |d log Q(x) / d log x| ~ x^2 at x = ratio g sqrt(h): the argument is formed with three roundings
    x = RATIO * g * h**0.5
    return 1.5 * x * x


_H = [float(v) for v in np.geomspace(1e-6, 1e2, 9)]
_G = [float(v) for v in np.geomspace(1.0, 1e4, 9)]
_ALL = [(a, b) for a in _H for b in _G if RATIO * b * a**0.5 >= 3.0]  # saddle-point regime
CASES = [
    Case("droplet_density", _dens, density_ref, [p for p in _ALL if RATIO * p[1] * p[0]**0.5 < 37], 8.0,
         "Q to <= 1.9 ulps (numerics._special), then sqrt, three products and a division; measured in "
         "ulps / (1 + 1.5 x^2), the conditioning of Q(x) w.r.t. its rounded argument x", condition=_condition),
    Case("log_droplet_density", _logdens, log_density_ref, _ALL, 8.0,
         "log Q (<= 2 ulps, numerics._special) plus logs of h, xi0, prefactor; the sum has no cancellation "
         "in the saddle-point regime since log Q dominates"),
]
