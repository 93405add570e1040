"""Eq. 19 and the dirty limit: the 2D Cooper-pair correlation in a Zeeman field at T = 0.

Units hbar = 2m = mu = 1 (k_F = 1, v_F = 2, nu = 1/(4 pi)); ``h`` is the Zeeman energy mu_B H of
each spin in units of mu, 0 < h < 1 (the exact clean model of ``derivations.pair_correlation``).

* :func:`pair_correlation_clean_2d`: the exact K(r, h) by mpmath quadrature (high precision).
* :func:`pair_correlation_clean_2d_asymptotic`: route 1, (1 - h^2)^(1/4) cos(q r)/(4 pi^2 r^2 (k+ + k-)),
  q = sqrt(1 + h) - sqrt(1 - h); relative corrections O(1/r) (vectorized, generated).
* :func:`pair_correlation_linearized_2d`: route 2, the Fourier transform of the linearized pair
  susceptibility of Eq. 19 by Bessel-J quadrature (the independent second route; small h).
* :func:`pair_correlation_dirty_2d`: (nu/(pi r^2)) Re[u0 K1(u0)], u0 = (1 + i) r sqrt(h/D).
"""
import mpmath
import numpy as np

from ._generated import pair_correlation as _gen
from .validation import blockwise, digits, finish, positive, real_array, scalar, warn_regime

ASYMPTOTIC_MIN_R = 10.0  #: route 1 needs r (1 - h) >> 1: corrections ~ 1/(r (1 - h))


def _h_scalar(h):
    return scalar("h", h, low=0.0, high=1.0, low_open=True, high_open=True)


def _mp(x):
    """An already validated scalar as mpf at the working precision (mpf inputs not routed through float)."""
    if isinstance(x, mpmath.mpf):
        return +x
    return mpmath.mpf(float(x) if isinstance(x, np.number) else x)


def amplitude_asymptotic(h):
    """Amplitude of route 1, (1 - h^2)^(1/4)/(4 pi^2 (sqrt(1 + h) + sqrt(1 - h))), as mpf."""
    _h_scalar(h)
    h = _mp(h)
    return (1 - h * h) ** mpmath.mpf(0.25) / (4 * mpmath.pi**2 * (mpmath.sqrt(1 + h) + mpmath.sqrt(1 - h)))


def pair_correlation_clean_2d(r, h, *, dps=20, error=False):
    """Exact K(r, h) = int (d eps/2 pi) G(r, i eps + h) G(r, -i eps - h), G = -K0(kappa r)/(2 pi) (Eq. 19 model).

    Computed as (1/4 pi^3) Re int_0^oo K0(r kappa_+) K0(r kappa_-) d eps, kappa_+ = sqrt(-(1 + h) - i eps),
    kappa_- = sqrt(-(1 - h) + i eps) (eps < 0 gives the complex conjugate), by Gauss-Legendre quadrature
    in u = sqrt(eps r) on geometric sub-intervals that resolve the decay scale of the integrand,
    at ``dps`` + 10 working digits; the truncation point keeps the dropped tail below 10^-(dps + 15).
    Scalars r > 0, 0 < h < 1; returns ``mpmath.mpf`` (and the quadrature error estimate if ``error``).
    Tested to the requested digits for r up to 1e3.  Cost: ~0.2 s once r sqrt(1 - h) >~ 80 (all K0 arguments then in mpmath's
    fast asymptotic range), but 5-20 s for smaller r, where mpmath's K0 of moderate complex argument
    (|z| ~ 5-40) is slow.

    >>> print(mpmath.nstr(pair_correlation_clean_2d(100, 0.3, dps=15), 12))
    6.06572912657e-7
    """
    scalar("r", r, low=0.0, low_open=True), _h_scalar(h)
    dps = digits("dps", dps, low=5, high=100)
    with mpmath.workdps(dps + 10):
        rm, hm = _mp(r), _mp(h)

        def f(u):  # s = eps r = u^2: the decay exp(-c sqrt(s)) at large s becomes exp(-c u)
            e = u * u / rm
            kp, km = mpmath.sqrt(-(1 + hm) - 1j * e), mpmath.sqrt(-(1 - hm) + 1j * e)
            return 2 * u * mpmath.re(mpmath.besselk(0, rm * kp) * mpmath.besselk(0, rm * km))

        # cut where exp(-r Re(kappa_+ + kappa_-)) < 10^-(dps + 15): the tail beyond is below the target
        s_max = mpmath.mpf(1)
        while rm * mpmath.re(mpmath.sqrt(-(1 + hm) - 1j * s_max / rm)
                             + mpmath.sqrt(-(1 - hm) + 1j * s_max / rm)) < (dps + 15) * 2.31:
            s_max *= 2
        pts = [mpmath.mpf(0)] + [mpmath.sqrt(s_max) / mpmath.mpf(2) ** j for j in range(6, -1, -1)]
        val, err = mpmath.quad(f, pts, error=True, method="gauss-legendre")
        val, err = val / (4 * mpmath.pi**3 * rm), err / (4 * mpmath.pi**3 * rm)
    with mpmath.workdps(dps):
        return (+val, +err) if error else +val


