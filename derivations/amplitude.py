"""Eqs. 16-18: the amplitude of a droplet, its exact conditional law, the Rayleigh limit, the coupling.

Conventions: as in :mod:`derivations.density`, F = int eta dO eta is Gaussian, N(0, sigma), and
L = int eta(-xi0^2 lap + h) eta > 0.  Eq. 2 reads xi0^2 lap Delta - h Delta + int dO Delta =
Delta^3/(2 Delta0^2).  Amplitudes are peak gaps: Delta(r) = Delta eta(r) with eta(0) = 1, i.e.
eta(r) = R(r/L_f)/R0 with R the canonical droplet (-lap R + R = R^3, peak R0, mass M, gradient
norm G, quartic N4) and c3 of Eq. 3 explicit.

Chain: projecting Eq. 2 on eta gives N Delta^2/(2 Delta0^2) + L - F = 0 (Eq. 16 drops the 1/2);
averaging the delta function over the Gaussian F and dividing by the droplet probability Q(L/sqrt
sigma) of Eq. 8 gives the exact conditional law
P_c(Delta) = (2 kappa Delta/Delta0^2) phi(x + kappa t)/Q(x),  t = Delta^2/Delta0^2,
x = L/sqrt(sigma) (the tail argument of Eq. 15), kappa = N/(2 sqrt(sigma)); at the optimal droplet
(rescaling, Eq. 12) C := x kappa/g^2 = (G + M)/(2 c3 R0^2) = M/(c3 R0^2) (virial identities, Eq. 13)
does not depend on h, and for x -> oo the law of tau = C g^2 t tends to exp(-tau): the Rayleigh law of
Eq. 17, with relative corrections (1 - tau^2/2)/x^2 = O(1/(g^2 h)).

Premises: Eq. 2, the droplet ansatz, the definitions of L, F, N, the Gaussian law of F (Eqs. 3, 8),
the droplet probability (Eq. 8), Q (after Eq. 8), x and kappa, the rescaled L_s, sigma_s (results of
:mod:`derivations.rescaling`), the peak-normalized shape constants, the virial identities (Eq. 13),
Eq. 17 as printed, Eq. 3's nonlocal term, L_d (after Eq. 17) and g = nu0 d D.
Results: ``projection``, ``pdf_exact``, ``cdf_exact``, ``hazard``, ``log_pdf_exact``, ``mode_exact``,
``mean_t_exact``, ``moments_exact`` (parabolic-cylinder form), ``x_saddle``, ``kappa_saddle``,
``C_saddle``, ``C``, ``C_value`` (30 digits), ``tau_law``, ``pdf_17``, ``cdf_17``, ``moments_17``,
``mode_17``, ``median_17``, ``coupling_typical`` (Eq. 18).
"""

import mpmath
import sympy as sp
from mpmath.libmp import prec_to_dps
from sympy.codegen.cfunctions import expm1

from numerics.outcome import Outcome

from .core import Derivation, GenConstant, GenSpec, Premise, Step, _residual_detail, _split_logs, _zero
from .objects import HalfLineQuad, Root, TownesMass, TownesPeak, computed
from .operators import gauss_pdf as _phi, laplacian
from .rules import Ref, checker
from .special import GaussianTail, ScaledGaussianTail
from .symbols import (ratio,
                      A, B, C, Delta, Delta0, F_funct, G_int, L_d, L_f, L_funct, M_int, N4_int, N_q, R0, V, c3,
                      d_film, f_pot, g, h, kappa, m_mom, nu0, sigma, tau, u, x, x1, x2, xi0)

# -> symbols.py: primed coordinates of Eq. 2's nonlocal term and the distance between two droplets
x1p, x2p = sp.symbols("x_1' x_2'", real=True)
R_sep = sp.Symbol("R", positive=True)
s_x, s_y = sp.symbols("s_x s_y", real=True)  # offsets inside the two droplets (Eq. 18)

_Dfield = sp.Function("Delta")  # the gap field Delta(r) of Eq. 2
_eta = sp.Function("eta")  # the droplet shape eta(r)
_dO = sp.Function(r"\delta O")  # the random kernel dO(r, r') = K_M of Eq. 2
_PLANE = [(x1, -sp.oo, sp.oo), (x2, -sp.oo, sp.oo)]
_PLANE_P = [(x1p, -sp.oo, sp.oo), (x2p, -sp.oo, sp.oo)]


# --- premises ---------------------------------------------------------------------------------------

def _lap(f):
    return laplacian(f, x1, x2)


EQ2 = (xi0**2 * _lap(_Dfield(x1, x2)) - h * _Dfield(x1, x2)
       + sp.Integral(_dO(x1, x2, x1p, x2p) * _Dfield(x1p, x2p), *_PLANE_P) - _Dfield(x1, x2)**3 / (2 * Delta0**2))
