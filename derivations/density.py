"""Eqs. 5-10 and 13-15: from the droplet threshold to the Gaussian-tail density of droplets.

Conventions: F (Eq. 6) is a zero-mean Gaussian with variance sigma (Eq. 3 in the Gaussian
approximation); a droplet exists where L + F < 0 with L = int eta(-xi0^2 lap + h) eta > 0 (Eq. 5,
corrected sign).  The paper writes theta(-L + F), i.e. F > L: the same probability, since F -> -F
leaves the Gaussian measure invariant.  The paper's "erfc" is, by its definition after Eq. 8, the
standard-normal tail Q(x) = erfc(x/sqrt 2)/2 (``GaussianTail``).  The saddle-point equation (Eq. 13)
is the 2D stationary cubic nonlinear Schroedinger equation; its ground state is the Townes soliton.

Results: ``probability`` Q(L/sqrt(sigma)) (Eq. 8), ``L0_over_Lf_sq`` (Eq. 10), ``saddle_point``
(Eq. 13, corrected), ``density`` and ``log_density`` (Eq. 15), ``typical_distance``,
``tail_series`` (large-x expansion of Q).
"""
import mpmath
import sympy as sp

from .core import Derivation, Erratum, GenSpec, Step, equal
from .special import GaussianTail, LogGaussianTail
from .symbols import (F_funct, L_f, L_funct, V, c3, eps_reg, g, g_aux, h, h_aux, lam, n_drop, rho, sigma,
                      u, x, xi0, y1, y2)
from .rescaling import L_F_OF_H

ratio = sp.Symbol("ratio", positive=True)  # B/A of the optimal droplet, supplied numerically
prefactor = sp.Symbol("prefactor", positive=True)  # (det' Gamma / det <O>) L_f^2/L0^2 of Eqs. 9-10
_b = sp.Symbol("b", positive=True)  # the "b" of the paper's definition erfc(a/b)
_a = sp.Symbol("a", real=True)
_eta = sp.Function("eta")
TAIL_TERMS = 4  # terms of the asymptotic series kept in the results


def _gauss_pdf(var, s):
    return sp.exp(-var**2 / (2 * s)) / sp.sqrt(2 * sp.pi * s)


def _tail_series(n):
    """phi(x)/x sum_{k<n} (-1)^k (2k-1)!! / x^(2k): the asymptotic series of Q(x), x -> oo."""
    return sp.exp(-x**2 / 2) / (x * sp.sqrt(2 * sp.pi)) * sum(
        (-1)**k * sp.factorial2(2 * k - 1) / x**(2 * k) for k in range(n))


