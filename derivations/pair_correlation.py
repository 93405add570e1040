"""Eq. 19 and the dirty limit: the 2D Cooper-pair correlation in a Zeeman field at T = 0.

Exact clean model (units hbar = 2m = mu = 1, so k_F = 1, v_F = 2, nu = 1/(4 pi) per spin):
G(r, z) = -K0(kappa r)/(2 pi), kappa = sqrt(-(1 + z)), Re kappa > 0;
K(r, E_Z) = int (d eps/2 pi) G(r, i eps + E_Z) G(r, -i eps - E_Z), 0 < E_Z < 1 (``E_Z`` = mu_B H, the
Zeeman shift of each spin in units of mu).  With k_pm = sqrt(1 +- E_Z), q = k_+ - k_-:

Branches (issue 12): on the path eps > 0 the model's roots are kappa_+ = -i sqrt(1 + E_Z + i eps) and
kappa_- = i sqrt(1 - E_Z - i eps) (principal sqrt): each squares to the model's kappa^2, has Re > 0,
and its radicand stays in the right half plane for |Im eps| < 1 - E_Z, so the integrand is analytic
on a neighbourhood of the path (what the certified Arb route of ``numerics.certified`` needs).

Route 1 (exact model, r -> oo):  K ~ (1 - E_Z^2)^(1/4) cos(q r) / (4 pi^2 r^2 (k_+ + k_-)),
relative corrections O(1/r).
Route 2 (Eq. 19's linearized spectrum): Pi(Q) has a square-root singularity at Q0 = 2 E_Z/v_F, giving
K = nu cos(Q0 r)/(2 pi r^2), exactly at every r within the linearized model (its Fourier transform
reproduces Pi'(Q) on both sides of Q0; the O(1/r) corrections of route 1 come from the band
curvature); the routes agree as E_Z -> 0 (q -> E_Z = Q0, amplitude -> 1/(8 pi^2)).
Neither has the printed phase -pi/4 (it belongs to J0's asymptotics, cancelled by the Fourier
transform of the singularity); the period is 2 pi/q ~ pi v_F/(mu_B H), not v_F/(mu_B H).

Dirty limit, Cooperon 1/(D Q^2 + 2|eps| + 2 i E_Z sgn eps) (E_Z the Zeeman shift of each spin, as in
the clean model): K_d = (nu/(pi r^2)) Re[u0 K1(u0)], u0 = (1 + i) r sqrt(E_Z/D): it decays as
exp(-r sqrt(E_Z/D)) and oscillates with the same length; the paper prints exp(-sqrt(2) r sqrt(E_Z/D)).

Proofs and evidence.  Every step applies a rule to its sources (``Ref`` placeholders) and is proven
symbolically or by a registered check of this module that is itself a proof: ``principal_root`` (the branches:
kappa_+- square to the model's kappa^2 and have Re > 0 on the whole open domain 0 < E_Z < 1, eps > 0),
``conjugate_fold`` (the whole eps-line folds onto eps > 0: the integrand at -eps is the conjugate at eps by the
reflection principle, arguments proven off the cuts), ``substitute_on_range`` (the branches replace the model's
roots on the integration range), ``meijer_g_bessel`` (the Cooperon's Fourier transform: SymPy's Meijer G reduced
to K0), ``fundamental_theorem`` (the dirty eps-integral from its antiderivative, limits by SymPy) and
``polar_form`` (the dirty tail).  Evidence (sampled, labelled, nothing generated rests on it): route 1 against
the exact quadrature and route 2 against its Bessel-J quadrature (each at three r), and the angular average
below Q0 at random points.  Not machine-checked (prose in the steps' notes): Laplace's method (route 1, the
O(1/r) corrections), the Abel continuation p -> i r of route 2, and the convergence of the premise's
integral.

Premises: ``kappa`` and ``green`` (the model's Green function), ``K_model`` (the pair correlation
T sum_n G G at T = 0), ``b_def`` and ``bubble`` (Eq. 19's integrand, linearized spectrum), ``K_lin``
(its 2D Fourier transform), ``cooperon`` (dirty limit).
Results: ``kappa_plus_branch``, ``kappa_minus_branch``, ``K_asymptotic``, ``q``, ``amplitude``,
``K_route2``, ``K_dirty``, ``decay_length_dirty``.
"""
import functools

import mpmath
import sympy as sp

from . import rules
from .core import Derivation, GenSpec, Premise, Step, _sign_decided, _zero
from .objects import At, Insert, MaxOver, Quad, computed
from .rules import Ref
from .special import ZBesselK1
from .symbols import (D, E_Z, L_xi, Lambda_c, Q, Q0, b_abs, b_lin, d_strip, delta_E, eps, eps_p, k_m, k_p,
                      nu0, p_L, r, s_F, theta, u_cert, v_F, w_C, w_im, w_im_any, w_Q, w_re, x_c, xi_band, y_c,
                      z_en, zeta_H)
from numerics.outcome import Outcome

k_up, k_dn = sp.sqrt(1 + E_Z), sp.sqrt(1 - E_Z)  # the Fermi momenta k_+, k_- in terms of E_Z
NU = 1 / (4 * sp.pi)  # 2D density of states per spin for 2m = 1
# the route-1 form without cancellation in k_+ - k_- at small E_Z: what the numerics print (proven = result)
K_ASYMPTOTIC_STABLE = (sp.sqrt(k_up * k_dn) * sp.cos(2 * E_Z / (k_up + k_dn) * r)
                       / (4 * sp.pi**2 * r**2 * (k_up + k_dn)))
U0 = (1 + sp.I) * r * sp.sqrt(E_Z / D)

KAPPA = sp.sqrt(-(1 + z_en))  # principal root: Re >= 0, > 0 off the cut
GREEN = -sp.besselk(0, r * KAPPA) / (2 * sp.pi)
K_MODEL = sp.Integral(sp.Subs(GREEN, z_en, sp.I * eps + E_Z) * sp.Subs(GREEN, z_en, -sp.I * eps - E_Z),
                      (eps, -sp.oo, sp.oo)) / (2 * sp.pi)
BUBBLE = 1 / ((xi_band - sp.I * eps - b_lin) * (xi_band + sp.I * eps + b_lin))
PI_ = sp.Function("Pi")
K_LIN = sp.Integral(Q * sp.besselj(0, Q * r) * PI_(Q), (Q, 0, sp.oo)) / (2 * sp.pi)
COOPERON = 1 / (D * Q**2 + 2 * sp.Abs(eps) + 2 * sp.I * E_Z * sp.sign(eps))
BRANCH_P = -sp.I * sp.sqrt(1 + E_Z + sp.I * eps)
BRANCH_M = sp.I * sp.sqrt(1 - E_Z - sp.I * eps)
KAPPA_AT_P = KAPPA.subs(z_en, E_Z + sp.I * eps)  # the model's kappa on the up-spin argument z = E_Z + i eps
KAPPA_AT_M = KAPPA.subs(z_en, -E_Z - sp.I * eps)  # and on the down-spin argument z = -E_Z - i eps
BRANCH_DOMAIN = {E_Z: (0, 1), eps: (0, sp.oo)}  # open box: 0 < E_Z < 1, eps > 0


def premises():
    return [
        Premise("kappa", "Eq. 19 (model)", "decay rate of the model's Green function: kappa(z)^2 = -(1 + z), "
                "Re kappa > 0 (the principal root; hbar = 2m = mu = 1)", KAPPA, sp.Function("kappa")(z_en)),
        Premise("green", "Eq. 19 (model)", "2D Green function of the clean model at complex energy z",
                GREEN, sp.Function("G")(r, z_en)),
        Premise("K_model", "Eq. 19 (text before it)", "Cooper-pair correlation T sum_n G_up G_dn at T = 0, "
                "each spin shifted by E_Z = mu_B H, 0 < E_Z < 1", K_MODEL, sp.Function("K")(r, E_Z)),
        Premise("b_def", "Eq. 19", "linearized pair detuning: xi_(p + Q/2) = xi + (v_F Q/2) cos(theta), "
                "b = E_Z - (v_F Q/2) cos(theta) (inserted where the angular average needs it)",
                E_Z - v_F * Q * sp.cos(theta) / 2, b_lin),
        Premise("bubble", "Eq. 19", "Eq. 19's integrand before the xi-integral (Matsubara form, linearized "
                "spectrum): G_up(p + Q/2, i eps) G_dn(-p + Q/2, -i eps); Pi(Q) = nu int (d eps/2 pi) "
                "<int d xi (...)>_theta", BUBBLE, sp.Symbol(r"G_{\uparrow} G_{\downarrow}")),
        Premise("K_lin", "Eq. 19", "2D Fourier transform of the pair susceptibility Pi(Q)", K_LIN,
                sp.Function("K_lin")(r)),
        Premise("cooperon", "Eq. 19 (dirty limit)", "impurity-averaged G G = 2 pi nu C(Q, eps): "
                "K_d = nu int d eps int d^2Q/(2 pi)^2 e^(i Q.r) C(Q, eps)", COOPERON, sp.Function("C")(Q, eps)),
    ]


