"""Eq. 19 and the dirty limit: the 2D Cooper-pair correlation in a Zeeman field at T = 0.

Units hbar = 2m = mu = 1 (k_F = 1, v_F = 2, nu = 1/(4 pi)), r in units of 1/k_F; ``zeeman`` is the
Zeeman energy mu_B H of each spin in units of mu, 0 < zeeman < 1 (E_Z of the exact clean model of
``derivations.pair_correlation``).

* :func:`pair_correlation_clean_2d`: the exact K(r, E_Z) by mpmath quadrature (high precision; the
  independent second route to the certified one).
* :func:`pair_correlation_clean_2d_certified` (in :mod:`numerics.certified`): the exact K with a
  rigorous error bound (Arb ball arithmetic).
* :func:`pair_correlation_clean_2d_exact`: the exact K in float64, vectorized (plots).
* :func:`pair_correlation_clean_2d_asymptotic`: route 1, (1 - E_Z^2)^(1/4) cos(q r)/(4 pi^2 r^2 (k+ + k-)),
  q = sqrt(1 + E_Z) - sqrt(1 - E_Z); relative corrections O(1/r) (vectorized, generated).
* :func:`pair_correlation_linearized_2d`: route 2, the Fourier transform of the linearized pair
  susceptibility of Eq. 19 by Bessel-J quadrature (small E_Z).
* :func:`pair_correlation_dirty_2d`: (nu/(pi r^2)) Re[u0 K1(u0)], u0 = (1 + i) r sqrt(E_Z/D).
"""
from __future__ import annotations

import warnings

import mpmath
import numpy as np
import scipy.special as sc

from . import _precision
from ._generated import pair_correlation as _gen
from ._typing import ArrayLike, Float
from .validation import blockwise, digits, finish, positive, quiet, real_array, scalar, warn_range, warn_regime

ASYMPTOTIC_MIN_R = 10.0  #: route 1 needs r (1 - zeeman) >> 1: corrections ~ 1/(r (1 - zeeman))
_ZEEMAN = dict(low=0.0, high=1.0, low_open=True, high_open=True)


def _scalar_mp(name, x, ctx=mpmath.mp, **domain):
    """Validate a scalar (Python/NumPy number, 0-d array or mpf) and return it as mpf of ``ctx`` at its
    precision (an mpf input keeps its digits up to that precision; anything else goes through its exact
    float value)."""
    value = scalar(name, x, **domain)
    return ctx.mpf(x) if hasattr(x, "_mpf_") else ctx.mpf(value)


def amplitude_asymptotic(zeeman, ctx=None):
    """Amplitude of route 1 (Eq. 19 corrected), (1 - E_Z^2)^(1/4)/(4 pi^2 (sqrt(1 + E_Z) + sqrt(1 - E_Z))), as mpf.

    zeeman: mu_B H in units of mu, 0 < zeeman < 1; hbar = 2m = mu = 1.  In the mpmath context ``ctx``
    (default: the global ``mpmath.mp``, i.e. the working precision of the caller).
    """
    ctx = mpmath.mp if ctx is None else ctx
    E = _scalar_mp("zeeman", zeeman, ctx, **_ZEEMAN)
    return (1 - E * E) ** ctx.mpf(0.25) / (4 * ctx.pi**2 * (ctx.sqrt(1 + E) + ctx.sqrt(1 - E)))