def _threshold_steps():
    a = L_funct - F_funct - g_aux
    reg_inner = sp.Integral(sp.exp(sp.I * h_aux * a - eps_reg * h_aux**2), (h_aux, -sp.oo, sp.oo))
    char = sp.Integral(_gauss_pdf(F_funct, sigma) * sp.exp(-sp.I * h_aux * F_funct), (F_funct, -sp.oo, sp.oo))
    avg = sp.Integral(sp.sqrt(2 * sp.pi / sigma) * sp.exp(-(L_funct - g_aux)**2 / (2 * sigma)),
                      (g_aux, -sp.oo, 0)) / (2 * sp.pi)
    return [
        Step("Eq. 6", "P(F > L) for F ~ N(0, sigma) is the Gaussian tail Q(L/sqrt(sigma))",
             sp.Integral(_gauss_pdf(F_funct, sigma), (F_funct, L_funct, sp.oo)),
             GaussianTail(L_funct / sp.sqrt(sigma)).rewrite(sp.erfc),
             "theta(-L + F) averaged over the Gaussian functional F of Eq. 6 (P(L + F < 0) is equal by F -> -F)."),
        Step("Eq. 7", "regularized h-integral: int dh exp(i h a - eps h^2) = sqrt(pi/eps) exp(-a^2/(4 eps))",
             reg_inner, sp.sqrt(sp.pi / eps_reg) * sp.exp(-a**2 / (4 * eps_reg)),
             "Gaussian integral; eps -> 0+ gives 2 pi delta(a)."),
        Step("Eq. 7", "then int_{-oo}^0 dg: 2 pi Q((L - F)/sqrt(2 eps)) -> 2 pi theta(F - L) as eps -> 0",
             sp.Integral(sp.sqrt(sp.pi / eps_reg) * sp.exp(-a**2 / (4 * eps_reg)), (g_aux, -sp.oo, 0)),
             2 * sp.pi * GaussianTail((L_funct - F_funct) / sp.sqrt(2 * eps_reg)).rewrite(sp.erfc),
             "Q(z/sqrt(2 eps)) tends to theta(-z): the representation needs the factor 1/(2 pi) (erratum)."),
        Step("Eq. 8", "characteristic function of F: <exp(-i h F)> = exp(-h^2 sigma/2)",
             char, sp.exp(-h_aux**2 * sigma / 2), "Gaussian average over K_M (second moment only, Eq. 3)."),
        Step("Eq. 8", "h and g integrals of (1/2pi) int dg dh exp(i h (L - g)) <exp(-i h F)> = Q(L/sqrt(sigma))",
             avg, GaussianTail(L_funct / sp.sqrt(sigma)).rewrite(sp.erfc),
             "The h-integral is Gaussian (done in closed form on the left), the g-integral gives the tail."),
        Step("Eq. 8", "the paper's definition erfc(a/b) := int_a^oo exp(-x^2/2b^2)/sqrt(2 pi b^2) dx is Q(a/b)",
             sp.Integral(_gauss_pdf(u, _b**2), (u, _a, sp.oo)), GaussianTail(_a / _b).rewrite(sp.erfc),
             "A function of a/b only, equal to erfc_std(a/(sqrt2 b))/2: the toolkit's gaussian_tail."),
    ]


def _zero_mode_steps():
    w = sp.Symbol("w", positive=True)
    radial = sp.exp(-(y1**2 + y2**2) / (2 * w**2))
    plane = [(y1, -sp.oo, sp.oo), (y2, -sp.oo, sp.oo)]
    G, M, L0sq = sp.symbols("G M L0sq", positive=True)  # int |grad eta|^2, int eta^2, L0^2 (units L_f^2)
    return [
        Step("Eq. 10", "2D isotropy: int (d_x eta)^2 = (1/2) int |grad eta|^2 (radial test profile)",
             sp.Integral(sp.diff(radial, y1)**2, *plane),
             sp.integrate((sp.diff(radial, y1)**2 + sp.diff(radial, y2)**2) / 2, *plane),
             "Each zero mode eta_0i = L0 d_i eta_s/sqrt(int eta_s^2) carries half the gradient norm."),
        Step("Eq. 10", "normalization int eta_0i^2 = 1 fixes L0^2/L_f^2 = 2 int eta^2 / int |grad_y eta|^2",
             sp.solve(sp.Eq(L0sq * (G / 2) / M, 1), L0sq)[0], 2 * M / G,
             "In rescaled units; = 2 by the virial identity G = M below, so L0 = sqrt(2) L_f (paper: L0 ~ L_f)."),
    ]