# --- registered checks (proofs; each has a true and a false case in tests/test_pair_correlation_derivation.py)

def _open_box(domain):
    """Substitutions that put each symbol of ``domain`` in its OPEN interval through a positive dummy:
    (lo, oo) -> lo + t, (lo, hi) -> lo + (hi - lo)/(1 + t), t > 0.  SymPy's assumptions on t then
    carry the interval into every sign decision (e.g. 1 - E_Z > 0 for E_Z in (0, 1))."""
    reps = {}
    for s, (lo, hi) in (domain or {}).items():
        t = sp.Dummy(f"t_{s}", positive=True)
        lo, hi = sp.sympify(lo), sp.sympify(hi)
        if lo.is_infinite or not lo.is_real:
            raise ValueError(f"domain of {s}: the lower end must be finite, got {lo}")
        reps[s] = lo + t if hi is sp.oo else lo + (hi - lo) / (1 + t)
    return reps


def _sqrt_parts(w):
    """(Re sqrt(w), Im sqrt(w)) of the principal root of w = a + i b off the cut (-oo, 0]:
    Re = sqrt((|w| + a)/2) > 0 and Im = b/(2 Re) = b/sqrt(2(|w| + a)) (from (Re + i Im)^2 = w; the lemma
    steps ``principal_root``, ``modulus`` and ``im_root_positive`` of this derivation prove the pieces)."""
    a, b = sp.re(w), sp.im(w)
    mod = sp.sqrt(a**2 + b**2)
    return sp.sqrt((mod + a) / 2), b / sp.sqrt(2 * (mod + a)), mod + a


def _re_positive_root(R, reps):
    """Prove Re R > 0 for R = c sqrt(w) (c a constant, one principal square root), symbols replaced by
    ``reps`` (open box).  Returns (ok, text)."""
    roots = [p for p in sp.preorder_traversal(R) if isinstance(p, sp.Pow) and p.exp == sp.S.Half]
    if len(roots) != 1:
        return False, f"expected one principal square root in {sp.sstr(R)}, found {len(roots)}"
    s = roots[0]
    c = sp.simplify(R / s)
    if c.free_symbols:
        return False, f"{sp.sstr(R)} is not a constant times sqrt(w)"
    w = s.base.xreplace(reps)
    re_s, im_s, off = _sqrt_parts(w)
    if not _sign_decided(off, ">"):
        return False, f"|w| + Re w > 0 (w = {sp.sstr(s.base)} off the cut) not decided"
    re_R = sp.re(c) * re_s - sp.im(c) * im_s
    if not _sign_decided(re_R, ">"):
        return False, f"Re {sp.sstr(R)} = {sp.sstr(re_R)} > 0 not decided from the domain"
    return True, f"Re {sp.sstr(R)} > 0 (decided: {sp.sstr(sp.simplify(re_R))} > 0 on the open domain)"


@rules.checker("principal_root")
def check_principal_root(lhs, rhs, context):
    """``lhs`` = sqrt(W) (SymPy's principal root) equals ``rhs`` = R on the OPEN box ``context['domain']``.

    Proof: (1) R^2 - W simplifies to 0 (SymPy, for all values); (2) Re R > 0 at every point of the open
    box, decided by SymPy's assumptions after each symbol is written through a positive dummy
    (:func:`_open_box`), with R = c sqrt(w) and Re/Im of the principal sqrt(w) in closed form
    (:func:`_sqrt_parts`).  The two square roots of W are R and -R and the principal one has Re >= 0;
    Re R > 0 > Re(-R), so R is the principal root.  No sampling."""
    lhs = lhs.doit()
    if not (isinstance(lhs, sp.Pow) and lhs.exp == sp.S.Half):
        return Outcome(False, "principal_root", f"the left side {sp.sstr(lhs)} is not a principal square root")
    W = lhs.base
    sq = sp.simplify(sp.expand(rhs**2 - W))
    if not _zero(sq):
        return Outcome(False, "principal_root", f"rhs^2 - W = {sp.sstr(sq)} is not 0: not a square root of W")
    ok, text = _re_positive_root(rhs, _open_box(context.get("domain")))
    return Outcome(ok, "principal_root", f"rhs^2 = W (symbolic); {text}")


class Held(sp.Function):
    """An integral kept unevaluated, ``Held(f, (x, a, b))``: ``doit`` evaluates the integrand (its Subs,
    Derivatives) but never integrates (SymPy's integrator hangs on K0 K0)."""

    @classmethod
    def eval(cls, *args):
        return None


def _hold(e):
    return e.replace(lambda x: isinstance(x, sp.Integral), lambda x: Held(x.function, *x.limits))


def _held(e):
    return sorted(e.atoms(Held), key=sp.default_sort_key)


def _off_cut(x, reps):
    """True when x provably lies off (-oo, 0] (where K0, sqrt, log are analytic and commute with conjugation):
    x > 0, or Im x != 0, or x = c sqrt(w) with c > 0 and w off the cut (then Re x > 0)."""
    x = x.xreplace(reps)
    if x.is_positive or sp.im(x).is_zero is False:
        return True
    for f in sp.Mul.make_args(x):
        if isinstance(f, sp.Pow) and f.exp == sp.S.Half:
            c = sp.simplify(x / f)
            return bool(c.is_positive) and _off_cut(f.base, {})
    return False


def _conj(e, reps):
    """conjugate(e) pushed inside by the reflection principle, each use justified (else ValueError):
    real symbols/numbers are their own conjugates; sums, products and integer powers commute with
    conjugation; sqrt, log, K_nu (real order) and exp are real on (0, oo) and analytic off (-oo, 0], so
    f(conj x) = conj f(x) there (exp everywhere)."""
    if e.is_Number or e.is_NumberSymbol:
        return sp.conjugate(e)
    if e.is_Symbol:
        if e.xreplace(reps).is_extended_real:
            return e
        raise ValueError(f"{e} is not known to be real")
    if e is sp.I:
        return -sp.I
    if isinstance(e, (sp.Add, sp.Mul)):
        return e.func(*[_conj(a, reps) for a in e.args])
    if isinstance(e, sp.Pow):
        if e.exp.is_integer:
            return _conj(e.base, reps)**e.exp
        if e.exp.is_real and _off_cut(e.base, reps):
            return _conj(e.base, reps)**e.exp
        raise ValueError(f"{sp.sstr(e)}: base not proven off the cut")
    if isinstance(e, sp.exp):
        return sp.exp(_conj(e.args[0], reps))
    if isinstance(e, (sp.besselk, sp.log)):
        arg = e.args[-1]
        if not _off_cut(arg, reps) or any(not a.is_real for a in e.args[:-1]):
            raise ValueError(f"{sp.sstr(e)}: argument not proven off the cut (-oo, 0]")
        return e.func(*(e.args[:-1] + (_conj(arg, reps),)))
    raise ValueError(f"no reflection rule for {type(e).__name__}")


