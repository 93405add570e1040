"""Eqs. 5-10 and 13-15: from the droplet threshold to the Gaussian-tail density of droplets.

A chain from the paper's premises (each labelled, see :func:`premises`):

* Eq. 5 (corrected sign): a droplet exists where L + F < 0, L = int eta(-xi0^2 lap + h) eta d^2r > 0;
  F = int eta dO eta is Gaussian, N(0, sigma) (Eqs. 3, 6, 8).  The paper writes theta(-L + F), i.e.
  F > L: the same probability, since F -> -F leaves the Gaussian law invariant.
* Eq. 7 with its 1/(2 pi) (erratum), averaged over F (Eq. 8).
* The paper's "erfc" is, by its definition after Eq. 8, the standard-normal tail
  Q(x) = erfc(x/sqrt 2)/2 (``GaussianTail``); ``LogGaussianTail`` is log Q.
* Eq. 12: L_s and sigma_s, imported as results of :mod:`derivations.rescaling`; the local
  correlator A^2 = c3 int eta^4 d^2y; the saddle point (Eq. 13, corrected) is the 2D stationary
  cubic Schroedinger equation, solved by eta_s = R/sqrt(c3) with R the Townes soliton
  (-lap R + R = R^3; G, M, N_4 its gradient norm, mass and quartic integral).
* Eq. 10: the zero-mode normalization; Eq. 14: independent droplets (Poisson).

Results: ``probability`` Q(L/sqrt(sigma)) (Eq. 8), ``log_probability``, ``saddle_point`` (the left side
of Eq. 13, corrected, = 0), ``virial`` (G, N_4) = (M, 2M), ``B_over_A`` = sqrt(2M/c3),
``L0_over_Lf_sq`` = 2 (Eq. 10), ``density``, ``log_density`` (Eq. 15), ``typical_distance``,
``log_typical_distance``, ``tail_series`` (large-x expansion of Q), and the 30-digit constants of
the optimal droplet (c3 = 1) ``N_c``, ``R_0``, ``B_over_A_value``, ``L0_over_Lf_value``.
"""

import sympy as sp
import sympy.stats as stats

from .core import Derivation, GenConstant, GenSpec, Premise, Step
from .objects import Solution, TownesGradient, TownesMass, TownesPeak, TownesQuartic
from .operators import gauss_pdf as _gauss_pdf, laplacian
from .rescaling import derive as rescaling
from .rules import Ref, expectation, probability
from .special import GaussianTail, LogGaussianTail
from .symbols import (a_eta, a_Q, b_Q, ratio, t_Q, t_tail, z_gap, z_Q,
                      F_funct, G_int, L0, L_f, L_funct, M_int, N4_int, R0, V, c3, eps_reg, g, g_aux, h, h_aux,
                      lam, n_drop, sigma, u, x, xi0, y1, y2)

prefactor = sp.Symbol("prefactor", positive=True)  # (det' Gamma / det <O>) L_f^2/L0^2 of Eqs. 9-10
det_ratio = sp.Symbol("D_Gamma", positive=True)  # det' Gamma / det <O> of Eq. 9  -> symbols.py
_a = a_Q  # the "a" of the paper's definition erfc(a/b)
_b = b_Q  # its "b"
_z = z_Q  # argument of Q
_zp = z_gap  # |L - F| in the limit of Eq. 7
_c = sp.Symbol("c", real=True)  # c = L - F, the only combination Eq. 7 depends on
_t = t_Q  # integration variable of the paper's erfc
_mu = sp.Symbol("mu", positive=True)  # Lagrange multiplier L/(2 sigma) of the ratio L/sqrt(sigma)
_amp = a_eta  # amplitude factor eta -> a eta
_s = sp.Symbol("s", positive=True)  # dilation factor eta(y) -> eta(y/s)
_k = sp.Symbol("k", integer=True, nonnegative=True)  # index of the tail series
_phi = sp.Symbol("phi", real=True)  # polar angle
_eta = sp.Function("eta")(y1, y2)  # droplet profile of the rescaled plane
_R = sp.Function("R")(y1, y2)  # canonical droplet: -lap R + R = R^3
_f = sp.Function("f")  # a generic radial profile
TAIL_TERMS = 4  # terms of the asymptotic series kept in the results
_PLANE = ((y1, -sp.oo, sp.oo), (y2, -sp.oo, sp.oo))

