"""derivations.interval: rigorous "for all x in D" claims by Arb branch and bound.

References are independent of the prover: exact rational arithmetic (SymPy Rationals) and mpmath at
60 digits for the values at counterexample points and for the limits of the tail claims.
"""
import functools

import flint
import mpmath
import pytest
import sympy as sp
from hypothesis import given, settings, strategies as st

from derivations.interval import Verdict, bound_abs, enclosure, erfcx, prove
from derivations.special import GaussianTail, LogGaussianTail, ScaledGaussianTail, ZBesselK1

x = sp.Symbol("x", real=True)
y = sp.Symbol("y", real=True)
oo = sp.oo


# --- true claims -----------------------------------------------------------------------------------

@pytest.mark.parametrize("assumptions", [True, False])
def test_exp_positive_on_the_line(assumptions):
    v = prove(sp.exp(x), ">", {x: (-oo, oo)}, assumptions=assumptions)
    assert v.ok, v
    assert v.method == "assumptions" if assumptions else "tail model" in v.detail


def test_square_nonnegative_by_assumptions_only():
    v = prove(x**2 - 2 * x + 1, ">=", {x: (-3, 3)})
    assert v.ok and v.method == "assumptions", v
    # no enclosure can decide the tangency at x = 1: never "proved", and the detail says why
    w = prove(x**2 - 2 * x + 1, ">=", {x: (-3, 3)}, assumptions=False, max_boxes=2000)
    assert w.status == "undecided" and "tight" in w.detail, w


def test_log1p_below_x_open_and_closed_at_zero():
    # closed at 0 (tuple): log(1 + 0) < 0 is false, and the prover says so at x = 0
    v = prove(sp.log(1 + x) - x, "<", {x: (0, oo)}, assumptions=False)
    assert v.status == "false" and v.point == {x: 0}, v
    # open at 0: proved (monotone rule at the face x = 0: f(0) = 0, f'(0) = 0, f'' < 0)
    v = prove(sp.log(1 + x) - x, "<", {x: sp.Interval.Lopen(0, oo)}, assumptions=False)
    assert v.ok, v
    v = prove(sp.log(1 + x) - x, "<=", {x: (0, oo)}, assumptions=False)
    assert v.ok, v


def test_erfc_positive_on_half_line():
    v = prove(sp.erfc(x), ">", {x: (0, oo)}, assumptions=False)
    assert v.ok and "tail model" in v.detail, v


def _density_remainder(m):
    """rem(m) of derivations/density.py (_tail_steps): (Q - partial sum)/first omitted term."""
    from derivations.density import _tail_series
    from derivations.symbols import x as xd
    phi = sp.exp(-xd**2 / 2) / sp.sqrt(2 * sp.pi)
    omitted = phi / xd * (-1)**m * sp.factorial2(2 * m - 1) / xd**(2 * m)
    return xd, sp.Mul(sp.Add(GaussianTail(xd), sp.Mul(-1, _tail_series(m), evaluate=False), evaluate=False),
                      sp.Pow(omitted, -1), evaluate=False)


def _rem_mpmath(m, xv):
    xv = mpmath.mpf(xv)
    phi = mpmath.exp(-xv**2 / 2) / mpmath.sqrt(2 * mpmath.pi)
    q = mpmath.erfc(xv / mpmath.sqrt(2)) / 2
    part = phi / xv * sum((-1)**k * mpmath.fac2(2 * k - 1) / xv**(2 * k) for k in range(m))
    return (q - part) / (phi / xv * (-1)**m * mpmath.fac2(2 * m - 1) / xv**(2 * m))