@rules.checker("conjugate_fold")
def check_conjugate_fold(lhs, rhs, context):
    """``c1 int_{-oo}^{oo} F(x) dx = c2 Re int_0^oo g(x) dx`` (each side one integral; integrals held).

    Proof: (1) c1 and c2 are real (SymPy); (2) F(-x) = conj F(x) for x > 0, by pushing the conjugation
    through F with the reflection principle (:func:`_conj`: sqrt, log, K_nu and exp commute with
    conjugation off the cut (-oo, 0], each argument proven off it from the assumptions); then
    int_{-oo}^{oo} F = int_0^oo (F(x) + conj F(x)) dx = 2 Re int_0^oo F; (3) 2 c1 F(x) - c2 g(x) = 0 for
    x > 0 (SymPy).  Convergence of the integral is the premise's (not checked here)."""
    L, R = _hold(lhs).doit(), _hold(rhs).doit()
    hl, hr = _held(L), _held(R)
    if len(hl) != 1 or len(hr) != 1:
        return Outcome(False, "conjugate_fold", "each side must hold exactly one integral")
    (Hl,), (Hr,) = hl, hr
    (x, a, b), (y, a2, b2) = Hl.args[1], Hr.args[1]
    if (a, b) != (-sp.oo, sp.oo) or (a2, b2) != (0, sp.oo):
        return Outcome(False, "conjugate_fold", f"ranges must be (-oo, oo) and (0, oo); got ({a}, {b}), ({a2}, {b2})")
    c1 = sp.simplify(L / Hl)
    c2 = sp.simplify(R / sp.re(Hr))
    if c1.has(Held) or c2.has(Held) or not (c1.is_real and c2.is_real):
        return Outcome(False, "conjugate_fold", f"sides are not (real) c1 * integral and c2 * Re integral: "
                       f"c1 = {sp.sstr(c1)}, c2 = {sp.sstr(c2)}")
    t = sp.Dummy("t", positive=True)
    F, g = Hl.args[0].xreplace({x: t}), Hr.args[0].xreplace({y: t})
    reps = _open_box({k: v for k, v in (context.get("domain") or {}).items() if k not in (x, y)})
    try:
        cF = _conj(F, reps)
    except ValueError as exc:
        return Outcome(False, "conjugate_fold", f"F(-x) = conj F(x) not proven: {exc}")
    sym = sp.simplify(cF - Hl.args[0].xreplace({x: -t}))
    if not _zero(sym):
        return Outcome(False, "conjugate_fold", f"F(-x) - conj F(x) = {sp.sstr(sym)} is not 0")
    diff = sp.simplify(2 * c1 * F - c2 * g)
    if not _zero(diff):
        return Outcome(False, "conjugate_fold", f"2 c1 F - c2 g = {sp.sstr(diff)} is not 0 on x > 0")
    return Outcome(True, "conjugate_fold", f"F(-x) = conj F(x) for x > 0 (reflection principle, arguments off "
                   f"the cut); 2 c1 F = c2 g with c1 = {sp.sstr(c1)}, c2 = {sp.sstr(c2)} real")


def _same_value(old, new, reps):
    """old == new at every point of the open box ``reps``: symbolic, or old a principal root and new a
    root with Re > 0 (as :func:`check_principal_root`)."""
    if _zero(sp.simplify(old - new)):
        return True, "equal (symbolic)"
    if isinstance(old, sp.Pow) and old.exp == sp.S.Half and _zero(sp.simplify(sp.expand(new**2 - old.base))):
        return _re_positive_root(new, reps)
    return False, f"{sp.sstr(old)} = {sp.sstr(new)} not proven"


@rules.checker("substitute_on_range")
def check_substitute_on_range(lhs, rhs, context):
    """``Insert(E, olds, news)`` equals ``rhs`` where E holds integrals and each replaced subexpression
    occurs only inside an integral: the replacement is proven valid on that integral's open range (the
    integration variable through a positive dummy, the other symbols in the step's open ``domain``), by
    :func:`_same_value`; then the replaced expression and ``rhs`` have equal integrands (SymPy, on the
    range) and equal outer parts.  Integrals are held (never integrated)."""
    if not isinstance(lhs, Insert):
        return Outcome(False, "substitute_on_range", "the left side must be an Insert")
    E = _hold(lhs.expr).doit()
    olds, news = list(lhs.variables), [n.doit() for n in lhs.point]
    box = dict(context.get("domain") or {})
    proofs = []
    for old, new in zip(olds, news):
        if not E.has(old):
            return Outcome(False, "substitute_on_range", f"{sp.sstr(old)} does not occur in the expression")
        if E.xreplace({h: sp.Symbol("_H") for h in _held(E)}).has(old):
            return Outcome(False, "substitute_on_range", f"{sp.sstr(old)} occurs outside an integral")
        for h in _held(E):
            if not h.args[0].has(old):
                continue
            x, a, b = h.args[1]
            if a != 0 or b is not sp.oo:
                return Outcome(False, "substitute_on_range", f"range ({a}, {b}): only (0, oo) is handled")
            sub = {k: v for k, v in box.items() if k != x}
            sub[x] = (0, sp.oo)
            ok, text = _same_value(old, new, _open_box(sub))
            if not ok:
                return Outcome(False, "substitute_on_range", f"replacement on ({a}, {b}): {text}")
            proofs.append(text)
    L = E.xreplace(dict(zip(olds, news))).doit()
    R = _hold(rhs).doit()
    hl, hr = _held(L), _held(R)
    if len(hl) != len(hr):
        return Outcome(False, "substitute_on_range", "different numbers of integrals on the two sides")
    marks = [sp.Dummy(f"J{i}") for i in range(len(hl))]
    for Hl, Hr in zip(hl, hr):
        if Hl.args[1:] != Hr.args[1:] or not _zero(sp.simplify(Hl.args[0] - Hr.args[0])):
            return Outcome(False, "substitute_on_range", f"integrands or ranges differ: {sp.sstr(Hl)} vs {sp.sstr(Hr)}")
    outer = sp.simplify(L.xreplace(dict(zip(hl, marks))) - R.xreplace(dict(zip(hr, marks))))
    if not _zero(outer):
        return Outcome(False, "substitute_on_range", f"outer parts differ by {sp.sstr(outer)}")
    return Outcome(True, "substitute_on_range", "; ".join(proofs))


def _unit_roots(e):
    """Powers of i in closed form (sqrt(i) = (1 + i)/sqrt 2, principal): SymPy leaves sqrt(I) unsimplified."""
    return e.replace(lambda x: isinstance(x, sp.Pow) and x.base == sp.I, lambda x: sp.expand_complex(x))


@rules.checker("fundamental_theorem")
def check_fundamental_theorem(lhs, rhs, context):
    """``int_a^b dF/dx dx = F(b-) - F(a+)`` with the limits by SymPy (both finite), then equal to ``rhs``
    (SymPy).  F's continuity on [a, b): every Bessel K argument and square-root radicand in F is proven
    off the cut (-oo, 0] for x in the open range and at x = a (:func:`_off_cut`, from the assumptions of
    the step's ``domain`` and the symbols), so F is analytic there."""
    if not (isinstance(lhs, sp.Integral) and len(lhs.limits) == 1 and isinstance(lhs.function, sp.Derivative)):
        return Outcome(False, "fundamental_theorem", "the left side must be Integral(Derivative(F, x), (x, a, b))")
    x, a, b = lhs.limits[0]
    d = lhs.function
    if d.variables != (x,):
        return Outcome(False, "fundamental_theorem", "the derivative must be once along the integration variable")
    F = d.expr.doit()
    t = sp.Dummy("t", positive=True)
    reps = _open_box({k: v for k, v in (context.get("domain") or {}).items() if k != x})
    for pt in (a + t, a) if b is sp.oo else (a + (b - a) / (1 + t), a):
        for node in sp.preorder_traversal(F.xreplace({x: pt})):
            arg = node.args[-1] if isinstance(node, sp.besselk) else (
                node.base if isinstance(node, sp.Pow) and not node.exp.is_integer else None)
            if arg is not None and not _off_cut(arg, reps):
                return Outcome(False, "fundamental_theorem", f"{sp.sstr(node)}: argument not proven off the cut "
                               f"at x = {sp.sstr(pt)}: F not proven continuous")
    Fb = sp.limit(F, x, b, "-")
    Fa = sp.limit(F, x, a, "+")
    if any(v.has(sp.oo, -sp.oo, sp.zoo, sp.nan, sp.Limit) for v in (Fa, Fb)):
        return Outcome(False, "fundamental_theorem", f"F(b) = {Fb}, F(a) = {Fa}: not finite")
    diff = sp.simplify(_unit_roots(Fb - Fa - rhs))
    if not _zero(diff):
        return Outcome(False, "fundamental_theorem", f"F(b) - F(a) - rhs = {sp.sstr(diff)} is not 0")
    return Outcome(True, "fundamental_theorem", f"F({sp.sstr(b)}) = {sp.sstr(Fb)}, F({sp.sstr(a)}) = {sp.sstr(Fa)}; "
                   "F analytic on the range (arguments off the cut)")


def _reduce_meijerg(g):
    """Order reduction of a Meijer G: a parameter a_j (j <= n) equal to some b_k (k > m) cancels, since
    Gamma(1 - a_j + s)/Gamma(1 - b_k + s) = 1 in the Mellin-Barnes integrand; then the Bessel-K case
    G^{2,0}_{0,2}(z | b1, b2) = 2 z^((b1 + b2)/2) K_(b1 - b2)(2 sqrt z).  Both are tested against
    mpmath.meijerg in tests/test_pair_correlation_derivation.py."""
    an, ap, bm, bq = list(g.an), list(g.aother), list(g.bm), list(g.bother)
    changed = True
    while changed:
        changed = False
        for a in an:
            if a in bq:
                an.remove(a)
                bq.remove(a)
                changed = True
                break
    z = g.argument
    if not an and not ap and not bq and len(bm) == 2:
        b1, b2 = bm
        return 2 * z**((b1 + b2) / 2) * sp.besselk(b1 - b2, 2 * sp.sqrt(z))
    return sp.meijerg((an, ap), (bm, bq), z)