# 30-digit values of tests/data/droplet_golden.json (36 digits from the independent reference method
# numerics/reference/droplet.py: single outward mpf Taylor shooting + tanh-sinh quadrature), rounded.
GOLDEN_DIGITS = {
    "N_c": "11.7008965245596538786539726779",  # "mass"
    "R_0": "2.20620086465074607478363406458",  # "peak"
    "B_over_A": "4.83753997907193607901165529120",  # sqrt(2 mass) = (gradient_norm + mass)/sqrt(quartic)
    "L0_over_Lf": "1.41421356237309504880168872421",  # sqrt(2 mass / gradient_norm)
}
GOLDEN_WHY = ("digits from tests/data/droplet_golden.json (the independent reference method "
              "numerics/reference/droplet.py: single outward mpf Taylor shooting, Newton on R(0), tanh-sinh "
              "quadrature, 36 digits), rounded to 30; the left side is the solver numerics.optimal_droplet(30) "
              "(two-sided fixed-point Taylor shooting): two methods agree to 30 digits")


# --- the optimal droplet from the solver (one call per process) ----------------------------------

_SOLVER = ((G_int, M_int, N4_int, c3), (TownesGradient(), TownesMass(), TownesQuartic(), sp.Integer(1)))


# --- premises -----------------------------------------------------------------------------------

_lap = laplacian


def _tail_series(n):
    """phi(x)/x sum_{k<n} (-1)^k (2k-1)!! / x^(2k): the asymptotic series of Q(x), x -> oo."""
    return sp.exp(-x**2 / 2) / (x * sp.sqrt(2 * sp.pi)) * sum(
        (-1)**k * sp.factorial2(2 * k - 1) / x**(2 * k) for k in range(n))


def _poisson():
    X = V * lam
    return X**n_drop / sp.factorial(n_drop) * sp.exp(-X)