def pair_correlation_clean_2d(r: float, zeeman: float, *, dps: int = 20,
                              error: bool = False) -> mpmath.mpf | tuple[mpmath.mpf, mpmath.mpf]:
    """Exact K(r, E_Z) = int (d eps/2 pi) G(r, i eps + E_Z) G(r, -i eps - E_Z), G = -K0(kappa r)/(2 pi) (Eq. 19 model).

    zeeman: mu_B H in units of mu, 0 < zeeman < 1; r in units of 1/k_F; hbar = 2m = mu = 1.  Scalars
    (numbers, 0-d arrays, mpf); returns ``mpmath.mpf`` (and the quadrature error estimate if ``error``).

    Computed as (1/4 pi^3) Re int_0^oo K0(r kappa_+) K0(r kappa_-) d eps, kappa_+ = sqrt(-(1 + E_Z) - i eps),
    kappa_- = sqrt(-(1 - E_Z) + i eps) (eps < 0 gives the complex conjugate), by Gauss-Legendre quadrature
    in u = sqrt(eps r) on sub-intervals halving from the cut-off down to below the scales sqrt(r (1 - E_Z))
    and 1 (the integrand's features: with only the 7 top halvings, r = 1e-3 lost 10 digits), at
    ``dps`` + 10 working digits; the cut-off keeps the dropped tail below 10^-(dps + 15).  If the
    quadrature's error estimate exceeds 10^-dps of the envelope A/r^2 (A =
    :func:`amplitude_asymptotic`), it is redone at a higher degree, then a ``UserWarning`` is emitted.
    Tested to the requested digits for 1e-3 <= r <= 1e6 against the certified route.  Cost: ~0.2 s
    once r sqrt(1 - E_Z) >~ 80 (all K0 arguments then in mpmath's fast asymptotic range), 5-60 s for
    smaller r (mpmath's K0 of moderate complex argument is slow); the Arb route
    (:func:`numerics.certified.pair_correlation_clean_2d_certified`) is 5-50x faster.  Thread-safe: the
    work runs in a private mpmath context (``numerics._precision``); ``mpmath.mp.dps`` is never changed, and
    the returned mpf carries ``dps`` digits whatever the global precision.

    >>> print(mpmath.nstr(pair_correlation_clean_2d(100, 0.3, dps=15), 12))
    6.06572912657e-7
    """
    dps = digits("dps", dps, low=5, high=100)
    mp = _precision.context(dps + 10)  # private: thread-safe, the global mpmath.mp is untouched
    rm, E = _scalar_mp("r", r, mp, low=0.0, low_open=True), _scalar_mp("zeeman", zeeman, mp, **_ZEEMAN)

    def f(u):  # s = eps r = u^2: the decay exp(-c sqrt(s)) at large s becomes exp(-c u)
        e = u * u / rm
        kp, km = mp.sqrt(-(1 + E) - 1j * e), mp.sqrt(-(1 - E) + 1j * e)
        return 2 * u * mp.re(mp.besselk(0, rm * kp) * mp.besselk(0, rm * km))

    # cut where exp(-r Re(kappa_+ + kappa_-)) < 10^-(dps + 15): the tail beyond is below the target
    s_max = mp.mpf(1)
    while rm * mp.re(mp.sqrt(-(1 + E) - 1j * s_max / rm)
                     + mp.sqrt(-(1 - E) + 1j * s_max / rm)) < (dps + 15) * 2.31:
        s_max *= 2
    u_max, u_lo = mp.sqrt(s_max), min(1, mp.sqrt(rm * (1 - E))) / 4
    n = max(6, int(mp.ceil(mp.log(u_max / u_lo, 2))))
    pts = [mp.mpf(0)] + [u_max / mp.mpf(2) ** j for j in range(n, -1, -1)]
    envelope = amplitude_asymptotic(E, mp) / rm**2
    for degree in (6, 9):  # mpmath's default maxdegree is 6 for Gauss-Legendre
        val, err = mp.quad(f, pts, error=True, method="gauss-legendre", maxdegree=degree)
        val, err = val / (4 * mp.pi**3 * rm), err / (4 * mp.pi**3 * rm)
        if err <= mp.mpf(10) ** -(dps + 1) * envelope:
            break
    else:
        warnings.warn(f"pair_correlation_clean_2d: quadrature error estimate {mp.nstr(err, 3)} exceeds "
                      f"10^-{dps + 1} of the envelope at r = {float(rm)!r}", UserWarning, stacklevel=2)
    return (_precision.export(val, dps), _precision.export(err, dps)) if error else _precision.export(val, dps)