def _polar(e):
    """``e`` with each complex number a + b i (a, b rational, both nonzero) written |z| exp(i arg z), an exact
    identity: SymPy then takes powers of it on the principal branch (sqrt((1 + i) X) = 2^(1/4) e^(i pi/8) sqrt X
    for X > 0), which it does not do for sqrt(1 + i)."""
    def is_gauss(x):
        return (isinstance(x, sp.Add) and x.is_number and not x.free_symbols and sp.re(x).is_Rational
                and sp.im(x).is_Rational and sp.re(x) != 0 and sp.im(x) != 0)
    return e.replace(is_gauss, lambda x: sp.Abs(x) * sp.exp(sp.I * sp.arg(x)))


def _one_trig_variable(e):
    """``e`` with the variable part Y of its trigonometric arguments c + Y (one Y up to sign) replaced by a real
    dummy: ``fu`` simplifies sums of sin/cos(c +- X) in one symbol, not in sqrt(E_Z) r/sqrt(D)."""
    parts = {a.args[0].as_independent(*a.args[0].free_symbols)[1] for a in e.atoms(sp.sin, sp.cos)
             if a.args[0].free_symbols}
    ys = {p if sp.Mul.make_args(p)[0] != -1 else -p for p in parts}
    if len(ys) != 1 or not next(iter(ys)).is_extended_real:  # a real Y: the identity in a real X covers it
        return e
    return e.subs(ys.pop(), sp.Dummy("X", real=True))


def _algebraic_zero(c):
    """A constant c is exactly 0: c == 0, or a factor of it is an algebraic number whose minimal polynomial is
    y (exact algebra: SymPy's minimal_polynomial)."""
    if c == 0:
        return True
    y = sp.Dummy("y")
    for f in sp.Mul.make_args(sp.factor_terms(c)):
        if f.is_number and not f.has(sp.pi, sp.E, sp.exp, sp.log):
            try:
                if sp.minimal_polynomial(f, y) == y:
                    return True
            except (NotImplementedError, sp.polys.polyerrors.PolynomialError, ValueError):
                continue
    return False


def _sum_of_zero_coefficients(e):
    """An expanded sum is 0 when, grouped by their symbolic parts, the constant coefficients all vanish."""
    groups = {}
    for term in sp.Add.make_args(e):
        c, rest = term.as_independent(*term.free_symbols, as_Add=False) if term.free_symbols else (term, sp.S.One)
        groups[rest] = groups.get(rest, sp.S.Zero) + c
    return all(_algebraic_zero(c) for c in groups.values())


@rules.checker("polar_form")
def check_polar_form(lhs, rhs, context):
    """``lhs`` evaluated (``doit``), complex constants in polar form (:func:`_polar`, exact), then ``lhs - rhs``
    simplified to 0 (SymPy's simplify, or its trigonometric ``fu``).  A symbolic proof for expressions SymPy
    leaves in sqrt(1 + i)."""
    raw = _polar(lhs.doit()) - _polar(rhs)
    if _sum_of_zero_coefficients(sp.expand(sp.expand_trig(sp.expand_complex(_one_trig_variable(raw))))):
        return Outcome(True, "polar_form", "lhs - rhs = 0 with complex constants in polar form (expanded: every "
                       "coefficient an algebraic zero)")
    diff = sp.simplify(raw)
    # a product vanishes when a factor does; fu: Fu-Zhong-Zeng trigonometric simplification (equivalences only)
    if _zero(diff) or any(sp.fu(_one_trig_variable(f)) == 0 for f in sp.Mul.make_args(sp.factor_terms(diff))):
        return Outcome(True, "polar_form", "lhs - rhs = 0 with complex constants in polar form")
    return Outcome(False, "polar_form", f"lhs - rhs = {sp.sstr(diff)} is not 0")


def _condition_holds(cond):
    """A convergence condition of SymPy's integrator decided from the assumptions: True, a conjunction of
    decided parts, or |arg w| < c with c >= pi/2 and Re w > 0 (then |arg w| < pi/2)."""
    if cond is sp.true:
        return True
    if isinstance(cond, sp.And):
        return all(_condition_holds(c) for c in cond.args)
    if isinstance(cond, sp.StrictLessThan) and isinstance(cond.lhs, sp.Abs) and isinstance(cond.lhs.args[0], sp.arg):
        w = cond.lhs.args[0].args[0]
        return bool((cond.rhs - sp.pi / 2).is_nonnegative) and _sign_decided(sp.re(w), ">")
    return False


@rules.checker("meijer_g_bessel")
def check_meijer_g_bessel(lhs, rhs, context):
    """``lhs`` evaluated by SymPy (its integrals as Meijer G functions; of a Piecewise result the branch whose
    convergence condition is proven, :func:`_condition_holds`), polar numbers unpolarified (their arguments lie in
    (-pi, pi): the principal values), each G reduced by :func:`_reduce_meijerg` (order reduction, then the
    Bessel-K case), then ``lhs - rhs`` simplified to 0.  A proof as far as SymPy's Meijer-G integration is
    trusted."""
    val = sp.piecewise_fold(lhs.doit())
    if isinstance(val, sp.Piecewise):  # SymPy's convergence conditions: take the first branch proven to hold
        for expr, cond in val.args:
            if _condition_holds(cond):
                val = expr
                break
        else:
            return Outcome(False, "meijer_g_bessel",
                           f"no convergence condition of SymPy's result proven: {sp.sstr(val)}")
    gs = val.atoms(sp.meijerg)
    red = sp.unpolarify(val.xreplace({g: _reduce_meijerg(g) for g in gs}))  # exp_polar(0) = 1 as a value
    # polar_lift(w) with Re w > 0 has arg in (-pi/2, pi/2): every function of it takes its principal value at w
    red = red.replace(lambda x: isinstance(x, sp.polar_lift) and _sign_decided(sp.re(x.args[0]), ">"),
                      lambda x: x.args[0])
    diff = sp.simplify(red - rhs)
    if _zero(diff):
        return Outcome(True, "meijer_g_bessel", f"{len(gs)} Meijer G reduced to Bessel K; lhs - rhs = 0")
    return Outcome(False, "meijer_g_bessel", f"after reduction lhs - rhs = {sp.sstr(diff)}")


# --- the branches of kappa on the path (issue 12) --------------------------------------------------------

