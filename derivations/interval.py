"""Rigorous "for all x in D" claims: ``expr REL 0`` decided over a whole box by Arb ball arithmetic.

:func:`prove` decides ``expr REL 0`` (REL one of ``>``, ``>=``, ``<``, ``<=``) for **every** point of a
domain ``{Symbol: (lo, hi)}`` and returns a :class:`Verdict`:

* ``"proved"``: every piece of the domain was covered by an enclosure (python-flint ``arb``/``acb``
  balls, outward rounded) that decides the relation, or by one of the rules below whose premises
  were themselves decided by enclosures.  A finite sample of points never proves anything.
* ``"false"``: a point (exact rational coordinates, inside the domain) where an Arb enclosure of the
  value at that exact point shows the relation fails.
* ``"undecided"``: the box budget ran out or a function has no Arb enclosure; the detail says which
  boxes were left, what was tried and what to supply.

Domain conventions.  ``(lo, hi)`` with finite ends is the *closed* interval [lo, hi]; an infinite end
(``-sympy.oo``/``sympy.oo``) is open.  For an open finite end pass a ``sympy.Interval``
(e.g. ``sympy.Interval.Lopen(0, sympy.oo)``): ``log(1 + x) < x`` is *false* on the tuple ``(0, oo)``
(x = 0 gives 0 < 0), and proved on ``Interval.Lopen(0, oo)``.  Symbols of the expression that are not
in the domain are refused (``ValueError``); a domain that leaves a symbol's SymPy assumptions
(e.g. ``lo < 0`` for a ``positive`` symbol) is refused too.

Method, per box (all variables as balls):

1. *Assumptions* (``assumptions=True``): the domain's sign facts are put on the symbols and SymPy's
   assumption system is asked (``is_positive`` ... of the expression and of its ``factor()``).
   Trusts SymPy's assumption handlers (for a constant subexpression they use SymPy's evalf with
   significance tracking).  Only for expressions whose every node has an Arb enclosure (a solver's
   value such as ``TownesMass()`` never reaches it).  Decides e.g. exp(x) > 0, (x - 1)^2 >= 0.
2. *Enclosure*: the expression evaluated with Arb on the box (:func:`enclosure`).
3. *Mean-value form*: f(m) + sum_i df/dx_i(B) (B_i - m_i), derivatives by SymPy ``diff``; beats
   the dependency problem on small boxes (e.g. ``|y| - y`` on [0.1, 1] is one box).
4. *Monotone rule* at a box face on the domain boundary (or a tail's finite face): if
   f(face) decides the (weak) relation and the partial derivative has the sign that moves f away
   from 0 (proved recursively by this same procedure, depth <= 2), the box is decided.  Handles a
   zero of f on the boundary: log(1 + x) - x on (0, d] (f(0) = 0, f' < 0 because f'(0) = 0, f'' < 0).
   For a strict relation at a closed face the face must be strict.
5. *Counterexample search*: at each undecided box the midpoint and the domain corners are
   evaluated as exact points.
6. Otherwise bisect the widest variable (breadth first).

Unbounded sides.  A box [X, oo) (X > 0) is decided by a *tail model*: the expression is rewritten
with t = 1/x (x = -1/t for (-oo, -X]), t in [0, 1/X]:

* erfc(z) = exp(-z^2) erfcx(z) (and Q, log Q, scaled Q of :mod:`derivations.special` likewise);
* erfcx(z) for z -> +oo by its asymptotic series with the remainder as an extra box variable:
  erfcx(z) = 1/(z sqrt(pi)) [sum_{k<n} (-1)^k (2k-1)!!/(2z^2)^k + theta (-1)^n (2n-1)!!/(2z^2)^n],
  theta in [0, 1] (for real z > 0 the remainder is bounded by, and has the sign of, the first omitted
  term: DLMF 7.12.1 and 7.12(i));
* exponentials are combined (exp(a) exp(b) = exp(a + b), exponents expanded) so that Gaussian
  factors cancel exactly; exp(u) with u -> 0 as t -> 0 is replaced by its Taylor polynomial plus
  u^n/n! theta', theta' in [exp(min(0, u)), exp(max(0, u))] over the box (Lagrange remainder);
* the result is put over one denominator with exact rational coefficients, positive factors
  (powers of t, exponentials, positive constants) are dropped from numerator and denominator
  (they do not change the sign), positive factors move inside ``Abs``; the remaining expression is
  decided by steps 2-4 on the box t in [0, 1/X] x theta's (t = 0 included: a superset).  Only
  "proved" counts from this sub-problem (its points with t = 0 or a chosen theta are not points of
  the domain).
* Otherwise the monotone rule at the face x = X with the derivative's sign proved on [X, oo) by the
  same tail procedure (this proves log(1 + x) < x on [X, oo)).
* Otherwise [X, oo) is split into [X, 2X] (an ordinary box) and [2X, oo).

No other rule decides an unbounded box: when none applies the verdict is "undecided" with the advice
to supply a tail bound.

Mapping a sampled claim.  ``MaxOver(e, x, (20, 40, 80)) < c`` becomes
``prove(e - c, "<", {x: (20, oo)})`` (or the range the claim is about); a numeric identity over a
domain becomes ``bound_abs(lhs - rhs, domain, eps)``.

Measured (python-flint 0.9, 128 bits, one process on the shared 2-core machine, 2026-12-05;
boxes = box evaluations including faces, derivative sub-proofs and tail models; CPU seconds):

==========================================================  =========  ======  =====
claim                                                       verdict    boxes   CPU s
==========================================================  =========  ======  =====
exp(x) > 0 on (-oo, oo), assumptions off                    proved          4   0.01
log(1 + x) < x on (0, oo)                                   proved          8   0.02
erfc(x) > 0 on [0, oo)                                      proved          2   0.01
density tail remainder 0 < rem(m) < 1 on [3, oo), m = 1, 2  proved          1   0.07
  ... m = 3 (< 1 / > 0)                                     proved     97 / 1   0.35
  ... m = 4, 5 (< 1 / > 0)                                  proved   110-1116   0.67
amplitude remainder x^4 |...| < 3 on [20, oo) (tau = 1.3)   proved          1   0.36
  ... < 5/2 on [20, oo) (limit 2.48799; mpmath)             proved          1   0.25
  ... < 3 on [3, oo)                                        proved         81   0.24
x^2 - 2 > 0 on [0, 3]; sin(x) < 0.99 on [0, 2]              false        0; 6   0.01
(x - y)^2 + 1/100 > 0 expanded, [-2, 2]^2                   proved       1725   0.13
(x - 1)^2 >= 0 on [-3, 3], assumptions off (tangency)       undecided   20000   2.7
==========================================================  =========  ======  =====

Roughly 7000 one-variable boxes per CPU second for small expressions; SymPy's symbolic work
(derivatives, the tail model's normal form) dominates the tail cases.
"""

from __future__ import annotations

import dataclasses
import math
import time
from collections import deque
from fractions import Fraction