ANSATZ = Delta * _eta(x1, x2)
_E = _eta(x1, x2)
L_DEF = sp.Integral(_E * (-xi0**2 * _lap(_E) + h * _E), *_PLANE)
F_DEF = sp.Integral(_E * sp.Integral(_dO(x1, x2, x1p, x2p) * _eta(x1p, x2p), *_PLANE_P), *_PLANE)
N_DEF = sp.Integral(_E**4, *_PLANE)
P_F = sp.exp(-F_funct**2 / (2 * sigma)) / sp.sqrt(2 * sp.pi * sigma)  # Eqs. 3, 8: F ~ N(0, sigma)
Q_OF_X = sp.erfc(x / sp.sqrt(2)) / 2  # the paper's "erfc" after Eq. 8, Q(x) = erfc(x/sqrt 2)/2
PDF_17_PRINTED = 2 * C * g**2 * Delta / Delta0**2 * sp.exp(-C * g**2 * Delta**2 / Delta0**2)  # Eq. 17
EQ3_NONLOCAL = xi0**4 / ((x1 - x1p)**2 + (x2 - x2p)**2)**2  # Eq. 3, far-field factor of the nonlocal term
L_D_OF_Q = L_f / sp.sqrt(GaussianTail(x))  # after Eq. 17: L_d ~ L_f erfc^(-1/2)
NU0_OF_G = g / (d_film * xi0**2 * Delta0)  # g = nu0 d D, D = xi0^2 Delta0
B_P, A_P, N_P = (G_int + M_int) / R0**2, sp.sqrt(c3 * N4_int) / R0**2, L_f**2 * N4_int / R0**4  # eta = R/R0


def premises():
    from . import get
    res, dens = get("rescaling").results, get("density").results
    return [
        Premise("eq2", "Eq. 2", "the nonlinear gap equation (= 0), H - Hc0 = h Hc0, no vector potential "
                "(parallel field)", EQ2),
        Premise("ansatz", "text before Eq. 5", "one droplet: Delta(r) = Delta eta(r), eta(0) = 1 (peak gap)",
                ANSATZ, _Dfield(x1, x2)),
        Premise("L_def", "after Eq. 6", "L = int eta <O> eta d^2r, <O> = -xi0^2 lap + h (corrected sign, Eq. 5)",
                L_DEF, L_funct, define=True),
        Premise("F_def", "after Eq. 6", "F = int eta K_M eta d^2r d^2r'", F_DEF, F_funct, define=True),
        Premise("N_def", "Eq. 16", "N_alpha = int eta^4 d^2r", N_DEF, N_q, define=True),
        Premise("gauss_F", "Eqs. 3, 8", "F is Gaussian with mean 0 and variance sigma (Gaussian model of dO): "
                "its density", P_F, sp.Symbol("p(F)")),
        Premise("probability", "Eq. 8", "probability of the droplet: P(L + F < 0) = Q(L/sqrt(sigma)): result "
                "`probability` of the density derivation (imported)", dens["probability"], sp.Symbol("rho_alpha")),
        Premise("Q_def", "after Eq. 8", "the paper's erfc(a/b) = int_a^oo exp(-t^2/(2 b^2)) dt/sqrt(2 pi b^2): "
                "Q(x) = erfc(x/sqrt 2)/2", Q_OF_X, GaussianTail(x)),
        Premise("x_def", "Eq. 15", "tail argument x = L/sqrt(sigma)", L_funct / sp.sqrt(sigma), x, define=True),
        Premise("kappa_def", "Eq. 16", "kappa = N/(2 sqrt(sigma)) (notation)", N_q / (2 * sp.sqrt(sigma)), kappa,
                define=True),
        Premise("L_s", "Eq. 12", "L at the saddle point (rescaling derivation, result L_s)", res["L_s"],
                sp.Symbol("L_s")),
        Premise("sigma_s", "Eq. 12", "sigma at the saddle point, local term of Eq. 3 (rescaling derivation, "
                "result sigma_s)", res["sigma_s"], sp.Symbol("sigma_s")),
        Premise("L_f_def", "Eq. 11", "droplet length L_f = xi0/sqrt(h): result `L_f` of the rescaling derivation "
                "(imported)", res["L_f"], L_f),
        Premise("B_peak", "Eq. 12", "B of the peak-normalized shape eta = R(y)/R0: int eta(-lap + 1)eta = "
                "(G + M)/R0^2", B_P, B),
        Premise("A_peak", "Eq. 12", "A of the peak-normalized shape: A^2 = c3 int eta^4 = c3 N4/R0^4",
                A_P, A),
        Premise("N_peak", "Eqs. 11, 16", "N of the peak-normalized shape: int eta^4 d^2r = L_f^2 N4/R0^4",
                N_P, N_q),
        Premise("virial", "Eq. 13", "virial identities of the canonical droplet: (G, N4) = (M, 2 M): result "
                "`virial` of the density derivation (imported)", dens["virial"], sp.Symbol("(G, N_4)")),
        Premise("eq17", "Eq. 17", "the Rayleigh law as printed", PDF_17_PRINTED, sp.Symbol("P_17")),
        Premise("eq3_nonlocal", "Eq. 3", "the nonlocal term of the correlator falls off as xi0^4/|r1 - r1'|^4",
                EQ3_NONLOCAL),
        Premise("L_d_def", "after Eq. 17", "typical distance between droplets L_d = L_f Q(x)^(-1/2) (Eq. 15, "
                "prefactor 1)", L_D_OF_Q, L_d),
        Premise("g_def", "after Eq. 3", "g = nu0 d D with D = xi0^2 Delta0 (Eq. 2): nu0 = g/(d xi0^2 Delta0) "
                "(numerical constants of g dropped)", NU0_OF_G, nu0),
    ]


# --- check procedures the generic engine lacks -------------------------------------------------------

