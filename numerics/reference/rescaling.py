"""mpmath references for Eqs. 11-12 (50-digit closed forms vs the float64 generated code)."""
import mpmath
import numpy as np

from numerics.rescaling import droplet_length, tail_argument
from numerics.verification import Case


def droplet_length_ref(h, xi0):
    return xi0 / mpmath.sqrt(h)


def tail_argument_ref(h, g, ratio):
    return ratio * g * mpmath.sqrt(h)


_H = [float(v) for v in np.geomspace(1e-8, 1e4, 13)]
CASES = [
    Case("droplet_length", droplet_length, droplet_length_ref, [(hh, xi) for hh in _H for xi in (1e-3, 1.0, 37.5)]),
    Case("tail_argument", tail_argument, tail_argument_ref, [(hh, gg, 4.8) for hh in _H for gg in (0.5, 10.0, 1e3)]),
]