import sympy as sp
from flint import acb, arb, ctx, fmpq, fmpz

from .special import GaussianTail, LogGaussianTail, ScaledGaussianTail, ZBesselK1

__all__ = ["prove", "bound_abs", "Verdict", "enclosure", "erfcx", "ARB_FUNCTIONS", "NoEnclosure"]

RELATIONS = (">", ">=", "<", "<=")



class NoEnclosure(Exception):
    """An expression node has no Arb enclosure (unknown function, infinite constant, ...)."""


class erfcx(sp.Function):  # noqa: N801 (SymPy function naming)
    """Scaled complementary error function erfcx(z) = exp(z^2) erfc(z) (DLMF 7.2.3 ff.)."""

    nargs = 1

    def fdiff(self, argindex=1):
        z = self.args[0]
        return 2 * z * erfcx(z) - 2 / sp.sqrt(sp.pi)

    def _eval_rewrite_as_erfc(self, z, **kw):
        return sp.exp(z**2) * sp.erfc(z)

    def _eval_is_positive(self):
        return True if self.args[0].is_extended_real else None

    def _eval_is_real(self):
        return True if self.args[0].is_extended_real else None


# --- Arb evaluation ------------------------------------------------------------------------------

def _is_acb(v):
    return isinstance(v, acb)


def _real_or_fail(v):
    if isinstance(v, acb):
        if v.imag.is_zero():
            return v.real
        raise NoEnclosure("a complex value where a real one is needed")
    return v


def _realpart(v):
    return v.real if isinstance(v, acb) else v


def _fmpq(r):
    r = sp.Rational(r)
    return fmpq(int(r.p), int(r.q))


def _arb_erfcx(z):
    if isinstance(z, acb):
        return (z * z).exp() * z.erfc()
    if z > 0:  # U(1/2, 1/2, z^2)/sqrt(pi): no exp(z^2) * erfc(z) dependency blow-up for wide z
        return (z * z).hypgeom_u(fmpq(1, 2), fmpq(1, 2)) / arb.pi().sqrt()
    return (z * z).exp() * z.erfc()


def _sqrt2():
    return arb(2).sqrt()


def _heaviside(v, *rest):
    v = _real_or_fail(v)
    if v > 0:
        return arb(1)
    if v < 0:
        return arb(0)
    return arb(fmpq(1, 2), fmpq(1, 2))  # [0, 1] contains every convention for H(0)


def _sign(v):
    if isinstance(v, acb):
        raise NoEnclosure("sign of a complex value")
    if v > 0:
        return arb(1)
    if v < 0:
        return arb(-1)
    return arb(0, 1)


def _abs(v):
    if isinstance(v, acb):
        return abs(v)
    if v >= 0:
        return v
    if v <= 0:
        return -v
    hi = max(v.upper(), -v.lower())  # ball containing 0: [0, max(|lo|, |hi|)]
    return arb(0).union(arb(hi)).nonnegative_part()


def _besselk_u(nu, z):
    """K_nu(z) = sqrt(pi) (2z)^nu e^(-z) U(nu + 1/2, 2 nu + 1, 2z), |arg z| < pi (DLMF 10.39.10).
    Arb's own K_n of integer order at large complex z is a useless ball ([+/- 2e-13] at 40 + 40i,
    |K_1| ~ 7e-19); the U form is tight there."""
    if isinstance(z, acb) or isinstance(nu, acb):
        z, nu = acb(z), acb(nu)
        return acb.pi().sqrt() * (2 * z)**nu * (-z).exp() * (2 * z).hypgeom_u(nu + acb(fmpq(1, 2)), 2 * nu + 1)
    return arb.pi().sqrt() * (2 * z)**nu * (-z).exp() * (2 * z).hypgeom_u(nu + arb(fmpq(1, 2)), 2 * nu + 1)


def _besselk(nu, z):
    direct = z.bessel_k(nu)
    if direct.is_finite() and direct.rel_accuracy_bits() > ctx.prec // 2:
        return direct
    right_half = (z.real > 0) if isinstance(z, acb) else (z > 0)
    if not right_half:
        return direct
    alt = _besselk_u(nu, z)
    if not alt.is_finite():
        return direct
    if not direct.is_finite():
        return alt
    if isinstance(alt, acb):
        return alt if alt.rad() < direct.rad() else direct
    return alt.intersection(direct)


def _besselj(nu, z):
    return z.bessel_j(nu)


def _max(*vals):
    out = _real_or_fail(vals[0])
    for v in vals[1:]:
        out = out.max(_real_or_fail(v))
    return out


def _min(*vals):
    out = _real_or_fail(vals[0])
    for v in vals[1:]:
        out = out.min(_real_or_fail(v))
    return out


def _re(v):
    return v.real if isinstance(v, acb) else v


def _im(v):
    return v.imag if isinstance(v, acb) else arb(0)


def _atan(v):
    return v.atan()


def _const(e):
    """Exact SymPy number -> a tight ball (exact where representable)."""
    if e.is_Rational:
        return arb(_fmpq(e))
    if e.is_Float:
        return arb(_fmpq(sp.Rational(e)))  # a Float is an exact binary number
    if e is sp.pi:
        return arb.pi()
    if e is sp.E:
        return arb(1).exp()
    if e is sp.EulerGamma:
        return arb.const_euler()
    if e is sp.I:
        return acb(0, 1)
    raise NoEnclosure(f"no Arb enclosure for the constant {e}")


def _hull(vals):
    """Smallest ball from the union of point balls ``vals`` (kept >= 0 when all are)."""
    out = vals[0]
    for v in vals[1:]:
        out = out.union(v)
    if all(v >= 0 for v in vals):
        out = out.nonnegative_part()
    elif all(v <= 0 for v in vals):
        out = -((-out).nonnegative_part())
    return out


def _wide(a):
    return not a.is_exact() and a.rad() > abs(a.mid()) * 2**-20


def _signed(r, a, b, op):
    """Clamp r = a op b to the sign known from the operands' signs (radius rounding can push a ball
    touching 0 across it: sqrt(2) [0, 1/6] has lower end -5e-10)."""
    if isinstance(r, acb) or not r.is_finite():
        return r
    pa, pb, na, nb = a >= 0, b >= 0, a <= 0, b <= 0
    if op == "*":
        if (pa and pb) or (na and nb):
            return r.nonnegative_part() if r.upper() >= 0 else r
        if (pa and nb) or (na and pb):
            return -((-r).nonnegative_part()) if r.lower() <= 0 else r
    else:
        if pa and pb:
            return r.nonnegative_part() if r.upper() >= 0 else r
        if na and nb:
            return -((-r).nonnegative_part()) if r.lower() <= 0 else r
    return r


def _mul(a, b):
    """Product; for wide real balls by endpoints ([0.5 +- 0.5]^2 would be [-0.5, 1] in mid-radius form)."""
    if isinstance(a, acb) or isinstance(b, acb):
        return a * b
    if not (_wide(a) and _wide(b)) or not (a.is_finite() and b.is_finite()):
        return _signed(a * b, a, b, "*")
    ends = [x * y for x in (a.lower(), a.upper()) for y in (b.lower(), b.upper())]
    return _hull(ends)