def _branch_steps():
    a, b, beta = w_re, w_im, w_im_any
    m = sp.sqrt(a**2 + b**2)  # |w|
    root = sp.sqrt((m + a) / 2) + sp.I * sp.sqrt((m - a) / 2)
    # the radicands w_+ = (i kappa_+)^2 and w_- = (-i kappa_-)^2 off the path, |Im eps| up to 1 - E_Z - d
    rad_p = sp.Subs(sp.Pow(sp.I * Ref("kappa_plus_branch"), 2), eps, x_c + sp.I * (1 - E_Z - d_strip))
    rad_m = sp.Subs(sp.Pow(-sp.I * Ref("kappa_minus_branch"), 2), eps, x_c - sp.I * (1 - E_Z - d_strip))
    half_gap = sp.sqrt(Ref("modulus") / (m + a) / 2)  # sqrt((|w| - a)/2) with |w| - a = b^2/(|w| + a)
    mr = sp.sqrt(a**2 + beta**2)
    return [
        Step("Eq. 19", "principal root of w = a + i b (a, b > 0): (sqrt((|w| + a)/2) + i sqrt((|w| - a)/2))^2 = w",
             sp.Pow(root, 2, evaluate=False), a + sp.I * b,
             "Its real part sqrt((|w| + a)/2) is positive, so it is the principal root (the other root is its "
             "negative); for b < 0 the principal root is the complex conjugate of that of a - i b.",
             uses=(), name="principal_root"),
        Step("Eq. 19", "|w|^2 - a^2 = b^2", sp.Mul(m - a, m + a, evaluate=False), b**2,
             "|w| = sqrt(a^2 + b^2).", uses=(), name="modulus"),
        Step("Eq. 19", "hence |w| - a = b^2/(|w| + a) > 0, and Im sqrt(w) = sqrt((|w| - a)/2) > 0",
             half_gap, sp.S.Zero, "b^2 > 0 and |w| + a > 0 from the assumptions a, b > 0 (SymPy decides the "
             "sign from the symbols' assumptions).", relation=">", name="im_root_positive"),
        Step("Eq. 19", "(a) kappa_+ squares to the model's kappa^2 at z = E_Z + i eps",
             sp.Pow(sp.Subs(Ref("kappa"), z_en, E_Z + sp.I * eps), 2), sp.Pow(BRANCH_P, 2, evaluate=False),
             "kappa_+ = -i sqrt(1 + E_Z + i eps): (-i)^2 (1 + E_Z + i eps) = -(1 + E_Z) - i eps.",
             name="kappa_plus_square"),
        Step("Eq. 19", "(a) kappa_- squares to the model's kappa^2 at z = -E_Z - i eps",
             sp.Pow(sp.Subs(Ref("kappa"), z_en, -E_Z - sp.I * eps), 2), sp.Pow(BRANCH_M, 2, evaluate=False),
             "kappa_- = i sqrt(1 - E_Z - i eps): i^2 (1 - E_Z - i eps) = -(1 - E_Z) + i eps.",
             name="kappa_minus_square"),
        Step("Eq. 19", "(b) Re kappa_+ = Im sqrt(w_+) = sqrt((|w_+| - a_+)/2) > 0, w_+ = 1 + E_Z + i eps (eps > 0)",
             sp.Subs(half_gap, (a, b), (1 + E_Z, eps_p)), sp.S.Zero,
             "Re(-i s) = Im s for s = sqrt(w_+) written as in the principal-root step with a = 1 + E_Z > 0, "
             "b = eps > 0; |w| - a = b^2/(|w| + a) as in the modulus step.", relation=">", name="kappa_plus_re"),
        Step("Eq. 19", "(b) Re kappa_- = -Im sqrt(w_-) = sqrt((|w_-| - a_-)/2) > 0, w_- = 1 - E_Z - i eps, "
             "a_- = 1 - E_Z = k_-^2 (eps > 0)",
             sp.Subs(half_gap, (a, b), (k_m**2, eps_p)), sp.S.Zero,
             "sqrt(w_-) is the conjugate of the principal root of 1 - E_Z + i eps (a = k_-^2 > 0 since E_Z < 1, "
             "b = eps > 0), so Re(i sqrt(w_-)) = -Im sqrt(w_-) = sqrt((|w| - a)/2) > 0.",
             relation=">", name="kappa_minus_re"),
        Step("Eq. 19", "kappa_+ IS the model's root at z = E_Z + i eps for every eps > 0, 0 < E_Z < 1",
             sp.sqrt(Ref("kappa_plus_square")), BRANCH_P,
             "The model's kappa(E_Z + i eps) is the principal root of kappa^2 = kappa_+^2 (a); kappa_+ squares to it "
             "and Re kappa_+ > 0 (b) on the whole open domain, so kappa_+ is that principal root (proof: "
             "registered check principal_root).", method="principal_root", domain=BRANCH_DOMAIN,
             result="kappa_plus_branch"),
        Step("Eq. 19", "kappa_- IS the model's root at z = -E_Z - i eps for every eps > 0, 0 < E_Z < 1",
             sp.sqrt(Ref("kappa_minus_square")), BRANCH_M,
             "As for kappa_+: (a) and Re kappa_- > 0 (b), proven on the whole open domain.",
             method="principal_root", domain=BRANCH_DOMAIN, result="kappa_minus_branch"),
        Step("Eq. 19", "(c) analyticity: kappa_+'s radicand (i kappa_+)^2 has Re = 2 E_Z + d > 0 at "
             "eps = x + i(1 - E_Z - d)", sp.re(rad_p), sp.S.Zero,
             "Every complex eps with Im eps < 1 - E_Z (d > 0) keeps Re(1 + E_Z + i eps) > 0.", relation=">"),
        Step("Eq. 19", "(c) analyticity: kappa_-'s radicand (-i kappa_-)^2 has Re = d > 0 at "
             "eps = x - i(1 - E_Z - d)", sp.re(rad_m), sp.S.Zero,
             "Every complex eps with Im eps > -(1 - E_Z) keeps Re(1 - E_Z - i eps) > 0; with the previous "
             "step, the strip |Im eps| < 1 - E_Z is a neighbourhood of the path on which both radicands avoid the "
             "principal sqrt's cut (-oo, 0]: kappa_+- are analytic there.", relation=">"),
        Step("Eq. 19", "(c) a radicand with Re w = a > 0 has Re sqrt(w) = sqrt((|w| + a)/2) > 0",
             sp.sqrt((mr + a) / 2), sp.S.Zero,
             "So on the strip Im kappa_+ = -Re sqrt(w_+) < 0 and Im kappa_- = Re sqrt(w_-) > 0: r kappa_+- are "
             "never real, K0(r kappa_+-) stays off its cut (-oo, 0] and is analytic; on the path itself "
             "Re(r kappa_+-) > 0 by (b).", uses=(), relation=">", name="re_root_positive"),
        Step("Eq. 19", "(c) in the certified route's variable eps = u^2/r: Im eps = 2 Re u Im u/r",
             sp.im(sp.Subs(u_cert**2 / r, u_cert, x_c + sp.I * y_c)), 2 * x_c * y_c / r,
             "So the neighbourhood |Re u Im u| < r (1 - E_Z)/2 of the real u-axis maps into the strip: "
             "the integrand 2u K0(r kappa_+) K0(r kappa_-)/r is analytic there (numerics.certified).", uses=()),
    ]


# --- route 1: the exact model at large r -----------------------------------------------------------------

@functools.lru_cache(maxsize=64)
def _exact_clean_cached(rv, ev):
    from numerics.pair_correlation import pair_correlation_clean_2d
    return pair_correlation_clean_2d(mpmath.mpf(rv), mpmath.mpf(ev), dps=10)  # positional: the Zeeman
    # argument is being renamed in numerics


def _key(*args):
    """Cache key of exact rational arguments (r, E_Z, D of the numeric steps, short decimals): their text at a few
    digits below the working precision identifies them, while the 30-digit text of 0.3 differs between the
    precisions at which SymPy's evalf asks again (12 quadratures instead of 3 before)."""
    digits = max(1, min(15, mpmath.mp.dps - 3))  # SymPy asks at low precision too (Abs decides its sign)
    return tuple(mpmath.nstr(a, digits) for a in args)


def _exact_clean(rv, ev):
    # cached: SymPy's evalf re-evaluates at higher precision when K_exact - K_asymptotic cancels
    return _exact_clean_cached(*_key(rv, ev))


#: the exact K(r, E_Z) of the model by quadrature (numerics.pair_correlation, 10 digits)
K_exact = computed("K_exact", r"K_{\mathrm{exact}}\left({0}, {1}\right)", _exact_clean, nargs=2)

#: the folded integrand on eps > 0 with the model's principal roots, and with the branches kappa_+-
FOLDED_MODEL = sp.re(sp.Integral(sp.besselk(0, r * KAPPA_AT_P) * sp.besselk(0, r * KAPPA_AT_M),
                                 (eps, 0, sp.oo))) / (4 * sp.pi**3)
FOLDED = sp.re(sp.Integral(sp.besselk(0, r * BRANCH_P) * sp.besselk(0, r * BRANCH_M), (eps, 0, sp.oo))) / (4 * sp.pi**3)