@pytest.mark.parametrize("m", [1, 2, 3])
def test_density_tail_remainder_on_3_to_infinity(m):
    """0 < R_m/(first omitted term) < 1 for ALL x >= 3 (the derivation samples x = 3, 5, 10, 30)."""
    xd, rem = _density_remainder(m)
    with mpmath.workdps(60):  # independent values inside (0, 1), and the bound is not vacuous
        vals = [_rem_mpmath(m, xv) for xv in (3, 5, 30)]
    assert all(0 < v < 1 for v in vals) and vals[0] < vals[-1]
    v = prove(rem - 1, "<", {xd: (3, oo)})
    assert v.ok, v
    v = prove(rem, ">", {xd: (3, oo)})
    assert v.ok, v


def test_matrix_claim_like_the_density_step():
    """The density step's form: a Matrix of remainders, every entry below its bound."""
    rems = [_density_remainder(m) for m in (1, 2)]
    xd = rems[0][0]
    assert prove(sp.Matrix([r - 1 for _, r in rems]), "<", {xd: (3, oo)}).ok
    v = prove(sp.Matrix([r - 1 for _, r in rems]), ">", {xd: (3, oo)})
    assert v.status == "false" and v.detail.startswith("entry 0"), v


@pytest.mark.slow
@pytest.mark.parametrize("m", [4, 5])
def test_density_tail_remainder_higher_orders(m):
    xd, rem = _density_remainder(m)
    assert prove(rem - 1, "<", {xd: (3, oo)}).ok
    assert prove(rem, ">", {xd: (3, oo)}).ok


@functools.lru_cache(maxsize=1)
def _amplitude_step():
    from derivations import amplitude
    return next(s for s in amplitude.derive().steps if s.name == "remainder")


def _amplitude_remainder():
    step = _amplitude_step()
    expr = step.lhs.doit()  # Subs(remainder, (tau, C, g, Delta0), (13/10, 1, 1, 1)): an expression in x
    (xa,) = expr.free_symbols
    return xa, expr


def _amp_mpmath(xv):
    xv = mpmath.mpf(xv)
    r = mpmath.sqrt(2) * mpmath.exp(mpmath.mpf(13) / 10) * mpmath.exp(-(xv + mpmath.mpf(13) / (10 * xv))**2 / 2)
    r /= mpmath.sqrt(mpmath.pi) * xv * mpmath.erfc(xv / mpmath.sqrt(2))
    return xv**4 * abs(1 - r + mpmath.mpf(31) / (200 * xv**2))


def test_amplitude_remainder_on_20_to_infinity():
    xa, expr = _amplitude_remainder()
    v = prove(expr - 3, "<", {xa: (20, oo)})
    assert v.ok and "tail model" in v.detail, v
    # sharper: the limit is 3 - 31/200 - (169/200)^2/2 = 2.48798...; 5/2 still holds on [20, oo) ...
    with mpmath.workdps(60):
        assert _amp_mpmath(10**6) < 2.5 and abs(_amp_mpmath(10**8) - (3 - 0.155 - 0.845**2 / 2)) < 1e-9
        at20 = _amp_mpmath(20)
    assert prove(expr - sp.Rational(5, 2), "<", {xa: (20, oo)}).ok
    # ... and "> 5/2" is refuted at a point whose value agrees with mpmath
    w = prove(expr - sp.Rational(5, 2), ">", {xa: (20, oo)})
    assert w.status == "false", w
    pt = w.point[xa]
    with mpmath.workdps(60):
        ref = _amp_mpmath(mpmath.mpf(pt.p) / pt.q) - 2.5
        assert ref <= 0
        if pt == 20:
            assert abs(ref - (at20 - 2.5)) < 1e-30