def _add(a, b):
    if isinstance(a, acb) or isinstance(b, acb):
        return a + b
    return _signed(a + b, a, b, "+")


def _mono(fn, increasing, lower_ok=None):
    """A monotone function on a wide real ball by its two endpoint values (mid-radius evaluation of a
    wide ball is loose: erfc([-10, 10]) has lower end -1).  ``lower_ok(lo)``: domain check at the
    lower end (False -> nan: outside the real domain)."""
    def f(v):
        if isinstance(v, acb) or not _wide(v) or not v.is_finite():
            return fn(v)
        lo, hi = v.lower(), v.upper()
        if lower_ok is not None and not lower_ok(lo):
            return arb.nan()
        return _hull([fn(lo), fn(hi)])
    return f


_sqrt = _mono(lambda v: v.sqrt(), True, lambda lo: lo >= 0)


def _pow(b, ex, ex_sym):
    if ex_sym.is_Integer:
        n = int(ex_sym)
        if isinstance(b, acb):
            return b**n
        if n == 0:
            return arb(1)
        if _wide(b) and b.is_finite():  # endpoints: b^n is monotone on each side of 0
            lo, hi = b.lower(), b.upper()
            if n % 2 == 0 and lo < 0 < hi:
                p = _hull([arb(0), (hi if hi > -lo else -lo) ** abs(n)])
            elif n % 2 == 0 and hi <= 0:
                p = _hull([(-lo) ** abs(n), (-hi) ** abs(n)])
            else:
                p = _hull([lo ** abs(n), hi ** abs(n)])
        else:
            base = _abs(b) if n % 2 == 0 else b
            p = base ** abs(n)
        return p if n >= 0 else 1 / p
    if ex_sym.is_Rational:
        q = _fmpq(ex_sym)
        if isinstance(b, acb):
            return b**acb(arb(q))
        if ex_sym == sp.S.Half:
            return _sqrt(b)
        return b**q
    if isinstance(b, acb) or isinstance(ex, acb):
        return acb(b)**acb(ex)
    return b**ex


#: SymPy function class -> callable on evaluated arguments (arb or acb).  Extend it for new classes.
ARB_FUNCTIONS = {
    sp.exp: _mono(lambda v: v.exp(), True),
    sp.log: _mono(lambda v: v.log(), True, lambda lo: lo > 0),
    sp.sin: lambda v: v.sin(),
    sp.cos: lambda v: v.cos(),
    sp.tan: lambda v: v.tan(),
    sp.atan: _mono(_atan, True),
    sp.sinh: lambda v: v.sinh(),
    sp.cosh: lambda v: v.cosh(),
    sp.tanh: _mono(lambda v: v.tanh(), True),
    sp.erf: _mono(lambda v: v.erf(), True),
    sp.erfc: _mono(lambda v: v.erfc(), False),
    erfcx: _mono(_arb_erfcx, False),
    sp.gamma: lambda v: v.gamma(),
    sp.loggamma: lambda v: v.lgamma(),
    sp.Abs: _abs,
    sp.re: _re,
    sp.im: _im,
    sp.sign: _sign,
    sp.Heaviside: _heaviside,
    sp.Max: _max,
    sp.Min: _min,
    sp.besselk: _besselk,
    sp.besselj: _besselj,
    GaussianTail: _mono(lambda v: (v / _sqrt2()).erfc() / 2, False),
    LogGaussianTail: _mono(lambda v: ((v / _sqrt2()).erfc() / 2).log(), False),
    ScaledGaussianTail: _mono(lambda v: _arb_erfcx(v / _sqrt2()) / 2, False),
    ZBesselK1: lambda v: v * _besselk(arb(1), v),
}


def compile_arb(expr, variables):
    """Closure env -> arb/acb for ``expr`` with ``variables`` (env: dict Symbol -> arb).

    Raises :class:`NoEnclosure` for nodes without an Arb enclosure (checked at compile time)."""
    memo = {}

    def comp(e):
        if e in memo:
            return memo[e]
        f = _comp(e)
        memo[e] = f
        return f

    def _comp(e):
        if e.is_Symbol:
            if e not in variables:
                raise NoEnclosure(f"free symbol {e} without a domain")
            return lambda env: env[e]
        if e.is_Number or e.is_NumberSymbol or e is sp.I:
            if e.is_infinite or e is sp.nan or e is sp.zoo:
                raise NoEnclosure(f"no Arb enclosure for {e}")
            c = _const(e)
            return lambda env: c
        if e.is_Add:
            parts = [comp(a) for a in e.args]

            def add(env):
                s = parts[0](env)
                for p in parts[1:]:
                    s = _add(s, p(env))
                return s
            return add
        if e.is_Mul:
            parts = [comp(a) for a in e.args]

            def mul(env):
                s = parts[0](env)
                for p in parts[1:]:
                    s = _mul(s, p(env))
                return s
            return mul
        if e.is_Pow:
            b, ex = e.args
            if b is sp.E:
                fe = comp(ex)
                return lambda env: fe(env).exp()
            fb, fe = comp(b), comp(ex)
            return lambda env: _pow(fb(env), fe(env), ex)
        fn = ARB_FUNCTIONS.get(type(e)) or ARB_FUNCTIONS.get(e.func)
        if fn is None:
            raise NoEnclosure(f"no Arb enclosure for {type(e).__name__}")
        if e.func in (sp.besselk, sp.besselj):
            nu = e.args[0]
            if not nu.is_number:
                raise NoEnclosure(f"{e.func.__name__} with a symbolic order")
            nu_v = _const(sp.nsimplify(nu)) if nu.is_Float else _const(nu)
            fz = comp(e.args[1])
            return lambda env: fn(nu_v, fz(env))
        if e.func is sp.Heaviside:
            fz = comp(e.args[0])
            return lambda env: fn(fz(env))
        parts = [comp(a) for a in e.args]
        return lambda env: fn(*[p(env) for p in parts])

    return comp(sp.sympify(expr))


def enclosure(expr, box, prec=128):
    """Arb enclosure of ``expr`` over ``box`` ({Symbol: (lo, hi)} finite): a ball (arb or acb)."""
    old = ctx.prec
    ctx.prec = prec
    try:
        f = compile_arb(sp.sympify(expr), set(box))
        return f({v: _ball(_q(lo), _q(hi)) for v, (lo, hi) in box.items()})
    finally:
        ctx.prec = old


# --- boxes ---------------------------------------------------------------------------------------

def _q(v):
    """Exact rational (Fraction) of a finite SymPy/Python number; Floats exactly."""
    if isinstance(v, Fraction):
        return v
    if isinstance(v, int):
        return Fraction(v)
    if isinstance(v, float):
        return Fraction(v)
    v = sp.sympify(v)
    if v.is_Rational:
        return Fraction(int(v.p), int(v.q))
    if v.is_Float:
        r = sp.Rational(v)
        return Fraction(int(r.p), int(r.q))
    if v.is_number and v.is_finite:  # sqrt(2), pi: a rational inside a 2^-200 interval is NOT exact
        raise ValueError(f"domain end {v} must be a rational or Float (use sympy.Rational / Float)")
    raise ValueError(f"domain end {v} is not a finite number")