def pair_correlation_linearized_2d(r: float, zeeman: float, *, dps: int = 20) -> mpmath.mpf:
    """Route 2: K_lin(r) = (1/2 pi) int Q J0(Q r) Pi(Q) dQ for the linearized spectrum of Eq. 19.

    zeeman: mu_B H in units of mu, 0 < zeeman < 1 (E_Z); r in units of 1/k_F; hbar = 2m = mu = 1.
    Pi(Q) = nu [const - log(E_Z + sqrt(E_Z^2 - Q^2))] (Q < Q0 = E_Z), nu [const - log(Q/2)] (Q > Q0), with
    v_F = 2 so that Q0 = 2 E_Z/v_F = E_Z.  By parts, K_lin = (1/(2 pi r)) [nu J0(E_Z r)/r - int_0^E_Z Q J1(Q r)
    Pi'(Q) dQ], the integral in Q = E_Z sin(phi) (smooth integrand), Gauss-Legendre on sub-intervals.
    Valid for E_Z << 1 where the spectrum is linear; -> nu cos(E_Z r)/(2 pi r^2).  Scalars; returns mpf;
    a ``UserWarning`` if the quadrature's error estimate exceeds 10^-(dps + 1) of the envelope nu/(2 pi r^2).
    """
    dps = digits("dps", dps, low=5, high=100)
    mp = _precision.context(dps + 10)  # private: thread-safe
    rm, hm = _scalar_mp("r", r, mp, low=0.0, low_open=True), _scalar_mp("zeeman", zeeman, mp, **_ZEEMAN)
    nu = 1 / (4 * mp.pi)

    def f(phi):
        s = mp.sin(phi)
        return nu * hm * s * s * mp.besselj(1, hm * rm * s) / (1 + mp.cos(phi))

    n = int(hm * rm / 2) + 4  # ~ one sub-interval per half oscillation of J1
    integral, err = mp.quad(f, mp.linspace(0, mp.pi / 2, n), error=True)
    val = (nu * mp.besselj(0, hm * rm) / rm - integral) / (2 * mp.pi * rm)
    if err / (2 * mp.pi * rm) > mp.mpf(10) ** -(dps + 1) * nu / (2 * mp.pi * rm**2):  # vs the envelope
        warnings.warn(f"pair_correlation_linearized_2d: quadrature error estimate {mp.nstr(err, 3)} exceeds "
                      f"10^-{dps + 1} of the envelope at r = {float(rm)!r}", UserWarning, stacklevel=2)
    return _precision.export(val, dps)


@quiet
def pair_correlation_clean_2d_asymptotic(r: ArrayLike, zeeman: ArrayLike) -> Float:
    """Eq. 19 (route 1, corrected): (1 - E_Z^2)^(1/4) cos(q r)/(4 pi^2 r^2 (k+ + k-)), q = k+ - k-, k+- = sqrt(1 +- E_Z).

    zeeman: mu_B H in units of mu, 0 < zeeman < 1; r in units of 1/k_F, r > 0; hbar = 2m = mu = 1;
    broadcasts; float64.  The leading large-r form of :func:`pair_correlation_clean_2d`: relative
    corrections O(1/(r (1 - E_Z))); a RegimeWarning is emitted where r (1 - zeeman) < ``ASYMPTOTIC_MIN_R``.
    No -pi/4 phase (see ``python -m derivations errata``).
    Accuracy: <= 2.0 ulps/(1 + cond), cond = 3 + r (q + E_Z dq/dE_Z) |tan(q r)| (the rounding of q r
    and of the inputs moves the phase; dense test: tests/test_dense_accuracy.py).

    >>> print(pair_correlation_clean_2d_asymptotic(100.0, 0.3))
    6.070273021494717e-07
    """
    r = positive("r", r)
    zeeman = real_array("zeeman", zeeman, **_ZEEMAN)
    if r.size and zeeman.size and np.min(r * (1 - zeeman)) < ASYMPTOTIC_MIN_R:  # broadcasts like the result
        warn_regime(f"r (1 - zeeman) < {ASYMPTOTIC_MIN_R}: the large-r form of Eq. 19 is not accurate there")
    return finish(blockwise(_gen.pair_correlation_clean_2d_asymptotic, r, zeeman))


