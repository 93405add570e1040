"""Certified values by Arb ball arithmetic (python-flint): an enclosure with a rigorous radius.

:func:`pair_correlation_clean_2d_certified` encloses the exact clean pair correlation of Eq. 19's
model (``derivations.pair_correlation``): units hbar = 2m = mu = 1, r in units of 1/k_F, zeeman =
mu_B H in units of mu, 0 < zeeman < 1.  Every rounding, the quadrature error and the truncated tail
are bounded, so the returned :class:`Enclosure` contains the true value.

python-flint is imported on first use (``import numerics`` stays light).  Thread safety: Arb's
precision is global (``flint.ctx.prec``), so every computation here holds
``numerics._precision.FLINT_LOCK`` (concurrent calls run one at a time) and restores the precision on
exit; ``mpmath.mp`` is never changed.
"""
from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from typing import Any

import mpmath

from . import _precision
from .validation import digits as _digits, scalar

_LN2 = math.log(2.0)


def _flint():
    import flint
    return flint


@dataclass(frozen=True)
class Enclosure:
    """A real ball [mid - rad, mid + rad] known to contain the true value (an Arb ``arb``).

    ``mid`` and ``rad`` are exact binary numbers (``mpmath.mpf``); ``arb`` is the flint ball; the
    repr shows the digits the ball carries (printed by Arb, so the printed ball contains it).
    """

    arb: Any  # a python-flint arb or acb

    @property
    def mid(self) -> mpmath.mpf:
        if not self.arb.is_finite():
            return mpmath.mp.make_mpf(mpmath.libmp.fnan)
        return _exact_mpf(self.arb.mid())

    @property
    def rad(self) -> mpmath.mpf:
        if not self.arb.is_finite():
            return mpmath.mp.make_mpf(mpmath.libmp.finf)
        return _exact_mpf(self.arb.rad())

    @property
    def digits(self) -> float:
        """Correct significant digits relative to |mid| (floor of log10(|mid|/rad))."""
        if not self.arb.is_finite():
            return 0
        mid, rad = abs(self.mid), self.rad
        if rad == 0:
            return math.inf
        return 0 if mid <= rad else int(mpmath.floor(mpmath.log10(mid / rad)))

    def contains(self, x: float) -> bool:
        """True if the exact value of ``x`` (an mpf, float or int) lies in the ball."""
        x = _exact_arb(x)
        with _precision.FLINT_LOCK:
            return self.arb.contains(x)

    def __float__(self) -> float:
        return float(self.mid)

    def __repr__(self):
        n = self.digits
        return f"Enclosure({self.arb.str(max(1, min(n, 1000)) if n != math.inf else 40, radius=True)})"


def _exact_mpf(x):
    """An exact arb (midpoint or radius) as an mpf holding all its bits (created at enough precision)."""
    man, exp = (int(v) for v in x.man_exp())
    return mpmath.mp.make_mpf(mpmath.libmp.from_man_exp(man, exp))  # exact: no rounding, no global precision


def _exact_arb(x):
    """An mpf, float or int as an exact arb."""
    flint = _flint()
    if not isinstance(x, mpmath.mpf):
        return flint.arb(x)
    sign, man, exp, bc = x._mpf_
    if not man:
        return flint.arb(0)
    with _precision.FLINT_LOCK, flint.ctx.workprec(bc + 16):
        out = flint.arb(flint.fmpz((-1) ** sign * man)) * flint.arb(2) ** int(exp)
    assert out.is_exact()
    return out


def besselk0(z):
    """An acb ball containing K0(w) for every w in the ball ``z`` (principal branch, cut on (-oo, 0]).

    Arb's ``bessel_k`` alone is not enough here: for |z| below ~prec ln 2 it sums the convergent series,
    whose terms grow like e^|z| while K0 ~ e^(-Re z), and it adds no guard bits (measured: at 30
    digits K0(30 - 30i) comes back as [+/- 2.8e-12], all digits lost), and on a ball of radius 1e-10
    around 35i the series returns +/- 1e5.  So for |mid| >= 4 we evaluate at the exact midpoint m
    (Arb's asymptotic expansion with rigorous remainder if that reaches the working precision, else
    the series with (|m| + |Re m|)/ln 2 + 20 guard bits) and add |z - m| sup|K1| over the ball, K1
    bounded by Arb's asymptotic expansion with 4 terms on the ball (rigorous, no cancellation; valid
    since the ball avoids the cut: the segment from m to any point of it stays where K0 is analytic).
    For |mid| < 4 the series loses at most e^8, so Arb's bessel_k on the ball at +20 bits is used
    directly, as for a ball touching the cut (valid for either side, wide).
    """
    flint = _flint()
    acb, arb, ctx = flint.acb, flint.arb, flint.ctx
    prec = ctx.prec
    mid = z.mid()
    m = float(abs(mid).mid())
    if m < 4.0 or not z.is_finite() or not _off_cut(z):  # near the cut: the midpoint bound below needs analyticity
        with ctx.workprec(prec + 20):
            out = z.bessel_k(0)
        return +out
    with ctx.workprec(prec + 16):  # guard bits for pi, exp and the products, so a good expansion passes the test
        sqrt_pi = arb.pi().sqrt()
        val = sqrt_pi * (-mid).exp() * (2 * mid).hypgeom_u(0.5, 1, asymp=True)
    if not _accurate(val, prec):
        with ctx.workprec(prec + int((m + abs(float(mid.real.mid()))) / _LN2) + 20):
            val = mid.bessel_k(0)
        val = +val
    if z.rad() == 0:
        return val
    k1 = sqrt_pi * 2 * z * (-z).exp() * (2 * z).hypgeom_u(1.5, 3, n=4, asymp=True)
    spread = abs(z - mid).upper() * abs(k1).upper()
    return val + acb(arb(0, spread), arb(0, spread))


