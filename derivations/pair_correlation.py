"""Eq. 19 and the dirty limit: the 2D Cooper-pair correlation in a Zeeman field at T = 0.

Exact clean model (units hbar = 2m = mu = 1, so k_F = 1, v_F = 2, nu = 1/(4 pi) per spin):
G(r, z) = -K0(kappa r)/(2 pi), kappa = sqrt(-(1 + z)), Re kappa > 0;
K(r, E_Z) = int (d eps/2 pi) G(r, i eps + E_Z) G(r, -i eps - E_Z), 0 < E_Z < 1 (``E_Z`` = mu_B H; the
numerics call it ``h``).  With k_pm = sqrt(1 +- E_Z), q = k_+ - k_-:

Route 1 (exact model, r -> oo):  K ~ (1 - E_Z^2)^(1/4) cos(q r) / (4 pi^2 r^2 (k_+ + k_-)),
relative corrections O(1/r).
Route 2 (Eq. 19's linearized spectrum): Pi(Q) has a square-root singularity at Q0 = 2 E_Z/v_F, giving
K = nu cos(Q0 r)/(2 pi r^2), exactly at every r within the linearized model (its Fourier transform
reproduces Pi'(Q) on both sides of Q0; the O(1/r) corrections of route 1 come from the band
curvature); the routes agree as
E_Z -> 0 (q -> E_Z = Q0, amplitude -> 1/(8 pi^2)).
Neither has the printed phase -pi/4 (it belongs to J0's asymptotics, cancelled by the Fourier
transform of the singularity); the period is 2 pi/q ~ pi v_F/(mu_B H), not v_F/(mu_B H).

Dirty limit, Cooperon 1/(D Q^2 + 2|eps| + 2 i E_Z sgn eps) (E_Z the Zeeman shift of each spin, as in
the clean model): K_d = (nu/(pi r^2)) Re[u0 K1(u0)], u0 = (1 + i) r sqrt(E_Z/D): it decays as
exp(-r sqrt(E_Z/D)) and oscillates with the same length; the paper prints exp(-sqrt(2) r sqrt(E_Z/D)).
"""
import mpmath
import sympy as sp

from .core import Derivation, Erratum, GenSpec, Step, equal
from .special import ZBesselK1
from .symbols import D, E_Z, Q, eps, k_m, k_p, nu0, r, v_F

k_up, k_dn = sp.sqrt(1 + E_Z), sp.sqrt(1 - E_Z)  # the Fermi momenta k_+, k_- in terms of E_Z
IN_E_Z = {k_p: k_up, k_m: k_dn}
NU = 1 / (4 * sp.pi)  # 2D density of states per spin for 2m = 1
# route 1 in the positive symbols k_+, k_- (SymPy then knows the roots are real), then in E_Z
K_ASYMPTOTIC_K = sp.sqrt(k_p * k_m) * sp.cos((k_p - k_m) * r) / (4 * sp.pi**2 * r**2 * (k_p + k_m))
K_ASYMPTOTIC = K_ASYMPTOTIC_K.subs(IN_E_Z)
q_osc = k_up - k_dn
# the same form without cancellation in k_+ - k_- at small E_Z: what the numerics print
K_ASYMPTOTIC_STABLE = (sp.sqrt(k_up * k_dn) * sp.cos(2 * E_Z / (k_up + k_dn) * r)
                       / (4 * sp.pi**2 * r**2 * (k_up + k_dn)))
U0 = (1 + sp.I) * r * sp.sqrt(E_Z / D)
K_DIRTY = nu0 / (sp.pi * r**2) * sp.re(U0 * sp.besselk(1, U0))
_z, _w, _b, _s, _p, _lam = sp.symbols("z w b s p Lambda", positive=True)  # integration dummies


# --- route 1 ------------------------------------------------------------------------------------------