def _arbq(q: Fraction):
    return arb(fmpq(q.numerator, q.denominator))


def _ball(lo: Fraction, hi: Fraction):
    """A ball containing [lo, hi]; never crossing 0 when the interval does not (a ball's radius is
    rounded up to 30 bits, which would otherwise put [0, 1/3] below 0 by ~1e-10)."""
    if lo == hi:
        return _arbq(lo)
    if lo >= 0:
        return _arbq(lo).union(_arbq(hi)).nonnegative_part()
    if hi <= 0:
        return -(_arbq(-hi).union(_arbq(-lo)).nonnegative_part())
    return _arbq(lo).union(_arbq(hi))


@dataclasses.dataclass
class _Side:
    lo: Fraction | None  # None = -oo
    hi: Fraction | None  # None = +oo
    lo_open: bool
    hi_open: bool

    @property
    def finite(self):
        return self.lo is not None and self.hi is not None

    def width(self):
        return float(self.hi - self.lo) if self.finite else math.inf


def _fmt(q):
    if q is None:
        return "oo"
    return str(q) if q.denominator < 10**6 else f"{float(q):.15g}"


def _fmt_box(variables, box):
    parts = []
    for v, s in zip(variables, box):
        lb = "(" if (s.lo is None or s.lo_open) else "["
        rb = ")" if (s.hi is None or s.hi_open) else "]"
        parts.append(f"{v} in {lb}{'-oo' if s.lo is None else _fmt(s.lo)}, {_fmt(s.hi)}{rb}")
    return ", ".join(parts)


# --- verdict -------------------------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class Verdict:
    """Outcome of :func:`prove`: ``status`` in {"proved", "false", "undecided"}."""

    status: str
    method: str
    detail: str
    point: dict | None = None
    boxes: int = 0

    @property
    def ok(self):
        return self.status == "proved"

    def __bool__(self):
        return self.ok

    def __str__(self):
        s = f"{self.status} ({self.method}; {self.boxes} boxes): {self.detail}"
        if self.point is not None:
            s += " at " + ", ".join(f"{k} = {v}" for k, v in self.point.items())
        return s


# --- the prover ----------------------------------------------------------------------------------

class _Budget:
    def __init__(self, n):
        self.left = n
        self.used = 0

    def take(self):
        if self.left <= 0:
            return False
        self.left -= 1
        self.used += 1
        return True


def _decides(val, strict):
    """val > 0 (strict) or val >= 0 certainly (a finite real ball)."""
    try:
        val = _real_or_fail(val)
    except NoEnclosure:
        return False
    if not val.is_finite():
        return False
    return bool(val > 0) if strict else bool(val >= 0)


def _violates(val, strict):
    """The relation g > 0 (strict) / g >= 0 certainly fails."""
    try:
        val = _real_or_fail(val)
    except NoEnclosure:
        return False
    if not val.is_finite():
        return False
    return bool(val <= 0) if strict else bool(val < 0)


class _Problem:
    """g REL 0 (REL '>' if strict else '>=') over boxes of ``variables``."""

    def __init__(self, g, variables, strict, real_points=True, depth=0, prec=128):
        self.g = g
        self.variables = list(variables)
        self.strict = strict
        self.real_points = real_points
        self.depth = depth
        self.prec = prec
        f = compile_arb(g, set(self.variables))
        try:
            real = bool(g.is_extended_real)
        except Exception:  # noqa: BLE001 -- odd assumption handlers
            real = False
        # SymPy may write a real quantity through complex intermediates (|exp(ix) + 2| becomes
        # sqrt(2 e^(ix) + 5 + 2 e^(-ix))): when SymPy knows the value is real, its real part encloses it
        self.f = (lambda env: _realpart(f(env))) if real else f
        self._grad = None
        self._grad_exprs = None
        self._derivs_expr = [g]
        self._derivs = [self.f]

    def grad_exprs(self):
        if self._grad_exprs is None:
            self._grad_exprs = [sp.diff(self.g, v) for v in self.variables]
        return self._grad_exprs

    def grad(self):
        if self._grad is None:
            try:
                self._grad = [compile_arb(d, set(self.variables)) for d in self.grad_exprs()]
            except NoEnclosure:
                self._grad = False
        return self._grad

    def env(self, box):
        return {v: _ball(s.lo, s.hi) for v, s in zip(self.variables, box)}

    def value(self, box):
        try:
            return self.f(self.env(box))
        except (NoEnclosure, ValueError, ZeroDivisionError, ArithmeticError):
            return arb.nan()

    def mean_value(self, box):
        grad = self.grad()
        if not grad:
            return None
        mid = [(s.lo + s.hi) / 2 for s in box]
        try:
            fm = self.f({v: _arbq(m) for v, m in zip(self.variables, mid)})
            env = self.env(box)
            out = fm
            for v, s, m, d in zip(self.variables, box, mid, grad):
                if s.lo == s.hi:
                    continue
                out = out + d(env) * (_ball(s.lo, s.hi) - _arbq(m))
            return out
        except (NoEnclosure, ValueError, ZeroDivisionError, ArithmeticError):
            return None

    def taylor(self, box, order):
        """1 variable: sum_{j<k} f^(j)(m) h^j/j! + f^(k)(B) h^k/k!, h = B - m (k = order)."""
        if len(self.variables) != 1 or self.depth > 0:
            return None
        v = self.variables[0]
        while len(self._derivs) <= order:
            try:
                d = sp.diff(self._derivs_expr[-1], v)
                self._derivs_expr.append(d)
                self._derivs.append(compile_arb(d, {v}))
            except NoEnclosure:
                return None
        s = box[0]
        m = (s.lo + s.hi) / 2
        h = _ball(s.lo - m, s.hi - m)
        try:
            pt = {v: _arbq(m)}
            out = self.f(pt)
            hj = arb(1)
            fact = 1
            for j in range(1, order):
                hj = _pow(h, None, sp.Integer(j))
                fact *= j
                out = out + self._derivs[j](pt) * hj / fact
            fact *= order
            out = out + _mul(self._derivs[order]({v: _ball(s.lo, s.hi)}), _pow(h, None, sp.Integer(order))) / fact
            return out
        except (NoEnclosure, ValueError, ZeroDivisionError, ArithmeticError):
            return None

    def point_value(self, pt):
        try:
            return self.f({v: _arbq(p) for v, p in zip(self.variables, pt)})
        except (NoEnclosure, ValueError, ZeroDivisionError, ArithmeticError):
            return None