def _route1_steps():
    taylor = sp.Matrix([sp.Subs(Ref("kappa_plus_branch"), (eps, E_Z), (0, k_p**2 - 1)),
                        sp.Subs(sp.Derivative(Ref("kappa_plus_branch"), eps), (eps, E_Z), (0, k_p**2 - 1)),
                        sp.Subs(Ref("kappa_minus_branch"), (eps, E_Z), (0, 1 - k_m**2)),
                        sp.Subs(sp.Derivative(Ref("kappa_minus_branch"), eps), (eps, E_Z), (0, 1 - k_m**2))])
    kp0, kp1, km0, km1 = (Ref("taylor")[i] for i in range(4))  # kappa_+-(0), kappa_+-'(0)
    lin_p = Ref("hankel") * (r * kp0)**sp.Rational(-1, 2) * sp.exp(-r * kp0) * sp.exp(-r * kp1 * eps)
    lin_m = Ref("hankel") * (r * km0)**sp.Rational(-1, 2) * sp.exp(-r * km0) * sp.exp(-r * km1 * eps)
    K_as_k = sp.sqrt(k_p * k_m) * sp.cos((k_p - k_m) * r) / (4 * sp.pi**2 * r**2 * (k_p + k_m))
    K_as = K_as_k.subs({k_p: k_up, k_m: k_dn})
    q = k_up - k_dn
    amp = sp.sqrt(k_up * k_dn) / (4 * sp.pi**2 * (k_up + k_dn))
    E3 = sp.Rational(3, 10)
    return [
        Step("Eq. 19", "K0(z) ~ sqrt(pi/(2z)) e^(-z) as z -> oo",
             sp.Limit(sp.besselk(0, zeta_H) * sp.exp(zeta_H) * sp.sqrt(zeta_H), zeta_H, sp.oo), sp.sqrt(sp.pi / 2),
             "Leading Hankel asymptotics (SymPy limit; SymPy 1.14's series of besselk at oo has the wrong sign of "
             "the 1/(8z) term, so only the limit is used).", uses=(), name="hankel"),
        Step("Eq. 19", "fold onto eps > 0: K = (1/4 pi^3) Re int_0^oo K0(r kappa(E_Z + i eps)) "
             "K0(r kappa(-E_Z - i eps)) d eps", Ref("K_model"), FOLDED_MODEL,
             "G G = K0 K0/(4 pi^2); the integrand at -eps is the complex conjugate of that at eps (the principal "
             "roots and K0 commute with conjugation off their cuts, proven from the assumptions), so the whole "
             "line gives twice the real part of the half line (registered check conjugate_fold).",
             method="conjugate_fold", domain={E_Z: (0, 1)}, name="fold_halves"),
        Step("Eq. 19", "on eps > 0 the model's roots are the branches: K = (1/4 pi^3) Re int_0^oo K0(r kappa_+) "
             "K0(r kappa_-) d eps",
             Insert(Ref("fold_halves"), (KAPPA_AT_P, KAPPA_AT_M),
                    (Ref("kappa_plus_branch"), Ref("kappa_minus_branch"))),
             FOLDED,
             "kappa(E_Z +- i eps) = kappa_+- hold for every eps > 0, the whole integration range (re-proven for "
             "the range by the registered check substitute_on_range).", method="substitute_on_range",
             domain={E_Z: (0, 1)}, name="fold"),
        Step("Eq. 19", "near eps = 0: kappa_+ = -i k_+ + eps/(2 k_+), kappa_- = i k_- + eps/(2 k_-) + O(eps^2), "
             "k_+- = sqrt(1 +- E_Z)", taylor, sp.Matrix([-sp.I * k_p, 1 / (2 * k_p), sp.I * k_m, 1 / (2 * k_m)]),
             "Values and first derivatives of the branches at eps = 0 (E_Z = k_+^2 - 1 = 1 - k_-^2).", name="taylor"),
        Step("Eq. 19", "route 1: Laplace's method on the folded integral, K ~ sqrt(k_+ k_-) cos((k_+ - k_-) r)/"
             "(4 pi^2 r^2 (k_+ + k_-))",
             Insert(Ref("fold"), (sp.besselk(0, r * BRANCH_P), sp.besselk(0, r * BRANCH_M)), (lin_p, lin_m)), K_as_k,
             "For r -> oo the integral is dominated by eps ~ 1/r: each K0 by its Hankel form, the exponent to first "
             "order in eps, the prefactor at eps = 0.  No phase shift: the e^(+-i pi/4) of (-+i k r)^(-1/2) cancel; "
             "relative corrections O(1/r) (not bounded here: the evidence step at the end of this route samples "
             "them).", name="K_asymptotic_k"),
        Step("Eq. 19", "route 1 in the Zeeman energy, k_+- = sqrt(1 +- E_Z)",
             sp.Subs(Ref("K_asymptotic_k"), (k_p, k_m), (k_up, k_dn)), K_as, "0 < E_Z < 1: both roots real.",
             result="K_asymptotic"),
        Step("Eq. 19", "wavenumber q = i (kappa_+(0) + kappa_-(0)) = k_+ - k_-: the phase of "
             "e^(-r (kappa_+ + kappa_-))",
             sp.Subs(sp.I * (kp0 + km0), (k_p, k_m), (k_up, k_dn)), q,
             "The phase per unit length of the leading exponential at eps = 0.", result="q"),
        Step("Eq. 19", "amplitude = K_asymptotic r^2/cos(q r)",
             Ref("K_asymptotic") * r**2 / sp.cos(Ref("q") * r), amp, "The envelope of r^2 K.", result="amplitude"),
        Step("Eq. 19", "sqrt(k_+ k_-) = (1 - E_Z^2)^(1/4): (k_+ k_-)^2 = 1 - E_Z^2",
             sp.Subs((k_p * k_m)**2, (k_p, k_m), (k_up, k_dn)), 1 - E_Z**2,
             "k_+^2 = 1 + E_Z, k_-^2 = 1 - E_Z.", uses=(), name="amplitude_root"),
        Step("Eq. 19", "float-stable wavenumber: q = k_+ - k_- = 2 E_Z/(k_+ + k_-)", Ref("q"), 2 * E_Z / (k_up + k_dn),
             "k_+^2 - k_-^2 = 2 E_Z; the generated numerics use this form, free of the cancellation in k_+ - k_- at "
             "small E_Z.", name="q_stable"),
        Step("Eq. 19", "EVIDENCE (nothing rests on it): exact model vs route 1 at E_Z = 0.3: "
             "r |K_exact - K_asymptotic|/(amplitude/r^2) stays below 0.1 (relative deviation O(1/r); "
             "r = 100, 200, 400)",
             MaxOver(r * sp.Abs(K_exact(r, E3) - At(Ref("K_asymptotic"), (E_Z,), (E3,)))
                     / At(Ref("amplitude") / r**2, (E_Z,), (E3,)), r, (100, 200, 400)), sp.Rational(1, 10),
             "K_exact: numerics.pair_correlation.pair_correlation_clean_2d (u = sqrt(eps r) Gauss-Legendre "
             "quadrature of the folded integral, 10 digits: ample for a bound of 0.1; measured 0.037).  Sampled at "
             "three r: evidence for the size of Laplace's O(1/r) corrections, not a bound.",
             method="numeric", relation="<", name="route1_vs_exact"),
    ]


# --- route 2 (the paper's linearized form) ----------------------------------------------------------------

@functools.lru_cache(maxsize=64)
def _linearized_cached(rv, ev):
    from numerics.pair_correlation import pair_correlation_linearized_2d
    return pair_correlation_linearized_2d(mpmath.mpf(rv), mpmath.mpf(ev), dps=16)


def _linearized(rv, ev):
    return _linearized_cached(*_key(rv, ev))


#: route 2 by Bessel-J quadrature of the linearized Pi(Q) (numerics.pair_correlation, 16 digits)
K_lin_num = computed("K_lin_num", r"K_{\mathrm{lin}}\left({0}, {1}\right)", _linearized, nargs=2)