def test_amplitude_remainder_for_all_tau():
    """The same claim for every tau in (0, 2] (not only 1.3) and x >= 20: a two-variable tail model.
    The large-x limit is |tau^4/8 - tau^2/2 - 2| <= 5/2 (at tau^2 = 2), checked with mpmath."""
    expr, names, values = _amplitude_step().lhs.args  # Subs(remainder, (tau, C, g, Delta0), (13/10, 1, 1, 1))
    tau = names[0]
    e = sp.Subs(expr, names[1:], values[1:]).doit()
    (xa,) = [v for v in e.free_symbols if v != tau]
    v = prove(e - 3, "<", {xa: (20, oo), tau: (0, 2)}, max_boxes=5000)
    assert v.ok, v
    with mpmath.workdps(40):
        f = sp.lambdify((xa, tau), e, "mpmath")
        for tv in (mpmath.mpf("0.5"), mpmath.sqrt(2), 2):
            assert abs(f(mpmath.mpf(10)**5, tv) - abs(tv**4 / 8 - tv**2 / 2 - 2)) < 1e-6


def test_max_min():
    assert prove(sp.Max(x, 1 - x) - sp.Rational(2, 5), ">", {x: (0, 1)}, assumptions=False).ok
    # tight at the kink x = 1/2: no enclosure of a nonsmooth function decides it
    v = prove(sp.Max(x, 1 - x) - sp.Rational(1, 2), ">=", {x: (0, 1)}, assumptions=False, max_boxes=300)
    assert v.status == "undecided" and "1/2" in v.detail, v
    v = prove(sp.Min(x, 1 - x) - sp.Rational(1, 4), ">", {x: (0, 1)}, assumptions=False)
    assert v.status == "false" and min(v.point[x], 1 - v.point[x]) <= sp.Rational(1, 4)


# --- false claims ----------------------------------------------------------------------------------

def test_refuted_polynomial():
    v = prove(x**2 - 2, ">", {x: (0, 3)})
    assert v.status == "false" and not v.ok
    p = v.point[x]
    assert isinstance(p, sp.Rational) and 0 <= p <= 3 and p**2 - 2 <= 0  # exact check


def test_refuted_sine():
    v = prove(sp.sin(x) - sp.Float("0.99"), "<", {x: (0, 2)})
    assert v.status == "false", v
    p = v.point[x]
    with mpmath.workdps(40):
        assert mpmath.sin(mpmath.mpf(p.p) / p.q) >= mpmath.mpf(sp.Float("0.99"))
    assert 0 <= p <= 2


def test_bound_abs():
    v = bound_abs(sp.Abs(y) - y, {y: (-1, 1)}, 1e-30)
    assert v.status == "false" and v.point[y] < 0, v
    for a in (True, False):
        v = bound_abs(sp.Abs(y) - y, {y: (sp.Rational(1, 10), 1)}, 1e-30, assumptions=a)
        assert v.ok, v


# --- honest undecided ------------------------------------------------------------------------------

def test_unsupported_function_is_undecided():
    f = sp.Function("f")
    v = prove(f(x) + 2, ">", {x: (0, 1)})
    assert v.status == "undecided" and "no Arb enclosure for f" in v.detail, v
    v = prove(sp.zeta(x + 2), ">", {x: (0, 1)}, assumptions=False)
    assert v.status == "undecided" and "zeta" in v.detail, v


def test_solver_value_is_undecided_even_for_assumptions():
    """A numerical solver's value has no enclosure: neither Arb nor SymPy's evalf-based sign may use it."""
    from derivations.objects import computed
    solver = computed("N_solver", "N", lambda: mpmath.mpf("11.7"))  # stands for a solver's output
    v = prove(solver() - 11, ">", {x: (0, 1)})
    assert v.status == "undecided" and "no Arb enclosure for N_solver" in v.detail, v


def test_small_budget_is_undecided():
    # true (= -x^4/4 + ... on (0, 1]) but tangent to 4th order at the open end 0
    v = prove(sp.log(1 + x) - x + x**2 / 2 - x**3 / 3, "<", {x: sp.Interval.Lopen(0, 1)}, max_boxes=10,
              assumptions=False)
    assert v.status == "undecided" and v.boxes <= 10 and not v.ok, v
    assert "raise max_boxes" in v.detail or "tight" in v.detail