def premises():
    resc = rescaling().results
    return [
        Premise("threshold", "Eq. 5", "a droplet exists where L + F < 0 (corrected sign), "
                "L = int eta(-xi0^2 lap + h) eta d^2r > 0, F = int eta dO eta; its indicator theta(-L - F)",
                sp.Heaviside(-L_funct - F_funct), sp.Symbol(r"\theta_\alpha")),
        Premise("F_law", "Eqs. 3, 6, 8", "F is Gaussian, F ~ N(0, sigma) (second moment of dO only): a random "
                "symbol (sympy.stats)", stats.Normal(F_funct.name, 0, sp.sqrt(sigma)), sp.Symbol("F")),
        Premise("step_rep", "Eq. 7", "theta(-L + F) = int_{-oo}^0 dg int dh kappa with the kernel "
                "kappa = exp[i h (L - F - g)]/(2 pi) (the 1/(2 pi) of the Eq. 7 erratum)",
                sp.exp(sp.I * h_aux * (L_funct - F_funct - g_aux)) / (2 * sp.pi), sp.Symbol(r"\kappa")),
        Premise("paper_erfc", "Eq. 8", "the paper's definition (text after Eq. 8): erfc(a/b) := int_a^oo "
                "exp(-x^2/2b^2) dx/sqrt(2 pi b^2)", sp.Integral(_gauss_pdf(_t, _b**2), (_t, _a, sp.oo)),
                sp.Symbol(r"\mathrm{erfc}_{\mathrm{paper}}(a/b)")),
        Premise("Q_def", "Eq. 8", "toolkit notation: Q(z) := erfc_std(z/sqrt 2)/2, the standard-normal tail "
                "(GaussianTail; `erfc` always means the standard function)",
                sp.Lambda(_z, sp.erfc(_z / sp.sqrt(2)) / 2), GaussianTail, define=True),
        Premise("log_tail", "Eq. 15", "log-space tail (toolkit notation): LogGaussianTail(z) := log Q(z)",
                sp.Lambda(_z, sp.log(GaussianTail(_z))), LogGaussianTail, define=True),
        Premise("L_s", "Eq. 12", "L at the saddle point, L_s = B h L_f^2: result `L_s` of the rescaling "
                "derivation (imported)", resc["L_s"], sp.Symbol("L_s")),
        Premise("sigma_s", "Eq. 12", "sigma at the saddle point, sigma_s = A^2 xi0^2 L_f^2/g^2: result "
                "`sigma_s` of the rescaling derivation (imported)", resc["sigma_s"], sp.Symbol(r"\sigma_s")),
        Premise("B_density", "Eqs. 5, 12", "integrand of B = int eta(-lap_y + 1) eta d^2y (corrected sign): "
                "L in rescaled units", _eta * (-_lap(_eta) + _eta), sp.Symbol("b")),
        Premise("local_correlator", "Eqs. 3, 12", "local correlator C~ = c3 d d d: integrand of "
                "A^2 = int c3 eta^4 d^2y, i.e. sigma = c3 int eta^4 in rescaled units", c3 * _eta**4,
                sp.Symbol("a_2")),
        Premise("tail_arg", "Eq. 14", "tail argument L_s/sqrt(sigma_s) = (B g/A) sqrt(h): result `tail_argument` "
                "of the rescaling derivation (imported)", resc["tail_argument"], sp.Symbol("x_s")),
        Premise("peak", "Eq. 13", "eta_s regular at 0 and -> 0 at y = oo (text after Eq. 13); the canonical "
                "droplet R = sqrt(c3) eta_s has the peak R_0 := R(0) of the solver's profile", TownesPeak(), R0,
                define=True),
        Premise("solver", "Eq. 13", "the canonical droplet's integrals (G, M, N_4) = (int |grad R|^2, int R^2, "
                "int R^4) d^2y as the solver numerics.optimal_droplet(30) computes them (c3 = 1)",
                sp.ImmutableMatrix([TownesGradient(), TownesMass(), TownesQuartic()]), sp.Symbol("solver")),
        Premise("fluctuations", "Eqs. 9-10", "Gaussian integral over delta eta around the saddle point: "
                "rho_alpha = Q(L_s/sqrt(sigma_s)) (det' Gamma/det <O>) int [da0] with int [da0] = (1/L0^2) int dx dy "
                "(two translation zero modes): droplets per area Q D_Gamma/L0^2", det_ratio / L0**2,
                sp.Symbol("w")),
        Premise("zero_mode", "Eq. 10", "zero-mode normalization 1 = L0^2 int (grad eta_s)^2 d^2r / (2 int "
                "eta_s^2 d^2r); with r = L_f y the gradient norm is scale invariant and the mass is L_f^2 M: "
                "1 = L0^2 G/(2 L_f^2 M)", L0**2 * G_int / (2 * L_f**2 * M_int)),
        Premise("poisson", "Eq. 14", "independent droplets (dilute gas, o(L_f^2/L_d^2)): P_l = "
                "(V lambda)^l exp(-V lambda)/l!, lambda the rate per area", _poisson(), sp.Symbol("P_l")),
    ]


# --- steps --------------------------------------------------------------------------------------

_SOLVER_AT = (G_int, M_int, N4_int, c3)  # what the solver premise supplies (c3 = 1)


def _solver_point():
    return (Ref("solver")[0], Ref("solver")[1], Ref("solver")[2], sp.Integer(1))


