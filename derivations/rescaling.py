"""Eqs. 11-12: the rescaling r = y L_f, carried out in 2D, and the sign of the gradient term.

Conventions: h = (H - Hc0)/Hc0 > 0, L_f = xi0 h^(-1/2) (Eq. 11).  The average curvature of Eq. 4 at
Delta = 0 is <O> = -xi0^2 lap + h (positive definite), so the droplet functional is
L = int eta (-xi0^2 lap + h) eta d^2r; the paper prints +xi0^2 lap in Eqs. 5, 12 and 13 (erratum).
The correlator of Eq. 3 is C = (c3/g^2)[xi0^2 d(r1-r2) d(r1'-r2') d(r1-r1')
+ d(r1-r2') d(r1'-r2) xi0^4/|r1-r1'|^4] with its proportionality constant c3 kept explicit.

Premises: ``L_f`` (Eq. 11), ``rescaling`` r = L_f y (Eq. 11), ``L_functional`` (Eqs. 4-5),
``sigma_local`` (Eqs. 3, 8: sigma from the local term), ``curvature_symbol`` (Eq. 4).
Results: ``L_s`` = B h L_f^2, ``sigma_s`` = A^2 xi0^2 L_f^2/g^2, ``tail_argument`` = (B g/A) sqrt(h),
``L_f``, ``L_f_squared``, ``C_tilde_nonlocal_ratio`` (= h).
"""
import sympy as sp

from .core import Derivation, GenSpec, Premise, Step
from .objects import JacobianDet, Solution
from .operators import gauss_profile, laplacian
from .rules import Ref
from .symbols import A, B, L_f, a_UV, c3, g, h, k, ratio, w_G, x1, x2, xi0, y1, y2

L_F_OF_H = xi0 / sp.sqrt(h)  # Eq. 11
_to_y = {x1: L_f * y1, x2: L_f * y2}
_eta = sp.Function("eta")  # a generic droplet profile of the rescaled plane, eta(y1, y2)
_w = w_G  # width of a Gaussian test profile (in units of L_f)
_I4 = sp.Symbol("I_4", positive=True)  # int eta^4 d^2y of the rescaled profile


def _lap(expr, a, b):
    return laplacian(expr, a, b, evaluate=True)


def _eta_r():
    """The profile seen in r-space, eta(r/L_f) (Eq. 11 read correctly)."""
    return _eta(x1 / L_f, x2 / L_f)


def _lg_integrand_r():
    """Integrand of L = int eta(-xi0^2 lap_r + h) eta d^2r (corrected Eq. 5)."""
    e = _eta_r()
    return e * (-xi0**2 * (sp.Derivative(e, (x1, 2)) + sp.Derivative(e, (x2, 2))) + h * e)


def _in_y(expr):
    """``expr`` of r = (x1, x2) written at r = L_f y, left unevaluated (Subs)."""
    return sp.Subs(expr, (x1, x2), (L_f * y1, L_f * y2))


def premises():
    return [
        Premise("L_f_def", "Eq. 11", "droplet length: gradient and field terms balance", L_F_OF_H, L_f),
        Premise("rescaling", "Eq. 11", "rescaled coordinates r = L_f y", sp.Matrix([L_f * y1, L_f * y2]),
                sp.Matrix([x1, x2])),
        Premise("L_functional", "Eqs. 4-5", "integrand of L = int eta <O> eta d^2r, <O> = -xi0^2 lap + h "
                "(corrected sign), eta(r/L_f)", _lg_integrand_r(), sp.Symbol("ell")),
        Premise("sigma_local", "Eqs. 3, 8", "variance of F from the local term of Eq. 3: sigma = (c3/g^2) xi0^2 "
                "int eta^4 d^2r = (c3/g^2) xi0^2 L_f^2 I_4 with I_4 = int eta^4 d^2y (measure d^2r = L_f^2 d^2y)",
                (c3 / g**2) * xi0**2 * L_f**2 * _I4, sp.Symbol("sigma")),
        Premise("curvature_symbol", "Eq. 4", "Fourier symbol of the average curvature <O> = -xi0^2 lap + h",
                xi0**2 * k**2 + h, sp.Symbol("O(k)")),
    ]


