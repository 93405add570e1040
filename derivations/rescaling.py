"""Eqs. 11-12: the rescaling r = y L_f, carried out in 2D, and the sign of the gradient term.

Conventions: h = (H - Hc0)/Hc0 > 0, L_f = xi0 h^(-1/2) (Eq. 11).  The average curvature of Eq. 4 at
Delta = 0 is <O> = -xi0^2 lap + h (positive definite), so the droplet functional is
L = int eta (-xi0^2 lap + h) eta d^2r; the paper prints +xi0^2 lap in Eqs. 5, 12 and 13 (erratum).
The correlator of Eq. 3 is C = (c3/g^2)[xi0^2 d(r1-r2) d(r1'-r2') d(r1-r1')
+ d(r1-r2') d(r1'-r2) xi0^4/|r1-r1'|^4] with its proportionality constant c3 kept explicit.

Results: ``L_s`` = B h L_f^2, ``sigma_s`` = A^2 xi0^2 L_f^2/g^2, ``tail_argument`` = (B g/A) sqrt(h),
``L_f``, ``C_tilde_local`` (coefficient of d d d in C~), ``C_tilde_nonlocal_ratio`` (= h).
"""
import sympy as sp

from .core import Derivation, Erratum, GenSpec, Step, equal
from .symbols import A, B, L_f, c3, g, h, k, u, x1, x2, xi0, y1, y2

L_F_OF_H = xi0 / sp.sqrt(h)  # Eq. 11
_to_y = {x1: L_f * y1, x2: L_f * y2}
_eta = sp.Function("eta")  # a generic droplet profile of the rescaled plane, eta(y1, y2)


def _lap(expr, a, b):
    return sp.diff(expr, a, 2) + sp.diff(expr, b, 2)


def _eta_r():
    """The profile seen in r-space, eta(r/L_f) (Eq. 11 read correctly)."""
    return _eta(x1 / L_f, x2 / L_f)


def _lg_integrand_r():
    """Integrand of L = int eta(-xi0^2 lap_r + h) eta d^2r (corrected Eq. 5)."""
    e = _eta_r()
    return e * (-xi0**2 * _lap(e, x1, x2) + h * e)


def _rescaled(expr_r):
    """Substitute r = L_f y and multiply by the Jacobian of d^2r -> d^2y."""
    jac = sp.Matrix([L_f * y1, L_f * y2]).jacobian([y1, y2]).det()
    return (jac * expr_r.subs(_to_y)).doit()


def _gauss(w):
    """A test profile exp(-|y|^2/(2 w^2)) for checks that need actual integrals."""
    return sp.exp(-(y1**2 + y2**2) / (2 * w**2))


def _plane(expr):
    return sp.integrate(expr, (y1, -sp.oo, sp.oo), (y2, -sp.oo, sp.oo))


def _steps():
    e_y = _eta(y1, y2)
    B_integrand = e_y * (-_lap(e_y, y1, y2) + e_y)
    jac = sp.Matrix([L_f * y1, L_f * y2]).jacobian([y1, y2]).det()
    f = sp.Function("f")
    delta_test = sp.Integral(sp.DiracDelta(L_f * y1) * sp.DiracDelta(L_f * y2) * f(y1, y2),
                             (y1, -sp.oo, sp.oo), (y2, -sp.oo, sp.oo))
    w = sp.Symbol("w", positive=True)
    gauss_r = _gauss(w).subs({y1: x1 / L_f, y2: x2 / L_f})
    L_direct = sp.Integral(gauss_r * (-xi0**2 * _lap(gauss_r, x1, x2) + h * gauss_r),
                           (x1, -sp.oo, sp.oo), (x2, -sp.oo, sp.oo))
    B_gauss = _plane(_gauss(w) * (-_lap(_gauss(w), y1, y2) + _gauss(w)))
    steps = [
        Step("Eq. 11", "measure d^2r = L_f^2 d^2y", jac, L_f**2,
             "Jacobian determinant of (y1, y2) -> (L_f y1, L_f y2)."),
        Step("Eq. 11", "gradient d/dx = (1/L_f) d/dy",
             sp.diff(_eta_r(), x1).subs(_to_y), sp.diff(e_y, y1) / L_f,
             "Chain rule on eta(x/L_f), then x = L_f y."),
        Step("Eq. 11", "Laplacian lap_r = lap_y / L_f^2",
             _lap(_eta_r(), x1, x2).subs(_to_y), _lap(e_y, y1, y2) / L_f**2,
             "Chain rule twice in each Cartesian direction."),
        Step("Eq. 11", "2D delta function d^2(r) = d^2(y)/L_f^2 (tested on f)",
             delta_test, f(0, 0) / L_f**2,
             "Integrate d(L_f y1) d(L_f y2) against a generic test function f."),
        Step("Eq. 11", "L_f^2 = xi0^2 / h", L_F_OF_H**2, xi0**2 / h,
             "Definition of L_f: the gradient and field terms balance."),
        Step("Eq. 12", "integrand of L_alpha after rescaling = h L_f^2 eta(-lap_y+1)eta",
             _rescaled(_lg_integrand_r()).subs(L_f, L_F_OF_H),
             (h * L_f**2 * B_integrand).subs(L_f, L_F_OF_H),
             "Substitute r = L_f y in int eta(-xi0^2 lap + h) eta d^2r, use xi0^2/L_f^2 = h."),
        Step("Eq. 12", "L_s = B h L_f^2, both sides integrated for a Gaussian profile of width w L_f",
             L_direct.subs(xi0, L_f * sp.sqrt(h)), h * L_f**2 * B_gauss,
             "Left: int d^2r in r-space with xi0 = L_f sqrt(h); right: B computed in y-space."),
    ]
    return steps