def _route1_steps():
    a_r = 1 / (2 * k_p) + 1 / (2 * k_m)  # decay rate of the product in eps, per unit r
    prod = sp.pi / (2 * r) / sp.sqrt(k_p * k_m)  # K0 K0 prefactor at eps -> 0
    eps_int = sp.Integral(sp.exp(-a_r * r * eps), (eps, 0, sp.oo))
    assembled = 1 / (4 * sp.pi**3) * prod * sp.cos((k_p - k_m) * r) * eps_int.doit()  # (1/4 pi^3) Re int_0^oo
    return [
        Step("Eq. 19", "K0(z) ~ sqrt(pi/(2z)) e^(-z) as z -> oo", sp.Limit(sp.besselk(0, _z) * sp.exp(_z) * sp.sqrt(_z), _z, sp.oo),
             sp.sqrt(sp.pi / 2), "Leading Hankel asymptotics (SymPy limit; SymPy 1.14's series of besselk at oo has "
             "the wrong sign of the 1/(8z) term, so only the limit is used)."),
        Step("Eq. 19", "kappa_+ = sqrt(-k_+^2 - i eps) = -i k_+ + eps/(2 k_+) + O(eps^2) for eps > 0",
             (-sp.I * k_p + eps / (2 * k_p))**2 - (-k_p**2 - sp.I * eps), eps**2 / (4 * k_p**2),
             "Principal root (Re kappa > 0); kappa_- = sqrt(-k_-^2 + i eps) = i k_- + eps/(2 k_-); eps < 0 "
             "gives the complex conjugates, so K = (1/4 pi^3) Re int_0^oo K0(kappa_+ r) K0(kappa_- r) d eps."),
        Step("Eq. 19", "check of kappa_- = i k_- + eps/(2 k_-): square minus (-k_-^2 + i eps) is O(eps^2)",
             (sp.I * k_m + eps / (2 * k_m))**2 - (-k_m**2 + sp.I * eps), eps**2 / (4 * k_m**2),
             "So kappa_+ + kappa_- = -i q + a eps, kappa_+ kappa_- = k_+ k_- + O(eps)."),
        Step("Eq. 19", "eps-integral of the leading exponential: int_0^oo exp(-a r eps) d eps = 1/(a r)",
             eps_int, 1 / (a_r * r), "a = 1/(2 k_+) + 1/(2 k_-); the phase exp(i q r) factors out."),
        Step("Eq. 19", "route 1: K ~ sqrt(k_+ k_-) cos((k_+ - k_-) r)/(4 pi^2 r^2 (k_+ + k_-))",
             assembled, K_ASYMPTOTIC_K, "No phase shift: the two e^(-i pi/4)-type phases of the Hankel forms cancel."),
        Step("Eq. 19", "in the Zeeman energy: k_+- = sqrt(1 +- E_Z), so sqrt(k_+ k_-) = (1 - E_Z^2)^(1/4)",
             ((k_p * k_m)**2).subs(IN_E_Z), 1 - E_Z**2,
             "k_+^2 = 1 + E_Z, k_-^2 = 1 - E_Z (both roots real for 0 < E_Z < 1)."),
        Step("Eq. 19", "float-stable wavenumber: q = k_+ - k_- = (k_+^2 - k_-^2)/(k_+ + k_-) = 2 E_Z/(k_+ + k_-)",
             (k_p**2 - k_m**2) / (k_p + k_m), k_p - k_m,
             "k_+^2 - k_-^2 = 2 E_Z; the generated numerics use this form, free of the cancellation in k_+ - k_- "
             "at small E_Z."),
        Step("Eq. 19", "exact quadrature vs route 1 at E_Z = 0.3: r x (relative deviation) stays bounded (r = 100..800)",
             sp.S.Zero, sp.S.Zero, "mpmath quadrature of the exact model (numerics.pair_correlation), 15 digits.",
             method="numeric", check_fn=_check_route1_rate),
    ]


def _check_route1_rate():
    from numerics.pair_correlation import amplitude_asymptotic, pair_correlation_clean_2d
    hv = 0.3
    amp = amplitude_asymptotic(hv)
    kp, km = mpmath.sqrt(1 + hv), mpmath.sqrt(1 - hv)
    scaled = []
    for rv in (100, 200, 400, 800):
        exact = pair_correlation_clean_2d(rv, hv, dps=15)
        asym = amp * mpmath.cos((kp - km) * rv) / rv**2
        scaled.append(abs(exact - asym) * rv**2 / amp * rv)
    ok = max(scaled) < 2 and max(scaled) / min(scaled) < 4
    return ok, "r |K - K_as|/amplitude = " + ", ".join(mpmath.nstr(v, 3) for v in scaled) + " (O(1/r))"


# --- route 2 (the paper's linearized form) ------------------------------------------------------------