def _probability_steps(pr):
    kappa = Ref("step_rep")
    Q_L = GaussianTail(L_funct / sp.sqrt(sigma))
    reg_h = sp.exp(-(_c - g_aux)**2 / (4 * eps_reg)) / (2 * sp.sqrt(sp.pi * eps_reg))
    reg_g = GaussianTail(_c / sp.sqrt(2 * eps_reg))
    char = sp.exp(-h_aux**2 * sigma / 2)
    avg_h = sp.exp(-(L_funct - g_aux)**2 / (2 * sigma)) / sp.sqrt(2 * sp.pi * sigma)
    limit = lambda e: sp.Limit(e, eps_reg, 0, "+")  # noqa: E731
    return [
        Step("Eq. 8", "the paper's erfc(a/b) is the standard-normal tail Q(a/b)", Ref("paper_erfc"),
             GaussianTail(_a / _b),
             "A function of a/b only, for any b > 0 (substitute x = b t); it is what the generated "
             "gaussian_tail computes.", name="paper_integral"),
        Step("Eq. 6", "probability of a droplet: P(L + F < 0) = Q(L/sqrt(sigma))",
             probability(L_funct + Ref("F_law") < 0), Q_L,
             "The event of Eq. 5 for the Gaussian F of Eqs. 3, 6; the tail is the paper's erfc (P(F > L), the "
             "paper's theta(-L + F), is equal by F -> -F).", result="probability"),
        Step("Eq. 5", "the same as the mean of the threshold indicator: E[theta(-L - F)]",
             expectation(sp.Subs(Ref("threshold"), F_funct, Ref("F_law"))), Ref("probability"),
             "The droplet indicator of Eq. 5 averaged over the law of F.", name="threshold_mean"),
        Step("Eq. 8", "log space: log P = log Q(L/sqrt(sigma))", sp.log(Ref("probability")),
             LogGaussianTail(L_funct / sp.sqrt(sigma)),
             "The tail underflows for L/sqrt(sigma) > 38; its log does not (log_gaussian_tail).",
             result="log_probability"),
        Step("Eq. 7", "regularized h-integral of the kernel, with c = L - F: int dh kappa exp(-eps h^2)",
             sp.Integral(sp.Subs(kappa, L_funct, _c + F_funct) * sp.exp(-eps_reg * h_aux**2), (h_aux, -sp.oo, sp.oo)),
             reg_h, "Gaussian integral; eps -> 0+ gives delta(L - F - g) (with the 1/(2 pi)).", name="reg_h"),
        Step("Eq. 7", "then int_{-oo}^0 dg: Q((L - F)/sqrt(2 eps))", sp.Integral(Ref("reg_h"), (g_aux, -sp.oo, 0)),
             reg_g, "The g-integral of a normalized Gaussian of variance 2 eps centred at L - F.", name="reg_g"),
        Step("Eq. 7", "eps -> 0+: the representation is theta(F - L) (at c = L - F = -z and +z, z > 0)",
             sp.Matrix([limit(sp.Subs(Ref("reg_g"), _c, -_zp)), limit(sp.Subs(Ref("reg_g"), _c, _zp))]),
             sp.Matrix([1, 0]),
             "Q(z/sqrt(2 eps)) -> theta(-z): 1 where F > L, 0 where F < L.  Without the 1/(2 pi) the printed "
             "Eq. 7 gives 2 pi theta (erratum).", name="step_limit"),
        Step("Eq. 8", "characteristic function of F: E[exp(-i h F)] = exp(-h^2 sigma/2)",
             expectation(sp.exp(-sp.I * h_aux * Ref("F_law"))), char,
             "Gaussian average over K_M (second moment only, Eq. 3).", name="char_fn"),
        Step("Eq. 8", "average of the kernel over F: int dh kappa|_{F=0} E[exp(-i h F)]",
             sp.Integral(sp.Subs(kappa, F_funct, 0) * Ref("char_fn"), (h_aux, -sp.oo, sp.oo)), avg_h,
             "E[kappa] = kappa(F = 0) E[exp(-i h F)]; the h-integral is Gaussian.", name="avg_h"),
        Step("Eq. 8", "then int_{-oo}^0 dg: the paper's route gives the same Q(L/sqrt(sigma))",
             sp.Integral(Ref("avg_h"), (g_aux, -sp.oo, 0)), Q_L,
             "Eqs. 7-8 reproduce the probability of Eq. 6 (P(F > L) = P(L + F < 0) by F -> -F).", name="eq8_route"),
    ]


