"""The optimal droplet (Eq. 13, corrected sign): the Townes profile to 30+ digits.

The saddle-point profile of the droplet density is, in its canonical form, the positive radially
symmetric decaying solution of the 2D stationary cubic nonlinear Schroedinger equation

    -lap R + R = R^3,   R'' + R'/rho - R + R^3 = 0,   R'(0) = 0,   R(rho) ~ c K0(rho)  (rho -> oo),

the Townes soliton.  The corrected Eq. 13, (lap - 1) eta_s + c3 eta_s^3 = 0, is solved by
eta_s = R/sqrt(c3).

Method: two-sided shooting with Taylor-series steps in fixed-point integer arithmetic.  The outward
solution starts from the even series at rho = 0 with R(0) = a; the inward one starts from c K0 at a
radius rho_m where R^3 is below the working precision; Newton on (a, c) matches R and R' at
rho = 2.  Both integrations run in their stable direction, so working precision dps + 12 suffices
(single outward shooting would need about dps + 0.9 rho_m digits).  The integrals over the plane are
summed exactly from the same Taylor polynomials.
"""
from __future__ import annotations

import functools
from typing import Any
import json
from dataclasses import dataclass, field

import mpmath
import numpy as np

from ._typing import ArrayLike, Float
from . import _precision
from .validation import digits, scalar

_Q = 4  # steps of 1/_Q in rho: nearest complex singularity of R is ~1.3 away, so ratio <= 0.2
_MATCH = 2  # matching radius rho = _MATCH


def _cauchy(a, b, n, shift):
    """Coefficient n of the product of two fixed-point series."""
    return sum(a[k] * b[n - k] for k in range(n + 1)) >> shift


class _Fixed:
    """Fixed-point arithmetic with ``bits`` fractional bits on Python integers."""

    def __init__(self, bits):
        self.bits = bits
        self.one = 1 << bits

    def of(self, x):
        return int(mpmath.nint(mpmath.ldexp(x, self.bits)))

    def to(self, i):
        return mpmath.ldexp(mpmath.mpf(i), -self.bits)


