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

Premises: ``kappa`` and ``green`` (the model's Green function), ``K_model`` (the pair correlation
T sum_n G G at T = 0), ``b_def`` and ``bubble`` (Eq. 19's integrand, linearized spectrum), ``K_lin``
(its 2D Fourier transform), ``cooperon`` (dirty limit).
Results: ``kappa_plus_branch``, ``kappa_minus_branch``, ``K_asymptotic``, ``q``, ``amplitude``,
``K_route2``, ``K_dirty``, ``decay_length_dirty``.
"""
import functools

import mpmath
import sympy as sp
from mpmath.libmp import prec_to_dps

from .core import Derivation, GenSpec, Premise, Step
from .objects import MaxOver, computed
from .special import ZBesselK1
from .symbols import D, E_Z, Q, eps, k_m, k_p, nu0, r, theta, v_F

# -> symbols.py (pair-correlation area): local symbols of this derivation
z_en = sp.Symbol("z")  # complex energy argument of the model's Green function
eps_p = sp.Symbol("varepsilon_p", positive=True)  # a Matsubara frequency on the path, eps > 0
xi = sp.Symbol("xi", real=True)  # band energy xi_p measured from the Fermi level
b_lin = sp.Symbol("b", real=True)  # E_Z - (v_F Q/2) cos(theta): the linearized pair detuning
Q0s = sp.Symbol("Q_0", positive=True)  # 2 E_Z/v_F, the singular momentum of route 2
nu_ = sp.Symbol("nu", positive=True)  # density of states per spin (route 2, kept general)
_a, _b = sp.symbols("a b", positive=True)  # w = a + i b, a > 0, b > 0 (the principal-root lemma)
_bre = sp.Symbol("beta", real=True)  # w = a + i beta with beta of either sign
_x, _y = sp.symbols("x y", real=True)  # eps = x + i y off the path; u = x + i y
_d = sp.Symbol("d", positive=True)  # distance of Im eps from the strip's edge
_u = sp.Symbol("u", positive=True)  # eps = u^2/r, the certified route's integration variable
_z, _w, _s, _p, _lam, _dl = sp.symbols("z w s p Lambda delta", positive=True)  # dummies
_wc = sp.Symbol("w")  # complex dummy
_m = sp.Symbol("m", positive=True)  # Cooperon mass, m^2 = 2 eps + 2 i E_Z continued from m^2 > 0

k_up, k_dn = sp.sqrt(1 + E_Z), sp.sqrt(1 - E_Z)  # the Fermi momenta k_+, k_- in terms of E_Z
IN_E_Z = {k_p: k_up, k_m: k_dn}
NU = 1 / (4 * sp.pi)  # 2D density of states per spin for 2m = 1
# the route-1 form without cancellation in k_+ - k_- at small E_Z: what the numerics print (proven = result)
K_ASYMPTOTIC_STABLE = (sp.sqrt(k_up * k_dn) * sp.cos(2 * E_Z / (k_up + k_dn) * r)
                       / (4 * sp.pi**2 * r**2 * (k_up + k_dn)))
q_osc = k_up - k_dn
U0 = (1 + sp.I) * r * sp.sqrt(E_Z / D)

KAPPA = sp.sqrt(-(1 + z_en))  # principal root: Re >= 0, > 0 off the cut
GREEN = -sp.besselk(0, r * KAPPA) / (2 * sp.pi)
K_MODEL = sp.Integral(sp.Subs(GREEN, z_en, sp.I * eps + E_Z) * sp.Subs(GREEN, z_en, -sp.I * eps - E_Z),
                      (eps, -sp.oo, sp.oo)) / (2 * sp.pi)
BUBBLE = 1 / ((xi - sp.I * eps - b_lin) * (xi + sp.I * eps + b_lin))
PI_ = sp.Function("Pi")
K_LIN = sp.Integral(Q * sp.besselj(0, Q * r) * PI_(Q), (Q, 0, sp.oo)) / (2 * sp.pi)
COOPERON = 1 / (D * Q**2 + 2 * sp.Abs(eps) + 2 * sp.I * E_Z * sp.sign(eps))
BRANCH_P = -sp.I * sp.sqrt(1 + E_Z + sp.I * eps)
BRANCH_M = sp.I * sp.sqrt(1 - E_Z - sp.I * eps)


class At(sp.Subs):
    """``expr`` at ``variables = point``, held: ``doit`` keeps it, ``evalf`` substitutes and evaluates numerically.

    Engine workaround (-> objects.py): ``Subs.evalf`` calls ``doit``, which sends an ``Integral`` inside to
    SymPy's symbolic integrator (slow or hanging for these integrands) instead of mpmath quadrature.
    """

    def doit(self, **hints):
        return self

    def _eval_evalf(self, prec):
        return self.expr.subs(dict(zip(self.variables, self.point))).evalf(prec_to_dps(prec))

    def evalf(self, n=15, **options):  # Subs.evalf would call doit (here: itself) forever
        return self.expr.subs(dict(zip(self.variables, self.point))).evalf(n, **options)

    n = evalf


class Insert(sp.Subs):
    """``expr`` with ``variables`` replaced by ``point``: ``doit`` substitutes FIRST, then evaluates.

    Engine workaround (-> objects.py): ``Subs.doit`` evaluates ``expr`` before substituting, which sends the
    Integral of K0 K0 to SymPy's integrator (it hangs); here the K0 are replaced by their asymptotic forms
    before anything is integrated.
    """

    def doit(self, **hints):
        return self.expr.xreplace(dict(zip(self.variables, self.point))).doit(**hints)


def premises():
    return [
        Premise("kappa", "Eq. 19 (model)", "decay rate of the model's Green function: kappa(z)^2 = -(1 + z), "
                "Re kappa > 0 (the principal root; hbar = 2m = mu = 1)", KAPPA, sp.Function("kappa")(z_en)),
        Premise("green", "Eq. 19 (model)", "2D Green function of the clean model at complex energy z",
                GREEN, sp.Function("G")(r, z_en)),
        Premise("K_model", "Eq. 19 (text before it)", "Cooper-pair correlation T sum_n G_up G_dn at T = 0, "
                "each spin shifted by E_Z = mu_B H, 0 < E_Z < 1", K_MODEL, sp.Function("K")(r, E_Z)),
        Premise("b_def", "Eq. 19", "linearized pair detuning: xi_(p + Q/2) = xi + (v_F Q/2) cos(theta), "
                "b = E_Z - (v_F Q/2) cos(theta)", E_Z - v_F * Q * sp.cos(theta) / 2, b_lin, define=True),
        Premise("bubble", "Eq. 19", "Eq. 19's integrand before the xi-integral (Matsubara form, linearized "
                "spectrum): G_up(p + Q/2, i eps) G_dn(-p + Q/2, -i eps); Pi(Q) = nu int (d eps/2 pi) "
                "<int d xi (...)>_theta", BUBBLE, sp.Symbol(r"G_{\uparrow} G_{\downarrow}")),
        Premise("K_lin", "Eq. 19", "2D Fourier transform of the pair susceptibility Pi(Q)", K_LIN,
                sp.Function("K_lin")(r)),
        Premise("cooperon", "Eq. 19 (dirty limit)", "impurity-averaged G G = 2 pi nu C(Q, eps): "
                "K_d = nu int d eps int d^2Q/(2 pi)^2 e^(i Q.r) C(Q, eps)", COOPERON, sp.Function("C")(Q, eps)),
    ]


# --- the branches of kappa on the path (issue 12) --------------------------------------------------------

def _branch_steps():
    m = sp.sqrt(_a**2 + _b**2)  # |w|
    root = sp.sqrt((m + _a) / 2) + sp.I * sp.sqrt((m - _a) / 2)
    # the radicands w_+ = (i kappa_+)^2 and w_- = (-i kappa_-)^2 off the path, |Im eps| up to 1 - E_Z - d
    rad_p = sp.Subs(sp.Pow(sp.Mul(sp.I, BRANCH_P, evaluate=False), 2, evaluate=False), eps, _x + sp.I * (1 - E_Z - _d))
    rad_m = sp.Subs(sp.Pow(sp.Mul(-sp.I, BRANCH_M, evaluate=False), 2, evaluate=False), eps, _x - sp.I * (1 - E_Z - _d))
    gap = _b**2 / (m + _a)
    half_gap = sp.Pow(sp.Mul(gap, sp.S.Half, evaluate=False), sp.S.Half, evaluate=False)
    mr = sp.sqrt(_a**2 + _bre**2)
    return [
        Step("Eq. 19", "principal root of w = a + i b (a, b > 0): (sqrt((|w| + a)/2) + i sqrt((|w| - a)/2))^2 = w",
             sp.Pow(root, 2, evaluate=False), _a + sp.I * _b,
             "Its real part sqrt((|w| + a)/2) is positive, so it is the principal root (the other root is its "
             "negative); for b < 0 the principal root is the complex conjugate of that of a - i b.",
             uses=(), name="principal_root"),
        Step("Eq. 19", "|w|^2 - a^2 = b^2", sp.Mul(m - _a, m + _a, evaluate=False), _b**2,
             "|w| = sqrt(a^2 + b^2).", uses=(), name="modulus"),
        Step("Eq. 19", "hence |w| - a = b^2/(|w| + a) > 0, and Im sqrt(w) = sqrt((|w| - a)/2) > 0",
             half_gap, sp.S.Zero, "b^2 > 0 and |w| + a > 0 from the assumptions a, b > 0 (no simplifier "
             "verdict: SymPy decides the sign of b/sqrt(2(|w| + a)) from the symbols' assumptions).",
             uses="modulus", relation=">", name="im_root_positive"),
        Step("Eq. 19", "(a) kappa_+ squares to the model's kappa^2 at z = E_Z + i eps",
             sp.Pow(sp.Subs(KAPPA, z_en, E_Z + sp.I * eps), 2, evaluate=False), sp.Pow(BRANCH_P, 2, evaluate=False),
             "kappa_+ = -i sqrt(1 + E_Z + i eps): (-i)^2 (1 + E_Z + i eps) = -(1 + E_Z) - i eps.",
             uses="kappa", name="kappa_plus_square"),
        Step("Eq. 19", "(a) kappa_- squares to the model's kappa^2 at z = -E_Z - i eps",
             sp.Pow(sp.Subs(KAPPA, z_en, -E_Z - sp.I * eps), 2, evaluate=False), sp.Pow(BRANCH_M, 2, evaluate=False),
             "kappa_- = i sqrt(1 - E_Z - i eps): i^2 (1 - E_Z - i eps) = -(1 - E_Z) + i eps.",
             uses="kappa", name="kappa_minus_square"),
        Step("Eq. 19", "(b) Re kappa_+ = Im sqrt(w_+) = sqrt((|w_+| - a_+)/2) > 0, w_+ = 1 + E_Z + i eps (eps > 0)",
             sp.Subs(half_gap, (_a, _b), (1 + E_Z, eps_p)), sp.S.Zero,
             "Re(-i s) = Im s for s = sqrt(w_+) written as in the principal-root step with a = 1 + E_Z > 0, "
             "b = eps > 0; |w| - a = b^2/(|w| + a) as in the previous step.",
             uses="modulus", relation=">", name="kappa_plus_re"),
        Step("Eq. 19", "(b) Re kappa_- = -Im sqrt(w_-) = sqrt((|w_-| - a_-)/2) > 0, w_- = 1 - E_Z - i eps, "
             "a_- = 1 - E_Z = k_-^2 (eps > 0)",
             sp.Subs(half_gap, (_a, _b), (k_m**2, eps_p)), sp.S.Zero,
             "sqrt(w_-) is the conjugate of the principal root of 1 - E_Z + i eps (a = k_-^2 > 0 since E_Z < 1, "
             "b = eps > 0), so Re(i sqrt(w_-)) = -Im sqrt(w_-) = sqrt((|w| - a)/2) > 0.",
             uses="modulus", relation=">", name="kappa_minus_re"),
        Step("Eq. 19", "kappa_+ IS the model's root at z = E_Z + i eps, eps > 0 (numeric confirmation of (a), (b))",
             sp.Pow(sp.Pow(BRANCH_P, 2, evaluate=False), sp.S.Half, evaluate=False), BRANCH_P,
             "The model's kappa(E_Z + i eps) is the principal root of kappa^2 = kappa_+^2 (a); the principal root "
             "of kappa_+^2 is kappa_+ because Re kappa_+ > 0 (b).  Confirmed at random points (40 digits).",
             uses=("kappa_plus_square",), method="numeric", domain={E_Z: (0.01, 0.99), eps: (0.001, 30)},
             result="kappa_plus_branch"),
        Step("Eq. 19", "kappa_- IS the model's root at z = -E_Z - i eps, eps > 0 (numeric confirmation of (a), (b))",
             sp.Pow(sp.Pow(BRANCH_M, 2, evaluate=False), sp.S.Half, evaluate=False), BRANCH_M,
             "As for kappa_+: (a) and Re kappa_- > 0 (b).", uses=("kappa_minus_square",), method="numeric", domain={E_Z: (0.01, 0.99), eps: (0.001, 30)},
             result="kappa_minus_branch"),
        Step("Eq. 19", "(c) analyticity: kappa_+'s radicand (i kappa_+)^2 has Re = 2 E_Z + d > 0 at "
             "eps = x + i(1 - E_Z - d)", sp.re(rad_p), sp.S.Zero,
             "Every complex eps with Im eps < 1 - E_Z (d > 0) keeps Re(1 + E_Z + i eps) > 0.",
             uses=("kappa_plus_branch",), relation=">"),
        Step("Eq. 19", "(c) analyticity: kappa_-'s radicand (-i kappa_-)^2 has Re = d > 0 at "
             "eps = x - i(1 - E_Z - d)", sp.re(rad_m), sp.S.Zero,
             "Every complex eps with Im eps > -(1 - E_Z) keeps Re(1 - E_Z - i eps) > 0; with the previous "
             "step, the strip |Im eps| < 1 - E_Z is a neighbourhood of the path on which both radicands avoid the "
             "principal sqrt's cut (-oo, 0]: kappa_+- are analytic there.",
             uses=("kappa_minus_branch",), relation=">"),
        Step("Eq. 19", "(c) a radicand with Re w = a > 0 has Re sqrt(w) = sqrt((|w| + a)/2) > 0",
             sp.sqrt((mr + _a) / 2), sp.S.Zero,
             "So on the strip Im kappa_+ = -Re sqrt(w_+) < 0 and Im kappa_- = Re sqrt(w_-) > 0: r kappa_+- are "
             "never real, K0(r kappa_+-) stays off its cut (-oo, 0] and is analytic; on the path itself "
             "Re(r kappa_+-) > 0 by (b).", uses=(), relation=">", name="re_root_positive"),
        Step("Eq. 19", "(c) in the certified route's variable eps = u^2/r: Im eps = 2 Re u Im u/r",
             sp.im(sp.Subs(_u**2 / r, _u, _x + sp.I * _y)), 2 * _x * _y / r,
             "So the neighbourhood |Re u Im u| < r (1 - E_Z)/2 of the real u-axis maps into the strip: "
             "the integrand 2u K0(r kappa_+) K0(r kappa_-)/r is analytic there (numerics.certified).", uses=()),
    ]


# --- route 1: the exact model at large r -----------------------------------------------------------------

@functools.lru_cache(maxsize=64)
def _exact_clean_cached(rv, ev):
    from numerics.pair_correlation import pair_correlation_clean_2d
    return pair_correlation_clean_2d(mpmath.mpf(rv), mpmath.mpf(ev), dps=10)  # positional: the Zeeman
    # argument is being renamed in numerics


def _exact_clean(rv, ev):
    # cached: SymPy's evalf re-evaluates at higher precision when K_exact - K_asymptotic cancels
    return _exact_clean_cached(mpmath.nstr(rv, 30), mpmath.nstr(ev, 30))


#: the exact K(r, E_Z) of the model by quadrature (numerics.pair_correlation, 10 digits)
K_exact = computed("K_exact", r"K_{\mathrm{exact}}\left({0}, {1}\right)", _exact_clean, nargs=2)


def _model_integrand():
    integral = [a for a in sp.preorder_traversal(K_MODEL) if isinstance(a, sp.Integral)][0]
    return integral.function.doit()


def _check_fold(rv=100, ev="0.3", dps=15):
    """Both sides by mpmath quadrature at one point: the premise on both half-axes with the principal roots
    (the integrand jumps at eps = 0: split there), the folded form on eps > 0 with the branches; in
    eps = +-u^2/r (Gauss-Legendre on [0, 1, 2, 4, 8, 16, oo]), as numerics.certified does."""
    lhs_f = sp.lambdify((eps, r, E_Z), _model_integrand(), "mpmath")
    rhs_f = sp.lambdify((eps, r, E_Z), sp.besselk(0, r * BRANCH_P) * sp.besselk(0, r * BRANCH_M), "mpmath")
    with mpmath.workdps(dps + 5):
        R, E = mpmath.mpf(rv), mpmath.mpf(ev)
        pts = [0, 1, 2, 4, 8, 16, mpmath.inf]

        def half(f, sign):
            return mpmath.quad(lambda u: 2 * u / R * f(sign * u * u / R, R, E), pts, method="gauss-legendre")

        lhs = (half(lhs_f, 1) + half(lhs_f, -1)) / (2 * mpmath.pi)
        rhs = mpmath.re(half(rhs_f, 1)) / (4 * mpmath.pi**3)
        dev = abs(lhs / rhs - 1)
        ok = dev < mpmath.mpf(10) ** -(dps - 3)
        return ok, (f"mpmath quadrature ({dps} digits) at r = {rv}, E_Z = {ev}: lhs = {mpmath.nstr(lhs, 15)}, "
                    f"rhs = {mpmath.nstr(rhs, 15)}, rel. diff {mpmath.nstr(dev, 3)} (tol 1e-{dps - 3})")


def _route1_steps():
    kp0, kp1, km0, km1 = -sp.I * k_p, 1 / (2 * k_p), sp.I * k_m, 1 / (2 * k_m)  # kappa_+-(0), kappa_+-'(0)
    taylor = sp.Matrix([sp.Subs(BRANCH_P, (eps, E_Z), (0, k_p**2 - 1)),
                        sp.Subs(sp.Derivative(BRANCH_P, eps), (eps, E_Z), (0, k_p**2 - 1)),
                        sp.Subs(BRANCH_M, (eps, E_Z), (0, 1 - k_m**2)),
                        sp.Subs(sp.Derivative(BRANCH_M, eps), (eps, E_Z), (0, 1 - k_m**2))])
    hank = sp.sqrt(sp.pi / 2)  # the Hankel lemma's right side
    folded = sp.re(sp.Integral(sp.besselk(0, r * BRANCH_P) * sp.besselk(0, r * BRANCH_M), (eps, 0, sp.oo))) / (4 * sp.pi**3)
    lin_p = sp.Mul(hank, sp.Pow(r * kp0, -sp.S.Half), sp.exp(-r * kp0), sp.exp(-r * kp1 * eps), evaluate=False)
    lin_m = sp.Mul(hank, sp.Pow(r * km0, -sp.S.Half), sp.exp(-r * km0), sp.exp(-r * km1 * eps), evaluate=False)
    K_as_k = sp.sqrt(k_p * k_m) * sp.cos((k_p - k_m) * r) / (4 * sp.pi**2 * r**2 * (k_p + k_m))
    K_as = K_as_k.subs(IN_E_Z)
    q = k_up - k_dn
    amp = sp.sqrt(k_up * k_dn) / (4 * sp.pi**2 * (k_up + k_dn))
    E3 = sp.Rational(3, 10)
    return [
        Step("Eq. 19", "K0(z) ~ sqrt(pi/(2z)) e^(-z) as z -> oo",
             sp.Limit(sp.besselk(0, _z) * sp.exp(_z) * sp.sqrt(_z), _z, sp.oo), hank,
             "Leading Hankel asymptotics (SymPy limit; SymPy 1.14's series of besselk at oo has the wrong sign of "
             "the 1/(8z) term, so only the limit is used).", uses=(), name="hankel"),
        Step("Eq. 19", "fold: K = (1/4 pi^3) Re int_0^oo K0(r kappa_+) K0(r kappa_-) d eps (numeric, one point)",
             K_MODEL, folded,
             "G G = K0 K0/(4 pi^2); eps < 0 gives the complex conjugate of eps > 0 (principal roots and K0 commute "
             "with conjugation off the cut), and on eps > 0 the model's roots are kappa_+- (steps above).  "
             "SymPy cannot evaluate either integral: both sides by mpmath quadrature at r = 100, E_Z = 0.3 "
             "(15 digits; tolerance 1e-12).", uses=("K_model",), method="numeric", check_fn=_check_fold,
             name="fold"),
        Step("Eq. 19", "near eps = 0: kappa_+ = -i k_+ + eps/(2 k_+), kappa_- = i k_- + eps/(2 k_-) + O(eps^2), "
             "k_+- = sqrt(1 +- E_Z)", taylor, sp.Matrix([kp0, kp1, km0, km1]),
             "Values and first derivatives of the branches at eps = 0 (E_Z = k_+^2 - 1 = 1 - k_-^2).",
             uses=("kappa_plus_branch", "kappa_minus_branch"), name="taylor"),
        Step("Eq. 19", "route 1: Laplace's method on the folded integral, K ~ sqrt(k_+ k_-) cos((k_+ - k_-) r)/"
             "(4 pi^2 r^2 (k_+ + k_-))",
             Insert(folded, (sp.besselk(0, r * BRANCH_P), sp.besselk(0, r * BRANCH_M)), (lin_p, lin_m)), K_as_k,
             "For r -> oo the integral is dominated by eps ~ 1/r: each K0 by its Hankel form, the exponent to first "
             "order in eps, the prefactor at eps = 0.  No phase shift: the e^(+-i pi/4) of (-+i k r)^(-1/2) cancel; "
             "relative corrections O(1/r).", uses=("fold", "hankel", "taylor"), name="K_asymptotic_k"),
        Step("Eq. 19", "route 1 in the Zeeman energy, k_+- = sqrt(1 +- E_Z)",
             sp.Subs(K_as_k, (k_p, k_m), (k_up, k_dn)), K_as, "0 < E_Z < 1: both roots real.",
             uses="K_asymptotic_k", result="K_asymptotic"),
        Step("Eq. 19", "wavenumber q = i (kappa_+(0) + kappa_-(0)) = k_+ - k_-: the phase of e^(-r (kappa_+ + kappa_-))",
             sp.Subs(sp.Mul(sp.I, kp0 + km0, evaluate=False), (k_p, k_m), (k_up, k_dn)), q,
             "The phase per unit length of the leading exponential at eps = 0.", uses="taylor", result="q"),
        Step("Eq. 19", "amplitude = K_asymptotic r^2/cos(q r)",
             sp.Mul(K_as, r**2, sp.Pow(sp.cos(q * r), -1, evaluate=False), evaluate=False), amp,
             "The envelope of r^2 K.", uses=("K_asymptotic", "q"), result="amplitude"),
        Step("Eq. 19", "sqrt(k_+ k_-) = (1 - E_Z^2)^(1/4): (k_+ k_-)^2 = 1 - E_Z^2",
             sp.Subs((k_p * k_m)**2, (k_p, k_m), (k_up, k_dn)), 1 - E_Z**2,
             "k_+^2 = 1 + E_Z, k_-^2 = 1 - E_Z.", uses=()),
        Step("Eq. 19", "float-stable wavenumber: q = k_+ - k_- = 2 E_Z/(k_+ + k_-)", q, 2 * E_Z / (k_up + k_dn),
             "k_+^2 - k_-^2 = 2 E_Z; the generated numerics use this form, free of the cancellation in k_+ - k_- at "
             "small E_Z.", uses="q", name="q_stable"),
        Step("Eq. 19", "exact model vs route 1 at E_Z = 0.3: r |K_exact - K_asymptotic|/(amplitude/r^2) stays below 0.1 "
             "(relative deviation O(1/r); r = 100, 200, 400)",
             MaxOver(r * sp.Abs(K_exact(r, E3) - At(K_as, E_Z, E3)) / At(amp / r**2, E_Z, E3),
                     r, (100, 200, 400)), sp.Rational(1, 10),
             "K_exact: numerics.pair_correlation.pair_correlation_clean_2d (u = sqrt(eps r) Gauss-Legendre "
             "quadrature of the folded integral, 10 digits: ample for a bound of 0.1; measured 0.037).",
             uses=("K_asymptotic", "amplitude"), method="numeric", relation="<"),
    ]


# --- route 2 (the paper's linearized form) ----------------------------------------------------------------

def _linearized(rv, ev):
    from numerics.pair_correlation import pair_correlation_linearized_2d
    return pair_correlation_linearized_2d(rv, ev, dps=16)


#: route 2 by Bessel-J quadrature of the linearized Pi(Q) (numerics.pair_correlation, 16 digits)
K_lin_num = computed("K_lin_num", r"K_{\mathrm{lin}}\left({0}, {1}\right)", _linearized, nargs=2)


def _route2_steps():
    L = sp.Symbol("L", positive=True)
    e_ = eps_p
    xi_res = sp.pi * sp.I * sp.sign(eps) / (sp.I * eps + b_lin)
    eps_pair = e_ / (e_**2 + b_lin**2)
    bp = sp.Symbol("|b|", positive=True)  # only b^2 enters from here on
    eps_int = sp.log((_lam**2 + bp**2) / bp**2) / 2
    a_ = v_F * Q / 2
    avg_below = sp.log((E_Z + sp.sqrt(E_Z**2 - a_**2)) / 2)
    b_of = E_Z - a_ * sp.cos(theta)  # the b_def premise
    avg = -sp.Integral(-sp.log(sp.Abs(b_lin)), (theta, 0, sp.pi)) / sp.pi  # the log_b step's right side, b from b_def
    th0 = sp.acos(E_Z / a_)
    avg_split = (sp.Integral(sp.log(sp.Abs(b_of)), (theta, 0, th0))
                 + sp.Integral(sp.log(sp.Abs(b_of)), (theta, th0, sp.pi))) / sp.pi
    above = (E_Z, Q, v_F), (sp.Rational(2, 5), 1, 2)  # a = v_F Q/2 = 1 > E_Z = 0.4
    four = sp.gamma(sp.Rational(3, 2)) * _p**sp.Rational(-3, 2)
    # Pi ~ const - nu sqrt(2 (Q0 - Q)/Q0) below Q0: the coefficient of (Q0 - Q)^(1/2) of -nu <log|b|>
    sing_coef = -nu_ * sp.Limit((sp.Subs(avg_below, (E_Z, Q), (v_F * Q0s / 2, Q0s - _dl)) - sp.log(v_F * Q0s / 4))
                                / sp.sqrt(_dl), _dl, 0)
    K2 = (1 / (2 * sp.pi)) * Q0s * sp.sqrt(2 / (sp.pi * Q0s * r)) * sing_coef * sp.re(
        sp.exp(-sp.I * sp.pi / 4) * sp.exp(sp.I * Q0s * r) * sp.Subs(four, _p, sp.I * r))
    K2_rhs = nu_ * sp.cos(Q0s * r) / (2 * sp.pi * r**2)
    hankel_ft = -2 * sp.pi * sp.Integral(sp.Mul(r**2 * sp.besselj(1, Q * r), K2_rhs, evaluate=False), (r, 0, sp.oo))
    e_lin = v_F * Q0s / 2  # E_Z in terms of Q0
    pi_below = -nu_ * avg_below.subs(E_Z, e_lin)
    return [
        Step("Eq. 19", "xi-integral: int d xi G_up G_dn = pi i sgn(eps)/(i eps + b) (eps > 0; eps < 0 is the conjugate)",
             sp.Limit(sp.Integral(sp.Subs(BUBBLE, eps, e_), (xi, -L, L)), L, sp.oo), xi_res.subs(eps, e_),
             "Symmetric cutoff L -> oo; the pole xi = i eps + b lies above the axis (residues).  This is the "
             "paper's denominator 2 eps + 2 mu_B H + v_F.Q at imaginary frequency (c = i eps + b).",
             uses="bubble", name="xi_integral"),
        Step("Eq. 19", "eps and -eps together: (1/2 pi)[pi i/(i eps + b) - pi i/(-i eps + b)] = eps/(eps^2 + b^2)",
             (xi_res.subs(eps, e_) + sp.Subs(xi_res, eps, -e_)) / (2 * sp.pi), eps_pair,
             "T = 0: the Matsubara sum becomes int d eps/(2 pi); sgn(-eps) = -1.", uses="xi_integral",
             name="eps_pair"),
        Step("Eq. 19", "eps-integral: int_0^Lambda eps/(eps^2 + b^2) d eps = (1/2) log((Lambda^2 + b^2)/b^2)",
             sp.Integral(sp.Subs(eps_pair, b_lin, bp), (e_, 0, _lam)), eps_int,
             "The cutoff Lambda only adds a Q-independent constant.", uses="eps_pair", name="eps_integral"),
        Step("Eq. 19", "Lambda >> |b|: (1/2) log((Lambda^2 + b^2)/b^2) - log Lambda -> -log|b|",
             sp.Subs(sp.Limit(eps_int - sp.log(_lam), _lam, sp.oo), bp, sp.Abs(b_lin)), -sp.log(sp.Abs(b_lin)),
             "So Pi(Q) = nu [log Lambda - <log|b|>_theta].", uses="eps_integral", name="log_b"),
        Step("Eq. 19", "angular average below Q0: <log|b|> = (1/pi) int_0^pi log|E_Z - a cos(theta)| d theta "
             "= log((E_Z + sqrt(E_Z^2 - a^2))/2), a = v_F Q/2 < E_Z",
             avg, avg_below, "b from b_def; so Pi(Q) = nu [log Lambda - <log|b|>] (previous step).  SymPy's "
             "evalf (mpmath tanh-sinh) of the defining integral at 5 random points with a < E_Z.",
             uses=("b_def", "log_b"), method="numeric", domain={E_Z: (0.5, 1), Q: (0.01, 0.45), v_F: (1.5, 2)},
             name="angular_below", evaluate=False),
        Step("Eq. 19", "angular average above Q0: <log|b|> = log(a/2) for a > E_Z (E_Z = 0.4, a = 1; split at the "
             "zero of b)", At(avg_split, *above), At(sp.log(a_ / 2), *above),
             "Above Q0 = 2 E_Z/v_F, Pi = const - nu log(a/2) is smooth in Q.", uses=("b_def",),
             method="numeric", name="angular_above"),
        Step("Eq. 19", "square-root singularity at Q0: log((E + sqrt(E^2 - a^2))/2) = log(E/2) + sqrt(2 (E - a)/E) "
             "+ O(E - a)",
             sp.Limit((sp.Subs(avg_below, Q, 2 * (E_Z - _dl) / v_F) - sp.log(E_Z / 2) - sp.sqrt(2 * _dl / E_Z))
                      / sp.sqrt(_dl), _dl, 0), sp.S.Zero,
             "delta = E - a -> 0+: only (Q0 - Q)_+^(1/2) is non-analytic, so it alone sets the large-r tail; "
             "Pi ~ const - nu sqrt(2 (Q0 - Q)/Q0).", uses="angular_below"),
        Step("Eq. 19", "Fourier transform of s^(1/2): int_0^oo s^(1/2) e^(-p s) ds = Gamma(3/2) p^(-3/2) (then p = i r)",
             sp.Integral(sp.sqrt(_s) * sp.exp(-_p * _s), (_s, 0, sp.oo)), four,
             "Continued to Re p -> 0+ (Abel regularization).", uses=(), name="fourier"),
        Step("Eq. 19", "route 2: K ~ nu cos(Q0 r)/(2 pi r^2): the -pi/4 of J0 cancels against (i r)^(-3/2)",
             K2, K2_rhs,
             "(1/2pi) Q0 sqrt(2/(pi Q0 r)) (-nu sqrt(2/Q0)) Re[e^(-i pi/4) e^(i Q0 r) Gamma(3/2) (i r)^(-3/2)]: "
             "the K_lin transform with J0(Q r) ~ sqrt(2/(pi Q r)) cos(Q r - pi/4) at Q = Q0 on the singular part of Pi.",
             uses=("fourier", "angular_below"), name="K_route2_lin"),
        Step("Eq. 19", "exactness, Q > Q0: d/dQ of the 2D Fourier transform of K_route2, -2 pi int r^2 J1(Q r) K dr, "
             "equals Pi'(Q) = d/dQ[-nu log(v_F Q/4)]", Insert(hankel_ft, Q0s, Q / (1 + _w)),
             sp.diff(-nu_ * sp.log(v_F * Q / 4), Q),
             "Pi(Q) = 2 pi int r J0(Q r) K dr, d J0(x)/dx = -J1(x); SymPy's Meijer-G integral; Q0 = Q/(1 + w), w > 0.",
             uses="K_route2_lin"),
        Step("Eq. 19", "exactness, Q < Q0: the same transform equals Pi'(Q) = d/dQ[-nu log((E + sqrt(E^2 - a^2))/2)], "
             "a = v_F Q/2, E = v_F Q0/2", Insert(hankel_ft, Q, Q0s / (1 + _w)),
             sp.diff(pi_below, Q).subs(Q, Q0s / (1 + _w)),
             "Q = Q0/(1 + w).  Equal Pi' on both sides: the linearized model's K is nu cos(Q0 r)/(2 pi r^2) at every "
             "r > 0 (the Q-independent constant of Pi only adds a delta(r)).", uses="K_route2_lin"),
        Step("Eq. 19", "route 2 in the model's units: nu = 1/(4 pi), v_F = 2, Q0 = 2 E_Z/v_F = E_Z",
             sp.Subs(K2_rhs, (nu_, Q0s), (NU, 2 * E_Z / 2)), sp.cos(E_Z * r) / (8 * sp.pi**2 * r**2),
             "hbar = 2m = mu = 1: k_F = 1, v_F = 2.", uses="K_route2_lin", result="K_route2"),
    ]


def _agreement_steps(res):
    amp, q, K2 = res["amplitude"], res["q"], res["K_route2"]
    E5 = sp.Rational(1, 5)
    return [
        Step("Eq. 19", "routes agree as E_Z -> 0: amplitude/(r^2 K_route2/cos(E_Z r)) -> 1 and q/Q0 -> 1 (Q0 = E_Z)",
             sp.Matrix([sp.Limit(sp.Mul(amp, sp.Pow(sp.Mul(K2, r**2, sp.Pow(sp.cos(E_Z * r), -1, evaluate=False),
                                                           evaluate=False), -1, evaluate=False), evaluate=False),
                                 E_Z, 0),
                        sp.Limit(sp.Mul(q, sp.Pow(E_Z, -1), evaluate=False), E_Z, 0)]), sp.Matrix([1, 1]),
             "The linearized spectrum is the small-E_Z limit of the exact one.", uses=("amplitude", "q", "K_route2")),
        Step("Eq. 19", "numerical route 2 (Bessel-J quadrature of the linearized Pi) = K_route2 at all r (E_Z = 0.2): "
             "max r^2 |K_lin - K_route2| 8 pi^2 < 1e-12",
             MaxOver(8 * sp.pi**2 * r**2 * sp.Abs(K_lin_num(r, E5) - At(K2, E_Z, E5)), r,
                     (sp.Rational(1, 2), 3, 20)), sp.Float("1e-12", 30),
             "numerics.pair_correlation.pair_correlation_linearized_2d (16 digits), no code shared with route 1: "
             "the numeric confirmation of the exactness proved above.", uses="K_route2", method="numeric", relation="<"),
    ]


# --- dirty limit ------------------------------------------------------------------------------------------

def _dirty_proper_time(rv, ev, dv):
    from numerics.reference.pair_correlation import dirty_proper_time_ref
    return dirty_proper_time_ref(rv, ev, dv, nu=1)


#: K_d by proper-time quadrature (numerics.reference.pair_correlation.dirty_proper_time_ref, nu = 1)
K_d_proper_time = computed("K_d_pt", r"K_{d}^{\mathrm{proper\ time}}\left({0}, {1}, {2}\right)", _dirty_proper_time,
                           nargs=3)


def _F_dirty():
    """-(D/r^2) w K1(w) at w = r sqrt((2 eps + 2 i E_Z)/D): the antiderivative of K0(w) in eps."""
    w_eps = r * sp.sqrt((2 * eps_p + 2 * sp.I * E_Z) / D)
    return sp.Mul(D / r**2, sp.Subs(-_wc * sp.besselk(1, _wc), _wc, w_eps), evaluate=False)


def _check_eps_integral():
    """Fundamental theorem with the antiderivative F of the previous step: F(oo) - F(0) at two points
    (r, E_Z, D), 30 digits: F(0) against -(D/r^2) u0 K1(u0), and F(eps) -> 0 (|F| at eps = 1e4 D/r^2)."""
    F = _F_dirty().doit()
    rhs = D / r**2 * U0 * sp.besselk(1, U0)
    worst, tails = mpmath.mpf(0), []
    for rv, ev, dv in ((2, "0.1", "0.5"), ("0.7", "0.9", "2")):
        pt = {r: sp.Rational(rv), E_Z: sp.Rational(ev), D: sp.Rational(dv)}
        with mpmath.workdps(30):
            f0 = mpmath.mpmathify(complex(0)) + sp.N(-F.subs(pt).subs(eps_p, 0), 30)
            want = sp.N(rhs.subs(pt), 30)
            worst = max(worst, abs(complex(f0 - want)) / abs(complex(want)))
            tails.append(abs(sp.N(F.subs(pt).subs(eps_p, 10**4 * pt[D] / pt[r]**2), 30)))
    ok = worst < 1e-14 and max(tails) < sp.Float("1e-30")
    return ok, (f"-F(0) vs (D/r^2) u0 K1(u0): max rel. diff {mpmath.nstr(worst, 3)}; |F(eps = 1e4 D/r^2)| = "
                + ", ".join(mpmath.nstr(mpmath.mpf(t), 3) for t in tails) + " (w K1(w) ~ sqrt(w) e^(-w))")


def _dirty_steps():
    e_ = eps_p
    ft_rhs = sp.besselk(0, _m * r / sp.sqrt(D)) / (2 * sp.pi * D)
    k0_w = sp.Subs(sp.Mul(ft_rhs, 2 * sp.pi * D, evaluate=False), _m, sp.sqrt(2 * e_ + 2 * sp.I * E_Z))  # K0(w(eps))
    eps_int_rhs = D / r**2 * U0 * sp.besselk(1, U0)
    K_d = nu0 / (sp.pi * r**2) * sp.re(U0 * sp.besselk(1, U0))
    X_d = r * sp.sqrt(E_Z / D)
    hank = sp.sqrt(sp.pi / 2)
    K_d_tail = (nu0 / (sp.pi * r**2) * hank * 2**sp.Rational(1, 4) * sp.sqrt(X_d) * sp.exp(-X_d)
                * sp.cos(X_d - sp.pi / 8))
    pts = ((2, sp.Rational(1, 10), sp.Rational(1, 2)), (sp.Rational(7, 10), sp.Rational(9, 10), 2))
    return [
        Step("Eq. 19", "Fourier transform of the Cooperon: (1/2 pi) int Q J0(Q r) C dQ = K0(m r/sqrt D)/(2 pi D)",
             sp.Subs(sp.Integral(Q * sp.besselj(0, Q * r) * COOPERON, (Q, 0, sp.oo)) / (2 * sp.pi), (eps, E_Z),
                     (_m**2 / 2, 0)), ft_rhs,
             "Shown for real m^2 = 2 eps; both sides are analytic in m^2 off (-oo, 0], so it holds at "
             "m^2 = 2 eps + 2 i E_Z (eps > 0; eps < 0 is the conjugate).  SymPy returns a Meijer G, compared at "
             "40 digits.", uses="cooperon", method="numeric", domain={_m: (0.1, 4), r: (0.1, 4), D: (0.2, 3)},
             name="cooperon_ft"),
        Step("Eq. 19", "antiderivative in eps: K0(w) = d/d eps [-(D/r^2) w K1(w)], w = r sqrt((2 eps + 2 i E_Z)/D)",
             k0_w, sp.Derivative(_F_dirty(), e_),
             "d/dw (-w K1(w)) = w K0(w) and dw/d eps = r^2/(D w).", uses="cooperon_ft", name="antiderivative"),
        Step("Eq. 19", "u0 = w(0) = r sqrt(2 i E_Z/D) = (1 + i) r sqrt(E_Z/D)", r * sp.sqrt(2 * sp.I * E_Z / D), U0,
             "sqrt(2 i) = 1 + i (principal root).", uses=(), name="u0"),
        Step("Eq. 19", "eps-integral: int_0^oo K0(w(eps)) d eps = (D/r^2) u0 K1(u0)",
             sp.Integral(k0_w, (e_, 0, sp.oo)), eps_int_rhs,
             "Fundamental theorem with the antiderivative of the previous step: w K1(w) -> 0 as eps -> oo "
             "(Re w -> oo), and w(0) = u0.  SymPy cannot evaluate the integral, so the check evaluates the "
             "antiderivative at both ends (symbolic at eps = 0, 30 digits at eps = 1e4 D/r^2).",
             uses=("cooperon_ft",), method="numeric", check_fn=_check_eps_integral, name="eps_integral_dirty"),
        Step("Eq. 19", "dirty limit: K_d = nu 2 Re int_0^oo d eps K0(w)/(2 pi D) = (nu/(pi r^2)) Re[u0 K1(u0)]",
             sp.Mul(2 * nu0, sp.re(sp.Mul(eps_int_rhs, 1 / (2 * sp.pi * D), evaluate=False), evaluate=False),
                    evaluate=False), K_d,
             "The cooperon premise: eps < 0 gives the complex conjugate of eps > 0.", uses="eps_integral_dirty",
             result="K_dirty"),
        Step("Eq. 19", "decay and oscillation: Re u0 = Im u0 = r sqrt(E_Z/D)",
             sp.Matrix([sp.re(U0, evaluate=False), sp.im(U0, evaluate=False)]), sp.Matrix([X_d] * 2),
             "The same length sets the decay and the sign changes.", uses="u0", name="decay"),
        Step("Eq. 19", "large r sqrt(E_Z/D): K_d ~ (nu/(pi r^2)) sqrt(pi/2) 2^(1/4) X^(1/2) e^(-X) cos(X - pi/8), "
             "X = r sqrt(E_Z/D)", Insert(K_d, (sp.besselk(1, U0),), (sp.Mul(hank, sp.Pow(U0, -sp.S.Half), sp.exp(-U0),
                                                                           evaluate=False),)), K_d_tail,
             "K1(u) ~ sqrt(pi/(2u)) e^(-u) (Hankel, as K0), u0 = 2^(1/2) X e^(i pi/4).  SymPy leaves sqrt(1 + i) "
             "unsimplified: the identity after the substitution is checked at 5 random points (40 digits).",
             uses=("K_dirty", "hankel"), name="dirty_tail", method="numeric",
             domain={nu0: (0.5, 2), r: (1, 10), E_Z: (0.1, 1), D: (0.5, 2)}),
        Step("Eq. 19", "decay length: -r/log(envelope of K_d) -> sqrt(D/E_Z) as r -> oo",
             sp.Limit(-r / sp.log(sp.Mul(K_d_tail, sp.Pow(sp.cos(X_d - sp.pi / 8), -1, evaluate=False),
                                         evaluate=False)), r, sp.oo), sp.sqrt(D / E_Z),
             "The paper prints sqrt 2 times faster decay (erratum).", uses="dirty_tail", result="decay_length_dirty"),
        Step("Eq. 19", "closed form vs the proper-time integral (nu/(4 pi D)) Re int_0^oo t^(-2) "
             "e^(-2 i E_Z t - r^2/(4 D t)) dt "
             "(nu = 1; (r, E_Z, D) = (2, 0.1, 0.5), (0.7, 0.9, 2); 40 digits)",
             sp.Matrix([At(K_d, (nu0, r, E_Z, D), (1,) + p) for p in pts]),
             sp.Matrix([K_d_proper_time(*p) for p in pts]),
             "numerics.reference.pair_correlation.dirty_proper_time_ref: 1/(D Q^2 + m^2) = int dt e^(-t(D Q^2 + m^2)), "
             "Gaussian Q-integral, eps-integral 1/(2t); no Bessel function shared with the closed form.",
             uses="K_dirty", method="numeric", tol=1e-30),
    ]


def derive():
    steps = _branch_steps() + _route1_steps() + _route2_steps() + _dirty_steps()
    res = {s.result: s.rhs for s in steps if s.result}
    steps += _agreement_steps(res)
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
