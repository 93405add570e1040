"""Eqs. 9-10 and 14-15 redone: the prefactor of the droplet density at one loop (issue 18).

Written for the engine's rule API (derivations/rules.py: Ref placeholders, rules named by the outermost
operator); numerics.oneloop evaluates the same chain on the lattice with every determinant computed, and
``numerics.oneloop.continuum_log_density`` evaluates the final result ``density_renormalized``.

Model (the Monte Carlo's; corrected Eqs. 3-4, local term, xi0 = 1): V Gaussian white noise of variance W per
unit area (per site on the lattice, W = c3/g^2); a droplet is an eigenvalue of -lap + V below -h.  The chain:

* ``constraint``: the delta function of the level, delta(lambda_0(V) + h'), integrated over the Gaussian
  coordinate s along u = psi^2/|psi^2| (first-order perturbation theory: d lambda_0 = |psi^2| ds), gives
  1/(|psi^2| sqrt(2 pi W)) (times e^-S, kept aside).
* ``mode``: every other fluctuation eigenmode of the constrained Hessian M/W gives mu^(-1/2): together
  det''(M)^(-1/2) (premise ``fluctuation_mode``; M = 1 + 2 diag(eta) G' diag(eta), G' the reduced resolvent).
* ``collective``: each translation zero mode is traded for the droplet position X over the box side L_b with
  Jacobian |t| = |dV*/dX| (no Gaussian factor along it), giving |t| L_b/sqrt(2 pi W).
* ``level_integral``: int_h^oo e^(-S(h')) dh' with S = N h'/W (envelope theorem, N = int eta^2) gives (W/N) e^-S.
* ``density``: rho = constraint * collective^2/L_b^2 * det''^(-1/2) * level_integral.
* ``power_of_g``: with W = c3/g^2, d log(rho e^S)/d log g = 1, while Q(x) e^S ~ 1/x ~ 1/g: rho/Q grows like
  x^2 (derived, not fitted).
* ``density_continuum``: continuum values |psi^2|^2 = A/N^2, A = 2 N h (Townes scaling), the determinant
  identity det''(M) = -[det' L+/det' L-] (|t|^2/(2 |d eta|^2))^2 N/(2A) and Pohozaev |d_1 eta|^2 = h N/2 give
  rho = h x e^(-x^2/2) (2 pi)^(-3/2) Rhat^(-1/2), x^2 = 2 N h/W, Rhat = -h det' L+/det' L-.
* ``ratio_to_Q``: lim x -> oo of rho/(h Q(x)) / (x^2 Rhat^(-1/2)/(2 pi)) = 1.
* ``density_renormalized``: the cutoff, log Rhat = -(N/(2 pi)) ln(32/(h a^2)) + D (premise from the lattice
  extrapolation; numerics.oneloop.CONTINUUM_D = 1.6217): the logarithm is a shift of the field in the
  exponent, h -> h - (W/(4 pi)) ln(32/(h a^2)).
"""
import sympy as sp

from .core import Derivation, Premise, Step
from .rules import Ref
from .special import GaussianTail
from .symbols import M_int, c3, g, h, x

# local symbols (unique names; to move to derivations/symbols.py when merged)
W = sp.Symbol("W_noise", positive=True)  # white-noise variance per unit area, c3/g^2
s_c = sp.Symbol("s_u", real=True)  # Gaussian coordinate along u = psi^2/|psi^2|
w_m = sp.Symbol("w_m", real=True)  # amplitude of one fluctuation eigenmode
mu = sp.Symbol("mu_m", positive=True)  # its eigenvalue of M
grad = sp.Symbol("|psi^2|", positive=True)  # norm of d lambda_0/dV = psi^2
tn = sp.Symbol("|t|", positive=True)  # |dV*/dX| of one translation mode
X = sp.Symbol("X_c", real=True)  # collective coordinate (droplet position along one axis)
Lb = sp.Symbol("L_b", positive=True)  # box side
hp = sp.Symbol("h'", positive=True)  # level -h' below the band edge
Ddet = sp.Symbol("det''M", positive=True)  # constrained fluctuation determinant, translations removed
Rhat = sp.Symbol("Rhat", positive=True)  # -h det' L+/det' L-
dEta2 = sp.Symbol("|d_1 eta|^2", positive=True)  # sum (d_1 eta)^2
A_act = sp.Symbol("A_act", positive=True)  # sum eta^4 (the action A; S = A/(2W))
a_cut = sp.Symbol("a_cut", positive=True)  # cutoff (lattice spacing)
D_c = sp.Symbol("D_c", real=True)  # continuum constant of log Rhat
N = M_int  # int eta^2 = N_c (Townes mass)