def _decide_box(pb, box, budget, dom):
    """True if the box is decided (enclosure, mean value, monotone rule)."""
    val = pb.value(box)
    if _decides(val, pb.strict):
        return True, val
    mv = pb.mean_value(box)
    if mv is not None and _decides(mv, pb.strict):
        return True, val
    for order in (2, 3):
        tv = pb.taylor(box, order)
        if tv is not None and _decides(tv, pb.strict):
            return True, val
    if pb.depth < 2:
        for i, s in enumerate(box):
            d = dom[i]
            if s.lo == s.hi:
                continue
            for side in ("lo", "hi"):
                at_end = (s.lo == d.lo) if side == "lo" else (s.hi == d.hi)
                if not at_end or budget.left <= 0:
                    continue
                if _monotone(pb, box, i, side, budget):
                    return True, val
    return False, val


def _monotone(pb, box, i, side, budget):
    """Monotone rule from the face variables[i] = box[i].lo (or .hi)."""
    s = box[i]
    face_open = s.lo_open if side == "lo" else s.hi_open
    face = list(box)
    c = s.lo if side == "lo" else s.hi
    face[i] = _Side(c, c, False, False)
    budget.take()
    fv = pb.value(face)
    face_strict_ok = _decides(fv, True)
    if face_strict_ok or not _decides(fv, False):
        return False  # only for a face value touching 0 (a face strictly inside is left to bisection)
    if pb.strict and not face_open:
        return False
    need_strict_deriv = pb.strict
    d = pb.grad_exprs()[i]
    if side == "hi":
        d = -d
    sub_budget = _Budget(min(budget.left, 200))
    try:
        sub = _Problem(d, pb.variables, need_strict_deriv, real_points=False, depth=pb.depth + 1, prec=pb.prec)
    except NoEnclosure:
        return False
    status, _, _ = _bnb(sub, [list(box)], sub_budget, list(box))
    budget.left -= sub_budget.used
    budget.used += sub_budget.used
    return status == "proved"


def _corners(box):
    """Corners of a box, without its open faces (at most 16)."""
    pts = [[]]
    for s in box:
        opts = []
        if s.lo is not None and not s.lo_open:
            opts.append(s.lo)
        if s.hi is not None and not s.hi_open and s.hi != s.lo:
            opts.append(s.hi)
        pts = [p + [o] for p in pts for o in opts]
        if len(pts) > 16:
            return pts[:16]
    return pts


def _bisect(box):
    i = max(range(len(box)), key=lambda k: box[k].width())
    s = box[i]
    m = (s.lo + s.hi) / 2
    left, right = list(box), list(box)
    left[i] = _Side(s.lo, m, s.lo_open, False)
    right[i] = _Side(m, s.hi, False, s.hi_open)
    return left, right


def _bnb(pb, boxes, budget, dom):
    """Branch and bound over finite boxes.  Returns (status, info, leftovers)."""
    queue = deque(boxes)
    left = []
    if pb.real_points:
        for box in boxes:
            for pt in _corners(box):
                v = pb.point_value(pt)
                if v is not None and _violates(v, pb.strict):
                    return "false", (pt, v), []
    while queue:
        box = queue.popleft()
        if not budget.take():
            left.append((box, None))
            left.extend((b, None) for b in queue)
            return "undecided", None, left
        ok, val = _decide_box(pb, box, budget, dom)
        if ok:
            continue
        if pb.real_points:
            mid = [(s.lo + s.hi) / 2 for s in box]
            v = pb.point_value(mid)
            if v is not None and _violates(v, pb.strict):
                return "false", (mid, v), []
        else:  # a sub-claim (a derivative's sign, a tail model): give up at once where it fails
            for pt in [[(s.lo + s.hi) / 2 for s in box]] + _corners(box):
                v = pb.point_value(pt)
                if v is not None and _violates(v, pb.strict):
                    return "false", (pt, v), []
        if max(s.width() for s in box) == 0.0 or any(s.width() < 1e-300 for s in box if s.lo != s.hi):
            left.append((box, val))
            continue
        queue.extend(_bisect(box))
    return ("proved", None, []) if not left else ("undecided", None, left)


# --- tails: x = 1/t --------------------------------------------------------------------------------

_MAX_TAIL_SPLITS = 8
_TAIL_BUDGET = 1000
_MAX_OPS = 300  # larger derivatives are not worth the SymPy time of a tail model


def _outward(v, down):
    """A Fraction below (down) / above the real number in the finite arb endpoint ``v``."""
    f = float(v)
    return Fraction(math.nextafter(f, -math.inf if down else math.inf))


def _direction(z, tbox_env, tvars):
    """+1 if z -> +oo (1/z enclosed in [0, c]), -1 if z -> -oo, 0 if z is bounded, None otherwise."""
    try:
        zv = _real_or_fail(compile_arb(z, tvars)(tbox_env))
        if zv.is_finite():
            return 0
    except (NoEnclosure, ValueError, ZeroDivisionError, ArithmeticError):
        pass
    try:
        w = sp.cancel(1 / z)
        wv = _real_or_fail(compile_arb(w, tvars)(tbox_env))
    except (NoEnclosure, ValueError, ZeroDivisionError, ArithmeticError, sp.PolynomialError):
        return None
    if not wv.is_finite():
        return None
    if wv >= 0:
        return 1
    if wv <= 0:
        return -1
    return None


def _erfc_pos(z):
    return sp.exp(-z**2) * erfcx(z)


def _tail_rewrite(e, env, tvars):
    """Rewrite Gaussian tails through erfcx wherever their argument goes to +-oo on the tail box."""
    def rule(cls, make):
        def repl(z):
            d = _direction(z, env, tvars)
            if d == 1:
                return make(z)
            if d == -1:  # Q(z) = 1 - Q(-z), erfc(z) = 2 - erfc(-z)
                return None
            return None
        return repl

    def sub(node):
        if not node.args:
            return node
        args = [sub(a) for a in node.args]
        node = node.func(*args) if args != list(node.args) else node
        if isinstance(node, (sp.erfc, sp.erf, GaussianTail, LogGaussianTail, ScaledGaussianTail)):
            z = node.args[0]
            d = _direction(z, env, tvars)
            s = -1 if d == -1 else 1
            if d not in (1, -1):
                return node
            if isinstance(node, sp.erfc):
                return _erfc_pos(z) if s == 1 else 2 - _erfc_pos(-z)
            if isinstance(node, sp.erf):
                return 1 - _erfc_pos(z) if s == 1 else _erfc_pos(-z) - 1
            u = s * z / sp.sqrt(2)
            q = _erfc_pos(u) / 2  # Q(s z)
            if isinstance(node, GaussianTail):
                return q if s == 1 else 1 - q
            if isinstance(node, LogGaussianTail):
                return (-u**2 + sp.log(erfcx(u) / 2)) if s == 1 else sp.log(1 - q)
            if isinstance(node, ScaledGaussianTail):
                return erfcx(u) / 2 if s == 1 else sp.exp(z**2 / 2) * (1 - q)
        return node

    return sub(e)


