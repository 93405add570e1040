"""The one canonical set of symbols of the paper, each declared once with its assumptions.

Every derivation module imports its symbols from here; nothing re-declares a lookalike.
Conventions:

* ``h`` is the reduced field (H - Hc0)/Hc0 > 0 (the paper's "(H - Hc0)/Hc0").
* ``L_f = xi0 / sqrt(h)`` is the droplet length of Eq. 11.
* The paper's "erfc" is the standard-normal tail Q(x) = erfc(x/sqrt 2)/2; the toolkit calls it
  ``gaussian_tail`` and ``erfc`` always means the standard complementary error function.
* ``c3`` is the unspecified proportionality constant of the correlator of Eq. 3.
* Eq. 19 uses its own exact clean model (hbar = 2m = mu = 1); its Zeeman energy is ``E_Z``
  (the paper's mu_B H), never ``h``.
"""
import sympy as sp

#: (meaning, symbol) pairs; :data:`MEANING` is built from them.
_DECLARED = []


def _declare(name, meaning, **assumptions):
    s = sp.Symbol(name, **assumptions)
    _DECLARED.append((s, meaning))
    return s


# --- lengths, fields, conductance (Eqs. 2-3, 11-12) ---
xi0 = _declare("xi_0", "coherence length xi0 = sqrt(D/Delta0)", positive=True)
h = _declare("h", "reduced field (H - Hc0)/Hc0", positive=True)
g = _declare("g", "dimensionless film conductance, hbar nu0 D d up to a number (the paper's e^2 nu0 D d/(2 pi^2 hbar) is a conductance: erratum)", positive=True)
L_f = _declare("L_f", "droplet length L_f = xi0 h^(-1/2) (Eq. 11)", positive=True)
L0 = _declare("L_0", "zero-mode length of Eq. 10", positive=True)
c3 = _declare("c_3", "proportionality constant of the correlator, Eq. 3", positive=True)
B = _declare("B", "droplet constant B = int eta(-lap+1)eta d^2y (Eq. 12, corrected sign)", positive=True)
A = _declare("A", "droplet constant A, A^2 = int C~ eta^4 (Eq. 12)", positive=True)
Delta0 = _declare("Delta_0", "zero-field order parameter", positive=True)
Delta = _declare("Delta", "droplet amplitude (peak gap, eta(0) = 1)", nonnegative=True)
nu0 = _declare("nu_0", "density of states per spin (2D: per area)", positive=True)
D = _declare("D", "diffusion constant", positive=True)

# --- coordinates ---
x1, x2 = (_declare(n, f"Cartesian coordinate {n} of r", real=True) for n in ("x_1", "x_2"))
y1, y2 = (_declare(n, f"rescaled coordinate {n} = x/L_f", real=True) for n in ("y_1", "y_2"))
r = _declare("r", "distance |r1 - r2| (Eq. 19) or radial coordinate", positive=True)
rho = _declare("rho", "radial coordinate of the rescaled plane", positive=True)
k = _declare("k", "wavenumber (Fourier variable)", positive=True)

# --- droplet statistics (Eqs. 5-10, 14-15) ---
L_funct = _declare("L", "Landau-Ginzburg functional L_alpha of Eq. 6", real=True)
F_funct = _declare("F", "Gaussian random functional F_alpha of Eq. 6", real=True)
sigma = _declare("sigma", "variance of F_alpha (Eq. 8)", positive=True)
g_aux = _declare("g_alpha", "auxiliary threshold variable of Eq. 7", real=True)
h_aux = _declare("h_alpha", "auxiliary Fourier variable of Eq. 7", real=True)
eps_reg = _declare("epsilon", "Gaussian regulator of a Fourier integral", positive=True)
u = _declare("u", "integration variable", real=True)
x = _declare("x", "tail argument (Bg/A) sqrt(h) of Eq. 15", positive=True)
V = _declare("V", "sample area", positive=True)
lam = _declare("lambda", "Poisson rate per unit area", positive=True)
n_drop = _declare("l", "number of droplets (Eq. 14)", integer=True, nonnegative=True)
N_q = _declare("N_alpha", "quartic integral int eta^4 d^2r of Eq. 16", positive=True)
C = _declare("C", "amplitude constant of Eq. 17", positive=True)
kappa = _declare("kappa", "amplitude-law coefficient of Delta^2/Delta0^2 in the exact form", positive=True)

# --- Cooper-pair correlation (Eq. 19) ---
E_Z = _declare("E_Z", "Zeeman energy mu_B H (Eq. 19), in units of mu", positive=True)
eps = _declare("varepsilon", "Matsubara frequency", real=True)
Q = _declare("Q", "pair momentum", positive=True)
theta = _declare("theta", "angle between v_F and Q", real=True)
v_F = _declare("v_F", "Fermi velocity", positive=True)
k_p = _declare("k_+", "Fermi momentum of the spin-up band of Eq. 19's exact model, sqrt(1 + E_Z)", positive=True)
k_m = _declare("k_-", "Fermi momentum of the spin-down band of Eq. 19's exact model, sqrt(1 - E_Z)", positive=True)

# --- density area (Eqs. 5-10, 13-15): add new symbols below this line ---
G_int = _declare("G", "gradient norm int |grad R|^2 d^2y of the canonical droplet R", positive=True)
M_int = _declare("M", "mass int R^2 d^2y of the canonical droplet (Townes N_c)", positive=True)
N4_int = _declare("N_4", "quartic integral int R^4 d^2y of the canonical droplet", positive=True)
R0 = _declare("R_0", "peak R(0) of the canonical droplet -lap R + R = R^3", positive=True)