def _split_integrals(expr):
    """Linearity of integration: each Integral of a sum of terms becomes a sum of Integrals, constant
    factors taken out (what SymPy's simplifiers do not do for integrands of undefined functions)."""
    def split(integral):
        bound = [lim[0] for lim in integral.limits]
        out = sp.S.Zero
        for term in sp.Add.make_args(sp.expand(integral.function)):
            c, rest = term.as_independent(*bound, as_Add=False)
            out += c * sp.Integral(rest, *integral.limits)
        return out
    return sp.expand(expr.replace(lambda e: isinstance(e, sp.Integral), split))


def _subs_first(e):
    """Carry out every ``Subs`` before anything else is evaluated (``Subs.doit`` evaluates its
    expression first, which sends integrals of the undefined shape to SymPy's integrators)."""
    return e.replace(lambda q: isinstance(q, sp.Subs), lambda q: q.expr.subs(dict(zip(q.variables, q.point))))


@checker("linearity")
def linearity(lhs, rhs, context):
    """``lhs = rhs`` for expressions of integrals of undefined functions, by linearity of integration: every
    ``Subs`` carried out first, derivatives taken (not deep), each Integral of a sum split into a sum of
    Integrals with constant factors taken out; the residual must be exactly 0 (symbolic proof)."""
    def prepare(e):
        e = _subs_first(e)
        return e.replace(lambda q: isinstance(q, sp.Derivative), lambda q: q.doit(deep=False))
    res = _split_integrals(prepare(lhs) - prepare(rhs))
    return Outcome(res == 0, "linearity", "by linearity of the integrals" if res == 0 else f"residual {sp.sstr(res)}")


def _erfc_zero(res):
    """True when ``res`` (Subs done) is provably 0 after writing Q, log Q, e^(x^2/2) Q as erfc: the engine's
    sound strategies only (no forced log expansion: logs are split only where erfc > 0 is known)."""
    res = res.rewrite(sp.erfc)
    if sp.expand(res) == 0:
        return True
    # logs of products split only where every factor is known positive: erfc of a real argument is
    # replaced by a positive dummy first (the sound form of a forced expand_log)
    reps = {f: sp.Dummy("erfc", positive=True) for f in res.atoms(sp.erfc) if f.args[0].is_extended_real}
    if sp.expand(sp.expand_log(res.xreplace(reps))) == 0:
        return True
    return _zero(sp.simplify(res)) or _zero(_split_logs(res))


@checker("erfc_rewrite")
def erfc_rewrite(lhs, rhs, context):
    """``lhs = rhs`` symbolically after carrying out every ``Subs`` first (a ``Subs.doit`` would evaluate its
    expression first) and writing the named Gaussian tails as erfc."""
    res = _subs_first(lhs).doit() - _subs_first(rhs).doit()
    if _erfc_zero(res):
        return Outcome(True, "erfc_rewrite", "Subs first; Q, log Q, e^(x^2/2) Q written as erfc")
    return Outcome(False, "erfc_rewrite", _residual_detail(sp.simplify(res.rewrite(sp.erfc))))


_JUMPS = (sp.Piecewise, sp.Heaviside, sp.floor, sp.ceiling, sp.sign, sp.frac, sp.DiracDelta)


def _nonzero(b):
    """``b`` is provably nonzero: SymPy's assumptions, or a Gaussian tail / erfc (positive for a real argument;
    an argument SymPy cannot show real, such as an integral of the profile eta, is taken as real: the toolkit's
    tails are of real quantities)."""
    if b.is_zero is False:
        return True
    if isinstance(b, (GaussianTail, ScaledGaussianTail, sp.erfc)) and b.args[0].is_extended_real is not False:
        return True
    if isinstance(b, sp.Pow) and _nonzero(b.base) and b.exp.is_extended_real:
        return True
    if isinstance(b, sp.Mul):
        return all(_nonzero(f) for f in b.args)
    return False


def _discontinuity(D, var):
    """A reason why ``D`` may be discontinuous in ``var`` (a step function of it, or a denominator or a log
    argument not proven nonzero), or "" (continuous as far as checked)."""
    for f in D.atoms(*_JUMPS):
        if f.has(var):
            return f"{sp.sstr(f)}"
    for p in D.atoms(sp.Pow):
        if p.exp.is_extended_negative and p.base.has(var) and not _nonzero(p.base):
            return f"denominator {sp.sstr(p.base)} not proven nonzero"
    for lg in D.atoms(sp.log):
        if lg.args[0].has(var) and not _nonzero(lg.args[0]):
            return f"log argument {sp.sstr(lg.args[0])} not proven nonzero"
    return ""


@checker("ftc")
def ftc(lhs, rhs, context):
    """``lhs = rhs`` for all ``var`` of the step's domain ``{var: (lo, hi)}`` by the fundamental theorem of
    calculus: d/dvar (lhs - rhs) = 0 and (lhs - rhs) = 0 at var = lo (both symbolic, Q written as erfc)."""
    dom = context.get("domain") or {}
    if len(dom) != 1:
        return Outcome(False, "ftc", "needs a domain {var: (lo, hi)}")
    (var, (lo, _)), = dom.items()
    D = _subs_first(lhs) - _subs_first(rhs)
    jump = _discontinuity(D, var)
    if jump:  # a zero derivative does not make a jumping function constant
        return Outcome(False, "ftc", f"lhs - rhs may be discontinuous in {var} on the domain: {jump}")
    d = sp.diff(D, var).doit()
    at = D.subs(var, lo).doit()
    ok1, ok2 = _erfc_zero(d), _erfc_zero(at)
    detail = f"d/d{var}(lhs - rhs) = 0 and (lhs - rhs)({var} = {lo}) = 0"
    if not (ok1 and ok2):
        detail = ("derivative " + ("0" if ok1 else f"not proven 0: {sp.sstr(sp.simplify(d))}") + "; value at lo "
                  + ("0" if ok2 else f"not proven 0: {sp.sstr(sp.simplify(at))}"))
    return Outcome(ok1 and ok2, "ftc", detail)