def _accurate(v, bits):
    return v.is_finite() and v.rel_accuracy_bits() >= bits


def _off_cut(z):
    """The ball z certainly avoids (-oo, 0], where K0 is not analytic."""
    return z.real > 0 or not z.imag.contains(0)


def _amplitude(zeeman):
    """A = (1 - E_Z^2)^(1/4)/(4 pi^2 (sqrt(1 + E_Z) + sqrt(1 - E_Z))), the size of r^2 K (float, 0.003-0.013)."""
    kp, km = math.sqrt(1 + zeeman), math.sqrt(1 - zeeman)
    return math.sqrt(kp * km) / (4 * math.pi**2 * (kp + km))


def pair_correlation_clean_2d_certified(r: float, zeeman: float, *, dps: int = 20,
                                        digits: int | None = None) -> Enclosure:
    """Exact clean K(r, E_Z) of Eq. 19's model with a rigorous error bound (Arb), as an :class:`Enclosure`.

    zeeman: mu_B H in units of mu, 0 < zeeman < 1; r in units of 1/k_F, 1e-3 <= r <= 1e6 tested,
    1e-300 <= r <= 1e80 accepted (3 s at 1e-200; beyond 1e80 the large-r form's relative corrections
    are below 1e-80, and Arb returned infinite radii at r = 1e100, 1e200); hbar = 2m = mu = 1.  ``r`` and ``zeeman`` may be
    ``mpmath.mpf`` at any precision: their exact binary values are used (not rounded to float64).  The
    enclosure radius is <= 10^-dps times the envelope A/r^2 (A the route-1 amplitude,
    :func:`numerics.pair_correlation.amplitude_asymptotic`), so the value carries ``dps`` digits relative
    to its envelope (fewer relative to itself near a zero of the oscillation); if Arb cannot reach that
    after one retry at higher precision a ``UserWarning`` says so (the enclosure stays rigorous).
    ``digits=`` is the deprecated former name of ``dps=`` (a DeprecationWarning).

    K = (1/4 pi^3) Re int_0^oo K0(r kappa_+) K0(r kappa_-) d eps, with the branches

        kappa_+ = -i sqrt(1 + E_Z + i eps),   kappa_- = i sqrt(1 - E_Z - i eps)   (principal sqrt),

    which square to -(1 + E_Z) - i eps and -(1 - E_Z) + i eps and have Re kappa_+- > 0 for eps > 0
    (Re kappa_+ = Im sqrt(1 + E_Z + i eps) > 0, Re kappa_- = -Im sqrt(1 - E_Z - i eps) > 0), so they
    are the model's roots sqrt(-(1 + z)) with Re > 0 at z = E_Z + i eps and z = -E_Z - i eps.  Unlike
    the principal sqrt(-(1 + E_Z) - i eps), whose argument lies on the cut at eps = 0, their sqrt
    arguments stay in the right half plane on a neighbourhood of the path eps >= 0 (analytic there,
    as Arb's integrator requires; it checks this with ``sqrt(analytic=True)``, and that each K0
    argument avoids the cut (-oo, 0]).  At eps = 0 they are -i k_+ and i k_-, the limits of the model's
    roots as eps -> 0+.

    Substituting eps = u^2/r, the integral over [0, u_max] is done by ``acb.integral`` on geometric
    sub-intervals.  Tail eps > eps_M = 2 + 2 M^2: Re kappa_+- >= sqrt((eps - 2)/2) = m, and
    |K0(z)| <= K0(Re z) <= sqrt(pi/(2 Re z)) e^(-Re z) (from K0(z) = int_0^oo e^(-z cosh t) dt), so
    |integrand| <= (pi/(2 r m)) e^(-2 r m) and the tail of K is at most e^(-2 r M)/(4 pi^2 r^2), added
    to the radius.

    Measured (``python -m numerics.bench``, 2 shared cores, 20 digits, E_Z = 0.5): 0.4-0.8 s at r = 1e-3,
    0.2-0.5 s at r = 1 (K0 arguments 4 <~ |z| <~ 35 need Arb's series with guard bits), 0.05 s at
    r = 100 and 1e4 (asymptotic expansion); the mpmath route takes 40 s, 0.2 s, 0.2 s there.

    >>> print(mpmath.nstr(pair_correlation_clean_2d_certified(100, 0.3, dps=15).mid, 12))
    6.06572912657e-7
    """
    if digits is not None:
        warnings.warn("pair_correlation_clean_2d_certified: digits= is deprecated, use dps=", DeprecationWarning,
                      stacklevel=2)
        dps = digits
    rf = scalar("r", r, low=1e-300, high=1e80)  # 1e100, 1e200: Arb returned an infinite radius
    zf = scalar("zeeman", zeeman, low=0.0, high=1.0, low_open=True, high_open=True)
    dps = _digits("dps", dps, low=5, high=100)
    r = r if isinstance(r, mpmath.mpf) else rf  # an mpf keeps all its bits (exact arb below)
    zeeman = zeeman if isinstance(zeeman, mpmath.mpf) else zf
    flint = _flint()
    out = None
    with _precision.FLINT_LOCK:
        saved = flint.ctx.prec
        try:
            for extra in (12, 40):
                out, env = _clean_integral(r, zeeman, dps, extra)
                if out.rad() <= env * flint.arb(10) ** -dps:
                    return Enclosure(out)
        finally:
            flint.ctx.prec = saved
    warnings.warn(f"pair_correlation_clean_2d_certified: radius {float(out.rad()):.2e} exceeds 10^-{dps} of "
                  f"the envelope at r = {rf!r}, zeeman = {zf!r}", UserWarning, stacklevel=2)
    return Enclosure(out)