def _chain_steps():
    e_y = _eta(y1, y2)
    B_integrand = e_y * (-_lap(e_y, y1, y2) + e_y)
    f = sp.Function("f")
    plane_y = [(y1, -sp.oo, sp.oo), (y2, -sp.oo, sp.oo)]
    r_of_y = (Ref("rescaling")[0], Ref("rescaling")[1])  # r = L_f y, entry by entry
    return [
        Step("Eq. 11", "measure d^2r = L_f^2 d^2y", JacobianDet(Ref("rescaling"), (y1, y2)), L_f**2,
             "Jacobian determinant of (y1, y2) -> (L_f y1, L_f y2).", name="jacobian"),
        Step("Eq. 11", "gradient d/dx = (1/L_f) d/dy", sp.Subs(sp.Derivative(_eta_r(), x1), (x1, x2), r_of_y),
             sp.Derivative(e_y, y1) / L_f, "Chain rule on eta(x/L_f), then x = L_f y.", name="gradient"),
        Step("Eq. 11", "Laplacian lap_r = lap_y / L_f^2",
             sp.Subs(sp.Derivative(_eta_r(), (x1, 2)) + sp.Derivative(_eta_r(), (x2, 2)), (x1, x2), r_of_y),
             (sp.Derivative(e_y, (y1, 2)) + sp.Derivative(e_y, (y2, 2))) / L_f**2,
             "Chain rule twice in each Cartesian direction.", name="laplacian"),
        Step("Eq. 11", "2D delta function d^2(r) = d^2(y)/L_f^2 (tested on f)",
             sp.Integral(sp.DiracDelta(r_of_y[0]) * sp.DiracDelta(r_of_y[1]) * f(y1, y2), *plane_y), f(0, 0) / L_f**2,
             "Integrate d(L_f y1) d(L_f y2) against a generic test function f.", name="delta"),
        Step("Eq. 11", "L_f^2 = xi0^2 / h", Ref("L_f_def")**2, xi0**2 / h,
             "Definition of L_f: the gradient and field terms balance.", result="L_f_squared"),
        Step("Eq. 11", "Eq. 11 solved for xi0: xi0 = sqrt(h) L_f", Solution([Ref("L_f_def") - L_f], (xi0,)),
             sp.Matrix([sp.sqrt(h) * L_f]), "Used to remove xi0 from the rescaled integrand.", name="xi0"),
        Step("Eq. 12", "integrand of L_alpha times the Jacobian, at r = L_f y and xi0 = sqrt(h) L_f: "
             "h L_f^2 eta(-lap_y + 1)eta",
             sp.Subs(Ref("jacobian") * Ref("L_functional"), (x1, x2, xi0), r_of_y + (Ref("xi0")[0],)),
             h * L_f**2 * B_integrand,
             "Substitute r = L_f y in int eta(-xi0^2 lap + h) eta d^2r; xi0^2/L_f^2 = h.", name="integrand_y"),
        Step("Eq. 12", "L_s = int (h L_f^2 eta(-lap_y + 1)eta) d^2y = B h L_f^2",
             sp.Integral(Ref("integrand_y"), *plane_y), B * h * L_f**2,
             "Constants out of the integral; B := int eta(-lap_y + 1) eta d^2y (Eq. 12, corrected sign).",
             result="L_s", unfold="B_def"),
        Step("Eq. 12", "sigma_s = A^2 xi0^2 L_f^2/g^2 from the local term",
             sp.Subs(Ref("sigma_local"), _I4, A**2 / c3), A**2 * xi0**2 * L_f**2 / g**2,
             "sigma = (c3/g^2) xi0^2 int eta^4 d^2r = (c3/g^2) xi0^2 L_f^2 int eta^4 d^2y, "
             "A^2 := c3 int eta^4 d^2y.", result="sigma_s"),
        Step("Eq. 14", "tail argument L_s/sqrt(sigma_s) = (B g/A) sqrt(h)",
             sp.Subs(Ref("L_s") / sp.sqrt(Ref("sigma_s")), L_f, Ref("L_f_def")), B * g * sp.sqrt(h) / A,
             "Insert Eq. 12 and L_f = xi0/sqrt(h); xi0 cancels.", result="tail_argument"),
        Step("Eq. 4", "average curvature at Delta = 0 is positive definite: symbol xi0^2 k^2 + h > 0",
             Ref("curvature_symbol"), sp.S.Zero,
             "Fourier symbol of -xi0^2 lap + h; the normal metal is stable on average above Hc0.",
             relation=">", name="positive"),
    ]