def _saddle_steps():
    from sympy.calculus.euler import euler_equations
    e = _eta(y1, y2)
    mu = sp.Symbol("mu", positive=True)  # Lagrange multiplier L/(2 sigma) of the ratio L/sqrt(sigma)
    lagr = sp.diff(e, y1)**2 + sp.diff(e, y2)**2 + e**2 - mu * c3 * e**4
    el = euler_equations(lagr, [e], [y1, y2])[0].lhs
    lam_ = sp.Symbol("lambda_s", positive=True)
    s, G, M, N4, t = sp.symbols("s G M N_4 t", positive=True)
    S_dil = (G + s**2 * M) / sp.sqrt(c3 * s**2 * N4)  # eta(y) -> eta(y/s): G fixed, M, N4 ~ s^2
    lap = sp.diff(e, y1, 2) + sp.diff(e, y2, 2)
    return [
        Step("Eq. 13", "Euler-Lagrange equation of L/sqrt(sigma): (-lap + 1) eta = (L/sigma) c3 eta^3",
             el, 2 * ((-lap + e) - 2 * mu * c3 * e**3),
             "delta(L/sqrt(sigma)) = 0 <=> delta L - (L/(2 sigma)) delta sigma = 0; local correlator "
             "sigma = c3 int eta^4; with mu = L/(2 sigma) the multiplier is lambda = 2 mu = L/sigma."),
        Step("Eq. 13", "amplitude freedom: eta -> a eta scales lambda = L/sigma by 1/a^2 (set lambda = 1)",
             (lam_ * sp.Symbol("a", positive=True)**2) / sp.Symbol("a", positive=True)**4,
             lam_ / sp.Symbol("a", positive=True)**2,
             "L ~ a^2, sigma ~ a^4: the corrected Eq. 13 is (lap - 1) eta_s + c3 eta_s^3 = 0."),
        Step("Eq. 13", "dilation (Derrick/Pohozaev): S(s) is stationary at s^2 = G/M, so the optimum has G = M",
             sp.solve(sp.diff(S_dil, s), s)[0], sp.sqrt(G / M),
             "In 2D the gradient norm is scale invariant while mass and quartic scale as s^2; L_f is the "
             "size where the gradient and field terms balance."),
        Step("Eq. 13", "amplitude variation at lambda = 1: G + M = c3 N4, hence G = M = c3 N4/2",
             sp.solve(sp.diff((G + M) * t**2 - c3 * N4 * t**4 / 2, t).subs(t, 1), N4)[0], (G + M) / c3,
             "d/dt of the functional at eta -> t eta, t = 1 (multiply Eq. 13 by eta and integrate)."),
        Step("Eq. 13", "virial identities of the optimal droplet at 30 digits: G = M = N4/2 (c3 = 1)",
             sp.S.Zero, sp.S.Zero, "optimal_droplet(30), computed by two-sided Taylor shooting.",
             method="numeric", check_fn=_check_virial),
    ]


def _check_virial():
    from numerics.droplet import optimal_droplet
    d = optimal_droplet(30)
    r1, r2 = d.virial_residuals()
    tol = mpmath.mpf(10) ** -30 * d.mass
    return abs(r1) < tol and abs(r2) < tol, f"residuals {mpmath.nstr(r1, 3)}, {mpmath.nstr(r2, 3)}"


def _poisson_steps():
    X = V * lam
    P_l = X**n_drop / sp.factorial(n_drop) * sp.exp(-X)
    rho_ = prefactor * GaussianTail(x) / L_f**2
    return [
        Step("Eq. 14", "the droplet-number distribution is normalized: sum_l P_l = 1",
             sp.Sum(P_l, (n_drop, 0, sp.oo)), sp.S.One,
             "Independent droplets (dilute gas, o(L_f^2/L_d^2)): Poisson with mean V lambda (V^l/l!)."),
        Step("Eq. 15", "mean density rho = (1/V) sum_l l P_l / sum_l P_l = lambda",
             sp.Sum(n_drop * P_l, (n_drop, 0, sp.oo)) / (V * sp.Sum(P_l, (n_drop, 0, sp.oo))), lam,
             "Both sums done symbolically; lambda = prefactor Q(x)/L_f^2 with x = (B/A) g sqrt(h)."),
        Step("Eq. 15", "typical distance L_d = rho^(-1/2) = L_f (prefactor Q(x))^(-1/2)",
             rho_**sp.Rational(-1, 2), L_f / sp.sqrt(prefactor * GaussianTail(x)),
             "One droplet per area L_d^2 (text after Eq. 17)."),
    ]