def pair_correlation_linearized_2d(r, h, *, dps=20):
    """Route 2: K_lin(r) = (1/2 pi) int Q J0(Q r) Pi(Q) dQ for the linearized spectrum of Eq. 19.

    Pi(Q) = nu [const - log(h + sqrt(h^2 - Q^2))] (Q < Q0 = h), nu [const - log(Q/2)] (Q > Q0), with
    v_F = 2 so that Q0 = 2 h/v_F = h.  By parts, K_lin = (1/(2 pi r)) [nu J0(h r)/r - int_0^h Q J1(Q r)
    Pi'(Q) dQ], the integral in Q = h sin(phi) (smooth integrand), Gauss-Legendre on sub-intervals.
    Valid for h << 1 where the spectrum is linear; -> nu cos(h r)/(2 pi r^2).  Returns mpf.
    """
    scalar("r", r, low=0.0, low_open=True), _h_scalar(h)
    dps = digits("dps", dps, low=5, high=100)
    with mpmath.workdps(dps + 10):
        rm, hm, nu = _mp(r), _mp(h), 1 / (4 * mpmath.pi)

        def f(phi):
            s = mpmath.sin(phi)
            return nu * hm * s * s * mpmath.besselj(1, hm * rm * s) / (1 + mpmath.cos(phi))

        n = int(hm * rm / 2) + 4  # ~ one sub-interval per half oscillation of J1
        integral = mpmath.quad(f, mpmath.linspace(0, mpmath.pi / 2, n))
        val = (nu * mpmath.besselj(0, hm * rm) / rm - integral) / (2 * mpmath.pi * rm)
    with mpmath.workdps(dps):
        return +val


def pair_correlation_clean_2d_asymptotic(r, h):
    """Eq. 19 (route 1, corrected): (1 - h^2)^(1/4) cos(q r)/(4 pi^2 r^2 (k+ + k-)), q = k+ - k-, k+- = sqrt(1 +- h).

    Domain r > 0, 0 < h < 1; broadcasts; float64.  The leading large-r form of
    :func:`pair_correlation_clean_2d`: relative corrections O(1/(r (1 - h))); a RegimeWarning is
    emitted where r (1 - h) < ``ASYMPTOTIC_MIN_R``.  No -pi/4 phase (see ``python -m derivations errata``).

    >>> print(pair_correlation_clean_2d_asymptotic(100.0, 0.3))
    6.070273021494756e-07
    """
    r = positive("r", r)
    h = real_array("h", h, low=0.0, high=1.0, low_open=True, high_open=True)
    if r.size and h.size and np.min(r * (1 - h)) < ASYMPTOTIC_MIN_R:  # broadcasts like the result
        warn_regime(f"r (1 - h) < {ASYMPTOTIC_MIN_R}: the large-r form of Eq. 19 is not accurate there")
    return finish(blockwise(_gen.pair_correlation_clean_2d_asymptotic, r, h))


def pair_correlation_dirty_2d(r, h, *, D=1.0):
    """Impurity-averaged pair correlation, dirty limit: (nu/(pi r^2)) Re[u0 K1(u0)], u0 = (1 + i) r sqrt(h/D).

    Cooperon 1/(D Q^2 + 2|eps| + 2 i h sgn eps), h = mu_B H per spin (units of mu), nu = 1/(4 pi).
    Decays as exp(-r sqrt(h/D)) with sign changes on the same length (the paper prints sqrt 2 times
    faster decay).  Domain r, h, D > 0; broadcasts; underflows to 0 beyond r sqrt(h/D) ~ 700.
    """
    r, h, D = positive("r", r), positive("h", h), positive("D", D)
    return finish(blockwise(_gen.pair_correlation_dirty_2d, r, h, D))