def _origin_step(fx, a, var):
    """Even series from rho = 0 to 1/_Q: (2k+2)^2 b_{k+1} = b_k - (b^3)_k, scaled by (1/_Q)^(2k).

    Returns R, R', V, V' at rho = 1/_Q (V = dR/da) and the integrals' contributions.
    """
    b, v, s, sv = [a], [var], [], []
    tol = 1 << 8
    k = 0
    while True:
        s.append(_cauchy(b, b, k, fx.bits))
        cube = _cauchy(s, b, k, fx.bits)
        sv.append(_cauchy(s, v, k, fx.bits))
        den = _Q * _Q * (2 * k + 2) ** 2
        b.append((b[k] - cube) // den)
        v.append((v[k] - 3 * sv[k]) // den)
        k += 1
        if abs(b[k]) < tol and abs(v[k]) < tol and k > 4:
            break
    R, V = sum(b), sum(v)
    dR = sum(2 * j * b[j] for j in range(len(b))) * _Q  # d/drho of sum b_j (rho Q)^(2j)
    dV = sum(2 * j * v[j] for j in range(len(v))) * _Q
    # int_0^{1/Q} f rho drho with f = sum f_j (rho Q)^{2j}: sum f_j / (Q^2 (2j + 2))
    s2 = [_cauchy(b, b, j, fx.bits) for j in range(len(b))]
    s4 = [_cauchy(s2, s2, j, fx.bits) for j in range(len(b))]
    d = [2 * j * b[j] for j in range(len(b))]  # R' = Q * sum d_j (rho Q)^(2j-1)
    dd = [_cauchy(d[1:] + [0], d[1:] + [0], j, fx.bits) for j in range(len(b))]  # (rho Q)^(2j+2)
    mass = sum(x // (_Q * _Q * (2 * j + 2)) for j, x in enumerate(s2))
    quart = sum(x // (_Q * _Q * (2 * j + 2)) for j, x in enumerate(s4))
    grad = sum(x // (2 * j + 4) for j, x in enumerate(dd))  # Q^2 * (rho Q)^(2j+2) rho drho / Q^2...
    return (R, dR, V, dV), (mass, grad, quart), b


def _step(fx, m, sgn, y):
    """One Taylor step from rho0 = m/_Q to rho0 + sgn/_Q of (R, R', V, V').

    Recurrence (scaled coefficients A_n = a_n h^n, h = sgn/_Q), from rho R'' + R' - rho R + rho R^3 = 0:
    m Q^2 (n+1)(n+2) A_{n+2} = -sgn (n+1)^2 Q^2 A_{n+1} + m A_n + sgn A_{n-1} - m C_n - sgn C_{n-1},
    C = coefficients of R^3 (of 3 R^2 V for the variational equation).
    """
    R, dR, V, dV = y
    A = [R, sgn * dR // _Q]
    W = [V, sgn * dV // _Q]
    S, C, SW = [], [], []
    tol = 1 << 8
    n = 0
    while True:
        S.append(_cauchy(A, A, n, fx.bits))
        C.append(_cauchy(S, A, n, fx.bits))
        SW.append(3 * _cauchy(S, W, n, fx.bits))
        prevA, prevC = (A[n - 1], C[n - 1]) if n else (0, 0)
        prevW, prevSW = (W[n - 1], SW[n - 1]) if n else (0, 0)
        den = m * _Q * _Q * (n + 1) * (n + 2)
        A.append((-sgn * (n + 1) ** 2 * _Q * _Q * A[n + 1] + m * A[n] + sgn * prevA - m * C[n] - sgn * prevC)
                 // den)
        W.append((-sgn * (n + 1) ** 2 * _Q * _Q * W[n + 1] + m * W[n] + sgn * prevW - m * SW[n] - sgn * prevSW)
                 // den)
        n += 1
        if n > 6 and max(abs(A[-1]), abs(A[-2]), abs(W[-1]), abs(W[-2])) < tol:
            break
    N = len(A)
    out = (sum(A), sgn * _Q * sum(j * A[j] for j in range(N)), sum(W), sgn * _Q * sum(j * W[j] for j in range(N)))
    # integrals over the step of f(rho) rho drho, f = sum F_j tau^j: (1/Q^2) sum F_j (m/(j+1) + sgn/(j+2))
    S2 = [_cauchy(A, A, j, fx.bits) for j in range(N)]
    S4 = [_cauchy(S2, S2, j, fx.bits) for j in range(N)]
    D = [(j + 1) * A[j + 1] for j in range(N - 1)] + [0]  # R' = (Q sgn) sum D_j tau^j
    DD = [_cauchy(D, D, j, fx.bits) * _Q * _Q for j in range(N)]

    def integral(F):
        return sum(F[j] * m // (j + 1) + sgn * F[j] // (j + 2) for j in range(N)) // (_Q * _Q)
    return out, (integral(S2), integral(DD), integral(S4)), A


def _integrate(fx, a, c, rho_m):
    """Outward from 0 and inward from rho_m to the matching radius; returns both ends and integrals."""
    y, ints, coef = _origin_step(fx, a, fx.one)
    totals = list(ints)
    segments = [(0, 0, coef)]  # (m, sgn, coefficients); sgn 0: even series in (rho Q)
    for m in range(1, _MATCH * _Q):
        y, ints, coef = _step(fx, m, 1, y)
        totals = [t + i for t, i in zip(totals, ints)]
        segments.append((m, 1, coef))
    k0, k1 = mpmath.besselk(0, rho_m), mpmath.besselk(1, rho_m)
    z = (fx.of(c * k0), fx.of(-c * k1), fx.of(k0), fx.of(-k1))
    for m in range(int(rho_m * _Q), _MATCH * _Q, -1):
        z, ints, coef = _step(fx, m, -1, z)
        totals = [t + i for t, i in zip(totals, ints)]
        segments.append((m, -1, coef))
    return y, z, totals, segments


@functools.lru_cache(maxsize=None)
def _solve(dps):
    """(peak, c, mass, gradient_norm, quartic) of R at ``dps`` digits (c3-independent)."""
    wp = dps + 12
    with _precision.MP_LOCK, mpmath.workdps(wp):  # the shooting uses mpmath.mp: one solve at a time
        # start the inward solution where R^2 < 10^-wp (R^3 negligible against R) and carry
        # 1.6 wp digits in fixed point so that R is still known to wp digits *relative* there
        rho_m = mpmath.ceil(wp * mpmath.log(10) / 2)
        fx = _Fixed(int(1.6 * wp * 3.33) + 8)
        a = mpmath.mpf("2.2062008646507459")  # float64-level start; Newton doubles digits
        y = _integrate(fx, fx.of(a), mpmath.mpf(0), rho_m)[0]
        c = fx.to(y[0]) / mpmath.besselk(0, _MATCH)
        for _ in range(8):
            y, z, tot, _ = _integrate(fx, fx.of(a), c, rho_m)
            F = [fx.to(y[0] - z[0]), fx.to(y[1] - z[1])]
            J = mpmath.matrix([[fx.to(y[2]), -fx.to(z[2])], [fx.to(y[3]), -fx.to(z[3])]])
            da, dc = mpmath.lu_solve(J, mpmath.matrix(F))
            a, c = a - da, c - dc
            if abs(da) < mpmath.mpf(10) ** -(dps + 6):
                break
        else:
            raise ArithmeticError("optimal droplet: Newton shooting did not converge")
        y, z, tot, segments = _integrate(fx, fx.of(a), c, rho_m)
        two_pi = 2 * mpmath.pi
        prof = _Profile(segments, fx.bits, float(c), float(rho_m))
        return a, c, two_pi * fx.to(tot[0]), two_pi * fx.to(tot[1]), two_pi * fx.to(tot[2]), prof


class _Profile:
    """float64 R(rho): the Taylor polynomial of the step containing rho; c K0(rho) beyond rho_m."""

    def __init__(self, segments, bits, c, rho_m):
        deg = max(2 * len(co) if sg == 0 else len(co) for _, sg, co in segments)
        n = int(rho_m * _Q)
        self.coef = np.zeros((n, deg))
        self.anchor = np.zeros(n)
        self.sign = np.ones(n)
        for m, sg, co in segments:
            vals = [x / (1 << bits) for x in co]  # int / int rounds correctly
            k = m if sg >= 0 else m - 1  # unit interval [k/Q, (k+1)/Q) covered by the segment
            if sg == 0:
                self.coef[k, 0:2 * len(vals):2] = vals  # even series in tau = rho Q
            else:
                self.coef[k, :len(vals)] = vals
            self.anchor[k], self.sign[k] = m / _Q, (sg or 1)
        self.c, self.rho_m = c, rho_m

    def __call__(self, rho):
        from scipy.special import k0
        inside = rho < self.rho_m
        k = np.minimum((rho * _Q).astype(np.int64), len(self.anchor) - 1)
        tau = self.sign[k] * (rho - self.anchor[k]) * _Q
        out = np.zeros_like(rho)
        for j in range(self.coef.shape[1] - 1, -1, -1):  # Horner, vectorized over rho
            out = out * tau + self.coef[k, j]
        return np.where(inside, out, self.c * k0(np.where(inside, 1.0, rho)))


# --- public layer -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Droplet:
    """The optimal droplet and the paper's constants at ``dps`` digits (see :func:`optimal_droplet`)."""

    dps: int
    c3: mpmath.mpf
    peak: mpmath.mpf
    asymptotic_coefficient: mpmath.mpf
    mass: mpmath.mpf
    gradient_norm: mpmath.mpf
    quartic: mpmath.mpf
    verified_digits: int | None = None
    _profile: Any = field(default=None, repr=False, compare=False)

    @property
    def B(self) -> mpmath.mpf:
        """Eq. 12 (corrected sign): B = int (|grad eta_s|^2 + eta_s^2) d^2y with eta_s = R/sqrt(c3)."""
        return self._at(lambda mp, f: (f.gradient_norm + f.mass) / f.c3)

    @property
    def A2(self) -> mpmath.mpf:
        """Eq. 12: A^2 = c3 int eta_s^4 d^2y = quartic/c3 (leading local correlator)."""
        return self._at(lambda mp, f: f.quartic / f.c3)

    @property
    def A(self) -> mpmath.mpf:
        return self._at(lambda mp, f: mp.sqrt(f.quartic / f.c3))

    @property
    def B_over_A(self) -> mpmath.mpf:
        """Ratio B/A in the tail argument (B/A) g sqrt(h) of Eqs. 14-15; = sqrt(2 N_c/c3)."""
        return self._at(lambda mp, f: (f.gradient_norm + f.mass) / f.c3 / mp.sqrt(f.quartic / f.c3))

    @property
    def L0_over_Lf(self) -> mpmath.mpf:
        """Eq. 10: L0^2/L_f^2 = 2 int eta^2 / int |grad eta|^2 (= sqrt 2 by the virial identity)."""
        return self._at(lambda mp, f: mp.sqrt(2 * f.mass / f.gradient_norm))

    @property
    def C(self) -> mpmath.mpf:
        """Eq. 17: C = B_p N_p/(2 A_p^2) for the peak-normalized eta = R/R(0), i.e. mass/(c3 peak^2)."""
        return self._at(lambda mp, f: f.mass / (f.c3 * f.peak**2))

    _STORED = ("c3", "peak", "asymptotic_coefficient", "mass", "gradient_norm", "quartic")

    def _at(self, fn):
        """fn(ctx, fields) in a private mpmath context at ``dps`` digits (thread-safe: the global
        mpmath.mp is never changed), as a global mpf carrying ``dps`` digits."""
        mp = _precision.context(self.dps)

        class _F:  # the stored fields as mpf of the private context
            pass
        f = _F()
        for n in self._STORED:
            setattr(f, n, mp.mpf(getattr(self, n)))
        return _precision.export(fn(mp, f), self.dps)

    # -- saving and loading: the digits as decimal strings (exact round trip) --
    def to_dict(self):
        """A JSON-ready dict: ``dps``, ``verified_digits`` and every stored value as a decimal string with
        enough digits to give back the same binary value (``from_dict(d.to_dict()) == d``).  The float64
        profile is not stored: :meth:`profile` of a loaded droplet re-solves (cached per ``dps``)."""
        n = mpmath.libmp.repr_dps(mpmath.libmp.dps_to_prec(self.dps))
        out = {"dps": self.dps, "verified_digits": self.verified_digits}
        out.update({k: mpmath.libmp.to_str(getattr(self, k)._mpf_, n) for k in self._STORED})
        return out

    @classmethod
    def from_dict(cls, data):
        """The :class:`Droplet` of :meth:`to_dict` (values parsed at ``dps`` digits in a private context)."""
        dps = digits("dps", data["dps"], low=15, high=100)
        vd = data.get("verified_digits")
        if vd is not None and (isinstance(vd, bool) or not isinstance(vd, int)):
            raise ValueError(f"verified_digits must be an integer or None; got {vd!r}")
        mp = _precision.context(dps)
        vals = {}
        for k in cls._STORED:
            if not isinstance(data.get(k), str):
                raise ValueError(f"{k} must be a decimal string; got {data.get(k)!r}")
            vals[k] = _precision.export(mp.mpf(data[k]), dps)
        return cls(dps, vals["c3"], vals["peak"], vals["asymptotic_coefficient"], vals["mass"],
                   vals["gradient_norm"], vals["quartic"], vd)

    def save(self, path):
        """Write :meth:`to_dict` as JSON to ``path``."""
        with open(path, "w", encoding="utf-8") as f:
            json.dump(self.to_dict(), f, indent=1)
            f.write("\n")

    @classmethod
    def load(cls, path):
        """The droplet saved by :meth:`save`."""
        with open(path, encoding="utf-8") as f:
            return cls.from_dict(json.load(f))

    # -- printing: every value at the droplet's precision (a bare mpf prints at mpmath.mp.dps) --
    _FIELDS = ("peak", "asymptotic_coefficient", "mass", "gradient_norm", "quartic")
    _DERIVED = (("B", "Eq. 12, eta = R/sqrt(c3)"), ("A2", "Eq. 12, eta = R/sqrt(c3)"),
                ("B_over_A", "Eqs. 14-15, any normalization"), ("L0_over_Lf", "Eq. 10"),
                ("C", "Eq. 17, peak-normalized eta = R/R(0)"))

    def _s(self, v):
        return mpmath.nstr(v, self.dps)

    def __repr__(self):
        vals = ", ".join(f"{n}={self._s(getattr(self, n))}" for n in self._FIELDS)
        return (f"Droplet(dps={self.dps}, c3={self._s(self.c3)}, {vals}, "
                f"verified_digits={self.verified_digits})")

    def table(self) -> str:
        """The fields and the paper's constants, one per line, each printed with all ``dps`` digits."""
        rows = [(n, getattr(self, n), "") for n in self._FIELDS]
        rows += [(n, getattr(self, n), note) for n, note in self._DERIVED]
        head = f"optimal droplet (Townes profile R), {self.dps} digits, c3 = {self._s(self.c3)}"
        if self.verified_digits is not None:
            head += f", {self.verified_digits} digits verified by the independent method"
        w = max(len(n) for n, _, _ in rows)
        return "\n".join([head] + [f"  {n:<{w}}  {self._s(v)}" + (f"   ({note})" if note else "")
                                    for n, v, note in rows])

    __str__ = table

    def virial_residuals(self):
        """(gradient_norm - mass, quartic - 2 mass): zero for the exact profile (Pohozaev, 2D)."""
        return (self._at(lambda mp, f: f.gradient_norm - f.mass), self._at(lambda mp, f: f.quartic - 2 * f.mass))

    def profile(self, rho: ArrayLike) -> Float:
        """Canonical R(rho) in float64 (vectorized, rho >= 0), from the stored Taylor segments."""
        from .validation import finish, real_array
        rho = real_array("rho", rho, low=0.0, allow_inf=True)
        prof = self._profile if self._profile is not None else _solve(self.dps)[5]  # loaded: re-solve
        return finish(prof(rho))


def optimal_droplet(dps: int = 30, *, c3: float = 1.0, verify: bool = False) -> Droplet:
    """The optimal droplet of Eq. 13 (corrected sign) and the paper's "constants of order unity".

    The canonical profile R solves -lap R + R = R^3 in 2D (Townes soliton); the corrected Eq. 13,
    (lap - 1) eta_s + c3 eta_s^3 = 0, is solved by eta_s = R/sqrt(c3).  Fields (mpmath.mpf at
    ``dps`` digits): ``peak`` = R(0), ``mass`` = int R^2 d^2y (= N_c), ``gradient_norm`` =
    int |grad R|^2 d^2y, ``quartic`` = int R^4 d^2y, ``asymptotic_coefficient`` (R ~ c K0(rho));
    derived: ``B``, ``A2``, ``A``, ``B_over_A`` (Eq. 12), ``L0_over_Lf`` (Eq. 10), ``C`` (Eq. 17,
    peak-gap convention).  ``verify=True`` recomputes peak and mass by the independent method of
    :mod:`numerics.reference.droplet` and sets ``verified_digits``.

    How the values print: each is an ``mpmath.mpf`` carrying ``dps`` digits, but a bare mpf prints
    at the global ``mpmath.mp.dps`` (15 by default), so ``d.C`` alone shows ``mpf('2.4039699676949452')``.
    ``repr(d)``, ``print(d)`` and ``d.table()`` print every value with all ``dps`` digits; for one
    value use ``mpmath.nstr(d.C, d.dps)``.

    Domain: ``dps`` integer in [15, 100]; ``c3`` > 0 (Eq. 3's constant).

    >>> d = optimal_droplet(30)
    >>> print(mpmath.nstr(d.peak, 30), mpmath.nstr(d.mass, 30))
    2.20620086465074607478363406458 11.7008965245596538786539726779
    >>> print(mpmath.nstr(d.B_over_A, 30), mpmath.nstr(d.L0_over_Lf, 30))
    4.8375399790719360790116552912 1.41421356237309504880168872421
    >>> print(d.table().splitlines()[-1])
      C                       2.40396996769494515709741270038   (Eq. 17, peak-normalized eta = R/R(0))
    """
    dps = digits("dps", dps, low=15, high=100)
    c3 = scalar("c3", c3, low=0.0, low_open=True)
    if not isinstance(verify, (bool, np.bool_)):
        raise ValueError(f"verify must be True or False; got {verify!r}")
    a, c, mass, grad, quart, prof = _solve(dps)
    verified = None
    if verify:
        from .reference.droplet import reference_droplet
        with _precision.MP_LOCK:  # the reference solver uses mpmath.mp: one at a time
            ref = reference_droplet(dps)
        mp = _precision.context(dps + 10)
        a_, m_ = mp.mpf(a), mp.mpf(mass)
        err = max(abs(mp.mpf(ref["peak"]) - a_) / a_, abs(mp.mpf(ref["mass"]) - m_) / m_)
        verified = int(min(dps + 5, -mp.log10(err) if err else dps + 5))
    ex = functools.partial(_precision.export, dps=dps)
    return Droplet(dps, ex(c3), ex(a), ex(c), ex(mass), ex(grad), ex(quart), verified, prof)