def _saddle_steps(pr, st):
    """Eqs. 12-13: the saddle point, the canonical droplet and its virial identities."""
    from .symbols import A, B
    tail = B * g * sp.sqrt(h) / A
    amp = g**2 * h * B / (_amp**2 * xi0**2 * A**2)
    EL = 2 * (-(sp.Derivative(_eta, (y1, 2)) + sp.Derivative(_eta, (y2, 2))) + _eta) - 4 * _mu * c3 * _eta**3
    saddle = _lap(_eta) - _eta + c3 * _eta**3
    canonical = (_lap(_R) - _R + _R**3) / sp.sqrt(c3)
    on_R = ((B, A), ((G_int + M_int) / c3, sp.sqrt(N4_int / c3)))  # eta_s = R/sqrt(c3)
    on_R_s = ((B, A), ((G_int + _s**2 * M_int) / c3, _s * sp.sqrt(N4_int / c3)))  # eta_s(y/s)
    dilation = g * sp.sqrt(h) * (M_int - G_int) / sp.sqrt(c3 * N4_int)
    nehari = (G_int + M_int) / N4_int
    ratio_GMN = (G_int + M_int) / sp.sqrt(c3 * N4_int)
    virial = sp.ImmutableMatrix([M_int, 2 * M_int])
    lagr = Ref("B_density") - _mu * Ref("local_correlator")
    return [
        Step("Eq. 13", "amplitude freedom: eta -> a eta scales lambda = L/sigma by 1/a^2",
             sp.Subs(Ref("L_s") / Ref("sigma_s"), (B, A), (_amp**2 * B, _amp**2 * A)), amp,
             "B ~ a^2 and A^2 ~ a^4 (A^2 = c3 int eta^4): L/sqrt(sigma) is amplitude-free and the multiplier "
             "lambda = L/sigma (rescaled: B/A^2) can be set to 1 by the amplitude of eta_s.", name="amplitude"),
        Step("Eq. 13", "Euler-Lagrange equation of L/sqrt(sigma): delta/delta eta [eta(-lap + 1)eta - mu c3 eta^4]",
             sp.Derivative(lagr, _eta) + sp.Derivative(sp.Derivative(lagr, sp.Derivative(_eta, (y1, 2))), (y1, 2))
             + sp.Derivative(sp.Derivative(lagr, sp.Derivative(_eta, (y2, 2))), (y2, 2)), EL,
             "delta(L/sqrt(sigma)) = 0 <=> delta L - (L/(2 sigma)) delta sigma = 0: the multiplier is "
             "mu = L/(2 sigma) = lambda/2 (Euler-Lagrange with second derivatives).", name="euler_lagrange"),
        Step("Eq. 13", "at lambda = 2 mu = 1: the corrected Eq. 13, (lap - 1) eta_s + c3 eta_s^3 = 0",
             sp.Subs(-Ref("euler_lagrange") / 2, _mu, sp.S.Half), saddle,
             "The amplitude freedom fixes lambda = 1; the printed (lap + 1) has no decaying solution (erratum). "
             "The result is the left side of Eq. 13 (= 0).", result="saddle_point"),
        Step("Eq. 13", "eta_s = R/sqrt(c3): R solves the canonical -lap R + R = R^3 (Townes soliton)",
             sp.Subs(Ref("saddle_point"), _eta, _R / sp.sqrt(c3)), canonical,
             "c3 scales out; R is c3-free, G, M, N_4 denote int |grad R|^2, int R^2, int R^4 d^2y.", name="canonical"),
        Step("Eq. 13", "dilation (Derrick): d/ds of the tail argument of eta_s(y/s) at s = 1",
             sp.Subs(sp.Derivative(sp.Subs(Ref("tail_arg"), *on_R_s), _s), _s, 1), dilation,
             "On eta_s(y/s) = R(y/s)/sqrt(c3): B = int(|grad eta|^2 + eta^2) = (G + s^2 M)/c3 (the gradient norm "
             "is scale invariant in 2D), A = s sqrt(N_4/c3); stationary at s = 1 only if G = M.", name="dilation"),
        Step("Eq. 13", "the multiplier on the canonical droplet: lambda = B/A^2 = (G + M)/N_4",
             sp.Subs(Ref("amplitude") * xi0**2 / (g**2 * h), (_amp, *on_R[0]), (1, *on_R[1])), nehari,
             "lambda = L_s/sigma_s in rescaled units (times xi0^2/(g^2 h)) at a = 1, B = (G + M)/c3, "
             "A^2 = N_4/c3; lambda = 1 is the amplitude identity G + M = N_4 (Eq. 13 times R, integrated).",
             name="multiplier"),
        Step("Eq. 13", "virial identities: dilation stationary and lambda = 1 give G = M, N_4 = 2M",
             Solution([Ref("dilation"), Ref("multiplier") - 1], (G_int, N4_int)), virial,
             "The two conditions are linear in (G, N_4) with one solution (Derrick/Pohozaev in 2D).", result="virial"),
        Step("Eq. 13", "virial identities on the computed droplet: |G - M|/M, |N_4 - 2M|/M < 1e-29",
             sp.Matrix([sp.Subs(sp.Abs(G_int - Ref("virial")[0]) / M_int, _SOLVER_AT, _solver_point()),
                        sp.Subs(sp.Abs(N4_int - Ref("virial")[1]) / M_int, _SOLVER_AT, _solver_point())]),
             sp.Matrix([sp.Pow(10, -29, evaluate=False)] * 2),
             "The solver numerics.optimal_droplet(30) integrates G, M, N_4 independently (Taylor shooting of "
             "-lap R + R = R^3 and quadrature of each integral): the identities hold to its 30 digits.",
             relation="<", method="numeric", name="virial_solver"),
        Step("Eq. 14", "B/A on the canonical droplet: (G + M)/sqrt(c3 N_4)",
             sp.Subs(Ref("tail_arg") / (g * sp.sqrt(h)), *on_R), ratio_GMN,
             "B = (G + M)/c3 (B = int(|grad eta|^2 + eta^2) by parts), A = sqrt(N_4/c3), eta_s = R/sqrt(c3).",
             name="ratio_GMN"),
        Step("Eq. 14", "with the virial identities: B/A = sqrt(2 M/c3) = sqrt(2 N_c/c3)",
             sp.Subs(Ref("ratio_GMN"), (G_int, N4_int), (Ref("virial")[0], Ref("virial")[1])),
             sp.sqrt(2 * M_int / c3), "G = M, N_4 = 2M; M = N_c is the Townes mass.", result="B_over_A"),
    ]