def _route2_steps():
    Q0 = 2 * E_Z / v_F
    dlt = sp.Symbol("delta", positive=True)  # E_Z - a, distance to the singularity
    sing = sp.series(-sp.log(E_Z + sp.sqrt(E_Z**2 - (E_Z - dlt)**2)), dlt, 0, 1).removeO()
    # Pi(Q) ~ -nu sqrt(2 (Q0 - Q)/Q0) below Q0; K = (1/2pi) int Q J0(Q r) Pi dQ, J0 ~ sqrt(2/(pi Q r)) cos(Q r - pi/4)
    four = sp.integrate(sp.sqrt(_s) * sp.exp(-_p * _s), (_s, 0, sp.oo))  # = Gamma(3/2) p^(-3/2), then p = i r
    Q0s = sp.Symbol("Q_0", positive=True)
    nu_ = sp.Symbol("nu", positive=True)
    hankel = sp.Integral(sp.besselj(1, Q * r) * sp.cos(Q0s * r), (r, 0, sp.oo))
    e_lin = v_F * Q0s / 2  # E_Z in terms of Q0
    pi_below_prime = sp.diff(-nu_ * sp.log((e_lin + sp.sqrt(e_lin**2 - (v_F * Q / 2)**2)) / 2), Q)
    K2 = (1 / (2 * sp.pi)) * Q0s * sp.sqrt(2 / (sp.pi * Q0s * r)) * (-nu_ * sp.sqrt(2 / Q0s)) * sp.re(
        sp.exp(-sp.I * sp.pi / 4) * sp.exp(sp.I * Q0s * r) * sp.gamma(sp.Rational(3, 2)) * (sp.I * r)**sp.Rational(-3, 2))
    return [
        Step("Eq. 19", "xi-integral: int d xi /((xi - c)(xi + c)) = pi i sgn(eps)/c, c = i eps + b (30 digits)",
             sp.S.Zero, sp.S.Zero, "Residues; b = E_Z - v_F Q cos(theta)/2 from the linearized xi_(p +- Q/2).",
             method="numeric", check_fn=_check_xi_integral),
        Step("Eq. 19", "eps-integral: int_0^Lambda d eps 2 eps/(eps^2 + b^2) = log((Lambda^2 + b^2)/b^2)",
             sp.integrate(2 * eps / (eps**2 + _b**2), (eps, 0, _lam)), sp.log((_lam**2 + _b**2) / _b**2),
             "eps and -eps combined (T = 0: tanh -> sgn); the cutoff only adds a Q-independent constant."),
        Step("Eq. 19", "angular average: <log|E - a cos(theta)|> = log((E + sqrt(E^2 - a^2))/2) (a < E), log(a/2) "
             "(a > E) (30 digits)", sp.S.Zero, sp.S.Zero, "Pi(Q) = nu [const - <log|b|>], a = v_F Q/2.",
             method="numeric", check_fn=_check_angular),
        Step("Eq. 19", "square-root singularity at Q0 = 2 E_Z/v_F: -log(E + sqrt(E^2 - a^2)) = -log E - sqrt(2 (E - a)/E) + ...",
             sing, -sp.log(E_Z) - sp.sqrt(2 * dlt / E_Z), "Above Q0, Pi = const - nu log(a/2) is smooth: only "
             "(Q0 - Q)_+^(1/2) contributes at large r."),
        Step("Eq. 19", "Fourier transform of s^(1/2): int_0^oo s^(1/2) e^(-p s) ds = Gamma(3/2) p^(-3/2) (then p = i r)",
             four, sp.gamma(sp.Rational(3, 2)) * _p**sp.Rational(-3, 2), "Continued to Re p -> 0+ (Abel regularization)."),
        Step("Eq. 19", "route 2: K ~ nu cos(Q0 r)/(2 pi r^2): the -pi/4 of J0 cancels against (i r)^(-3/2)",
             K2, nu_ * sp.cos(Q0s * r) / (2 * sp.pi * r**2), "(1/2pi) Q0 sqrt(2/(pi Q0 r)) (-nu sqrt(2/Q0)) "
             "Re[e^(-i pi/4) e^(i Q0 r) Gamma(3/2) (i r)^(-3/2)]."),
        Step("Eq. 19", "exactness, Q > Q0: d/dQ of the 2D Fourier transform of nu cos(Q0 r)/(2 pi r^2), "
             "-nu int_0^oo J1(Q r) cos(Q0 r) dr, equals Pi'(Q) = d/dQ[-nu log(v_F Q/4)]",
             (-nu_ * hankel).subs(Q0s, Q / (1 + _w)), sp.diff(-nu_ * sp.log(v_F * Q / 4), Q),
             "SymPy's Meijer-G integral; Q0 = Q/(1 + w), w > 0, puts SymPy on this side of Q0."),
        Step("Eq. 19", "exactness, Q < Q0: the same transform equals Pi'(Q) = d/dQ[-nu log((E + sqrt(E^2 - a^2))/2)], "
             "a = v_F Q/2, E = v_F Q0/2", (-nu_ * hankel).subs(Q, Q0s / (1 + _w)), pi_below_prime.subs(Q, Q0s / (1 + _w)),
             "Q = Q0/(1 + w).  Equal Pi' on both sides: the linearized model's K is nu cos(Q0 r)/(2 pi r^2) at "
             "every r > 0 (the Q-independent constant of Pi only adds a delta(r))."),
        Step("Eq. 19", "routes agree as E_Z -> 0: amplitude ratio and q/Q0 -> 1 (nu = 1/4 pi, v_F = 2)",
             sp.Matrix([sp.limit(K_ASYMPTOTIC / sp.cos(q_osc * r) * 2 * sp.pi * r**2 / NU, E_Z, 0),
                        sp.limit(q_osc / Q0.subs(v_F, 2), E_Z, 0)]), sp.Matrix([1, 1]),
             "The linearized spectrum is the small-E_Z limit of the exact one."),
        Step("Eq. 19", "numerical route 2 (Bessel-J quadrature of the linearized Pi) = nu cos(Q0 r)/(2 pi r^2) at all "
             "r (E_Z = 0.2, 20 digits)", sp.S.Zero, sp.S.Zero,
             "numerics.pair_correlation.pair_correlation_linearized_2d, no code shared with route 1: the numeric "
             "confirmation of the exactness proved above (route 1's O(1/r) terms come from the band curvature).",
             method="numeric", check_fn=_check_route2_exact),
    ]