@quiet
def pair_correlation_dirty_2d(r: ArrayLike, zeeman: ArrayLike, *, D: ArrayLike = 1.0) -> Float:
    """Impurity-averaged pair correlation, dirty limit: (nu/(pi r^2)) Re[u0 K1(u0)], u0 = (1 + i) r sqrt(E_Z/D).

    zeeman: mu_B H in units of mu (E_Z, the Zeeman shift of each spin), zeeman > 0; D the diffusion
    constant (units hbar = 2m = mu = 1, so D in 1/k_F^2 per 1/mu); r in units of 1/k_F; nu = 1/(4 pi).
    Cooperon 1/(D Q^2 + 2|eps| + 2 i E_Z sgn eps).  Decays as exp(-r sqrt(E_Z/D)) with sign changes on
    the same length (the paper prints sqrt 2 times faster decay).  Domain r, zeeman, D > 0; broadcasts.
    It underflows beyond X = r sqrt(E_Z/D) ~ 700: there 0 is returned with a
    :class:`~numerics.RangeWarning` pointing to :func:`pair_correlation_dirty_2d_scaled` (K e^X, finite).
    Accuracy: <= 2.0 ulps/(1 + cond), cond = 3 + |u0| |u0 K1(u0)|/|Re u0 K1(u0)| (the real part changes
    sign; dense test: tests/test_dense_accuracy.py).
    """
    r, zeeman, D = positive("r", r), positive("zeeman", zeeman), positive("D", D)
    out = np.asarray(blockwise(_dirty_block, r, zeeman, D))
    if (out == 0).any() or np.isinf(out).any():
        warn_range("pair_correlation_dirty_2d is below the float64 range at some points (0 returned, "
                   "r sqrt(zeeman/D) > ~700): use pair_correlation_dirty_2d_scaled there")
    return finish(out)


@quiet
def pair_correlation_dirty_2d_scaled(r: ArrayLike, zeeman: ArrayLike, *, D: ArrayLike = 1.0) -> Float:
    """The dirty-limit pair correlation times e^X, X = r sqrt(E_Z/D): (nu/(pi r^2)) Re[u0 K1(u0) e^X],
    u0 = (1 + i) X; finite and O(X^(1/2)/r^2) for every X (the exponentially scaled form of
    :func:`pair_correlation_dirty_2d`, as ``kve`` is of ``kv``; log|K| = log|this| - X).

    Same units and domain as :func:`pair_correlation_dirty_2d`; broadcasts.  u0 K1(u0) e^(u0) from
    ``scipy.special.kve`` (AMOS) for |u0| < 2^29 and from its Hankel series beyond (AMOS refuses
    |u0| >~ 2^30; 4 terms are exact to 1e-35 there), times e^(-iX).
    Accuracy: <= 2.0 ulps/(1 + cond), cond as for :func:`pair_correlation_dirty_2d`
    (dense test: tests/test_dense_accuracy.py).
    """
    r, zeeman, D = positive("r", r), positive("zeeman", zeeman), positive("D", D)
    return finish(blockwise(_dirty_block_scaled, r, zeeman, D))


_HANKEL_MIN = 2.0 ** 29  #: |u0| from which u0 K1(u0) e^u0 comes from its Hankel series (AMOS limit ~2^30)


def _dirty_block_scaled(r, zeeman, D):
    return _dirty_block(r, zeeman, D, scaled=True)


def _dirty_block(r, zeeman, D, scaled=False):
    """(nu/(pi r^2)) Re[u0 K1(u0)] (scaled = 0) or that times e^X (scaled = 1), X = r sqrt(zeeman/D)."""
    import scipy.special as sc
    X = r * np.sqrt(zeeman / D)
    u0 = X * (1 + 1j)
    far = np.abs(u0) >= _HANKEL_MIN
    # w = u0 K1(u0) e^u0 (the exponentially scaled value)
    w = u0 * sc.kve(1, np.where(far, 1.0 + 1j, u0))
    if far.any():  # sqrt(pi u0/2) u0^... : u0 K1(u0) e^u0 = sqrt(pi u0/2) (1 + 3/(8 u0) - 15/(128 u0^2) + ...)
        t = 1 / np.where(far, u0, 1.0)
        series = 1 + t * (0.375 + t * (-0.1171875 + t * 0.1025390625))
        w = np.where(far, np.sqrt(0.5 * np.pi * u0) * series, w)
    # e^(-u0) = e^(-X) e^(-iX): the phase always, the modulus unless scaled (as two halves: no early underflow)
    if scaled:
        val = (w * np.exp(-1j * X)).real
    else:
        half = np.exp(-0.5 * X)
        val = (((w * np.exp(-1j * X)) * half) * half).real
    return val / (4 * np.pi**2 * r * r)