def _route2_steps():
    e_ = eps_p
    xi_res = sp.pi * sp.I / (sp.I * e_ + b_lin)  # eps > 0: sgn(eps) = 1
    eps_pair = e_ / (e_**2 + b_lin**2)
    eps_int = sp.log((Lambda_c**2 + b_abs**2) / b_abs**2) / 2
    a_ = v_F * Q / 2
    avg_below = sp.log((E_Z + sp.sqrt(E_Z**2 - a_**2)) / 2)
    th0 = sp.acos(E_Z / a_)
    above = (E_Z, Q, v_F), (sp.Rational(2, 5), 1, 2)  # a = v_F Q/2 = 1 > E_Z = 0.4
    # Pi ~ const - nu sqrt(2 (Q0 - Q)/Q0) below Q0: the coefficient of (Q0 - Q)^(1/2) of -nu <log|b|>
    sing_coef = -nu0 * sp.Limit((sp.Subs(Ref("angular_below"), (E_Z, Q), (v_F * Q0 / 2, Q0 - delta_E))
                                 - sp.log(v_F * Q0 / 4)) / sp.sqrt(delta_E), delta_E, 0)
    K2 = (1 / (2 * sp.pi)) * Q0 * sp.sqrt(2 / (sp.pi * Q0 * r)) * sing_coef * sp.re(
        sp.exp(-sp.I * sp.pi / 4) * sp.exp(sp.I * Q0 * r) * sp.Subs(Ref("fourier"), p_L, sp.I * r))
    K2_rhs = nu0 * sp.cos(Q0 * r) / (2 * sp.pi * r**2)
    hankel_ft = -2 * sp.pi * sp.Integral(r**2 * sp.besselj(1, Q * r) * Ref("K_route2_lin"), (r, 0, sp.oo))
    pi_below = -nu0 * avg_below.subs(E_Z, v_F * Q0 / 2)
    return [
        Step("Eq. 19", "xi-integral: int d xi G_up G_dn = pi i sgn(eps)/(i eps + b) (eps > 0; eps < 0 is the "
             "conjugate)",
             sp.Limit(sp.Integral(sp.Subs(Ref("bubble"), eps, e_), (xi_band, -L_xi, L_xi)), L_xi, sp.oo), xi_res,
             "Symmetric cutoff L -> oo; the pole xi = i eps + b lies above the axis (residues).  This is the "
             "paper's denominator 2 eps + 2 mu_B H + v_F.Q at imaginary frequency (c = i eps + b).",
             name="xi_integral"),
        Step("Eq. 19", "eps and -eps together: (1/2 pi)[pi i/(i eps + b) + conjugate] = eps/(eps^2 + b^2)",
             (Ref("xi_integral") + sp.conjugate(Ref("xi_integral"))) / (2 * sp.pi), eps_pair,
             "T = 0: the Matsubara sum becomes int d eps/(2 pi); at -eps the xi-integral is the complex conjugate "
             "of that at eps (b real, sgn(-eps) = -1).", name="eps_pair"),
        Step("Eq. 19", "eps-integral: int_0^Lambda eps/(eps^2 + b^2) d eps = (1/2) log((Lambda^2 + b^2)/b^2)",
             sp.Integral(sp.Subs(Ref("eps_pair"), b_lin, b_abs), (e_, 0, Lambda_c)), eps_int,
             "Only b^2 enters: b -> |b|.  The cutoff Lambda only adds a Q-independent constant.", name="eps_integral"),
        Step("Eq. 19", "Lambda >> |b|: (1/2) log((Lambda^2 + b^2)/b^2) - log Lambda -> -log|b|",
             sp.Subs(sp.Limit(Ref("eps_integral") - sp.log(Lambda_c), Lambda_c, sp.oo), b_abs, sp.Abs(b_lin)),
             -sp.log(sp.Abs(b_lin)), "So Pi(Q) = nu [log Lambda - <log|b|>_theta].", name="log_b"),
        Step("Eq. 19", "angular average below Q0: <log|b|> = (1/pi) int_0^pi log|E_Z - a cos(theta)| d theta "
             "= log((E_Z + sqrt(E_Z^2 - a^2))/2), a = v_F Q/2 < E_Z",
             -Quad(sp.Subs(Ref("log_b"), b_lin, Ref("b_def")), theta, 0, sp.pi) / sp.pi, avg_below,
             "b inserted from b_def; so Pi(Q) = nu [log Lambda - <log|b|>] (previous step).  EVIDENCE: SymPy's evalf "
             "(mpmath tanh-sinh) of the defining integral at 5 random points with a < E_Z.",
             method="numeric", domain={E_Z: (0.5, 1), Q: (0.01, 0.45), v_F: (1.5, 2)},
             name="angular_below", evaluate=False),
        Step("Eq. 19", "angular average above Q0 at ONE point: <log|b|> = log(a/2) for a > E_Z (E_Z = 0.4, a = 1; "
             "split at the zero of b)",
             At(-(Quad(sp.Subs(Ref("log_b"), b_lin, Ref("b_def")), theta, 0, th0)
                  + Quad(sp.Subs(Ref("log_b"), b_lin, Ref("b_def")), theta, th0, sp.pi)) / sp.pi, *above),
             At(sp.log(a_ / 2), *above),
             "Above Q0 = 2 E_Z/v_F, Pi = const - nu log(a/2) is smooth in Q.  One instance of the general claim "
             "(40 digits); nothing generated rests on it.", method="numeric", name="angular_above"),
        Step("Eq. 19", "square-root singularity at Q0: log((E + sqrt(E^2 - a^2))/2) = log(E/2) + sqrt(2 (E - a)/E) "
             "+ O(E - a)",
             sp.Limit((sp.Subs(Ref("angular_below"), Q, 2 * (E_Z - delta_E) / v_F) - sp.log(E_Z / 2)
                       - sp.sqrt(2 * delta_E / E_Z)) / sp.sqrt(delta_E), delta_E, 0), sp.S.Zero,
             "delta = E - a -> 0+: only (Q0 - Q)_+^(1/2) is non-analytic, so it alone sets the large-r tail; "
             "Pi ~ const - nu sqrt(2 (Q0 - Q)/Q0)."),
        Step("Eq. 19", "Fourier transform of s^(1/2): int_0^oo s^(1/2) e^(-p s) ds = Gamma(3/2) p^(-3/2) "
             "(then p = i r)", sp.Integral(sp.sqrt(s_F) * sp.exp(-p_L * s_F), (s_F, 0, sp.oo)),
             sp.gamma(sp.Rational(3, 2)) * p_L**sp.Rational(-3, 2),
             "Continued to Re p -> 0+ (Abel regularization).", uses=(), name="fourier"),
        Step("Eq. 19", "route 2: K ~ nu cos(Q0 r)/(2 pi r^2): the -pi/4 of J0 cancels against (i r)^(-3/2)",
             K2, K2_rhs,
             "(1/2pi) Q0 sqrt(2/(pi Q0 r)) (-nu sqrt(2/Q0)) Re[e^(-i pi/4) e^(i Q0 r) Gamma(3/2) (i r)^(-3/2)]: "
             "the K_lin transform with J0(Q r) ~ sqrt(2/(pi Q r)) cos(Q r - pi/4) at Q = Q0 on the singular part of Pi.",
             name="K_route2_lin"),
        Step("Eq. 19", "exactness, Q > Q0: d/dQ of the 2D Fourier transform of K_route2, -2 pi int r^2 J1(Q r) K dr, "
             "equals Pi'(Q) = d/dQ[-nu log(v_F Q/4)]", Insert(hankel_ft, (Q0,), (Q / (1 + w_Q),)),
             sp.diff(-nu0 * sp.log(v_F * Q / 4), Q),
             "Pi(Q) = 2 pi int r J0(Q r) K dr, d J0(x)/dx = -J1(x); SymPy's Meijer-G integral; Q0 = Q/(1 + w), w > 0."),
        Step("Eq. 19", "exactness, Q < Q0: the same transform equals Pi'(Q) = d/dQ[-nu log((E + sqrt(E^2 - a^2))/2)], "
             "a = v_F Q/2, E = v_F Q0/2", Insert(hankel_ft, (Q,), (Q0 / (1 + w_Q),)),
             sp.diff(pi_below, Q).subs(Q, Q0 / (1 + w_Q)),
             "Q = Q0/(1 + w).  Equal Pi' on both sides: the linearized model's K is nu cos(Q0 r)/(2 pi r^2) at every "
             "r > 0 (the Q-independent constant of Pi only adds a delta(r))."),
        Step("Eq. 19", "route 2 in the model's units: nu = 1/(4 pi), v_F = 2, Q0 = 2 E_Z/v_F = E_Z",
             sp.Subs(Ref("K_route2_lin"), (nu0, Q0), (NU, 2 * E_Z / 2)), sp.cos(E_Z * r) / (8 * sp.pi**2 * r**2),
             "hbar = 2m = mu = 1: k_F = 1, v_F = 2.", result="K_route2"),
    ]


def _agreement_steps():
    E5 = sp.Rational(1, 5)
    return [
        Step("Eq. 19", "routes agree as E_Z -> 0: amplitude/(r^2 K_route2/cos(E_Z r)) -> 1 and q/Q0 -> 1 (Q0 = E_Z)",
             sp.Matrix([sp.Limit(Ref("amplitude") / (Ref("K_route2") * r**2 / sp.cos(E_Z * r)), E_Z, 0),
                        sp.Limit(Ref("q") / E_Z, E_Z, 0)]), sp.Matrix([1, 1]),
             "The linearized spectrum is the small-E_Z limit of the exact one.", name="routes_agree"),
        Step("Eq. 19", "EVIDENCE (nothing rests on it): numerical route 2 (Bessel-J quadrature of the linearized Pi) "
             "= K_route2 (E_Z = 0.2) at r = 1/2, 3, 20: max r^2 |K_lin - K_route2| 8 pi^2 < 1e-12",
             MaxOver(8 * sp.pi**2 * r**2 * sp.Abs(K_lin_num(r, E5) - At(Ref("K_route2"), (E_Z,), (E5,))), r,
                     (sp.Rational(1, 2), 3, 20)), sp.Float("1e-12", 30),
             "numerics.pair_correlation.pair_correlation_linearized_2d (16 digits), no code shared with route 1: "
             "a numeric confirmation of the exactness proved above, at three r.", method="numeric", relation="<",
             name="route2_vs_quadrature"),
    ]