def test_tails_of_atan_tanh_and_small_exponentials():
    xp = sp.Symbol("x", positive=True)
    for e, rel in [(sp.tanh(xp)**2 - sp.Rational(3, 4), ">"), (sp.atan(2 * xp) - sp.Rational(13, 8), "<="),
                   (1 - sp.exp(-xp), ">"), (sp.tanh(xp + 4) - sp.Rational(7, 8), ">")]:
        v = prove(e, rel, {xp: (sp.Rational(5, 2), oo)}, assumptions=False)
        assert v.ok and "tail model" in v.detail, (e, v)
    # false only far out (x > 1.2e7): found there, with the value checked exactly
    v = prove(xp - sp.Rational(99757923, 8), "<=", {xp: (sp.Rational(5, 2), oo)}, assumptions=False)
    assert v.status == "false" and v.point[xp] > sp.Rational(99757923, 8), v


def test_unbounded_without_a_tail_rule_is_undecided():
    # sin(x)/x > -1/2 on [1, oo) is true, but no rule here decides an oscillating tail
    v = prove(sp.sin(x) / x + sp.Rational(1, 2), ">", {x: (1, oo)}, max_boxes=3000)
    assert v.status == "undecided" and "tail bound" in v.detail, v


# --- input validation ------------------------------------------------------------------------------

def test_bad_input():
    with pytest.raises(ValueError, match="relation"):
        prove(x, "=", {x: (0, 1)})
    with pytest.raises(ValueError, match="y"):
        prove(x + y, ">", {x: (0, 1)})
    xp = sp.Symbol("x", positive=True)
    with pytest.raises(ValueError, match="assumption"):
        prove(xp, ">", {xp: (-1, 1)})
    with pytest.raises(ValueError, match="empty"):
        prove(x, ">", {x: (2, 1)})


def test_verdict_str_and_enclosure():
    v = prove(x**2 - 2, ">", {x: (0, 3)})
    assert isinstance(v, Verdict) and "false" in str(v) and "x = " in str(v)
    e = enclosure(sp.exp(x), {x: (0, 1)})
    assert e.lower() <= 1 and e.upper() >= sp.E.evalf(30)


# --- the Arb translation against mpmath -----------------------------------------------------------

@pytest.mark.parametrize("expr, ref", [
    (erfcx(x), lambda v: mpmath.exp(v**2) * mpmath.erfc(v)),
    (sp.besselk(1, x), lambda v: mpmath.besselk(1, v)),
    (sp.besselj(0, x), lambda v: mpmath.besselj(0, v)),
    (ZBesselK1(x), lambda v: v * mpmath.besselk(1, v)),
    (GaussianTail(x), lambda v: mpmath.erfc(v / mpmath.sqrt(2)) / 2),
    (LogGaussianTail(x), lambda v: mpmath.log(mpmath.erfc(v / mpmath.sqrt(2)) / 2)),
    (ScaledGaussianTail(x), lambda v: mpmath.exp(v**2 / 2) * mpmath.erfc(v / mpmath.sqrt(2)) / 2),
    (sp.gamma(x) * sp.atan(x) / sp.tan(x), lambda v: mpmath.gamma(v) * mpmath.atan(v) / mpmath.tan(v)),
    (sp.re(ZBesselK1(x * (1 + sp.I))), lambda v: mpmath.re(v * (1 + 1j) * mpmath.besselk(1, v * (1 + 1j)))),
    (sp.Abs(sp.exp(sp.I * x) + 2), lambda v: abs(mpmath.exp(1j * v) + 2)),
])
@pytest.mark.parametrize("at", [sp.Rational(1, 2), 3, 40])
def test_point_enclosures_match_mpmath(expr, ref, at):
    with mpmath.workdps(50):
        r = ref(mpmath.mpf(at.p) / at.q if isinstance(at, sp.Rational) else mpmath.mpf(at))
    ball = enclosure(expr, {x: (at, at)})
    old = flint.ctx.prec
    flint.ctx.prec = 200  # endpoints read at more than the enclosure's 128 bits
    try:
        if hasattr(ball, "imag") and not hasattr(ball, "lower"):  # acb: |exp(ix) + 2| is written via e^(ix)
            assert abs(float(ball.imag.mid())) < 1e-30 and float(ball.imag.rad()) < 1e-30
            ball = ball.real
        lo_s, hi_s = ball.lower().str(50, radius=False), ball.upper().str(50, radius=False)
    finally:
        flint.ctx.prec = old
    with mpmath.workdps(60):
        lo, hi = mpmath.mpf(lo_s), mpmath.mpf(hi_s)
        tol = abs(r) * mpmath.mpf(10)**-45  # the printed endpoints are rounded to 50 digits
        assert lo - tol <= r <= hi + tol
        assert hi - lo <= abs(r) * mpmath.mpf(10)**-30  # and tight