# --- Eq. 16: projection, Jacobian, Gaussian average, conditional law ----------------------------------

def _law_steps():
    arg = N_q * Delta**2 / (2 * Delta0**2) + L_funct - F_funct
    ansatz_p = sp.Subs(Ref("ansatz"), (x1, x2), (x1p, x2p))
    proj_lhs = sp.Integral(_E * sp.Subs(Ref("eq2"), (_Dfield(x1, x2), _Dfield(x1p, x2p)), (Ref("ansatz"), ansatz_p)),
                           *_PLANE)
    proj_rhs = -Delta * arg
    local = f_pot * sp.DiracDelta(x1p - x1) * sp.DiracDelta(x2p - x2)  # dO = f delta(r - r'), uniform Delta
    uniform = sp.Subs(Ref("eq2"), (_Dfield(x1, x2), _Dfield(x1p, x2p), _dO(x1, x2, x1p, x2p)), (Delta, Delta, local))
    uniform_lhs = Delta * sp.Subs(Ref("projection"), (N_q, L_funct, F_funct), (V, h * V, f_pot * V)) + V * uniform
    jac, avg = N_q * Delta / Delta0**2, sp.exp(-(L_funct + N_q * Delta**2 / (2 * Delta0**2))**2 / (2 * sigma)) \
        / sp.sqrt(2 * sp.pi * sigma)
    pdf = 2 * kappa * Delta / Delta0**2 * _phi(x + kappa * Delta**2 / Delta0**2) / GaussianTail(x)
    return [
        Step("Eq. 16", "projection of Eq. 2 on the droplet shape: int eta (Eq. 2 at Delta(r) = Delta eta) d^2r",
             proj_lhs, proj_rhs,
             "Linearity of the integrals with L, F, N as defined; the nonlinear term of Eq. 2 carries "
             "1/(2 Delta0^2), so the condition is N Delta^2/(2 Delta0^2) + L - F = 0 (Eq. 16 prints "
             "N Delta^2/Delta0^2).", name="projected", method="linearity", unfold=("L_def", "F_def", "N_def")),
        Step("Eq. 16", "a droplet (Delta > 0) exists where the delta-function argument vanishes",
             Ref("projected") / (-Delta), arg, "Divide the projected equation by -Delta.", result="projection"),
        Step("Eq. 16", "uniform test: Delta (condition at N = V, L = h V, F = f V) + V (Eq. 2 at Delta(r) = Delta, "
             "dO = f delta(r - r')) = 0",
             uniform_lhs, sp.S.Zero, "A constant gap on an area V: Eq. 2 gives f - h = Delta^2/(2 Delta0^2) exactly, "
             "the printed Eq. 16 half of it.", name="uniform", method="erfc_rewrite"),
        Step("Eq. 16", "Jacobian: delta(a(Delta)) = delta(Delta - Delta*)/a'(Delta*)",
             sp.Derivative(Ref("projection"), Delta), jac, "Paper: 2 Delta N/Delta0^2 (consistent with its own argument, "
             "not with Eq. 2).", name="jacobian"),
        Step("Eq. 16", "Gaussian average over K_M: int p(F) delta(condition) dF",
             sp.Integral(Ref("gauss_F") * sp.DiracDelta(Ref("projection")), (F_funct, -sp.oo, sp.oo)), avg,
             "F = int eta K_M eta is Gaussian with variance sigma (Eqs. 3, 8); the delta function fixes F.",
             name="average"),
        Step("Eq. 16", "normalization: int_0^oo (Jacobian x average) dDelta = Q(L/sqrt(sigma))",
             sp.Integral(Ref("jacobian") * Ref("average"), (Delta, 0, sp.oo)), Ref("probability"),
             "The total weight is the droplet probability of Eq. 8: dividing by it gives the conditional law.",
             name="normalization", method="erfc_rewrite"),
        Step("Eq. 16", "exact conditional law P_c = Jacobian x average / probability "
             "= (2 kappa Delta/Delta0^2) phi(x + kappa t)/Q(x)", Ref("jacobian") * Ref("average") / Ref("probability"),
             pdf, "Exact within the Gaussian model at fixed droplet shape (no expansion in Delta).",
             result="pdf_exact", method="erfc_rewrite", unfold=("x_def", "kappa_def")),
    ]