def _correlator_steps():
    """How the two terms of Eq. 3 scale under r = L_f y (per unit (c3/g^2))."""
    r1, yr = sp.symbols("r_1 y_r", positive=True)  # |r1 - r1'| and its rescaled value
    a_cut = sp.Symbol("a", positive=True)  # short-distance cutoff of the xi0^4/|r|^4 term
    local = xi0**2 / L_f**6  # xi0^2 d^2 d^2 d^2 with each d^2(r) = d^2(y)/L_f^2
    nonlocal_ = (xi0**4 / (L_f * yr)**4) / L_f**4  # xi0^4/|r|^4 d^2 d^2
    return [
        Step("Eq. 11", "local term: xi0^2 d^2 d^2 d^2 -> (xi0^2/L_f^6) d^2(y) d^2(y) d^2(y)",
             xi0**2 * (1 / L_f**2)**3, local,
             "Three 2D delta functions, each d^2(r) = d^2(y)/L_f^2: C~ local = c3 d d d."),
        Step("Eq. 11", "nonlocal term relative to the local one is O(h)",
             sp.simplify(nonlocal_ / (local / yr**4)).subs(L_f, L_F_OF_H), h,
             "xi0^4/|r|^4 d^2 d^2 = (xi0^2/L_f^6) (xi0^2/L_f^2) d^2 d^2/|y|^4 and xi0^2/L_f^2 = h: "
             "C~ = c3 [d d d + h d d/|y|^4], leading order C~ = c3 d d d."),
        Step("Eq. 3", "UV part of the nonlocal term, int_{|rho|>a} d^2rho xi0^4/rho^4 = pi xi0^4/a^2",
             sp.Integral(2 * sp.pi * r1 * xi0**4 / r1**4, (r1, a_cut, sp.oo)), sp.pi * xi0**4 / a_cut**2,
             "The short-distance part has the local form xi0^2 int eta^4 for a ~ xi0: "
             "it renormalizes c3 and does not change the scaling."),
    ]


def _tail_steps(L_s, sigma_s, tail):
    return [
        Step("Eq. 12", "sigma_s = A^2 xi0^2 L_f^2/g^2 from the local term",
             (c3 / g**2) * xi0**2 * L_f**2 * (A**2 / c3), sigma_s,
             "sigma = (c3/g^2) xi0^2 int eta^4 d^2r = (c3/g^2) xi0^2 L_f^2 int eta^4 d^2y, "
             "A^2 := c3 int eta^4 d^2y."),
        Step("Eq. 14", "tail argument L_s/sqrt(sigma_s) = (B g/A) sqrt(h)",
             (L_s / sp.sqrt(sigma_s)).subs(L_f, L_F_OF_H), tail,
             "Insert Eq. 12 and L_f = xi0/sqrt(h); xi0 cancels."),
        Step("Eq. 4", "average curvature at Delta = 0 is positive definite: symbol xi0^2 k^2 + h > 0",
             xi0**2 * k**2 + h, sp.S.Zero,
             "Fourier symbol of -xi0^2 lap + h; the normal metal is stable on average above Hc0.",
             relation=">"),
    ]