def premises():
    return [
        Premise("noise_mode", "Eq. 3", "one Gaussian coordinate s of the white noise (orthonormal mode): density "
                "exp(-s^2/(2W))/sqrt(2 pi W), W = c3/g^2 (local term, per unit area)",
                sp.exp(-s_c**2 / (2 * W)) / sp.sqrt(2 * sp.pi * W)),
        Premise("level_shift", "Eq. 6", "first-order perturbation theory: along u the level moves by "
                "lambda_0(V* + s u) + h' = |psi^2| s (Hellmann-Feynman)", grad * s_c),
        Premise("fluctuation_mode", "Eqs. 8-9", "an eigenmode of the constrained Hessian M/W on u-perp "
                "(M = 1 + 2 diag(eta) G' diag(eta), G' the reduced resolvent; second-order perturbation theory)",
                sp.exp(-mu * w_m**2 / (2 * W)) / sp.sqrt(2 * sp.pi * W)),
        Premise("action", "Eq. 13", "cost of the optimal well at level -h': S = N h'/W (continuum: A = 2 N h', "
                "S = A/(2W); envelope theorem dS/dh' = N/W)", N * hp / W),
        Premise("noise_variance", "Eq. 3", "W = c3/g^2", c3 / g**2, W),
        Premise("continuum_pieces", "Eq. 13", "continuum values: |psi^2| = sqrt(A)/N with A = 2 N h; "
                "|t|^2 det''(M)^(-1/2) = 2 |d_1 eta|^2 sqrt(2A/N) (Rhat/h)^(-1/2) (exact lattice identity "
                "det_{u-perp} M = -det L+/det' L- N/(2A), translations removed; numerics.oneloop); "
                "Pohozaev |d_1 eta|^2 = h N/2",
                sp.Matrix([sp.sqrt(2 * N * h) / N, 2 * (h * N / 2) * sp.sqrt(2 * (2 * N * h) / N) * sp.sqrt(h / Rhat)])),
        Premise("cutoff", "Eqs. 9, 15", "lattice extrapolation (numerics.oneloop, notebook 08): "
                "log Rhat = -(N/(2 pi)) ln(32/(h a^2)) + D, D = 1.6217",
                sp.exp(D_c) * (h * a_cut**2 / 32) ** (N / (2 * sp.pi)), Rhat),
    ]