def _exact_steps():
    pdf = 2 * kappa * Delta / Delta0**2 * _phi(x + kappa * Delta**2 / Delta0**2) / GaussianTail(x)
    cdf = 1 - GaussianTail(x + kappa * Delta**2 / Delta0**2) / GaussianTail(x)
    haz = 1 / (sp.sqrt(2 * sp.pi) * ScaledGaussianTail(u))
    survival = 1 - Ref("cdf_exact")
    uu = kappa * Delta**2 / Delta0**2
    log_pdf = (sp.log(2 * kappa * Delta / Delta0**2) - uu * (x + uu / 2) - sp.log(sp.sqrt(2 * sp.pi))
               - sp.log(ScaledGaussianTail(x)))
    t_mode = (sp.sqrt(x**2 + 2) - x) / (2 * kappa)
    mean_t = (_phi(x) / GaussianTail(x) - x) / kappa
    t_med = (sp.sqrt(2) * sp.erfcinv(GaussianTail(x)) - x) / kappa  # Q^(-1)(p) = sqrt 2 erfcinv(2 p), p = Q(x)/2
    pcfd = computed("D", r"D_{{{0}}}\left({1}\right)", lambda nu, v: mpmath.pcfd(nu, v), nargs=2)
    moments = (Delta0**m_mom * sp.gamma(1 + m_mom / 2) * kappa**(-m_mom / 2)
               * pcfd(-m_mom / 2 - 1, x) / pcfd(-1, x))
    width = Delta0 / sp.sqrt(kappa * (x + 1))
    half_line = {Delta: (0, sp.oo)}
    return [
        Step("Eq. 16", "exact CDF: int_0^Delta P_c = 1 - Q(x + kappa t)/Q(x)",
             sp.Integral(sp.Subs(Ref("pdf_exact"), Delta, u), (u, 0, Delta)), cdf,
             "s = x + kappa t is a standard normal conditioned on s > x (fundamental theorem of calculus).",
             result="cdf_exact", method="ftc", domain=half_line),
        Step("Eq. 16", "exact CDF in the tail arguments: u = kappa t",
             sp.Subs(Ref("cdf_exact"), kappa, u * Delta0**2 / Delta**2),
             1 - GaussianTail(x + u) / GaussianTail(x), "kappa Delta^2/Delta0^2 = u: the CDF depends on (x, u) only.",
             result="cdf_exact_xu"),
        Step("Eq. 16", "Gaussian hazard -d log Q(u)/du = phi(u)/Q(u) in erfcx form",
             -sp.Derivative(sp.log(sp.Subs(Ref("Q_def"), x, u)), u), haz,
             "e^(u^2/2) Q(u) = erfcx(u/sqrt 2)/2 never underflows.", result="hazard", method="erfc_rewrite"),
        Step("Eq. 16", "survival 1 - CDF = exp(-int_x^(x + kappa t) hazard)",
             sp.log(survival) + sp.Integral(Ref("hazard"), (u, x, x + kappa * Delta**2 / Delta0**2)), sp.S.Zero,
             "Used for small kappa t, where 1 - CDF from two logs ~ -x^2/2 would cancel.", name="survival",
             method="ftc", domain=half_line),
        Step("Eq. 16", "exact law in log space (phi/Q with e^(x^2/2) Q = erfcx/2)", sp.log(Ref("pdf_exact")), log_pdf,
             "exp(-(x + u)^2/2)/Q(x) = exp(-u (x + u/2))/(e^(x^2/2) Q(x)), u = kappa t: no underflow.",
             result="log_pdf_exact", method="erfc_rewrite"),
        Step("Eq. 16", "exact mode: the root of dP_c/dDelta", Root(sp.Derivative(Ref("pdf_exact"), Delta), Delta),
             Delta0 * sp.sqrt(t_mode), "1 - 2 kappa t (x + kappa t) = 0; -> Delta0/sqrt(2 x kappa) = Eq. 17's "
             "mode as x -> oo.", result="mode_exact"),
        Step("Eq. 16", "exact E[Delta^2]/Delta0^2 = (phi(x)/Q(x) - x)/kappa",
             sp.Integral(Delta**2 / Delta0**2 * Ref("pdf_exact"), (Delta, 0, sp.oo)), mean_t,
             "Mean of a normal truncated at x, minus x; -> 1/(x kappa) (1 - 2/x^2) = 1/(C g^2) (1 - 2/x^2).",
             result="mean_t_exact", method="erfc_rewrite"),
        Step("Eq. 16", "exact median: CDF = 1/2 at t = (Q^(-1)(Q(x)/2) - x)/kappa",
             sp.Subs(Ref("cdf_exact"), Delta, Delta0 * sp.sqrt(t_med)), sp.S.Half,
             "Q^(-1)(p) = sqrt 2 erfcinv(2 p); t_med -> ln 2/(x kappa) = Eq. 17's median as x -> oo.",
             name="median_exact", method="erfc_rewrite"),
        Step("Eq. 16", "exact moments E[Delta^m]: quadrature of P_c = parabolic-cylinder form",
             HalfLineQuad(Delta**m_mom * Ref("pdf_exact"), Delta, width), moments,
             "int_0^oo u^(v-1) e^(-u^2/2 - x u) du = Gamma(v) e^(x^2/4) D_(-v)(x) (DLMF 12.5.1); left: "
             "mpmath quadrature of the derived P_c (evidence: 5 random points).", result="moments_exact",
             method="numeric", domain={m_mom: (1, 6), x: (0.5, 30), kappa: (0.5, 2), Delta0: (0.5, 2)}),
    ]


# --- the saddle point, C, and Eq. 17 ------------------------------------------------------------------

C_GOLDEN = sp.Float("2.40396996769494515709741270038", 30)  # tests/data/droplet_golden.json: mass/peak^2