def _combine_exp(e):
    e = e.replace(lambda n: isinstance(n, sp.exp), lambda n: sp.exp(sp.expand(n.args[0])))
    e = sp.powsimp(e, combine="exp", deep=True)
    return e.replace(lambda n: isinstance(n, sp.exp), lambda n: sp.exp(sp.expand(n.args[0])))


def _asymptotic(e, env, tvars, extra):
    """erfcx(z -> +oo) by its enveloping series; exp(u -> 0) by Taylor; remainders as new variables.

    ``extra``: list of (Dummy, lo, hi) receiving the remainder variables."""
    def sub(node):
        if not node.args:
            return node
        args = [sub(a) for a in node.args]
        node = node.func(*args) if args != list(node.args) else node
        if isinstance(node, erfcx):
            z = node.args[0]
            if _direction(z, env, tvars) != 1:
                return node
            w = sp.cancel(1 / z)
            try:
                wv = _real_or_fail(compile_arb(w, tvars)(env))
                zmin = 1 / float(wv.upper())
            except (NoEnclosure, ZeroDivisionError):
                return node
            n = max(2, min(8, int(zmin**2)))
            th = sp.Dummy("theta", nonnegative=True)
            extra.append((th, Fraction(0), Fraction(1)))
            s = sum((-1)**k * sp.factorial2(2 * k - 1) * (w**2 / 2)**k for k in range(n))
            s += th * (-1)**n * sp.factorial2(2 * n - 1) * (w**2 / 2)**n
            return w / sp.sqrt(sp.pi) * s
        if isinstance(node, sp.exp):
            u = sp.cancel(node.args[0])
            if not u.has(*tvars) or u.subs({t: 0 for t in tvars}) != 0:
                return node
            try:
                uv = _real_or_fail(compile_arb(u, tvars)(env))
            except (NoEnclosure, ZeroDivisionError, ValueError):
                return node
            if not uv.is_finite():
                return node
            lo = _outward(arb(0).min(uv).exp().lower(), True)
            hi = _outward(arb(0).max(uv).exp().upper(), False)
            th = sp.Dummy("theta_e", positive=True)
            extra.append((th, lo, hi))
            n = 4
            return sum(u**k / sp.factorial(k) for k in range(n)) + th * u**n / sp.factorial(n)
        return node

    return sub(e)


def _strip_positive(e):
    """e -> e' with sign(e') = sign(e) wherever e is defined: drop positive factors."""
    def absorb(node):
        if not node.args:
            return node
        args = [absorb(a) for a in node.args]
        node = node.func(*args) if args != list(node.args) else node
        if isinstance(node, sp.Abs):
            return sp.Abs(sp.cancel(sp.together(node.args[0])))
        if node.is_Mul:
            abss = [a for a in node.args if isinstance(a, sp.Abs)]
            others = [a for a in node.args if not isinstance(a, sp.Abs)]
            if len(abss) == 1 and others and all(o.is_positive for o in others):
                return sp.Abs(sp.cancel(sp.together(sp.Mul(*others) * abss[0].args[0])))
        return node

    e = absorb(e)
    e = sp.cancel(sp.together(e))
    n, d = sp.fraction(e)
    keep = []
    for part in (n, d):
        part = sp.factor_terms(sp.expand(part)) if not part.has(sp.Abs) else sp.factor_terms(part)
        factors = sp.Mul.make_args(part)
        kept = [f for f in factors if not f.is_positive]
        keep.append(sp.Mul(*kept))
    return keep[0] / keep[1] if keep[1] != 1 else keep[0]


def _tail_model(g, variables, box, strict, budget, prec, log):
    """Decide g > 0 (>= 0) on a box with infinite sides by the t = 1/x model.  True if proved."""
    tsubs, tsides, tvars = {}, {}, []
    for v, s in zip(variables, box):
        if s.finite:
            continue
        if s.hi is None and s.lo is not None and s.lo > 0:
            t = sp.Dummy(f"t_{v}", positive=True)
            tsubs[v] = 1 / t
            tsides[t] = _Side(Fraction(0), 1 / s.lo, False, s.lo_open)
        elif s.lo is None and s.hi is not None and s.hi < 0:
            t = sp.Dummy(f"t_{v}", positive=True)
            tsubs[v] = -1 / t
            tsides[t] = _Side(Fraction(0), -1 / s.hi, False, s.hi_open)
        else:
            return False
        tvars.append(t)
    new_vars = [v for v in variables if v not in tsubs] + tvars
    sides = {v: s for v, s in zip(variables, box) if v not in tsubs}
    sides.update(tsides)
    env = {v: _ball(sides[v].lo, sides[v].hi) for v in new_vars}
    varset = set(new_vars)
    try:
        e = g.subs(tsubs)
        e = _tail_rewrite(e, env, varset)
        e = _combine_exp(e)
        extra = []
        e = _asymptotic(e, env, varset, extra)
        e = _strip_positive(e)
    except (sp.PolynomialError, NoEnclosure, TypeError, ValueError) as exc:
        log.append(f"tail model failed to normalize: {exc}")
        return False
    all_vars = new_vars + [th for th, _, _ in extra]
    for th, lo, hi in extra:
        sides[th] = _Side(lo, hi, False, False)
    tbox = [sides[v] for v in all_vars]
    try:
        pb = _Problem(e, all_vars, strict, real_points=False, depth=0, prec=prec)
    except NoEnclosure as exc:
        log.append(f"tail model {e}: {exc}")
        return False
    face = [(_Side(Fraction(0), Fraction(0), False, False) if v in tsides else s) for v, s in zip(all_vars, tbox)]
    if not _real_or_fail_safe(pb.value(face)):
        budget.take()
        log.append(f"tail model on {_fmt_box(variables, box)}: not finite at infinity ({e})")
        return False
    sub = _Budget(min(budget.left, _TAIL_BUDGET))
    status, _, _ = _bnb(pb, [tbox], sub, tbox)
    budget.left -= sub.used
    budget.used += sub.used
    log.append(f"tail model on {_fmt_box(variables, box)}: {status} ({sub.used} boxes) for {e}")
    return status == "proved"


def _tail(g, variables, box, strict, budget, prec, log, depth=0):
    """Tail model, else the monotone rule from the finite face with the derivative's sign on the tail."""
    if _tail_model(g, variables, box, strict, budget, prec, log):
        return True
    if depth >= 2 or len(variables) != 1:
        return False
    s = box[0]
    v = variables[0]
    c = s.lo if s.hi is None else s.hi
    if c is None:
        return False
    face_open = s.lo_open if s.hi is None else s.hi_open
    try:
        fv = compile_arb(g, {v})({v: _arbq(c)})
    except (NoEnclosure, ZeroDivisionError, ValueError):
        return False
    budget.take()
    face_strict = _decides(fv, True)
    if not face_strict and not _decides(fv, False):
        return False
    if strict and not face_open and not face_strict:
        return False
    d = sp.diff(g, v)
    if sp.count_ops(d) > _MAX_OPS:
        log.append(f"monotone rule on {_fmt_box(variables, box)}: derivative too large")
        return False
    if s.lo is None:  # moving left from the face: need -g' >= 0
        d = -d
    ok = _tail(d, variables, box, strict and not face_strict, budget, prec, log, depth + 1)
    log.append(f"monotone rule on {_fmt_box(variables, box)} (depth {depth}): {'proved' if ok else 'failed'}")
    return ok