_GL_U, _GL_W = np.polynomial.legendre.leggauss(20)
_EXACT_CUT = 40.0  #: e^-40 = 4e-18: where the K0 K0 product is dropped


EXACT_MAX_R = 2.0 ** 29  #: r sqrt(1 + E_Z) beyond which AMOS's kve refuses the argument (NaN before)
EXACT_MIN_R = 1e-100  #: below, eps = u^2/r of the substitution overflows; use the mpmath or certified route
_EXACT_BLOCK = 2048  #: points per batch: the (points, pieces, nodes) complex temporaries stay < ~100 MB


@quiet
def pair_correlation_clean_2d_exact(r: ArrayLike, zeeman: ArrayLike) -> Float:
    """Exact clean K(r, E_Z) of Eq. 19's model in float64, vectorized (for plots).

    zeeman: mu_B H in units of mu, 0 < zeeman < 1; r in units of 1/k_F, ``EXACT_MIN_R`` (1e-100) <= r
    and r sqrt(1 + E_Z) < ``EXACT_MAX_R`` (2^29, where SciPy's AMOS Bessel routines stop; beyond, the
    large-r form has relative corrections < 1e-8/(1 - E_Z)); outside, a ValueError names the
    high-precision routes.  hbar = 2m = mu = 1; broadcasts like the other float64 functions.  The same
    integral as :func:`numerics.certified.pair_correlation_clean_2d_certified` (its docstring fixes the
    branches):
    K = (1/4 pi^3) Re[e^(i q r) int_0^oo (2u/r) kve(0, z_+) kve(0, z_-) e^(-u^2 s) du], eps = u^2/r, with
    z_+ = -i r k_+ + u^2/(w_+ + k_+), z_- = i r k_- + u^2/(w_- + k_-), w_+- = sqrt(1 +- E_Z +- i eps),
    s = 1/(w_+ + k_+) + 1/(w_- + k_-), q = 2 E_Z/(k_+ + k_-): the phase e^(i q r) is taken out exactly
    (r kappa_+- - (-+ i r k_+-) computed without cancellation), ``scipy.special.kve`` (AMOS) gives
    K0 e^z.  The phase q r is formed in double-double (k_+- = sqrt(1 +- E_Z) with their rounding
    errors, q r = p + p' exactly enough) and cos(q r) = cos p - p' sin p: rounding q alone moved the
    phase by ~q r 1e-16 (2e-12 of the envelope at r = 8460, E_Z = 0.99).
    Composite 20-point Gauss-Legendre on pieces halving from the cut-off (where
    r Re(kappa_+ + kappa_-) = 40) down to below sqrt(r (1 - E_Z)) and 1, the scales of the integrand
    (its singularities in u lie at |u| = sqrt(r (1 +- E_Z))), and one piece [0, lowest].  Points go in
    batches of ``_EXACT_BLOCK`` (up to ~40 KB per point of a batch at small r: < ~100 MB whatever the input
    size; all at once it needed ~17 GB for 1e6 points).

    Accuracy: |K - K_exact| <= 2e-15 A/r^2 (A the amplitude, 0.003-0.013) over the whole domain
    (measured 6.7e-16 at 93 points, r from 1e-100 to 3e8, E_Z from 1e-6 to 0.999999; tests/test_certified.py
    against the certified route).  ~0.1 s per 1000 points in [1, 1e4] (``python -m numerics.bench``).
    """
    r, zeeman = positive("r", r), real_array("zeeman", zeeman, **_ZEEMAN)
    rb, eb = np.broadcast_arrays(r, zeeman)
    if rb.size:
        if np.min(rb) < EXACT_MIN_R:
            raise ValueError(f"r must be >= {EXACT_MIN_R} for the float64 exact route (got {np.min(rb)!r}; "
                             "K ~ log(r)^2/r^2 there): use pair_correlation_clean_2d (mpmath) or "
                             "pair_correlation_clean_2d_certified")
        big = np.max(rb * np.sqrt(1 + eb))
        if big >= EXACT_MAX_R:
            raise ValueError(f"r sqrt(1 + zeeman) must be < 2^29 for the float64 exact route (got {big!r}): SciPy's "
                             "Bessel functions stop there; use pair_correlation_clean_2d_asymptotic (relative "
                             "corrections ~1/(r (1 - zeeman))) or the mpmath/certified routes")
    out = np.empty(rb.shape)
    rf, ef, of = rb.reshape(-1), eb.reshape(-1), out.reshape(-1)
    t = _EXACT_CUT / (2 * rf)  # Re kappa_+ = t at eps = 2 t sqrt(1 + E_Z + t^2), and Re kappa_- > Re kappa_+
    u_cut = np.sqrt(2 * t * np.hypot(np.sqrt(1 + ef), t) * rf)  # hypot: t^2 overflows for r < 1e-153
    u_lo = np.minimum(np.minimum(u_cut, np.sqrt(rf * (1 - ef))), 1.0) / 4
    pieces = np.maximum(np.ceil(np.log2(u_cut / u_lo)), 1).astype(int)
    for n in np.unique(pieces):  # points with the same number of pieces in one vectorized batch
        sel = np.flatnonzero(pieces == n)
        for i in range(0, len(sel), _EXACT_BLOCK):
            s = sel[i:i + _EXACT_BLOCK]
            of[s] = _clean_exact(rf[s], ef[s], u_cut[s], n)
    return finish(out)