def _check_xi_integral():
    worst = mpmath.mpf(0)
    with mpmath.workdps(30):
        for ev, bv in ((mpmath.mpf("0.3"), mpmath.mpf("0.7")), (mpmath.mpf("-1.1"), mpmath.mpf("-0.4"))):
            c = 1j * ev + bv
            val = mpmath.quad(lambda xi: 1 / ((xi - c) * (xi + c)), [-mpmath.inf, -1, 0, 1, mpmath.inf])
            want = mpmath.pi * 1j * mpmath.sign(ev) / c
            worst = max(worst, abs(val / want - 1))
    return worst < mpmath.mpf(10) ** -25, f"max relative deviation {mpmath.nstr(worst, 3)}"


def _check_angular():
    worst = mpmath.mpf(0)
    with mpmath.workdps(30):
        E = mpmath.mpf("0.4")
        for av in (mpmath.mpf("0.1"), mpmath.mpf("0.39"), mpmath.mpf("0.41"), mpmath.mpf(3)):
            pts = [0, mpmath.pi] if av < E else [0, mpmath.acos(E / av), mpmath.pi]
            val = mpmath.quad(lambda t: mpmath.log(abs(E - av * mpmath.cos(t))), pts) / mpmath.pi
            want = mpmath.log((E + mpmath.sqrt(E * E - av * av)) / 2) if av < E else mpmath.log(av / 2)
            worst = max(worst, abs(val - want))
    return worst < mpmath.mpf(10) ** -25, f"max deviation {mpmath.nstr(worst, 3)}"


def _check_route2_exact():
    from numerics.pair_correlation import pair_correlation_linearized_2d
    E = mpmath.mpf("0.2")
    amp = 1 / (8 * mpmath.pi**2)  # nu/(2 pi), nu = 1/(4 pi)
    dev = [abs(pair_correlation_linearized_2d(rv, E, dps=20) * rv**2 / amp - mpmath.cos(E * rv))
           for rv in (mpmath.mpf("0.5"), 3, 50, 400)]
    return max(dev) < 1e-12, ("|r^2 K_lin/amplitude - cos(Q0 r)| = " + ", ".join(mpmath.nstr(v, 2) for v in dev)
                              + " at r = 0.5, 3, 50, 400: exact at every r within the linearized model")


# --- dirty limit --------------------------------------------------------------------------------------