def _saddle_steps():
    x_s = sp.sqrt(h) * g * (G_int + M_int) / sp.sqrt(c3 * N4_int)
    k_s = g * sp.sqrt(N4_int) / (2 * sp.sqrt(c3) * R0**2 * sp.sqrt(h))
    C_s = (G_int + M_int) / (2 * c3 * R0**2)
    virial = ((G_int, N4_int), (Ref("virial")[0], Ref("virial")[1]))
    C_v = M_int / (c3 * R0**2)
    return [
        Step("Eq. 16", "at the saddle point: x = L_s/sqrt(sigma_s)",
             sp.Subs(sp.Subs(sp.Subs(L_funct / sp.sqrt(sigma), (L_funct, sigma), (Ref("L_s"), Ref("sigma_s"))),
                             (B, A), (Ref("B_peak"), Ref("A_peak"))), L_f, Ref("L_f_def")), x_s,
             "Eq. 12 with B = (G + M)/R0^2, A^2 = c3 N4/R0^4 of the peak-normalized shape and L_f = xi0/sqrt(h); "
             "= (B/A) g sqrt(h), the argument of Eq. 15 (x := L/sqrt(sigma)).", result="x_saddle"),
        Step("Eq. 16", "at the saddle point: kappa = N/(2 sqrt(sigma_s))",
             sp.Subs(sp.Subs(sp.Subs(N_q / (2 * sp.sqrt(sigma)), (N_q, sigma), (Ref("N_peak"), Ref("sigma_s"))),
                             A, Ref("A_peak")), L_f, Ref("L_f_def")), k_s,
             "N = int eta^4 d^2r = L_f^2 N4/R0^4 (kappa := N/(2 sqrt(sigma))).", result="kappa_saddle"),
        Step("Eq. 17", "C := x kappa/g^2, the coefficient of Delta^2/Delta0^2 once the quadratic term is dropped",
             Ref("x_saddle") * Ref("kappa_saddle") / g**2, C_s,
             "-(x + kappa t)^2/2 = -x^2/2 - x kappa t - kappa^2 t^2/2: x kappa = C g^2.", result="C_saddle"),
        Step("Eq. 17", "C does not depend on the field (Delta ~ Delta0/g)",
             sp.Derivative(Ref("x_saddle") * Ref("kappa_saddle") / g**2, h), sp.S.Zero,
             "x ~ sqrt(h) and kappa ~ 1/sqrt(h): the field cancels in the product.", name="C_field_independent"),
        Step("Eq. 17", "with the virial identities G = M, N4 = 2 M: C = M/(c3 R0^2)", sp.Subs(Ref("C_saddle"), *virial),
             C_v, "Pohozaev identities of -lap R + R = R^3 in 2D (Eq. 13).", result="C"),
        Step("Eq. 15", "and x/(g sqrt h) = B/A = sqrt(2 M/c3)", sp.Subs(Ref("x_saddle") / (g * sp.sqrt(h)), *virial),
             sp.sqrt(2 * M_int / c3), "The ratio used by the density (Eq. 15).", name="B_over_A"),
        Step("Eq. 17", "C of the optimal droplet at c3 = 1 (solver, 30 digits)",
             sp.Subs(Ref("C"), (M_int, R0, c3), (TownesMass(), TownesPeak(), 1)), C_GOLDEN,
             "numerics.optimal_droplet(30) (two-sided Taylor shooting); value: tests/data/droplet_golden.json "
             "(independent single shooting, 36 digits), mass/peak^2.", result="C_value",
             method="numeric", tol=1e-29),
    ]