def _zero_mode_steps(pr, st):
    rr = sp.Symbol("rho", positive=True)
    f = sp.Derivative(_f(rr), rr)**2 * rr
    return [
        Step("Eq. 10", "2D isotropy: int (d_x eta)^2 d^2y = (1/2) int |grad eta|^2 d^2y for a radial eta = f(rho)",
             sp.Integral(f * sp.cos(_phi)**2, (_phi, 0, 2 * sp.pi), (rr, 0, sp.oo)),
             sp.Integral(f, (_phi, 0, 2 * sp.pi), (rr, 0, sp.oo)) / 2,
             "d_x f(rho) = f'(rho) cos(phi): each zero mode eta_0i = L0 d_i eta_s/sqrt(int eta_s^2) carries half "
             "the gradient norm (the factor 2 of the normalization).", uses=(), name="isotropy"),
        Step("Eq. 10", "normalization solved for L0: L0^2/L_f^2 = 2 M/G",
             (L0**2 / L_f**2) / Ref("zero_mode"), 2 * M_int / G_int,
             "Divide L0^2/L_f^2 by the normalization, which is 1 (rescaled: int (grad eta)^2 d^2r = G, "
             "int eta^2 d^2r = L_f^2 M).", name="L0_norm"),
        Step("Eq. 10", "with the virial identity G = M: L0^2/L_f^2 = 2, L0 = sqrt(2) L_f (paper: L0 ~ L_f)",
             sp.Subs(Ref("L0_norm"), G_int, Ref("virial")[0]), sp.Integer(2),
             "G = M on the optimal droplet (virial step).", result="L0_over_Lf_sq"),
    ]


def _constant_steps(st):
    def num(key, lhs, result, what):
        return Step("Eq. 13", f"{what} of the optimal droplet (c3 = 1) to 30 digits", lhs,
                    sp.Float(GOLDEN_DIGITS[key], 30), GOLDEN_WHY + ".", result=result, method="numeric", tol=1e-29)
    return [
        num("N_c", sp.Subs(Ref("virial")[0], _SOLVER_AT, _solver_point()), "N_c", "mass N_c = M = int R^2 d^2y"),
        num("R_0", Ref("peak"), "R_0", "peak R_0 = R(0)"),
        num("B_over_A", sp.Subs(Ref("ratio_GMN"), _SOLVER_AT, _solver_point()), "B_over_A_value",
            "B/A = (G + M)/sqrt(c3 N_4)"),
        num("L0_over_Lf", sp.Subs(sp.sqrt(Ref("L0_norm")), _SOLVER_AT, _solver_point()),
            "L0_over_Lf_value", "L0/L_f = sqrt(2 M/G)"),
    ]