def test_complex_and_two_variables():
    assert bound_abs(sp.Abs(sp.exp(sp.I * x)) - 1, {x: (0, 10)}, 1e-20, assumptions=False).ok
    assert bound_abs(sp.re(sp.exp(sp.I * x)) - sp.cos(x), {x: (0, 10)}, 1e-20, assumptions=False).ok
    v = prove(sp.expand((x - y)**2) + sp.Rational(1, 100), ">", {x: (-2, 2), y: (-2, 2)}, assumptions=False)
    assert v.ok and v.boxes > 1, v
    v = prove(x * y - sp.Rational(1, 2), "<", {x: (0, 1), y: (0, oo)}, assumptions=False)
    assert v.status == "false" and v.point[x] * v.point[y] >= sp.Rational(1, 2), v


# --- property: random polynomials with a known sign ------------------------------------------------

_q = st.fractions(min_value=-3, max_value=3, max_denominator=16)


@settings(max_examples=12, deadline=None)
@given(st.lists(st.tuples(st.fractions(min_value=0, max_value=2, max_denominator=8), _q), min_size=1, max_size=3),
       st.fractions(min_value=sp.Rational(1, 100), max_value=2, max_denominator=100))
def test_random_positive_polynomials(terms, c):
    """p = c + sum a_i (x - r_i)^2 > 0 on [-4, 4] (c > 0): proved; -p >= 0 is refuted at a point."""
    p = sp.Rational(c.numerator, c.denominator) + sum(
        sp.Rational(a.numerator, a.denominator) * (x - sp.Rational(r.numerator, r.denominator))**2 for a, r in terms)
    p = sp.expand(p)
    v = prove(p, ">", {x: (-4, 4)}, assumptions=False, max_boxes=4000)
    assert v.ok, v
    w = prove(-p, ">=", {x: (-4, 4)}, assumptions=False)
    assert w.status == "false" and -p.subs(x, w.point[x]) < 0


@settings(max_examples=12, deadline=None)
@given(_q, st.fractions(min_value=sp.Rational(1, 10), max_value=2, max_denominator=10))
def test_random_sign_change_never_proved(r, a):
    """(x - r)(x^2 + a) changes sign at r in [-3, 3]: "> 0" on [-4, 4] is never proved."""
    p = sp.expand((x - sp.Rational(r.numerator, r.denominator)) * (x**2 + sp.Rational(a.numerator, a.denominator)))
    v = prove(p, ">", {x: (-4, 4)}, assumptions=False, max_boxes=500)
    assert v.status == "false" and p.subs(x, v.point[x]) <= 0, v


def test_corners_have_every_coordinate():
    """Regression: with many variables the corner list was cut mid-product (points too short)."""
    from fractions import Fraction

    from derivations.interval import _corners, _Side
    box = [_Side(Fraction(0), Fraction(1), False, False) for _ in range(6)]
    pts = _corners(box)
    assert 1 < len(pts) <= 16 and all(len(p) == 6 for p in pts)