def _two_sum(a, b):
    s = a + b
    bb = s - a
    return s, (a - (s - bb)) + (b - bb)


def _two_prod(a, b):
    """(p, e) with p + e = a b exactly (Dekker; |a b| < 1e300)."""
    p = a * b

    def split(x):
        c = 134217729.0 * x
        hi = c - (c - x)
        return hi, x - hi
    ah, al = split(a)
    bh, bl = split(b)
    return p, ((ah * bh - p) + ah * bl + al * bh) + al * bl


def _dd_sqrt(s, e):
    """sqrt(s + e) as (y, y') to ~1e-32 relative (one Newton step on the correctly rounded sqrt)."""
    y = np.sqrt(s)
    p, pe = _two_prod(y, y)
    return y, ((s - p) - pe + e) / (2 * y)


def _phase(r, E):
    """(p, p') with p + p' = q r, q = sqrt(1 + E) - sqrt(1 - E), to ~1e-30 relative to q r."""
    kp, kpl = _dd_sqrt(*_two_sum(1.0, E))
    km, kml = _dd_sqrt(*_two_sum(1.0, -E))
    q, ql = _two_sum(kp, -km)
    ql = ql + (kpl - kml)
    q, ql = _two_sum(q, ql)
    p, pl = _two_prod(q, r)
    return p, pl + ql * r


def _clean_exact(r, E, u_cut, n):
    edges = u_cut[:, None] * 2.0 ** -np.arange(n, -1, -1.0)  # (points, n + 1), ascending
    a = np.concatenate([np.zeros((len(r), 1)), edges[:, :-1]], axis=1)
    half = 0.5 * (edges - a)
    u = (a + half)[:, :, None] + half[:, :, None] * _GL_U  # (points, pieces, nodes)
    w = half[:, :, None] * _GL_W
    r3, E3 = r[:, None, None], E[:, None, None]
    kp, km = np.sqrt(1 + E3), np.sqrt(1 - E3)
    u2 = u * u
    eps = u2 / r3
    dp, dm = 1 / (np.sqrt(1 + E3 + 1j * eps) + kp), 1 / (np.sqrt(1 - E3 - 1j * eps) + km)
    zp, zm = -1j * r3 * kp + u2 * dp, 1j * r3 * km + u2 * dm
    f = 2 * u / r3 * sc.kve(0, zp) * sc.kve(0, zm) * np.exp(-u2 * (dp + dm))
    integral = np.sum(w * f, axis=(1, 2))
    p, pl = _phase(r, E)
    c, s = np.cos(p), np.sin(p)
    cos, sin = c - pl * s, s + pl * c
    return (cos * integral.real - sin * integral.imag) / (4 * np.pi**3)