def _density_steps(pr, st):
    from .symbols import A, B
    x_arg = ratio * g * sp.sqrt(h)
    rate = det_ratio * GaussianTail(B * g * h * L_f / (A * xi0)) / (2 * L_f**2)
    density = prefactor * h / xi0**2 * GaussianTail(x_arg)
    log_density = sp.log(prefactor) + sp.log(h) - 2 * sp.log(xi0) + LogGaussianTail(x_arg)
    L0_sq = sp.Subs(Ref("L0_norm"), G_int, Ref("virial")[0])  # L0^2/L_f^2 = 2 M/G at G = M
    return [
        Step("Eq. 9", "droplets per area: lambda = Q(L_s/sqrt(sigma_s)) (det' Gamma/det <O>)/L0^2",
             sp.Subs(Ref("probability") * Ref("fluctuations"), (L_funct, sigma, L0),
                     (Ref("L_s"), Ref("sigma_s"), L_f * sp.sqrt(L0_sq))), rate,
             "Eq. 9 (argument L_s/sqrt(sigma_s), see the Eq. 9 erratum) with Eq. 10 and L0^2 = 2 L_f^2.",
             name="rate"),
        Step("Eq. 14", "the droplet-number distribution is normalized: sum_l P_l = 1",
             sp.Sum(Ref("poisson"), (n_drop, 0, sp.oo)), sp.S.One,
             "Independent droplets: Poisson with mean V lambda (V^l/l! from Eq. 10).", name="poisson_norm"),
        Step("Eq. 15", "mean density rho = (1/V) sum_l l P_l / sum_l P_l at the rate lambda of Eq. 9",
             sp.Subs(sp.Sum(n_drop * Ref("poisson"), (n_drop, 0, sp.oo)) / (V * sp.Sum(Ref("poisson"), (n_drop, 0, sp.oo))),
                     lam, Ref("rate")), rate,
             "Both sums done symbolically (the printed Eq. 15 lacks the sum in the denominator: erratum).",
             name="mean_density"),
        Step("Eq. 15", "rho = prefactor h/xi0^2 Q(ratio g sqrt(h))",
             sp.Subs(Ref("mean_density"), (L_f, B, det_ratio), (xi0 / sp.sqrt(h), ratio * A, 2 * prefactor)),
             density, "rho with L_f = xi0/sqrt(h) (Eq. 11), B/A = ratio, and prefactor := det' Gamma/det<O> "
             "L_f^2/L0^2 = D_Gamma/2 (the paper sets it ~ 1).", result="density"),
        Step("Eq. 15", "log space: log rho = log(prefactor) + log(h) - 2 log(xi0) + log Q(x)",
             sp.log(Ref("density")), log_density, "Finite where Q underflows (x > 38).", result="log_density"),
        Step("Eq. 15", "typical distance L_d = rho^(-1/2) (text after Eq. 17)",
             Ref("density")**sp.Rational(-1, 2), xi0 / sp.sqrt(prefactor * h * GaussianTail(x_arg)),
             "One droplet per area L_d^2.", result="typical_distance"),
        Step("Eq. 15", "log L_d = -log(rho)/2", -Ref("log_density") / 2, -log_density / 2,
             "L_d = rho^(-1/2) with rho > 0, in log space (finite where rho underflows).",
             result="log_typical_distance"),
    ]


