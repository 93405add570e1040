"""mpmath references for Eq. 19 and the dirty limit.

* Route 1 asymptotics: a closed form, referenced by the same law at 40 digits written the other way
  (q = k+ - k- and (1 - zeeman^2)^(1/4) in mpf arithmetic vs the float-stable form of the generated code).
  The rate at which the exact quadrature approaches it is tested separately (tests/test_pair_correlation).
* Dirty limit, two quadratures that share nothing with the closed form (nu/(pi r^2)) Re[u0 K1(u0)]:
  :func:`dirty_momentum_ref`, its defining momentum integral (nu/(2 pi r)) [2/r - 8 zeeman^2 int_0^oo
  J1(Q r)/(D^2 Q^4 + 4 zeeman^2) dQ] by oscillatory quadrature (accurate, seconds per point: used by the
  derivation step), and :func:`dirty_proper_time_ref`, the same integral in Schwinger proper time
  (Gaussian momentum integral done, 0.15 s per point: the reference of the float64 function).
"""
import mpmath
import numpy as np
import scipy.special as sc

from numerics.pair_correlation import (pair_correlation_clean_2d_asymptotic, pair_correlation_dirty_2d,
                                       pair_correlation_dirty_2d_scaled)
from numerics.reference import conditions
from numerics.verification import Case



def clean_asymptotic_ref(r, zeeman):
    """Route 1 at the current precision: (1 - zeeman^2)^(1/4) cos((k+ - k-) r)/(4 pi^2 r^2 (k+ + k-))."""
    kp, km = mpmath.sqrt(1 + zeeman), mpmath.sqrt(1 - zeeman)
    return (1 - zeeman * zeeman) ** mpmath.mpf(0.25) * mpmath.cos((kp - km) * r) / (4 * mpmath.pi**2 * r * r * (kp + km))


def dirty_momentum_ref(r, zeeman, D=1, nu=None):
    """Dirty-limit correlation from its momentum integral (eps-integral done: -Re log(D Q^2 + 2 i zeeman);
    Hankel transform by parts): (nu/(2 pi r)) [2/r - 8 zeeman^2 int_0^oo J1(Q r)/(D^2 Q^4 + 4 zeeman^2) dQ].
    Tanh-sinh up to a few times the denominator's scale sqrt(2 zeeman/D) (and 40/r), then mpmath.quadosc
    for the oscillatory tail; 5 guard digits.  ``nu`` defaults to 1/(4 pi)."""
    with mpmath.workdps(mpmath.mp.dps + 5):
        r, zeeman, D = mpmath.mpf(r), mpmath.mpf(zeeman), mpmath.mpf(D)
        nu = 1 / (4 * mpmath.pi) if nu is None else nu

        def f(Q):
            return mpmath.besselj(1, Q * r) / (D**2 * Q**4 + 4 * zeeman**2)

        a = max(16 * mpmath.sqrt(2 * zeeman / D), 40 / r)
        head = mpmath.quad(f, [0] + [a / 4**j for j in range(4, -1, -1)])
        tail = mpmath.quadosc(f, [a, mpmath.inf], omega=r)
        out = nu / (2 * mpmath.pi * r) * (2 / r - 8 * zeeman**2 * (head + tail))
    return +out


def dirty_proper_time_ref(r, zeeman, D=1, nu=None):
    """Dirty-limit correlation in proper time: 1/(D Q^2 + m^2) = int_0^oo dt e^(-t (D Q^2 + m^2)), the
    Q-integral Gaussian, the eps-integral 1/(2t):  K_d = (nu/(4 pi D)) Re int_0^oo t^(-2)
    e^(-2 i zeeman t - r^2/(4 D t)) dt.  On the ray t = e^(-i pi/4) t_s e^s (t_s = r/sqrt(8 zeeman D), no singularity
    crossed) the exponent is -u0 cosh(s), u0 = (1 + i) r sqrt(zeeman/D), so the integrand is smooth and
    decays doubly exponentially; e^(-u0) is factored out so the quadrature sees O(1) values.  Tanh-sinh
    on [-S, S] (beyond S the integrand is below 10^-(dps + 15)); 5 guard digits."""
    with mpmath.workdps(mpmath.mp.dps + 5):
        r, zeeman, D = mpmath.mpf(r), mpmath.mpf(zeeman), mpmath.mpf(D)
        nu = 1 / (4 * mpmath.pi) if nu is None else nu
        X = r * mpmath.sqrt(zeeman / D)
        u0, ts, ray = (1 + 1j) * X, r / mpmath.sqrt(8 * zeeman * D), mpmath.expjpi(mpmath.mpf(-0.25))
        S = mpmath.acosh(1 + (mpmath.mp.dps + 15) * mpmath.mpf(2.31) / X)
        integral = mpmath.quad(lambda s: mpmath.exp(-s - u0 * (mpmath.cosh(s) - 1)), [S * j / 4 for j in range(-4, 5)])
        out = nu / (4 * mpmath.pi * D) * mpmath.re(mpmath.exp(-u0) / (ray * ts) * integral)
    return +out


_CLEAN = [(r, z) for z in (1e-6, 1e-3, 0.05, 0.3, 0.7, 0.95) for r in (10.0, 37.0, 250.0, 3e3, 1e5)
          if r * (1 - z) >= 10]
# |u0| = r sqrt(2 zeeman/D) from 1e-6 to 600: the log regime, the crossover, the oscillating exponential tail
_DIRTY = [(r, z, D) for r in (1e-4, 0.03, 1.0, 4.0, 15.0, 60.0, 300.0) for z, D in ((0.02, 2.0), (0.9, 0.5))]

def dirty_scaled_ref(r, zeeman, D=1):
    """The dirty form times e^X, X = r sqrt(zeeman/D), from the proper-time quadrature."""
    return dirty_proper_time_ref(r, zeeman, D) * mpmath.exp(mpmath.mpf(r) * mpmath.sqrt(mpmath.mpf(zeeman) / D))


CASES = [
    Case("pair_correlation_clean_2d_asymptotic", pair_correlation_clean_2d_asymptotic, clean_asymptotic_ref,
         _CLEAN, condition=conditions.clean_asymptotic),
    Case("pair_correlation_dirty_2d", lambda r, z, D: pair_correlation_dirty_2d(r, z, D=D), dirty_proper_time_ref, _DIRTY,
         dps=30, condition=conditions.dirty, bounded=pair_correlation_dirty_2d),  # r sqrt(zeeman/D) > ~700: both 0
    Case("pair_correlation_dirty_2d_scaled", lambda r, z, D: pair_correlation_dirty_2d_scaled(r, z, D=D),
         dirty_scaled_ref, _DIRTY + [(2000.0, 0.5, 1.0), (3e4, 0.02, 2.0)], dps=30, condition=conditions.dirty,
         bounded=pair_correlation_dirty_2d_scaled),
]