def _rayleigh_steps():
    d_of_tau = Delta0 * sp.sqrt(tau / (C * g**2))
    at_tau = ((kappa, Delta, GaussianTail(x)), (C * g**2 / x, d_of_tau, Ref("Q_def")))
    law_tau = sp.Subs(Ref("pdf_exact") * sp.Derivative(d_of_tau, tau), *at_tau)
    ratio_tau = sp.Subs(Ref("pdf_exact") / Ref("pdf_17"), *at_tau)
    remainder = x**4 * sp.Abs(ratio_tau - 1 - (1 - tau**2 / 2) / x**2)
    pdf17 = 2 * C * g**2 * Delta / Delta0**2 * sp.exp(-C * g**2 * Delta**2 / Delta0**2)
    cdf17 = 1 - sp.exp(-C * g**2 * Delta**2 / Delta0**2)
    return [
        Step("Eq. 17", "Rayleigh limit: the law of tau = C g^2 t (kappa = C g^2/x) as x -> oo",
             sp.Limit(law_tau, x, sp.oo), sp.exp(-tau),
             "P_c dDelta/dtau = phi(x + tau/x)/(x Q(x)) = e^(-tau - tau^2/(2 x^2)) phi(x)/(x Q(x)) -> e^(-tau).",
             result="tau_law"),
        Step("Eq. 17", "back to Delta: P_17 = e^(-tau) dtau/dDelta",
             sp.Subs(Ref("tau_law") * sp.Derivative(C * g**2 * Delta**2 / Delta0**2, Delta), tau,
                     C * g**2 * Delta**2 / Delta0**2), pdf17,
             "Change of variables tau = C g^2 Delta^2/Delta0^2.", result="pdf_17"),
        Step("Eq. 17", "Eq. 17 in log space", sp.log(Ref("pdf_17")),
             sp.log(2 * C * g**2 * Delta / Delta0**2) - C * g**2 * Delta**2 / Delta0**2,
             "For Delta where the density underflows (C g^2 Delta^2/Delta0^2 > ~745).", result="log_pdf_17"),
        Step("Eq. 17", "agrees with Eq. 17 as printed", Ref("pdf_17") / Ref("eq17"), sp.S.One,
             "With C = M/(c3 R0^2) (the paper: 'a constant of order unity').", name="eq17_agrees"),
        Step("Eq. 17", "relative correction: x^2 (P_c/P_17 - 1) -> 1 - tau^2/2, x^2 = (B/A)^2 g^2 h",
             sp.Limit(x**2 * (ratio_tau - 1), x, sp.oo), 1 - tau**2 / 2,
             "Odd powers of 1/x vanish, so corrections go as 1/(g^2 h).", name="correction"),
        Step("Eq. 17", "the remainder is O(1/x^4): x^4 |P_c/P_17 - 1 - (1 - tau^2/2)/x^2| < 3 for every x >= 20 "
             "at tau = 1.3 (C, g, Delta0 cancel: set to 1)",
             sp.Subs(remainder, (tau, C, g, Delta0), (sp.Rational(13, 10), 1, 1, 1)), sp.Integer(3),
             "~2.5 at every x (the next term of the series); proven over [20, oo) by Arb interval arithmetic "
             "(tail model in t = 1/x).", name="remainder", relation="<", method="interval", domain={x: (20, sp.oo)}),
        Step("Eq. 17", "P_17 is normalized", sp.Integral(Ref("pdf_17"), (Delta, 0, sp.oo)), sp.S.One, "Rayleigh law.",
             name="normalized_17"),
        Step("Eq. 17", "moments E[Delta^m]", sp.Integral(Delta**m_mom * Ref("pdf_17"), (Delta, 0, sp.oo)),
             sp.gamma(1 + m_mom / 2) * (Delta0**2 / (C * g**2))**(m_mom / 2), "Substitute s = C g^2 Delta^2/Delta0^2.",
             result="moments_17"),
        Step("Eq. 17", "CDF", sp.Integral(sp.Subs(Ref("pdf_17"), Delta, u), (u, 0, Delta)), cdf17,
             "Printed as -expm1(-...) so that small Delta keeps full relative accuracy.", result="cdf_17"),
        Step("Eq. 17", "mode: the root of dP_17/dDelta", Root(sp.Derivative(Ref("pdf_17"), Delta), Delta),
             Delta0 / (g * sp.sqrt(2 * C)), "1 - 2 C g^2 Delta^2/Delta0^2 = 0.", result="mode_17"),
        Step("Eq. 17", "median: the root of CDF - 1/2", Root(Ref("cdf_17") - sp.S.Half, Delta),
             Delta0 * sp.sqrt(sp.log(2) / C) / g, "exp(-tau) = 1/2.", result="median_17"),
    ]


# --- Eq. 18 -------------------------------------------------------------------------------------------

def _coupling_steps():
    kk = sp.Symbol("k", positive=True)
    hankel = sp.Integral(2 * sp.pi * kk * sp.besselj(0, kk * R_sep) / (kk**2 + 1)**2, (kk, 0, sp.oo))
    far = sp.Limit(R_sep**4 / xi0**4 * sp.Subs(Ref("eq3_nonlocal"), (x1, x2, x1p, x2p), (R_sep + s_x, s_y, 0, 0)),
                   R_sep, sp.oo)
    mass_r = L_f**2 * M_int / R0**2  # int eta^2 d^2r of the peak-normalized droplet
    rms_K = sp.sqrt(c3) / g * xi0**2 * mass_r / L_d**2  # sqrt<(int eta_a dO eta_b)^2>, Eq. 3 nonlocal part
    coupling = sp.Subs(nu0 * d_film * sp.Subs(Ref("moments_17"), m_mom, 2) * rms_K, (C, L_d, nu0),
                       (Ref("C"), Ref("L_d_def"), Ref("g_def")))
    return [
        Step("Eq. 18", "mean coupling: overlap of two K0 tails a distance R apart, int K0 K0 d^2r = pi R K1(R)",
             hankel, sp.pi * R_sep * sp.besselk(1, R_sep),
             "<O> is local (Eq. 4), so the mean coupling is the overlap of two droplets: ~ sqrt(L_d/L_f) "
             "exp(-L_d/L_f), exponentially small (the paper's exp(-L_d/L_f)); Hankel transform of "
             "(2 pi/(k^2 + 1))^2/(2 pi)^2 (evidence: 5 random R).", uses=(), name="overlap", method="numeric",
             domain={R_sep: (1, 10)}),
        Step("Eq. 18", "far field of the nonlocal correlator: R^4/|R e_x + s|^4 -> 1 for droplets L_d apart", far,
             sp.S.One, "Droplet size L_f << L_d: <(int eta_a dO eta_b)^2> = (c3/g^2) xi0^4 (int eta^2)^2/L_d^4.",
             name="far_field"),
        Step("Eq. 18", "typical coupling nu0 d sqrt(<Delta_a^2><Delta_b^2>) sqrt<K^2>", coupling,
             c3**sp.Rational(3, 2) * Delta0 * GaussianTail(x) / g**2,
             "<Delta^2> = moments_17 at m = 2 with C = M/(c3 R0^2); Eq. 3's nonlocal term in the far field "
             "(the printed pairing of a Hermitian dO and the symmetrized one give the same <|J|^2>: Eq. 3 "
             "convention note); nu0 d is the film's density of states; L_d^2 = L_f^2/Q(x); nu0 = g/(d xi0^2 Delta0).",
             result="coupling_typical"),
    ]


# --- assembly -----------------------------------------------------------------------------------------