def _tail_steps(pr, st):
    n = TAIL_TERMS
    tt = t_tail
    ms = range(1, 6)
    phi = lambda v: sp.exp(-v**2 / 2) / sp.sqrt(2 * sp.pi)  # noqa: E731
    series = _tail_series(n)
    # R_m = (-1)^m (2m-1)!! int_x^oo phi/t^(2m) (the exact remainder after m terms), first omitted term
    # T_m = (-1)^m (2m-1)!! phi(x)/x^(2m+1): 0 < R_m/T_m < 1  <=>  0 < int_x^oo phi/t^(2m) < phi(x)/x^(2m+1)
    tail_int = lambda m: sp.Integral(phi(tt) / tt**(2 * m), (tt, x, sp.oo))  # noqa: E731
    return [
        Step("Eq. 15", f"large-x expansion of Q(x), {n} terms: Q(x) minus its exact remainder "
             "(repeated integration by parts)",
             sp.Subs(Ref("paper_integral"), (_a, _b), (x, 1))
             - (-1)**n * sp.factorial2(2 * n - 1) * sp.Integral(phi(tt) / tt**(2 * n), (tt, x, sp.oo)),
             series, "Q(x) = phi(x)/x sum_{k<n} (-1)^k (2k-1)!!/x^(2k) + (-1)^n (2n-1)!! int_x^oo phi(t)/t^(2n) dt "
             "(d/dt of phi/t^m); phi(x)/x (1 - 1/x^2 + 3/x^4 - 15/x^6).", result="tail_series"),
        Step("Eq. 15", "the remainder after m = 1..5 terms is smaller than the first omitted term, for all x > 0: "
             "D(x) = phi(x)/x^(2m+1) - int_x^oo phi(t)/t^(2m) dt > 0",
             sp.Matrix([phi(x) / x**(2 * m + 1) - tail_int(m) for m in ms]), sp.zeros(5, 1),
             "D' = -(2m+1) phi(x)/x^(2m+2) < 0 and D -> 0 at infinity: D > 0 (registered proof "
             "decreasing_to_zero). So |R_m| < |T_m|: the alternating series brackets Q.",
             uses=(), relation=">", method="decreasing_to_zero", domain={x: (0, sp.oo)}, name="tail_bound"),
        Step("Eq. 15", "... and the remainder has the sign (-1)^m of the first omitted term: int_x^oo phi/t^(2m) > 0",
             sp.Matrix([tail_int(m) for m in ms]), sp.zeros(5, 1), "The integrand is positive on (x, oo) (x > 0).",
             uses=(), relation=">", method="positive_integrand", name="tail_sign"),
    ]


def derive():
    pr = {p.name: p for p in premises()}
    steps, st = [], {}  # st: name -> right side of the steps so far (what later steps start from)
    for part in (lambda: _probability_steps(pr), lambda: _saddle_steps(pr, st), lambda: _zero_mode_steps(pr, st),
                 lambda: _constant_steps(st), lambda: _density_steps(pr, st), lambda: _tail_steps(pr, st)):
        for s in part():
            steps.append(s)
            st[s.name] = s.rhs
            if s.result:
                st[s.result] = s.rhs
    args = (h, g, xi0, ratio, prefactor)
    generated = [
        GenSpec("gaussian_tail", "probability", (u,),
                "Eq. 8: Q(x) = erfc(x/sqrt 2)/2, the paper's 'erfc'; all real x.", subs={L_funct: u, sigma: 1}),
        GenSpec("log_gaussian_tail", "log_probability", (u,),
                "Eq. 8: log Q(x), finite for all real x (Q underflows for x > 38).", subs={L_funct: u, sigma: 1}),
        GenSpec("droplet_density", "density", args,
                "Eq. 15: prefactor h/xi0^2 Q(ratio g sqrt(h)); h, g, xi0, ratio, prefactor > 0."),
        GenSpec("log_droplet_density", "log_density", args, "Eq. 15 in log space."),
        GenSpec("log_typical_distance", "log_typical_distance", args,
                "Typical distance between droplets (text after Eq. 17), log L_d = -log(rho)/2 in units of "
                "log xi0; h, g, xi0, ratio, prefactor > 0."),
    ]
    constants = [
        GenConstant("N_C", "N_c", "Townes mass N_c = int R^2 d^2y of the canonical droplet -lap R + R = R^3"),
        GenConstant("R0", "R_0", "peak R(0) of the canonical droplet"),
        GenConstant("B_OVER_A", "B_over_A_value", "B/A = sqrt(2 N_c) of the optimal droplet (c3 = 1), Eqs. 12, 14"),
        GenConstant("L0_OVER_LF", "L0_over_Lf_value", "L0/L_f = sqrt(2 M/G) = sqrt(2) (Eq. 10)"),
    ]
    return Derivation("density", "Droplet statistics, Eqs. 5-10 and 13-15", steps, list(pr.values()),
                      generated, constants)