def _series_steps():
    n = TAIL_TERMS
    return [
        Step("Eq. 15", f"large-x expansion of Q(x), {n} terms (SymPy series of erfc at infinity)",
             sp.expand(sp.erfc(u).series(u, sp.oo, 2 * n + 1)).removeO().subs(u, x / sp.sqrt(2)) / 2, _tail_series(n),
             "Series of erfc(z) at z = oo (SymPy), then Q(x) = erfc(x/sqrt 2)/2: "
             "phi(x)/x (1 - 1/x^2 + 3/x^4 - 15/x^6 + ...)."),
        Step("Eq. 15", "remainder bounded by the first omitted term and of its sign (x = 3, 5, 10, 30; 40 digits)",
             sp.S.Zero, sp.S.Zero, "Alternating asymptotic series of the Gaussian tail.",
             method="numeric", check_fn=_check_series_remainder),
    ]


def _check_series_remainder():
    worst = []
    with mpmath.workdps(40):
        for xv in (3, 5, 10, 30):
            X = mpmath.mpf(xv)
            q = mpmath.erfc(X / mpmath.sqrt(2)) / 2
            phi = mpmath.npdf(X)
            for n in range(1, 6):
                partial = phi / X * mpmath.fsum((-1)**k * mpmath.fac2(2 * k - 1) / X**(2 * k) for k in range(n))
                omitted = phi / X * (-1)**n * mpmath.fac2(2 * n - 1) / X**(2 * n)
                rem = q - partial
                if not (abs(rem) <= abs(omitted) and rem * omitted > 0):
                    return False, f"remainder bound fails at x = {xv}, n = {n}"
                worst.append(abs(rem / omitted))
    return True, f"|R_n| / |first omitted term| <= {mpmath.nstr(max(worst), 3)} (n = 1..5)"


def derive():
    res = {}
    xarg = ratio * g * sp.sqrt(h)
    res["probability"] = GaussianTail(L_funct / sp.sqrt(sigma))
    res["L0_over_Lf_sq"] = sp.Integer(2)
    res["saddle_point"] = sp.Eq(sp.Symbol("lap_eta") - sp.Symbol("eta") + c3 * sp.Symbol("eta")**3, 0)
    res["density"] = prefactor / L_F_OF_H**2 * GaussianTail(xarg)
    res["log_density"] = sp.log(prefactor) + sp.log(h) - 2 * sp.log(xi0) + LogGaussianTail(xarg)
    res["typical_distance"] = sp.exp(-res["log_density"] / 2)
    res["tail_series"] = _tail_series(TAIL_TERMS)
    steps = _threshold_steps() + _zero_mode_steps() + _saddle_steps() + _poisson_steps() + _series_steps()
    steps.append(Step("Eq. 15", "log form: log(density) = log(prefactor h/xi0^2) + log Q(x)",
                      sp.expand_log(sp.log(res["density"]).rewrite(sp.erfc), force=True),
                      res["log_density"].rewrite(sp.erfc), "Evaluated in log space where Q underflows."))
    args = (h, g, xi0, ratio, prefactor)
    generated = [
        GenSpec("gaussian_tail", GaussianTail(x).subs(x, u), (u,),
                "Eq. 8: Q(x) = erfc(x/sqrt 2)/2, the paper's 'erfc'; all real x."),
        GenSpec("log_gaussian_tail", LogGaussianTail(x).subs(x, u), (u,),
                "Eq. 8: log Q(x), finite for all real x (Q underflows for x > 38)."),
        GenSpec("droplet_density", res["density"], args,
                "Eq. 15: prefactor h/xi0^2 Q(ratio g sqrt(h)); h, g, xi0, ratio, prefactor > 0."),
        GenSpec("log_droplet_density", res["log_density"], args, "Eq. 15 in log space."),
    ]
    return Derivation("density", "Droplet statistics, Eqs. 5-10 and 13-15", steps, res, generated)