def _generated():
    """The float64 functions and the order in which floating point evaluates them (issue 13: no factor
    underflows or overflows before the product it belongs to is formed; measured bounds in numerics)."""
    d0 = Delta0
    xs, ks = ratio * g * sp.sqrt(h), C * g / (ratio * sp.sqrt(h))  # x = (B/A) g sqrt(h), kappa = C g^2/x
    at = {x: xs, kappa: ks}
    y, Cy, gd, E, P, P2, den = sp.symbols("y Cy gd E P P2 den", positive=True)
    sh, xx, kap, v, kv, uu = sp.symbols("sh xx kap v kv uu", positive=True)
    lr = sp.Symbol("lr", nonpositive=True)  # log of the survival ratio: -expm1(lr) keeps small CDFs exact
    rayleigh = ((y, Delta * g / d0), (Cy, C * y), (gd, g / d0))  # y = g Delta/Delta0: C y^2 as (C y) y
    exact = ((sh, sp.sqrt(h)), (xx, sh * g * ratio), (kap, C * g / (sh * ratio)), (v, Delta / d0), (kv, kap * v),
             (uu, kv * v))  # u = kappa t as (kappa v) v, v = Delta/Delta0: no tiny v^2 on its own
    args17, argsx = (Delta, g, C, Delta0), (Delta, g, h, Delta0, ratio, C)
    return [
        GenSpec("amplitude_pdf", "pdf_17", args17, "Eq. 17: Rayleigh law of the droplet amplitude; Delta >= 0. "
                "exp(-C y^2) as two factors exp(-C y^2/2), each applied after a prefactor, so the density does not "
                "go subnormal before the prefactor multiplies it.",
                form=P2 * E, steps=rayleigh + ((E, sp.exp(-Cy * y / 2)), (P, 2 * Cy * E), (P2, P * gd))),
        GenSpec("log_amplitude_pdf", "log_pdf_17", args17, "Eq. 17 in log space: log(2 C y g/Delta0) - C y^2, "
                "y = g Delta/Delta0 (the density underflows past C y^2 ~ 745).",
                form=sp.log(2 * Cy * gd) - Cy * y, steps=rayleigh),
        GenSpec("amplitude_cdf", "cdf_17", args17, "Eq. 17: CDF 1 - exp(-C y^2), y = g Delta/Delta0, as -expm1 "
                "with C y^2 formed as (C y) y (no underflow of Delta^2).",
                form=-expm1(-Cy * y), steps=rayleigh[:2]),
        GenSpec("amplitude_pdf_exact", "pdf_exact", argsx,
                "Eq. 16 exact: (2 kappa Delta/Delta0^2) phi(x + u)/Q(x), x = ratio g sqrt(h), kappa = C g^2/x, "
                "u = kappa (Delta/Delta0)^2; phi(x + u)/Q(x) = exp(-u (x + u/2))/(sqrt(2 pi) S(x)), S(x) = "
                "e^(x^2/2) Q(x); the exponential applied as two halves.",
                form=P * E, subs=at, steps=exact + ((E, sp.exp(-uu * (xx + uu / 2) / 2)),
                                                    (den, sp.sqrt(2 * sp.pi) * ScaledGaussianTail(xx) * d0),
                                                    (P, 2 * kv * E / den))),
        GenSpec("log_amplitude_pdf_exact", "log_pdf_exact", argsx,
                "Eq. 16 exact, log space: -u (x + u/2) + log(2 kappa (Delta/Delta0)/(sqrt(2 pi) S(x) Delta0)).",
                form=-uu * (xx + uu / 2) + sp.log(2 * kv / den), subs=at,
                steps=exact + ((den, sp.sqrt(2 * sp.pi) * ScaledGaussianTail(xx) * d0),)),
        GenSpec("amplitude_cdf_exact", "cdf_exact", argsx,
                "Eq. 16 exact: 1 - Q(x + u)/Q(x) = -expm1(log(S(x + u)/S(x)) - u (x + u/2)), S(z) = e^(z^2/2) Q(z) "
                "(both terms <= 0: no cancellation).",
                form=-expm1(lr), subs=at,
                steps=exact + ((lr, sp.log(ScaledGaussianTail(xx + uu) / ScaledGaussianTail(xx)) - uu * (xx + uu / 2)),)),
        GenSpec("amplitude_cdf_exact_xu", "cdf_exact_xu", (x, u),
                "Eq. 16 exact in the tail arguments x = (B/A) g sqrt(h) and u = kappa t >= 0: "
                "-expm1(log(S(x + u)/S(x)) - u (x + u/2)).",
                form=-expm1(lr), steps=((lr, sp.log(ScaledGaussianTail(x + u) / ScaledGaussianTail(x)) - u * (x + u / 2)),)),
        GenSpec("gaussian_hazard", "hazard", (u,),
                "Gaussian hazard phi(u)/Q(u) = -d log Q/du = 1/(sqrt(2 pi) S(u)); log S = -int_x^(x + kappa t) hazard; "
                "u real.", form=1 / den, steps=((den, sp.sqrt(2 * sp.pi) * ScaledGaussianTail(u)),)),
    ]


def derive():
    steps = _law_steps() + _exact_steps() + _saddle_steps() + _rayleigh_steps() + _coupling_steps()
    return Derivation("amplitude", "Amplitude law and droplet coupling, Eqs. 16-18", steps, premises(), _generated(),
                      constants=[GenConstant("C_AMPLITUDE", "C_value", "Eq. 17: C = M/(c3 R0^2) of the optimal "
                                             "droplet at c3 = 1 (peak-gap convention)")])