# --- public API ------------------------------------------------------------------------------------

def _parse_domain(expr, domain):
    if not isinstance(domain, dict) or not domain:
        raise ValueError("domain must be a non-empty dict {Symbol: (lo, hi)}")
    variables, sides = [], []
    for v, rng in domain.items():
        if not isinstance(v, sp.Symbol):
            raise ValueError(f"domain key {v!r} must be a SymPy Symbol")
        if isinstance(rng, sp.Interval):
            lo, hi, lo_open, hi_open = rng.start, rng.end, bool(rng.left_open), bool(rng.right_open)
        elif isinstance(rng, (tuple, list)) and len(rng) == 2:
            (lo, hi), lo_open, hi_open = rng, False, False
        else:
            raise ValueError(f"domain[{v}] must be (lo, hi) or a sympy.Interval, got {rng!r}")
        lo, hi = sp.sympify(lo), sp.sympify(hi)
        if lo is sp.oo or hi is -sp.oo:
            raise ValueError(f"domain[{v}] = ({lo}, {hi}) is empty")
        qlo = None if lo is -sp.oo else _q(lo)
        qhi = None if hi is sp.oo else _q(hi)
        if qlo is not None and qhi is not None and (qlo > qhi or (qlo == qhi and (lo_open or hi_open))):
            raise ValueError(f"domain[{v}] = ({lo}, {hi}) is empty")
        # the symbol's own assumptions must hold on the domain
        if (v.is_positive or v.is_nonnegative) and qlo is not None and qlo < 0 or \
                (v.is_positive or v.is_nonnegative) and qlo is None:
            raise ValueError(f"domain[{v}] = ({lo}, {hi}) leaves the assumption {v} >= 0")
        if (v.is_negative or v.is_nonpositive) and (qhi is None or qhi > 0):
            raise ValueError(f"domain[{v}] = ({lo}, {hi}) leaves the assumption {v} <= 0")
        if v.is_integer:
            raise ValueError(f"{v} is an integer symbol: the prover covers real intervals only")
        if v.is_positive and qlo == 0:
            lo_open = True  # a positive symbol: the claim is about x > 0
        if v.is_negative and qhi == 0:
            hi_open = True
        variables.append(v)
        sides.append(_Side(qlo, qhi, lo_open and qlo is not None, hi_open and qhi is not None))
    missing = expr.free_symbols - set(variables)
    if missing:
        names = ", ".join(sorted(map(str, missing)))
        raise ValueError(f"free symbols without a domain: {names} (give each a range in `domain`)")
    return variables, sides


def _assumption_dummies(variables, sides):
    reps = {}
    for v, s in zip(variables, sides):
        kw = {"real": True}
        if s.lo is not None and (s.lo > 0 or (s.lo == 0 and s.lo_open)):
            kw["positive"] = True
        elif s.lo is not None and s.lo >= 0:
            kw["nonnegative"] = True
        if s.hi is not None and (s.hi < 0 or (s.hi == 0 and s.hi_open)):
            kw["negative"] = True
        elif s.hi is not None and s.hi <= 0:
            kw["nonpositive"] = True
        if s.finite:
            kw["finite"] = True
        reps[v] = sp.Dummy(v.name, **kw)
    return reps


def _by_assumptions(g, strict, variables, sides):
    reps = _assumption_dummies(variables, sides)
    e = g.xreplace(reps)
    attr = "is_positive" if strict else "is_nonnegative"
    for form in (lambda: e, lambda: sp.factor(e)):
        try:
            if getattr(form(), attr) is True:
                return True
        except Exception:  # noqa: BLE001 -- SymPy's assumption handlers can raise on odd input
            continue
    return False


def _point_in_domain(pt, sides):
    for p, s in zip(pt, sides):
        if s.lo is not None and (p < s.lo or (p == s.lo and s.lo_open)):
            return False
        if s.hi is not None and (p > s.hi or (p == s.hi and s.hi_open)):
            return False
    return True


def prove(expr, relation, domain, *, max_boxes=20000, prec=128, assumptions=True):
    """Decide ``expr REL 0`` for ALL points of ``domain``; see the module docstring.

    ``relation``: one of ">", ">=", "<", "<="; ``domain``: {Symbol: (lo, hi)} closed at finite ends,
    open at infinite ones, or {Symbol: sympy.Interval} for open finite ends; ``max_boxes``: budget of box
    evaluations (faces, derivative sub-proofs and tail models count); ``prec``: Arb precision in bits;
    ``assumptions``: first ask SymPy's assumption system (with the domain's sign facts).
    Returns a :class:`Verdict`; ``Verdict.ok`` only for "proved".
    """
    if relation not in RELATIONS:
        raise ValueError(f"relation must be one of {RELATIONS}, got {relation!r}")
    if not isinstance(max_boxes, int) or max_boxes < 1:
        raise ValueError(f"max_boxes must be a positive int, got {max_boxes!r}")
    expr = sp.sympify(expr)
    variables, sides = _parse_domain(expr, domain)
    strict = relation in (">", "<")
    g = expr if relation in (">", ">=") else -expr
    rel_text = f"{expr} {relation} 0 on {_fmt_box(variables, sides)}"
    try:  # every node must have an Arb enclosure, also for the assumptions route (whose sign of a
        compile_arb(g, set(variables))  # constant is SymPy's evalf: a solver's value would pass unchecked)
    except NoEnclosure as exc:
        return Verdict("undecided", "arb", f"{rel_text}: {exc}; nothing was evaluated", boxes=0)
    if assumptions and _by_assumptions(g, strict, variables, sides):
        return Verdict("proved", "assumptions", f"{rel_text}: SymPy's assumptions with the domain's sign "
                       "facts", boxes=0)
    reps = _assumption_dummies(variables, sides)  # real symbols: SymPy differentiates Abs, re, ... simply
    old = ctx.prec
    ctx.prec = prec
    try:
        return _prove_boxes(g.xreplace(reps), expr, relation, strict, variables, [reps[v] for v in variables],
                            sides, max_boxes, prec, rel_text)
    finally:
        ctx.prec = old


def _normal_form(g, variables, sides):
    """Gaussian tails with a nonnegative argument through erfcx, exponentials combined across a sum:
    Q(x) - phi(x)/x (...) then carries no exp(-x^2/2) whose ball width swamps the difference.
    An identity (same value at every point), so counterexamples found on it are counterexamples."""
    fam = (sp.erfc, GaussianTail, LogGaussianTail)
    if not g.has(*fam):
        return g
    reps = _assumption_dummies(variables, sides)
    back = {d: v for v, d in reps.items()}

    def rw(node):
        z = node.args[0]
        if not z.xreplace(reps).is_nonnegative:
            return node
        if isinstance(node, sp.erfc):
            return _erfc_pos(z)
        u = z / sp.sqrt(2)
        if isinstance(node, GaussianTail):
            return _erfc_pos(u) / 2
        return -u**2 + sp.log(erfcx(u) / 2)

    e = g.replace(lambda n: isinstance(n, fam), rw)
    if e == g:
        return g
    try:
        e2 = _combine_exp(sp.expand(e, power_exp=False, log=False))
    except (TypeError, ValueError):
        return g
    if sp.count_ops(e2) > 4 * sp.count_ops(g) + 20:
        e2 = _combine_exp(e)
    return e2.xreplace(back)