def steps():
    x2 = 2 * N * h / W
    rho_cont = h * sp.sqrt(x2) * sp.exp(-x2 / 2) * (2 * sp.pi) ** sp.Rational(-3, 2) / sp.sqrt(Rhat)
    return [
        Step("Eqs. 7-9", "the constraint: int ds p(s) delta(level shift) = 1/(|psi^2| sqrt(2 pi W))",
             sp.Integral(Ref("noise_mode") * sp.DiracDelta(Ref("level_shift")), (s_c, -sp.oo, sp.oo)),
             1 / (grad * sp.sqrt(2 * sp.pi * W)),
             "The delta function fixes the coordinate along the gradient; its Jacobian is 1/|psi^2|.",
             name="constraint"),
        Step("Eq. 9", "one fluctuation mode: int dw exp(-mu w^2/(2W))/sqrt(2 pi W) = mu^(-1/2)",
             sp.Integral(Ref("fluctuation_mode"), (w_m, -sp.oo, sp.oo)), 1 / sp.sqrt(mu),
             "The product over the non-zero modes is det''(M)^(-1/2) (not det' Gamma/det <O>).", name="mode"),
        Step("Eq. 10", "one translation mode: amplitude |t| X, X over the box, no restoring force",
             sp.Integral(tn * sp.Subs(Ref("noise_mode"), s_c, 0), (X, 0, Lb)), tn * Lb / sp.sqrt(2 * sp.pi * W),
             "Collective coordinate: the Jacobian is |dV*/dX| = |t| (not 1/L0 with L0 ~ L_f).", name="collective"),
        Step("Eqs. 14-15", "the count below -h: int_h^oo e^(-S(h')) dh' = (W/N) e^(-N h/W)",
             sp.Integral(sp.exp(-Ref("action")), (hp, h, sp.oo)), W / N * sp.exp(-N * h / W),
             "One droplet has one level below -h: the mean count is the integral of the level density.",
             name="level_integral"),
        Step("Eq. 15", "density per area: constraint x translations/area x det''^(-1/2) x level integral",
             Ref("constraint") * Ref("collective") ** 2 / Lb**2 / sp.sqrt(Ddet) * Ref("level_integral"),
             tn**2 * W * sp.exp(-N * h / W) / (grad * N * (2 * sp.pi * W) ** sp.Rational(3, 2) * sp.sqrt(Ddet)),
             "Three Gaussian directions taken out (W^(-3/2)), the level integral gives W.", result="density"),
        Step("Eq. 15", "power of g: d log(rho e^S)/d log g = 1 at W = c3/g^2",
             g * sp.Derivative(sp.log(sp.Subs(Ref("density") * sp.exp(N * h / W), W, Ref("noise_variance"))), g),
             sp.S.One, "Q(x) e^S ~ 1/x ~ 1/g, so rho/Q grows like g^2 ~ x^2.", result="power_of_g"),
        Step("Eq. 15", "continuum: rho = h x e^(-x^2/2) (2 pi)^(-3/2) Rhat^(-1/2), x^2 = 2 N h/W",
             sp.Subs(Ref("density"), (grad, tn**2 / sp.sqrt(Ddet)), (Ref("continuum_pieces")[0], Ref("continuum_pieces")[1])),
             rho_cont, "Townes scaling, the determinant identity and Pohozaev's identity.", result="density_continuum"),
        Step("Eq. 15", "against the tail function: rho/(h Q(x)) -> x^2 Rhat^(-1/2)/(2 pi) as x -> oo",
             sp.Limit(sp.Subs(Ref("density_continuum") / (h * GaussianTail(x).rewrite(sp.erfc) * x**2 / (2 * sp.pi * sp.sqrt(Rhat))),
                              W, 2 * N * h / x**2), x, sp.oo),
             sp.S.One, "Q(x) = erfc(x/sqrt 2)/2 written out: SymPy's limit of the unevaluated GaussianTail "
             "returns 0 here (wrongly).  The paper's order-unity prefactor is x^2/(2 pi) Rhat^(-1/2) ~ 10^3.",
             result="ratio_to_Q"),
        Step("Eqs. 9, 15", "cutoff: rho = h x (2 pi)^(-3/2) e^(-D/2) exp(-(N/W)[h - (W/(4 pi)) ln(32/(h a^2))])",
             sp.Subs(Ref("density_continuum"), Rhat, Ref("cutoff")),
             h * sp.sqrt(2 * N * h / W) * (2 * sp.pi) ** sp.Rational(-3, 2) * sp.exp(-D_c / 2)
             * sp.exp(-(N / W) * (h - W / (4 * sp.pi) * sp.log(32 / (h * a_cut**2)))),
             "The white-noise logarithm is a shift of the critical field: the density depends on the cutoff a.",
             result="density_renormalized"),
    ]


def derive():
    return Derivation("prefactor", "The prefactor of Eq. 15 at one loop (Eqs. 9-10, 14-15 redone)", steps(),
                      premises())