def _log2(x):
    """log2 of a positive float or mpf (any size)."""
    return float(mpmath.log(x, 2)) if isinstance(x, mpmath.mpf) else math.log2(x)


def _clean_integral(r, zeeman, digits, extra):
    """(enclosure of K, envelope A/r^2 as an arb); r, zeeman floats or mpf (exact values used)."""
    flint = _flint()
    acb, arb, ctx = flint.acb, flint.arb, flint.ctx
    with ctx.workprec(int(digits * 3.33) + extra + int(abs(_log2(r))) + 10):
        R, E = _exact_arb(r), _exact_arb(zeeman)  # exact binary values of the inputs (floats or mpf)
        kp, km = (1 + E).sqrt(), (1 - E).sqrt()
        env = (kp * km).sqrt() / (4 * arb.pi() ** 2 * (kp + km)) / (R * R)
        r, zeeman = float(r), float(zeeman)  # for the break points only (any exact binary numbers work)
        A = _amplitude(zeeman)
        cp, cm, i = 1 + E, 1 - E, acb(0, 1)
        nan = acb(arb.nan())

        def f(u, analytic):
            e = u * u / R
            zp = -i * (cp + i * e).sqrt(analytic=analytic) * R
            zm = i * (cm - i * e).sqrt(analytic=analytic) * R
            if analytic and not (_off_cut(zp) and _off_cut(zm)):
                return nan
            return 2 * u / R * besselk0(zp) * besselk0(zm)

        target = env.upper() * arb(10) ** -(digits + 2)  # for K; the integral is 4 pi^3 K
        Ms = ((digits + 3) * math.log(10) + max(0.0, -math.log(4 * math.pi**2 * A))) / (2 * math.sqrt(r))  # M sqrt r
        u_max = float(math.ceil(math.sqrt(2 * r + 2 * Ms * Ms)))  # = sqrt((2 + 2 M^2) r); exact breakpoints
        u_lo = min(1.0, math.sqrt(r * (1 - zeeman))) / 4
        pts = [0.0] + [u_max * 2.0**-j for j in range(int(math.log2(u_max / u_lo)) + 1, -1, -1)]
        # per piece: a share of the target, or a relative goal for the large pieces
        goal = target * 4 * arb.pi() ** 3 / len(pts)
        total = acb(0)
        for a, b in zip(pts[:-1], pts[1:]):
            total += acb.integral(f, arb(a), arb(b), abs_tol=goal, rel_tol=arb(10.0 ** -(digits + 3)))
        m_tail = ((arb(u_max) ** 2 / R - 2) / 2).sqrt()  # M at eps_M = u_max^2/r (ball arithmetic)
        tail = (-2 * R * m_tail).exp() / (4 * arb.pi() ** 2 * R * R)
        val = total.real / (4 * arb.pi() ** 3) + arb(0, tail.upper())
    return val, env  # no rounding: the caller may be at a lower precision