# --- amplitude area (Eqs. 16-18): add new symbols below this line ---
t_amp = _declare("t", "squared reduced amplitude Delta^2/Delta0^2", nonnegative=True)
tau = _declare("tau", "Rayleigh variable C g^2 Delta^2/Delta0^2 of Eq. 17", positive=True)
m_mom = _declare("m", "order of an amplitude moment E[Delta^m]", positive=True)
f_pot = _declare("f", "a constant value of the random potential delta O (test case)", real=True)
L_d = _declare("L_d", "typical distance between droplets (after Eq. 17)", positive=True)
d_film = _declare("d", "film thickness", positive=True)

# --- pair-correlation area (Eq. 19): add new symbols below this line ---

# pair_correlation: local symbols of derivations/pair_correlation.py (one meaning per printed name)
z_en = _declare("z", "complex energy argument of the Green function G(r, z) of Eq. 19's clean model", complex=True)
eps_p = _declare("varepsilon_p", "a Matsubara frequency on the path, eps > 0 (Eq. 19)", positive=True)
xi_band = _declare("xi", "band energy xi_p measured from the Fermi level (Eq. 19)", real=True)
b_lin = _declare("b", "linearized pair detuning E_Z - (v_F Q/2) cos(theta) (Eq. 19)", real=True)
b_abs = _declare("|b|", "|b|, the modulus of the linearized pair detuning (Eq. 19)", positive=True)
Q0 = _declare("Q_0", "singular momentum 2 E_Z/v_F of Eq. 19's linearized Pi(Q)", positive=True)
w_re = _declare("a_w", "real part of a radicand w = a_w + i b_w (principal square root lemma)", positive=True)
w_im = _declare("b_w", "imaginary part of a radicand w = a_w + i b_w, b_w > 0", positive=True)
w_im_any = _declare("beta_w", "imaginary part of a radicand w = a_w + i beta_w of either sign", real=True)
x_c, y_c = (_declare(n, f"{part} part of a complex eps (or u) off the real axis (Eq. 19 strip)", real=True)
            for n, part in (("x_c", "real"), ("y_c", "imaginary")))
d_strip = _declare("d_s", "distance of Im eps from the edge of the analyticity strip |Im eps| < 1 - E_Z", positive=True)
u_cert = _declare("u_c", "integration variable of the certified route, eps = u_c^2/r", positive=True)
zeta_H = _declare("zeta", "large argument of K0 in the Hankel limit", positive=True)
w_Q = _declare("w_Q", "relative distance from Q0: Q0 = Q/(1 + w_Q) or Q = Q0/(1 + w_Q)", positive=True)
s_F = _declare("s_F", "integration variable of the Fourier transform of s^(1/2)", positive=True)
p_L = _declare("p", "Laplace variable of the Fourier transform of s^(1/2), continued to p = i r", positive=True)
Lambda_c = _declare("Lambda", "frequency cutoff of the eps-integral of Eq. 19", positive=True)
L_xi = _declare("L_xi", "symmetric cutoff of the xi-integral of Eq. 19", positive=True)
delta_E = _declare("delta", "distance E_Z - v_F Q/2 below the singularity of Pi(Q)", positive=True)
w_C = _declare("w_C", "argument of the Cooperon Bessel function, r sqrt((2 eps + 2 i E_Z)/D)", complex=True)

# --- density, rescaling and amplitude: variables that once were module-local (one name, one meaning) ---
ratio = _declare("ratio", "B/A of the optimal droplet, supplied to the generated code as a number (Eqs. 14-15)",
                 positive=True)
a_Q = _declare("a_Q", "numerator a of the paper's erfc(a/b) (text after Eq. 8)", real=True)
b_Q = _declare("b_Q", "denominator b of the paper's erfc(a/b) (text after Eq. 8)", positive=True)
z_Q = _declare("z_Q", "argument of the toolkit's Q(z) = erfc(z/sqrt 2)/2", real=True)
z_gap = _declare("z_gap", "|L - F| > 0 in the eps -> 0 limit of Eq. 7", positive=True)
t_Q = _declare("t_Q", "integration variable of the paper's erfc (text after Eq. 8)", real=True)
t_tail = _declare("t_tail", "integration variable of the Gaussian tail int_x^oo (Eq. 15)", positive=True)
a_eta = _declare("a_eta", "amplitude factor of the profile, eta -> a_eta eta (Eq. 13)", positive=True)
w_G = _declare("w_G", "width of the Gaussian test profile in units of L_f (Eq. 12)", positive=True)
a_UV = _declare("a_UV", "short-distance cutoff of the xi0^4/|r|^4 term of Eq. 3", positive=True)

MEANING = {s: m for s, m in _DECLARED}
"""Each canonical symbol with its one-line meaning."""

ALL = tuple(s for s, _ in _DECLARED)


def table():
    """Rows (name, assumptions, meaning) for the CLI and the docs."""
    rows = []
    for s, m in _DECLARED:
        assumed = sorted(k for k, v in s.assumptions0.items() if v and k in
                         ("positive", "nonnegative", "real", "integer"))
        rows.append((s.name, ",".join(assumed), m))
    return rows