def _prove_boxes(g, expr, relation, strict, variables, ivars, sides, max_boxes, prec, rel_text):
    """``variables``: the caller's symbols (reports); ``ivars``: the real Dummies that ``g`` is in."""
    g = _normal_form(g, ivars, sides)
    try:
        pb = _Problem(g, ivars, strict, real_points=True, depth=0, prec=prec)
    except NoEnclosure as exc:
        return Verdict("undecided", "arb", f"{rel_text}: {exc}; nothing was evaluated", boxes=0)
    budget = _Budget(max_boxes)
    log = []
    # split doubly infinite sides at 0; tails first
    boxes = [list(sides)]
    for i, s in enumerate(sides):
        if s.lo is None and s.hi is None:
            new = []
            for b in boxes:
                left, right = list(b), list(b)
                left[i] = _Side(None, Fraction(0), False, False)
                right[i] = _Side(Fraction(0), None, False, False)
                new += [left, right]
            boxes = new
    finite, tails = [b for b in boxes if all(s.finite for s in b)], [b for b in boxes if not all(s.finite for s in b)]
    # the domain's finite corners first: a counterexample there costs nothing
    for pt in _corners([_Side(s.lo if s.lo is not None else s.hi, s.hi if s.hi is not None else s.lo,
                              s.lo_open, s.hi_open) for s in sides]):
        if None in pt or not _point_in_domain(pt, sides):
            continue
        val = pb.point_value(pt)
        if val is not None and _violates(val, strict):
            return _false_verdict(expr, relation, variables, pt, val, budget, rel_text)
    open_tails = []
    for box in tails:
        for split in range(_MAX_TAIL_SPLITS + 1):
            if budget.left <= 0:
                open_tails.append(box)
                break
            i = next(k for k, s in enumerate(box) if not s.finite)
            s = box[i]
            usable = (s.hi is None and s.lo is not None and s.lo > 0) or \
                     (s.lo is None and s.hi is not None and s.hi < 0)
            if usable and _tail(g, ivars, box, strict, budget, prec, log):
                break
            if split == _MAX_TAIL_SPLITS:
                open_tails.append(box)
                break
            # split off a finite piece: [a, X] + [X, oo)
            if s.hi is None:
                a = s.lo
                X = Fraction(1) if a < 1 else 2 * a
                fin, rest = list(box), list(box)
                fin[i] = _Side(a, X, s.lo_open, False)
                rest[i] = _Side(X, None, False, False)
            else:
                b = s.hi
                X = Fraction(-1) if b > -1 else 2 * b
                fin, rest = list(box), list(box)
                fin[i] = _Side(X, b, False, s.hi_open)
                rest[i] = _Side(None, X, False, False)
            if all(q.finite for q in fin):
                finite.append(fin)
            else:
                tails.append(fin)  # another infinite side: handled in turn
            box = rest
    dom_sides = sides
    # the finite boxes: monotone faces are allowed on the domain's boundary only
    status, info, left = "proved", None, []
    for box in finite:
        dom = [_Side(s.lo if d.lo is None else d.lo, s.hi if d.hi is None else d.hi, d.lo_open, d.hi_open)
               for s, d in zip(box, dom_sides)]
        st, info, lft = _bnb(pb, [box], budget, dom)
        if st == "false":
            pt, val = info
            if _point_in_domain(pt, sides):
                return _false_verdict(expr, relation, variables, pt, val, budget, rel_text)
        left += lft
        if st == "undecided" and budget.left <= 0:
            status = "undecided"
    methods = "Arb enclosure + mean-value form + monotone faces, bisection"
    if tails:
        methods += "; tails: t = 1/x model / monotone rule"
    if not left and not open_tails:
        how = f"; tails: {' | '.join(log)}" if log else ""
        return Verdict("proved", methods, rel_text + how, boxes=budget.used)
    return Verdict("undecided", methods, _undecided_detail(rel_text, variables, left, open_tails, budget, log),
                   boxes=budget.used)


def _false_verdict(expr, relation, variables, pt, val, budget, rel_text):
    point = {v: sp.Rational(p.numerator, p.denominator) for v, p in zip(variables, pt)}
    shown = _real_or_fail(val if relation in (">", ">=") else -val)
    return Verdict("false", "arb point enclosure", f"{rel_text} fails: the left side is {shown}",
                   point=point, boxes=budget.used)


def _undecided_detail(rel_text, variables, left, open_tails, budget, log):
    parts = [f"{rel_text}: not decided after {budget.used} boxes"]
    if left:
        fin = [b for b, _ in left]
        smallest = min(fin, key=lambda b: max(s.width() for s in b))
        parts.append(f"{len(fin)} finite boxes left, smallest {_fmt_box(variables, smallest)}")
        vals = [(b, v) for b, v in left if v is not None]
        nonfinite = [b for b, v in vals if not _real_or_fail_safe(v)]
        if nonfinite:
            parts.append(f"enclosure not finite on {_fmt_box(variables, nonfinite[0])} (a singularity, an "
                         "unsupported branch or a complex value): rewrite the expression or split the domain")
        tiny = max(s.width() for s in smallest) < 1e-9
        if tiny:
            parts.append("tiny boxes stay undecided: the claim is tight there (a zero or tangency of the "
                         "expression inside the domain); prove that point symbolically, split the domain at it, "
                         "or rewrite to avoid cancellation")
        else:
            parts.append("raise max_boxes, split the domain, or rewrite to avoid cancellation")
    if open_tails:
        parts.append("unbounded pieces left: " + "; ".join(_fmt_box(variables, b) for b in open_tails) +
                     ": supply a tail bound (a lemma for large |x|) or a bounded domain")
    if log:
        parts.append("tried: " + " | ".join(log[-4:]))
    return "; ".join(parts)


def _real_or_fail_safe(v):
    try:
        return _real_or_fail(v).is_finite()
    except NoEnclosure:
        return False


def bound_abs(expr, domain, eps, **kw):
    """Prove |expr| <= eps at every point of ``domain`` (the honest form of a numeric identity over a
    domain: interval arithmetic never proves expr == 0).  Same arguments and Verdict as :func:`prove`."""
    eps = sp.sympify(eps)
    if not (eps.is_number and eps.is_nonnegative):
        raise ValueError(f"eps must be a nonnegative number, got {eps}")
    return prove(sp.Abs(sp.sympify(expr)) - eps, "<=", domain, **kw)