# --- dirty limit ------------------------------------------------------------------------------------------

@functools.lru_cache(maxsize=16)
def _dirty_proper_time_cached(rv, ev, dv, dps):
    from numerics.reference.pair_correlation import dirty_proper_time_ref
    with mpmath.workdps(dps):
        return dirty_proper_time_ref(mpmath.mpf(rv), mpmath.mpf(ev), mpmath.mpf(dv), nu=1)


def _dirty_proper_time(rv, ev, dv):
    # compared at 40 digits (tol 1e-30): computed at the working precision, cached per precision
    return _dirty_proper_time_cached(*_key(rv, ev, dv), mpmath.mp.dps)


#: K_d by proper-time quadrature (numerics.reference.pair_correlation.dirty_proper_time_ref, nu = 1)
K_d_proper_time = computed("K_d_pt", r"K_{d}^{\mathrm{proper\ time}}\left({0}, {1}, {2}\right)", _dirty_proper_time,
                           nargs=3)


def _F_dirty():
    """-(D/r^2) w K1(w) at w = r sqrt((2 eps + 2 i E_Z)/D): the antiderivative of K0(w) in eps."""
    w_eps = r * sp.sqrt((2 * eps_p + 2 * sp.I * E_Z) / D)
    return sp.Mul(D / r**2, sp.Subs(-w_C * sp.besselk(1, w_C), w_C, w_eps), evaluate=False)


def _dirty_steps():
    e_ = eps_p
    ft_rhs = sp.besselk(0, r * sp.sqrt((2 * e_ + 2 * sp.I * E_Z) / D)) / (2 * sp.pi * D)
    eps_int_rhs = D / r**2 * U0 * sp.besselk(1, U0)
    K_d = nu0 / (sp.pi * r**2) * sp.re(U0 * sp.besselk(1, U0))
    X_d = r * sp.sqrt(E_Z / D)
    K_d_tail = (nu0 / (sp.pi * r**2) * sp.sqrt(sp.pi / 2) * 2**sp.Rational(1, 4) * sp.sqrt(X_d) * sp.exp(-X_d)
                * sp.cos(X_d - sp.pi / 8))
    pts = ((2, sp.Rational(1, 10), sp.Rational(1, 2)), (sp.Rational(7, 10), sp.Rational(9, 10), 2))
    return [
        Step("Eq. 19", "Fourier transform of the Cooperon at eps > 0: (1/2 pi) int Q J0(Q r) C dQ = K0(w)/(2 pi D), "
             "w = r sqrt((2 eps + 2 i E_Z)/D)",
             sp.Subs(sp.Integral(Q * sp.besselj(0, Q * r) * Ref("cooperon"), (Q, 0, sp.oo)) / (2 * sp.pi), eps, e_),
             ft_rhs,
             "SymPy returns a Meijer G valid for |arg(eps + i E_Z)| < pi (proven: Re > 0); its order reduction to "
             "K0 is the registered check meijer_g_bessel.  eps < 0 gives the complex conjugate.",
             method="meijer_g_bessel", name="cooperon_ft"),
        Step("Eq. 19", "antiderivative in eps: K0(w) = d/d eps [-(D/r^2) w K1(w)], w = r sqrt((2 eps + 2 i E_Z)/D)",
             Ref("cooperon_ft") * 2 * sp.pi * D, sp.Derivative(_F_dirty(), e_),
             "d/dw (-w K1(w)) = w K0(w) and dw/d eps = r^2/(D w).", name="antiderivative"),
        Step("Eq. 19", "u0 = w(0) = r sqrt(2 i E_Z/D) = (1 + i) r sqrt(E_Z/D)", r * sp.sqrt(2 * sp.I * E_Z / D), U0,
             "sqrt(2 i) = 1 + i (principal root).", uses=(), name="u0"),
        Step("Eq. 19", "eps-integral: int_0^oo K0(w(eps)) d eps = (D/r^2) u0 K1(u0)",
             sp.Integral(Ref("antiderivative"), (e_, 0, sp.oo)), eps_int_rhs,
             "Fundamental theorem with the antiderivative of the previous step: w K1(w) -> 0 as eps -> oo "
             "(Re w -> oo), and w(0) = u0; F is analytic on [0, oo) since w stays off the cut (registered check "
             "fundamental_theorem).", method="fundamental_theorem", name="eps_integral_dirty"),
        Step("Eq. 19", "dirty limit: K_d = nu 2 Re int_0^oo d eps K0(w)/(2 pi D) = (nu/(pi r^2)) Re[u0 K1(u0)]",
             2 * nu0 * sp.re(Ref("eps_integral_dirty") / (2 * sp.pi * D)), K_d,
             "The cooperon premise: eps < 0 gives the complex conjugate of eps > 0.", result="K_dirty"),
        Step("Eq. 19", "decay and oscillation: Re u0 = Im u0 = r sqrt(E_Z/D)",
             sp.Matrix([sp.re(Ref("u0")), sp.im(Ref("u0"))]), sp.Matrix([X_d] * 2),
             "The same length sets the decay and the sign changes.", name="decay"),
        Step("Eq. 19", "large r sqrt(E_Z/D): K_d ~ (nu/(pi r^2)) sqrt(pi/2) 2^(1/4) X^(1/2) e^(-X) cos(X - pi/8), "
             "X = r sqrt(E_Z/D)",
             Insert(Ref("K_dirty"), (sp.besselk(1, U0),), (Ref("hankel") * U0**sp.Rational(-1, 2) * sp.exp(-U0),)),
             K_d_tail,
             "K1(u) ~ sqrt(pi/(2u)) e^(-u) (Hankel, as K0), u0 = 2^(1/2) X e^(i pi/4).  SymPy leaves sqrt(1 + i) "
             "unsimplified: the registered check polar_form writes 1 + i = sqrt(2) e^(i pi/4) (exact) first.",
             name="dirty_tail", method="polar_form"),
        Step("Eq. 19", "decay length: -r/log(envelope of K_d) -> sqrt(D/E_Z) as r -> oo",
             sp.Limit(-r / sp.log(Ref("dirty_tail") / sp.cos(X_d - sp.pi / 8)), r, sp.oo), sp.sqrt(D / E_Z),
             "The paper prints sqrt 2 times faster decay (erratum).", result="decay_length_dirty"),
        Step("Eq. 19", "closed form vs the proper-time integral (nu/(4 pi D)) Re int_0^oo t^(-2) "
             "e^(-2 i E_Z t - r^2/(4 D t)) dt "
             "(nu = 1; (r, E_Z, D) = (2, 0.1, 0.5), (0.7, 0.9, 2); 40 digits)",
             sp.Matrix([At(Ref("K_dirty"), (nu0, r, E_Z, D), (1,) + p) for p in pts]),
             sp.Matrix([K_d_proper_time(*p) for p in pts]),
             "numerics.reference.pair_correlation.dirty_proper_time_ref: 1/(D Q^2 + m^2) = int dt e^(-t(D Q^2 + m^2)), "
             "Gaussian Q-integral, eps-integral 1/(2t); no Bessel function shared with the closed form.",
             method="numeric", tol=1e-30, name="dirty_vs_proper_time"),
    ]


def derive():
    steps = _branch_steps() + _route1_steps() + _route2_steps() + _dirty_steps() + _agreement_steps()
    generated = [
        GenSpec("pair_correlation_clean_2d_asymptotic", "K_asymptotic", (r, E_Z),
                "Eq. 19 (route 1): (1 - zeeman^2)^(1/4) cos(q r)/(4 pi^2 r^2 (k+ + k-)), k+- = sqrt(1 +- zeeman), "
                "q = k+ - k- = 2 zeeman/(k+ + k-); r > 0, 0 < zeeman < 1 (Zeeman energy mu_B H in units of mu).",
                form=K_ASYMPTOTIC_STABLE, domain={r: (1, 500), E_Z: (0.001, 0.999)}),
        GenSpec("pair_correlation_dirty_2d", "K_dirty", (r, E_Z, D),
                "Dirty limit: (nu/(pi r^2)) Re[u0 K1(u0)], u0 = (1 + i) r sqrt(zeeman/D), nu = 1/(4 pi); "
                "r, zeeman, D > 0.",
                form=NU / (sp.pi * r**2) * sp.re(ZBesselK1(U0)), subs={nu0: NU},
                domain={r: (0.1, 5), E_Z: (0.01, 1), D: (0.5, 5)}),
    ]
    return Derivation("pair_correlation", "Cooper-pair correlation in 2D, Eq. 19 and the dirty limit",
                      steps, premises(), generated)