def _dirty_steps():
    m_ = sp.Symbol("m", positive=True)
    return [
        Step("Eq. 19", "Fourier transform of the Cooperon: (1/2pi) int Q J0(Q r)/(D Q^2 + m^2) dQ = K0(m r/sqrt D)/(2 pi D)",
             sp.integrate(Q * sp.besselj(0, Q * r) / (D * Q**2 + m_**2), (Q, 0, sp.oo)) / (2 * sp.pi),
             sp.besselk(0, m_ * r / sp.sqrt(D)) / (2 * sp.pi * D), "m^2 = 2 eps + 2 i E_Z (eps > 0; eps < 0 is the "
             "conjugate); SymPy returns a Meijer G, compared at 40 digits.", method="numeric",
             domain={m_: (0.1, 4), r: (0.1, 4), D: (0.2, 3)}),
        Step("Eq. 19", "eps-integral via d/dw (-w K1(w)) = w K0(w): int_0^oo K0(r sqrt((2 eps + 2 i E_Z)/D)) d eps "
             "= (D/r^2) u0 K1(u0)", sp.diff(-_w * sp.besselk(1, _w), _w), _w * sp.besselk(0, _w),
             "Substituting w = r sqrt((2 eps + 2 i E_Z)/D), d eps = D w dw/r^2; w K1(w) -> 0 at the far end."),
        Step("Eq. 19", "dirty limit: K_d = (nu/(pi r^2)) Re[u0 K1(u0)], u0 = sqrt(2 i) r sqrt(E_Z/D) = (1 + i) r sqrt(E_Z/D)",
             sp.expand_complex(sp.sqrt(2 * sp.I)), 1 + sp.I, "2 nu Re[(D/r^2) u0 K1(u0)]/(2 pi D)."),
        Step("Eq. 19", "decay and oscillation: Re u0 = Im u0 = r sqrt(E_Z/D), so |K_d| ~ exp(-r sqrt(E_Z/D))",
             sp.Matrix([sp.re(U0), sp.im(U0)]), sp.Matrix([r * sp.sqrt(E_Z / D)] * 2),
             "K1(u) ~ sqrt(pi/(2u)) e^(-u): decay length sqrt(D/E_Z), the same length sets the sign changes."),
        Step("Eq. 19", "closed form vs the momentum integral (nu/(2 pi r)) [2/r - 8 E_Z^2 int J1(Q r)/(D^2 Q^4 + 4 E_Z^2) dQ] "
             "(30 digits; r = 2, E_Z = 0.1, D = 0.5; the float64 function is checked against a proper-time quadrature)", sp.S.Zero, sp.S.Zero,
             "Eps-integral first (-Re log(D Q^2 + 2 i E_Z)), Hankel transform by parts; oscillatory quadrature.",
             method="numeric", check_fn=_check_dirty),
    ]


def _check_dirty():
    from numerics.reference.pair_correlation import dirty_momentum_ref
    worst = mpmath.mpf(0)
    with mpmath.workdps(30):
        for rv, E, Dv in ((2, mpmath.mpf("0.1"), mpmath.mpf("0.5")),):  # quadosc: ~4 s per point
            a = dirty_momentum_ref(rv, E, Dv, nu=1)
            b = mpmath.mpmathify(sp.N(K_DIRTY.subs({nu0: 1, r: rv, E_Z: E, D: Dv}), 30))
            worst = max(worst, abs(a / b - 1))
    return worst < mpmath.mpf(10) ** -25, f"max relative deviation {mpmath.nstr(worst, 3)}"


def derive():
    res = {"K_asymptotic": K_ASYMPTOTIC, "q": q_osc, "amplitude": K_ASYMPTOTIC / sp.cos(q_osc * r) * r**2,
           "K_route2": NU * sp.cos(2 * E_Z / 2 * r) / (2 * sp.pi * r**2), "K_dirty": K_DIRTY,
           "decay_length_dirty": sp.sqrt(D / E_Z)}
    steps = _route1_steps() + _route2_steps() + _dirty_steps()
    generated = [
        GenSpec("pair_correlation_clean_2d_asymptotic", K_ASYMPTOTIC_STABLE, (r, E_Z),
                "Eq. 19 (route 1): (1 - h^2)^(1/4) cos(q r)/(4 pi^2 r^2 (k+ + k-)); r > 0, 0 < h < 1."),
        GenSpec("pair_correlation_dirty_2d", (nu0 / (sp.pi * r**2) * sp.re(ZBesselK1(U0))).subs(nu0, NU), (r, E_Z, D),
                "Dirty limit: (nu/(pi r^2)) Re[u0 K1(u0)], u0 = (1 + i) r sqrt(h/D), nu = 1/(4 pi); r, h, D > 0."),
    ]
    return Derivation("pair_correlation", "Cooper-pair correlation in 2D, Eq. 19 and the dirty limit",
                      steps, res, generated)