def _gauss_steps():
    """The chain on a concrete profile: r-space and y-space integrals agree."""
    w = _w
    gauss_r = gauss_profile(w).subs({y1: x1 / L_f, y2: x2 / L_f})
    integrand = (gauss_r * (-xi0**2 * _lap(gauss_r, x1, x2) + h * gauss_r)).subs(xi0, L_f * sp.sqrt(h))
    e = gauss_profile(w)
    return [
        Step("Eq. 12", "test on a Gaussian profile of width w L_f: L in r-space = h L_f^2 B in y-space",
             sp.Integral(integrand, (x1, -sp.oo, sp.oo), (x2, -sp.oo, sp.oo)),
             h * L_f**2 * sp.Integral(e * (-_lap(e, y1, y2) + e), (y1, -sp.oo, sp.oo), (y2, -sp.oo, sp.oo)),
             "Left: int d^2r in r-space with xi0 = L_f sqrt(h); right: B computed in y-space.", uses=()),
    ]


def _correlator_steps():
    """How the two terms of Eq. 3 scale under r = L_f y (per unit (c3/g^2))."""
    r1, yr = sp.symbols("r_1 y_r", positive=True)  # |r1 - r1'| and its rescaled value
    a_cut = a_UV  # short-distance cutoff of the xi0^4/|r|^4 term
    d2 = sp.Symbol(r"\delta^2", positive=True)  # one 2D delta function of y (a placeholder factor)
    return [
        Step("Eq. 11", "local term: xi0^2 [d^2(r)]^3 -> (xi0^2/L_f^6) [d^2(y)]^3",
             sp.Subs(xi0**2 * (sp.Symbol("s") / L_f**2)**3, sp.Symbol("s"), d2), xi0**2 * d2**3 / L_f**6,
             "Three 2D delta functions, each d^2(r) = d^2(y)/L_f^2 (the delta step): C~ local = c3 d d d.",
             uses=(), name="local_term"),
        Step("Eq. 11", "nonlocal term relative to the local one is O(h): (xi0^4/(L_f y)^4 [d^2]^2)/(xi0^2 [d^2]^3/|y|^4)",
             sp.Subs((xi0**4 / (L_f * yr)**4 / L_f**4) / (xi0**2 / L_f**6 / yr**4), L_f, Ref("L_f_def")), h,
             "xi0^4/|r|^4 d^2 d^2 = (xi0^2/L_f^6) (xi0^2/L_f^2) d^2 d^2/|y|^4 and xi0^2/L_f^2 = h: "
             "C~ = c3 [d d d + h d d/|y|^4], leading order C~ = c3 d d d.", result="C_tilde_nonlocal_ratio"),
        Step("Eq. 3", "UV part of the nonlocal term, int_{|rho|>a} d^2rho xi0^4/rho^4 = pi xi0^4/a^2",
             sp.Integral(2 * sp.pi * r1 * xi0**4 / r1**4, (r1, a_cut, sp.oo)), sp.pi * xi0**4 / a_cut**2,
             "The short-distance part has the local form xi0^2 int eta^4 for a ~ xi0: "
             "it renormalizes c3 and does not change the scaling.", uses=()),
    ]


def derive():
    e_y = _eta(y1, y2)
    B_def = Premise("B_def", "Eq. 12", "B := int eta(-lap_y + 1) eta d^2y (corrected sign)",
                    sp.Integral(e_y * (-_lap(e_y, y1, y2) + e_y), (y1, -sp.oo, sp.oo), (y2, -sp.oo, sp.oo)), B,
                    define=True)
    steps = _chain_steps() + _gauss_steps() + _correlator_steps() + [
        Step("Eq. 11", "droplet length L_f = xi0 / sqrt(h)", Ref("L_f_def"), L_F_OF_H,
             "Eq. 11 as the function of (h, xi0) that numerics prints.", result="L_f"),
        Step("Eq. 14", "with the droplet ratio B/A = ratio: (B g/A) sqrt(h) = ratio g sqrt(h)",
             sp.Subs(Ref("tail_argument"), B, ratio * A), ratio * g * sp.sqrt(h),
             "B/A of the optimal droplet enters the numerics as the parameter `ratio`.", result="tail_argument_ratio"),
    ]
    generated = [
        GenSpec("droplet_length", "L_f", (h, xi0), "Eq. 11: droplet length L_f = xi0 / sqrt(h); h > 0, xi0 > 0."),
        GenSpec("tail_argument", "tail_argument_ratio", (h, g, ratio),
                "Eqs. 12, 14: tail argument L_s/sqrt(sigma_s) = (B/A) g sqrt(h); h, g, ratio > 0."),
    ]
    return Derivation("rescaling", "Rescaling of Eqs. 11-12 (2D)", steps, premises() + [B_def], generated)