def derive():
    L_s = B * h * L_f**2
    sigma_s = A**2 * xi0**2 * L_f**2 / g**2
    tail = B * g * sp.sqrt(h) / A
    ratio = sp.Symbol("ratio", positive=True)  # the optimal droplet's B/A, supplied numerically
    steps = _steps() + _correlator_steps() + _tail_steps(L_s, sigma_s, tail)
    results = {"L_f": L_F_OF_H, "L_s": L_s, "sigma_s": sigma_s, "tail_argument": tail,
               "C_tilde_local": c3, "C_tilde_nonlocal_ratio": h}
    generated = [
        GenSpec("droplet_length", L_F_OF_H, (h, xi0),
                "Eq. 11: droplet length L_f = xi0 / sqrt(h); h > 0, xi0 > 0."),
        GenSpec("tail_argument", tail.subs(B / A, ratio), (h, g, ratio),
                "Eqs. 12, 14: tail argument L_s/sqrt(sigma_s) = (B/A) g sqrt(h); h, g, ratio > 0."),
    ]
    return Derivation("rescaling", "Rescaling of Eqs. 11-12 (2D)", steps, results, generated)


# --- errata ---------------------------------------------------------------------------------

def _check_gradient_sign():
    printed = -xi0**2 * k**2 + h  # Fourier symbol of the printed xi0^2 lap + h
    corrected = xi0**2 * k**2 + h  # symbol of <O> of Eq. 4
    at = printed.subs(k, 2 * sp.sqrt(h) / xi0)
    ok = equal(at, -3 * h) and corrected.is_positive
    return ok, f"printed symbol at k = 2 sqrt(h)/xi0 is {at} < 0; Eq. 4's <O> has symbol {corrected} > 0"


def _check_B_sign():
    w = sp.Symbol("w", positive=True)
    e = _gauss(w)
    printed = _plane(e * (_lap(e, y1, y2) + e))
    corrected = _plane(e * (-_lap(e, y1, y2) + e))
    ok = equal(printed, sp.pi * (w**2 - 1)) and equal(corrected, sp.pi * (w**2 + 1))
    return ok, (f"Gaussian test profile of width w: printed B = {sp.factor(printed)} (negative for w < 1),"
                f" corrected B = {sp.factor(corrected)} > 0")


def _check_eq11_argument():
    w = sp.Symbol("w", positive=True)
    eta = sp.Lambda(u, sp.exp(-u**2 / (2 * w**2)))
    r_ = L_f * y1
    printed, corrected = eta(y1 / L_f), eta(r_ / L_f)
    ok = equal(corrected, eta(y1)) and not equal(printed, eta(y1))
    return ok, "with r = y L_f, eta(r/L_f) = eta(y) while the printed eta(y/L_f) is a different function"


def _check_eq14_sign():
    tail = derive().results["tail_argument"]
    printed = B * g / A * sp.sqrt((-h))  # (Hc - H)/Hc = -h
    ok = equal(tail, B * g / A * sp.sqrt(h)) and printed.is_real is False
    return ok, f"derived argument {tail}; printed one is {sp.simplify(printed)} (imaginary for h > 0)"


def errata():
    return [
        Erratum("Eq. 5", "xi0^2 lap + (H - Hc0)/Hc0  (also O_LG after Eq. 6)",
                "-xi0^2 lap + (H - Hc0)/Hc0",
                "Eq. 4 at Delta = 0 gives <O> = -xi0^2 lap + h, positive definite for h > 0; the printed "
                "operator has the gradient sign flipped and is negative for k > sqrt(h)/xi0.",
                _check_gradient_sign),
        Erratum("Eq. 11", "eta_s(r) = eta_s(y/L_f)", "eta_s(r) = eta_s(r/L_f) = eta~_s(y)",
                "The profile's argument is r/L_f = y; y/L_f is a slip.", _check_eq11_argument),
        Erratum("Eq. 12", "B = int dy eta_s (lap + 1) eta_s",
                "B = int dy eta_s (-lap + 1) eta_s = int (|grad eta_s|^2 + eta_s^2) dy > 0",
                "Same sign slip as Eq. 5; with the printed sign B can be negative (the Gaussian tail of a "
                "rare event would exceed 1/2).", _check_B_sign),
        Erratum("Eq. 14", "erfc[(B g/A) ((Hc - H)/Hc)^(1/2)]", "Q[(B g/A) ((H - Hc0)/Hc0)^(1/2)]",
                "Eq. 12 gives L_s/sqrt(sigma_s) = (B g/A) sqrt(h) with h = (H - Hc0)/Hc0 > 0; the printed "
                "(Hc - H)/Hc is negative above the critical field (Eq. 15 prints it correctly).",
                _check_eq14_sign),
    ]
