"""The errata catalogue: every error, typo and convention slip of the paper, each with a machine check.

``ERRATA`` lists :class:`~derivations.core.Erratum` entries in the paper's order (``.equation``,
``.kind``, ``.where``, ``.printed``, ``.corrected``, ``.explanation``, ``.check()``); :func:`collect`
builds a fresh list.  Kinds (DESIGN.md): ``error`` changes a result, ``typo`` is a slip with no
consequence once read in context, ``convention`` is a choice the paper leaves implicit.

Honest checks: for an error or a typo the check proves printed != corrected by
:func:`~derivations.core.differ` (an exact nonzero difference or an explicit counterexample point,
shown in the detail), by an explicit numeric comparison whose numbers are in the detail, or by
dimensional analysis with :mod:`sympy.physics.units` (the dimensions are in the detail); never
because a simplifier failed to reach zero.  A convention's check shows where its readings agree
(and where they part).

The checks recompute what they need from symbols and the stable constants of the area modules;
they never call an area module's ``derive()``.  :func:`markdown_table` renders the catalogue as the
README's table (one source; ``tests/test_errata.py`` checks that the README matches it).
"""
import mpmath
import sympy as sp
from sympy.physics.units.definitions import dimension_definitions as dim
from sympy.physics.units.systems.si import dimsys_SI

from .core import Erratum, differ, equal
from .operators import gauss_profile, laplacian, plane_integral
from .special import GaussianTail
from .symbols import (A, B, D, Delta0, E_Z, F_funct, L_f, L_funct, N_q, V, c3, eps_reg, f_pot, g, h, k, lam,
                      n_drop, r, rho, sigma, t_amp, u, v_F, x, xi0, y1)

# --- helpers ---------------------------------------------------------------------------------------

_H, _Hc0 = sp.symbols("H H_c0", positive=True)  # magnetic field and the critical field


def _dims(expr):
    """Dimensional dependencies of an expression built from :mod:`sympy.physics.units` dimensions
    (``{}`` = dimensionless), in SI base dimensions; a sum of unlike dimensions raises TypeError."""
    deps = dimsys_SI.get_dimensional_dependencies(expr)
    return {str(k_).replace("Dimension(", "").rstrip(")"): int(v) for k_, v in deps.items()}


def _dim_text(d):
    return "dimensionless" if not d else " ".join(f"{k_}^{v}" for k_, v in sorted(d.items()))


# --- text after Eq. 1 ------------------------------------------------------------------------------

def _check_det_positive():
    counter = sp.diag(-1, -2)  # a curvature with two negative modes
    det, eigs = counter.det(), sorted(counter.eigenvals())
    ok = det > 0 and counter.is_positive_definite is False and all(e < 0 for e in eigs)
    return ok, (f"counterexample O = diag(-1, -2): det O = {det} > 0, eigenvalues {eigs} < 0, so O is not "
                "positive definite; det > 0 is necessary (product of positive eigenvalues), not sufficient")


def _check_reduced_field_below():
    ok1, d1 = differ(_Hc0 - _H / _Hc0, (_Hc0 - _H) / _Hc0)
    field = dim.magnetic_density
    term1, term2 = _dims(field), _dims(field / field)  # H_c^0 and H/H_c^0
    try:
        _dims(field - field / field)
        inconsistent = False
    except TypeError:
        inconsistent = True
    consistent = _dims((field - field) / field) == {}
    ok = ok1 and term1 != term2 and inconsistent and consistent
    return ok, (f"{d1}; dimensions: H_c^0 is {_dim_text(term1)}, H/H_c^0 is {_dim_text(term2)}, so the printed "
                "difference adds unlike quantities (SymPy refuses it); (H_c^0 - H)/H_c^0 is dimensionless")


def _check_g_dimension():
    nu0 = 1 / (dim.energy * dim.length**3)  # 3D density of states
    Dd, dd, e, hbar = dim.length**2 / dim.time, dim.length, dim.charge, dim.action
    printed = _dims(e**2 * nu0 * Dd * dd / hbar)
    corrected = _dims(hbar * nu0 * Dd * dd)
    sheet = _dims(e**2 * nu0 * Dd * dd)
    ok = printed != {} and corrected == {} and sheet == _dims(dim.conductance) == _dims(e**2 / hbar)
    return ok, (f"printed e^2 nu0 D d/hbar: {_dim_text(printed)} (not dimensionless); hbar nu0 D d: "
                f"{_dim_text(corrected)}; e^2 nu0 D d and e^2/hbar are both conductances ({_dim_text(sheet)})")


# --- Eq. 3 (convention) ----------------------------------------------------------------------------

def _ensemble(n, hermitian):
    """A Gaussian n x n random matrix dO in terms of independent real zero-mean variables.

    Returns (matrix, variances): the diagonal is real with variance s_a (the local term of Eq. 3), an
    off-diagonal pair has <|dO_ab|^2> = f_ab; Hermitian: dO_ab = x + i y, <x^2> = <y^2> = f_ab/2,
    dO_ba = conj(dO_ab); real symmetric: dO_ab = dO_ba = x, <x^2> = f_ab.
    """
    M, var = sp.zeros(n, n), {}
    for a in range(n):
        z = sp.Symbol(f"z{a}", real=True)
        M[a, a], var[z] = z, sp.Symbol(f"s{a}", positive=True)
        for b in range(a + 1, n):
            f = sp.Symbol(f"f{a}{b}", positive=True)
            xr = sp.Symbol(f"x{a}{b}", real=True)
            if hermitian:
                yi = sp.Symbol(f"y{a}{b}", real=True)
                M[a, b], M[b, a] = xr + sp.I * yi, xr - sp.I * yi
                var[xr], var[yi] = f / 2, f / 2
            else:
                M[a, b] = M[b, a] = xr
                var[xr] = f
    return M, var


def _second_moment(p, q, var):
    """<p q> for p, q linear in independent zero-mean real variables with the given variances (exact)."""
    p, q = sp.expand(p), sp.expand(q)
    return sp.expand(sum(p.coeff(z) * q.coeff(z) * v for z, v in var.items()))


def _pairing(a, b, c, d, hermitian):
    """Eq. 3's nonlocal pairing on a lattice (a != b): f_ab d_ad d_bc (printed), + f_ab d_ac d_bd (symmetrized)."""
    f = sp.Symbol(f"f{min(a, b)}{max(a, b)}", positive=True)
    crossed = f if (a, b) == (d, c) else 0
    direct = f if (a, b) == (c, d) else 0
    return crossed if hermitian else crossed + direct


def _check_eq3_convention():
    n = 4
    eta = [sp.Symbol(f"eta{a}", real=True) for a in range(n)]
    out, ok = {}, True
    for name, herm in (("Hermitian", True), ("real symmetric", False)):
        M, var = _ensemble(n, herm)
        # the correlator's pairing: <dO_ab dO_cd> for a != b, over all index quadruples
        single = all(equal(_second_moment(M[a, b], M[c, d], var), _pairing(a, b, c, d, herm))
                     for a in range(n) for b in range(n) if a != b for c in range(n) for d in range(n))
        F = sum(eta[a] * M[a, b] * eta[b] for a in range(n) for b in range(n))  # Eq. 6, one droplet
        sig = _second_moment(F, F, var)
        local = sp.expand(sum(eta[a]**4 * sp.Symbol(f"s{a}", positive=True) for a in range(n)))
        # two droplets on disjoint sites {0, 1} and {2, 3}: J = sum eta_a dO_ab eta_b, <|J|^2> = <J J*>
        J = sum(eta[a] * M[a, b] * eta[b] for a in (0, 1) for b in (2, 3))
        J2 = _second_moment(J, sp.conjugate(J).expand(), var)
        out[name] = (single, sig, local, J2)
        ok &= single
    (_, sH, loc, JH), (_, sS, _, JS) = out["Hermitian"], out["real symmetric"]
    nonloc_H, nonloc_S = sp.expand(sH - loc), sp.expand(sS - loc)
    ok = ok and equal(JH, JS) and equal(nonloc_S, 2 * nonloc_H) and equal(sH - nonloc_H, sS - nonloc_S)
    return ok, ("exact second moments of a 4-site Gaussian model (diagonal variance s_a, <|dO_ab|^2> = f_ab): "
                "the complex Hermitian ensemble has <dO_ab dO_cd> = f_ab d_ad d_bc (the printed single pairing), "
                "the real symmetric one f_ab (d_ac d_bd + d_ad d_bc) (the symmetrized form); both give the same "
                f"local part of sigma = <F^2> ({loc}) and the same <|J|^2> between droplets on sites (0, 1) and "
                f"(2, 3): {JH}; they part only in the O(h) nonlocal part of sigma, "
                f"{nonloc_S} = 2 x ({nonloc_H})")


# --- Eqs. 2, 4-6: sign of dO (convention) -------------------------------------------------------------

def _check_dO_sign():
    d_, dc, o_bar, dO = sp.symbols("Delta Delta_c obar deltaO")  # Delta, Delta*, <O>, dO (one mode)
    E = dc * (o_bar + dO) * d_ + (dc * d_)**2 / (4 * Delta0**2)  # energy with curvature O = <O> + dO (Eq. 1)
    stat = -sp.diff(E, dc).subs(dc, d_)  # -dE/dDelta* = 0
    eq2_lhs = -o_bar * d_ + sp.Symbol("s") * dO * d_  # Eq. 2: -<O> Delta + s dO Delta = Delta^3/(2 Delta0^2)
    s_val = sp.solve(sp.expand(stat - (eq2_lhs - d_**3 / (2 * Delta0**2))), sp.Symbol("s"))
    z = sp.Symbol("z", real=True)
    gauss = sp.exp(-z**2 / (2 * sigma)) / sp.sqrt(2 * sp.pi * sigma)  # F ~ N(0, sigma)
    Lp = sp.Symbol("L", positive=True)
    p5 = sp.integrate(gauss, (z, -sp.oo, -Lp))  # Eq. 5: L + F < 0
    p6 = sp.integrate(gauss, (z, Lp, sp.oo))  # Eq. 6: theta(-L + F), F > L
    ok = s_val == [-1] and equal(p5, p6) and equal(gauss.subs(z, -z), gauss)
    return ok, (f"Eq. 1's curvature makes Eq. 2 read -<O> Delta + s dO Delta with s = {s_val[0]}; the Gaussian "
                f"law of dO (Eq. 3, quadratic) is invariant under dO -> -dO, and P(L + F < 0) = {sp.simplify(p5)} "
                f"= P(F > L) = {sp.simplify(p6)}")


# --- Eq. 5 and the reduced field --------------------------------------------------------------------

def _check_gradient_sign():
    printed = -xi0**2 * k**2 + h  # Fourier symbol of the printed xi0^2 lap + h
    corrected = xi0**2 * k**2 + h  # symbol of <O> of Eq. 4
    at = {k: 2 * sp.sqrt(h) / xi0}
    ok, detail = differ(printed, corrected)
    neg = sp.simplify(printed.subs(at))
    ok = ok and equal(neg, -3 * h) and corrected.is_positive
    return ok, f"{detail}; the printed symbol is {neg} < 0 at k = 2 sqrt(h)/xi0, Eq. 4's {corrected} > 0"


def _check_reduced_field_parentheses():
    ok, detail = differ(_H - _Hc0 / _Hc0, (_H - _Hc0) / _Hc0, at={_H: sp.Rational(11, 10), _Hc0: 1})
    at2 = {_H: sp.Rational(22, 10), _Hc0: 2}  # the same physical h = 0.1, other unit
    p1, p2 = (_H - _Hc0 / _Hc0).subs({_H: sp.Rational(11, 10), _Hc0: 1}), (_H - _Hc0 / _Hc0).subs(at2)
    ok = ok and p1 != p2 and equal(((_H - _Hc0) / _Hc0).subs(at2), sp.Rational(1, 10))
    return ok, (f"{detail}; the printed H - 1 also depends on the unit of the field: {p1} (H = 1.1, Hc0 = 1) vs "
                f"{p2} (H = 2.2, Hc0 = 2), while (H - Hc0)/Hc0 = 1/10 in both")


def _check_regime():
    ratio = sp.simplify((xi0 / sp.sqrt(h)) / xi0)  # L_f/xi0, Eq. 11
    at_high, at_low = ratio.subs(h, 9), ratio.subs(h, sp.Rational(1, 100))  # H = 10 Hc0; H = 1.01 Hc0
    lim = sp.limit(ratio, h, sp.oo)
    ok = at_high < 1 and at_low > 1 and lim == 0
    return ok, (f"L_f/xi0 = {ratio}: {at_high} at H = 10 Hc0 (h = 9), -> {lim} for H >> Hc0; the gradient expansion "
                f"xi0^2 lap of the Landau-Ginzburg equation needs L_f >> xi0, i.e. h << 1 (L_f/xi0 = {at_low} at "
                "h = 0.01); the saddle point needs g^2 h >> 1")


# --- Eqs. 7-15 ----------------------------------------------------------------------------------------

def _check_eq7():
    zz = sp.Symbol("z", real=True)
    printed = 2 * sp.pi * GaussianTail(zz / sp.sqrt(2 * eps_reg)).rewrite(sp.erfc)  # Eq. 7 as printed
    lim_neg = sp.limit(printed.subs(zz, -1), eps_reg, 0, "+")  # z = L - F < 0: theta(F - L) = 1
    lim_pos = sp.limit(printed.subs(zz, 1), eps_reg, 0, "+")
    ok, detail = differ(lim_neg, 1)
    ok = ok and equal(lim_neg, 2 * sp.pi) and equal(lim_pos, 0)
    return ok, (f"printed right-hand side (Gaussian-regulated) tends to {lim_neg} for F > L and {lim_pos} for F < L, "
                f"i.e. 2 pi theta(F - L); against theta = 1: {detail}")


def _check_eq9():
    Ls, ss = sp.symbols("L_s sigma_s", positive=True)
    arg8, arg9 = Ls / sp.sqrt(ss), Ls / sp.sqrt(2 * ss)  # Eq. 9 printed, read with the paper's erfc = Q
    ok, detail = differ(arg9, arg8)
    with mpmath.workdps(30):
        logq = lambda t: mpmath.log(mpmath.ncdf(-t))  # noqa: E731  log Q(t)
        ratios = [logq(mpmath.mpf(t)) / logq(mpmath.mpf(t) / mpmath.sqrt(2)) for t in (10, 100, 1000)]
    ok = ok and abs(ratios[-1] - 2) < mpmath.mpf("0.01")
    return ok, (f"{detail}; with the paper's own erfc = Q, log Q(x)/log Q(x/sqrt 2) at x = 10, 100, 1000: "
                + ", ".join(mpmath.nstr(v, 5) for v in ratios) + " (-> 2: the printed exponent is halved)")


def _check_eq11_argument():
    w = sp.Symbol("w", positive=True)
    eta = sp.Lambda(u, sp.exp(-u**2 / (2 * w**2)))
    r_ = L_f * y1
    printed, corrected = eta(y1 / L_f), eta(r_ / L_f)
    ok, detail = differ(printed, corrected)
    ok = ok and equal(corrected, eta(y1))
    return ok, f"with r = y L_f and a Gaussian profile of width w, eta(r/L_f) = eta(y); printed eta(y/L_f): {detail}"


def _lap(expr):
    return laplacian(expr, evaluate=True)


def _check_B_sign():
    w = sp.Symbol("w", positive=True)
    e = gauss_profile(w)
    printed = plane_integral(e * (_lap(e) + e))
    corrected = plane_integral(e * (-_lap(e) + e))
    ok, detail = differ(printed, corrected)
    ok = ok and equal(printed, sp.pi * (w**2 - 1)) and equal(corrected, sp.pi * (w**2 + 1))
    return ok, (f"Gaussian test profile of width w: printed B = {sp.factor(printed)} (negative for w < 1), "
                f"corrected B = {sp.factor(corrected)} > 0; {detail}")


def _check_eq13():
    printed_lin = lambda f: sp.diff(f, rho, 2) + sp.diff(f, rho) / rho + f  # noqa: E731  (lap + 1)
    corrected_lin = lambda f: sp.diff(f, rho, 2) + sp.diff(f, rho) / rho - f  # noqa: E731  (lap - 1)
    k0 = sp.besselk(0, rho)
    # (lap - 1) K0 = 0 (proved next), so the printed operator differs iff (lap + 1) K0 != 0
    ok, detail = differ(sp.expand(printed_lin(k0)), 0, at={rho: 1})
    ok = ok and equal(printed_lin(sp.besselj(0, rho)), 0) and equal(corrected_lin(k0), 0)
    from numerics.droplet import optimal_droplet
    d = optimal_droplet(30)
    with mpmath.workdps(30):
        printed_B = d.mass - d.gradient_norm  # int eta(lap + 1)eta = M - G on the optimum
    ok = ok and abs(printed_B) < mpmath.mpf(10) ** -28
    return ok, ("far field: the printed (lap + 1) is solved by J0(rho) ~ rho^(-1/2) cos (not normalizable), the "
                f"corrected (lap - 1) by K0(rho) ~ e^(-rho); (lap + 1) K0 against 0: {detail}; the printed "
                f"B vanishes on the optimum ({mpmath.nstr(printed_B, 2)})")


def _check_eq14_sign():
    L_s = B * h * L_f**2  # Eq. 12 (corrected sign)
    sigma_s = A**2 * xi0**2 * L_f**2 / g**2
    tail = sp.simplify((L_s / sp.sqrt(sigma_s)).subs(L_f, xi0 / sp.sqrt(h)))  # Eq. 11
    printed = B * g / A * sp.sqrt(-h)  # (Hc - H)/Hc = -h
    ok, detail = differ(printed, tail)
    ok = ok and equal(tail, B * g / A * sp.sqrt(h)) and printed.is_real is False
    return ok, f"L_s/sqrt(sigma_s) = {tail}; the printed argument {sp.simplify(printed)} is imaginary for h > 0; {detail}"


def _check_eq15():
    X = V * lam
    P_l = X**n_drop / sp.factorial(n_drop) * sp.exp(-X)
    printed = (P_l * n_drop / P_l) / V  # (1/V) sum_l P_l l / P_l read literally, one term
    mean = (sp.Sum(n_drop * P_l, (n_drop, 0, sp.oo)) / sp.Sum(P_l, (n_drop, 0, sp.oo))).doit() / V
    ok, detail = differ(printed, mean, at={n_drop: 3, V: 2, lam: sp.Rational(1, 2)})
    ok = ok and equal(mean, lam)
    return ok, (f"Poisson P_l: printed ratio = {sp.simplify(printed)} (depends on l), "
                f"sum_l l P_l / sum_l P_l / V = {sp.simplify(mean)}; {detail}")


# --- Eqs. 16-18 ---------------------------------------------------------------------------------------

def _check_eq16():
    sol_printed = sp.solve(N_q * t_amp / Delta0**2 + L_funct - F_funct, t_amp)[0]
    sol_eq2 = sp.solve(-h + f_pot - t_amp / (2 * Delta0**2), t_amp)[0]  # uniform Delta, dO = f constant
    printed_uniform = sol_printed.subs({N_q: V, L_funct: h * V, F_funct: f_pot * V})
    ok, detail = differ(printed_uniform, sol_eq2, at={f_pot: 2, h: 1, Delta0: 1})
    ok = ok and equal(printed_uniform / sol_eq2, sp.Rational(1, 2))
    return ok, (f"uniform solution of Eq. 2: Delta^2 = {sol_eq2}; the printed delta-function argument gives "
                f"{sp.simplify(printed_uniform)} (half of it); {detail}")


def _check_eq18():
    derived = c3**sp.Rational(3, 2) * Delta0 * GaussianTail(x) / g**2
    printed = Delta0 * GaussianTail(x) / g
    ratio_ = sp.simplify(derived / printed)
    ok, detail = differ(ratio_, 1, at={c3: 1, g: 2})
    return ok and equal(ratio_, c3**sp.Rational(3, 2) / g), f"derived/printed = {ratio_} (one power of g); {detail}"


def _check_eq18_dos():
    nu0 = 1 / (dim.energy * dim.length**3)
    gap = dim.energy
    overlap = dim.length**4 / dim.length**2  # d^2r d^2r' O(r, r') eta eta, O ~ 1/area (Eq. 2)
    printed = _dims(nu0 * gap**2 * overlap)
    corrected = _dims(nu0 * dim.length * gap**2 * overlap)
    ok = printed != corrected and corrected == _dims(dim.energy)
    return ok, (f"dO of Eq. 2 has dimension 1/area (int dO Delta d^2r' is a gap), so the double integral is an area; "
                f"nu0 Delta^2 x area: {_dim_text(printed)} (energy per length); nu0 d Delta^2 x area: "
                f"{_dim_text(corrected)} (an energy, like Delta0/g)")


def _check_average_citation():
    r1, r1p = sp.symbols("r_1 r_1'", real=True)
    sep = {r1: 0, r1p: 2 * xi0}
    avg4 = -(xi0**2 * sp.diff(sp.DiracDelta(r1 - r1p), r1, 2) - h * sp.DiracDelta(r1 - r1p))  # Eq. 4, <dO> = 0
    nonlocal3 = xi0**4 / (r1 - r1p)**4  # Eq. 3's nonlocal kernel, at r2' = r1, r2 = r1'
    a, b = avg4.subs(sep), nonlocal3.subs(sep)
    ok, detail = differ(b, a)
    ok = ok and a == 0
    return ok, (f"Eq. 3 is the second moment <dO dO>; its nonlocal kernel at |r1 - r1'| = 2 xi0 is {b}, "
                f"while Eq. 4's average -[xi0^2 lap - h] d(r - r') (with <dO> = 0) vanishes there ({a}): "
                f"{detail}")


# --- the phase argument and Eq. 19 --------------------------------------------------------------------

def _k_pm():
    return sp.sqrt(1 + E_Z), sp.sqrt(1 - E_Z)  # spin-up/down Fermi momenta (hbar = 2m = mu = 1, v_F = 2)


def _check_phase_sum():
    kp, km = _k_pm()
    vf = 2  # v_F = dE/dk = 2 k_F in units 2m = 1
    total_sum = sp.limit(kp + km, E_Z, 0)  # per unit length
    diff_lead = sp.series(kp - km, E_Z, 0, 3).removeO()
    printed = E_Z / vf  # mu_B H/v_F
    ok, detail = differ(printed, diff_lead)
    ok = ok and total_sum == 2 and equal(diff_lead, 2 * E_Z / vf)
    return ok, (f"exact model k_pm = sqrt(1 +- mu_B H) (v_F = 2): per unit length the sum p_up + p_down -> "
                f"{total_sum} = 2 p_F (Fermi-wavelength oscillation), the difference = {diff_lead} + O(E_Z^3) "
                f"= 2 mu_B H/v_F; printed mu_B H/v_F: {detail}")


def _check_clean_condition():
    l_ = dim.length
    zeeman, vel, hbar = dim.energy, dim.velocity, dim.action
    printed = _dims(l_ / (zeeman / vel))  # l over mu_B H/v_F
    printed_hbar = _dims(l_ / (zeeman / (hbar * vel)))  # even with hbar: l over an inverse length
    corrected = _dims(l_ / (hbar * vel / zeeman))
    ok = printed != {} and printed_hbar != {} and corrected == {}
    return ok, (f"l/(mu_B H/v_F): {_dim_text(printed)}; l/(mu_B H/(hbar v_F)): {_dim_text(printed_hbar)}; "
                f"l/(hbar v_F/(mu_B H)): {_dim_text(corrected)}: only the corrected condition compares two lengths")


def _check_dirty_condition():
    L_, l_ = sp.symbols("L l", positive=True)
    D_2d = v_F * l_ / 2  # 2D diffusion constant
    printed_ratio = (L_**2 / l_) / (v_F / E_Z)  # the printed condition says this is << 1
    dirty_ratio = (L_ / sp.sqrt(D_2d / E_Z))**2  # the paper's dirty limit says this is >> 1
    identity = equal(printed_ratio, dirty_ratio / 2)
    pt = {L_: 10, l_: 1, v_F: 1, E_Z: 1}  # L = 10 sqrt(2) sqrt(D/E_Z): deep in the dirty limit
    ok = identity and printed_ratio.subs(pt) == 100 and dirty_ratio.subs(pt) == 200
    phase = sp.simplify(2 * E_Z / v_F * L_**2 / l_)
    return ok, (f"with D = v_F l/2 (2D), (L^2/l)/(v_F/mu_B H) = (L/sqrt(D/mu_B H))^2/2 exactly, so the next "
                f"sentence's dirty limit L >> sqrt(D/mu_B H) means L^2/l >> v_F/mu_B H; e.g. L = 10, l = 1, "
                f"v_F = mu_B H = 1: (L^2/l)/(v_F/mu_B H) = {printed_ratio.subs(pt)}, (L/sqrt(D/mu_B H))^2 = "
                f"{dirty_ratio.subs(pt)}; the phase 2 mu_B H/v_F along a path of length L^2/l is {phase}, "
                "random only when it is >> 1")


def _check_eq19_phase():
    from numerics.pair_correlation import pair_correlation_clean_2d
    hv, res = mpmath.mpf("0.3"), {}
    kp, km = mpmath.sqrt(1 + hv), mpmath.sqrt(1 - hv)
    amp = (1 - hv**2) ** mpmath.mpf(0.25) / (4 * mpmath.pi**2 * (kp + km))  # route 1 amplitude
    q = kp - km
    vals = {rv: pair_correlation_clean_2d(rv, 0.3, dps=15) * rv**2 / amp for rv in (200, 210, 220, 230)}
    for phase in (0, -mpmath.pi / 4):
        res[phase] = max(abs(v - mpmath.cos(q * rv + phase)) for rv, v in vals.items())
    ok = res[0] < 0.02 and res[-mpmath.pi / 4] > 0.2
    return ok, (f"exact quadrature at mu_B H = 0.3, r = 200..230: max |r^2 K/amplitude - cos(q r + phase)| = "
                f"{mpmath.nstr(res[0], 3)} for phase 0, {mpmath.nstr(res[-mpmath.pi / 4], 3)} for the printed -pi/4")


def _check_period():
    printed = v_F / E_Z
    corrected = 2 * sp.pi / (2 * E_Z / v_F)  # period of cos(2 mu_B H r/v_F)
    kp, km = _k_pm()
    ok, detail = differ(printed, corrected)
    ok = ok and equal(corrected, sp.pi * v_F / E_Z) and equal(sp.limit((kp - km) / E_Z, E_Z, 0), 1)
    return ok, f"period of cos(2 mu_B H r/v_F) = {sp.simplify(corrected)}, printed v_F/(mu_B H): {detail}"


def _check_dirty_decay():
    U0 = (1 + sp.I) * r * sp.sqrt(E_Z / D)
    ok = equal(sp.re(U0), r * sp.sqrt(E_Z / D))
    with mpmath.workdps(30):  # the numbers: log|u0 K1(u0)| slope at large r
        E, r1, r2 = mpmath.mpf("0.5"), mpmath.mpf(60), mpmath.mpf(80)
        # |u0 K1(u0)| ~ |u0|^(1/2) e^(-Re u0) (1 + O(1/u0)): strip the power to read off the exponential rate
        env = lambda rv: abs(mpmath.sqrt((1 + 1j) * rv * mpmath.sqrt(E)) * mpmath.besselk(1, (1 + 1j) * rv * mpmath.sqrt(E)))  # noqa: E731
        slope = -(mpmath.log(env(r2)) - mpmath.log(env(r1))) / (r2 - r1) / mpmath.sqrt(E)
    ok = ok and abs(slope - 1) < 0.01 and abs(slope - mpmath.sqrt(2)) > 0.3
    return ok, (f"Re u0 = r sqrt(E_Z/D); measured decay rate of |u0 K1(u0)| (D = 1, E_Z = 0.5, r = 60..80) in units "
                f"of sqrt(E_Z/D): {mpmath.nstr(slope, 6)}; printed: sqrt 2 = 1.41421")


# --- the catalogue ------------------------------------------------------------------------------------

def collect():
    """A fresh list of every erratum, in the paper's order (unchecked)."""
    E = Erratum
    return [
        E("Eq. 1", "typo", "positive defined, i.e. det O(r, r') > 0",
          "positive definite, i.e. every eigenvalue of O(r, r') > 0 (det O > 0 is necessary, not sufficient)",
          "A curvature with an even number of negative modes has a positive determinant.",
          _check_det_positive, where="text after Eq. 1"),
        E("Eq. 1", "typo", "At H_c^0 - H/H_c^0 ~ g^-2", "At (H_c^0 - H)/H_c^0 ~ g^-2",
          "Missing parentheses: the printed expression subtracts a number from a field.",
          _check_reduced_field_below, where="text after Eq. 1"),
        E("Eq. 1", "typo", "g = e^2 nu0 D d/(2 pi^2 hbar) is the dimensionless film conductance",
          "g = hbar nu0 D d up to a number: the film conductance e^2 nu0 D d in units of e^2/hbar",
          "e^2 nu0 D d is already a conductance; dividing it by hbar leaves conductance/action.  Eq. 18 "
          "(nu0 d xi0^2 Delta0 = g with xi0^2 = hbar D/Delta0) uses g = hbar nu0 D d.",
          _check_g_dimension, where="text after Eq. 1"),
        E("Eqs. 2, 4-6", "convention", "Eq. 2: [...] Delta + int dO Delta;  Eq. 4: O = -[...] + dO;  "
          "Eq. 5: L + F < 0;  Eq. 6: theta(-L + F)",
          "one sign: Eq. 2 = -dE/dDelta* holds with -dO of Eq. 4; droplet where F > L (or L + F < 0 with -F)",
          "Eq. 1's curvature makes Eq. 2's dO the negative of Eq. 4's; Eq. 5 uses Eq. 4's sign, Eq. 6 Eq. 2's.  "
          "The Gaussian law of dO (Eq. 3) is even, so every probability is the same either way.",
          _check_dO_sign),
        E("Eq. 3", "convention", "<dO(r1, r1') dO(r2, r2')> ~ (1/g^2)[... + d(r1 - r2') d(r1' - r2) xi0^4/|r1 - r1'|^4]",
          "as printed for a complex Hermitian dO; for a real symmetric dO: "
          "(1/g^2)[... + (d(r1 - r2) d(r1' - r2') + d(r1 - r2') d(r1' - r2)) xi0^4/|r1 - r1'|^4]",
          "Without time-reversal symmetry (the paper's strong spin-orbit + Zeeman regime) dO is complex Hermitian, "
          "<dO_ab dO_ab> = 0 and the single printed pairing is the correlator; the symmetrized form belongs to a "
          "real symmetric dO.  Both readings give the same leading sigma (the local term; Eqs. 8-15) and the same "
          "<|J|^2> between distant droplets (Eq. 18); they part only in the O(h) nonlocal part of sigma.",
          _check_eq3_convention),
        E("Eq. 5", "error", "xi0^2 lap + (H - Hc0)/Hc0  (also O_LG after Eq. 5)",
          "-xi0^2 lap + (H - Hc0)/Hc0",
          "Eq. 4 at Delta = 0 gives <O> = -xi0^2 lap + h, positive definite for h > 0; the printed "
          "operator has the gradient sign flipped and is negative for k > sqrt(h)/xi0.",
          _check_gradient_sign),
        E("Eq. 5", "typo", "H - H_c^0/H_c^0  (before Eq. 5, O_LG after Eq. 5, after Eqs. 16 and 17, L_d)",
          "(H - H_c^0)/H_c^0 = h",
          "Missing parentheses around the reduced field, six times in the text; the equations print it right.",
          _check_reduced_field_parentheses, where="text before Eq. 5 and after Eqs. 5, 16, 17"),
        E("Eq. 5", "typo", "the probability to have superconducting pairing states at H >> H_c^0",
          "at H > H_c^0 with H_c^0/g^2 << H - H_c^0 << H_c^0 (1/g^2 << h << 1)",
          "The Landau-Ginzburg expansion of Eq. 2 holds near H_c^0 (h << 1, L_f >> xi0); the paper's own "
          "condition is H - H_c^0 >> H_c^0/g^2.", _check_regime, where="text after Eq. 5"),
        E("Eq. 7", "typo", "theta(-L + F) = int_{-oo}^0 dg int dh exp[i h (L - F - g)]",
          "theta(-L + F) = (1/2 pi) int_{-oo}^0 dg int dh exp[i h (L - F - g)]",
          "int dh exp(i h a) = 2 pi delta(a); the printed right side is 2 pi theta(F - L) (absorbed by N).",
          _check_eq7),
        E("Eq. 9", "typo", "erfc(L_s / sqrt(2 sigma_s))", "Q(L_s / sqrt(sigma_s)) = erfc_std(L_s/sqrt(2 sigma_s))/2",
          "With the paper's own definition of erfc (after Eq. 8) the sqrt 2 is spurious; it is right only "
          "for the standard erfc, with a factor 1/2.  Eqs. 8, 14, 15 use L_s/sqrt(sigma_s).", _check_eq9),
        E("Eq. 11", "typo", "eta_s(r) = eta_s(y/L_f)", "eta_s(r) = eta_s(r/L_f) = eta~_s(y)",
          "The profile's argument is r/L_f = y; y/L_f is a slip.", _check_eq11_argument),
        E("Eq. 12", "error", "B = int dy eta_s (lap + 1) eta_s",
          "B = int dy eta_s (-lap + 1) eta_s = int (|grad eta_s|^2 + eta_s^2) dy > 0",
          "Same sign slip as Eq. 5; with the printed sign B can be negative (the Gaussian tail of a "
          "rare event would exceed 1/2) and it vanishes on the optimal droplet.", _check_B_sign),
        E("Eq. 13", "error", "(lap_y + 1) eta_s + int C~ eta_s eta_s eta_s = 0",
          "(lap_y - 1) eta_s + c3 eta_s^3 = 0  (leading local C~ = c3 d d d)",
          "Euler-Lagrange equation of L/sqrt(sigma) with the positive operator -lap + 1 (see Eq. 5); the "
          "printed sign has no decaying solution.", _check_eq13),
        E("Eq. 14", "typo", "erfc[(B g/A) ((Hc - H)/Hc)^(1/2)]", "Q[(B g/A) ((H - Hc0)/Hc0)^(1/2)]",
          "Eq. 12 gives L_s/sqrt(sigma_s) = (B g/A) sqrt(h) with h = (H - Hc0)/Hc0 > 0; the printed "
          "(Hc - H)/Hc is negative above the critical field (Eq. 15 prints it correctly).", _check_eq14_sign),
        E("Eq. 15", "typo", "rho = (1/V) sum_l P_l l / P_l", "rho = (1/V) sum_l l P_l / sum_l P_l",
          "The denominator is the normalization sum; as printed the ratio is l/V.", _check_eq15),
        E("Eq. 16", "error",
          "P(Delta) = N (2 Delta N_a/Delta0^2) int P(K_M) delta[N_a (Delta/Delta0)^2 + L_a - F_a]",
          "P(Delta) = N (Delta N_a/Delta0^2) int P(K_M) delta[N_a Delta^2/(2 Delta0^2) + L_a - F_a]",
          "Projecting Eq. 2 (nonlinearity Delta^3/(2 Delta0^2)) on the droplet shape gives the 1/2; the "
          "Jacobian follows.  It rescales C by 1/2 relative to the printed argument.", _check_eq16),
        E("Eq. 18", "error", "|coupling| ~ (Delta0/g) erfc[(Bg/A) sqrt(h)]",
          "|coupling| ~ c3^(3/2) (Delta0/g^2) Q((B/A) g sqrt(h))",
          "Delta_a Delta_b ~ Delta0^2/(C g^2) (Eq. 17), sqrt<|K|^2> ~ (sqrt(c3)/g) xi0^2 L_f^2/L_d^2, "
          "L_f^2/L_d^2 = Q (Eq. 15), nu0 d xi0^2 Delta0 = g: the product has 1/g^2, not 1/g.", _check_eq18),
        E("Eq. 18", "typo", "|nu0 Delta_a Delta_b int dr dr' O eta_s eta_s|",
          "|nu0 d Delta_a Delta_b int dr dr' O eta_s eta_s|  (nu0 d: density of states of the film)",
          "nu0 is the 3D density of states; the integrals are over the film's plane, so the coupling needs "
          "the 2D density of states nu0 d to be an energy (the Eq. 18 erratum uses nu0 d).", _check_eq18_dos),
        E("Eq. 18", "typo", "The average O, as shown in Eq. 3, is proportional to d(r - r')",
          "The average O, as shown in Eq. 4, is proportional to d(r - r') (a local operator)",
          "Eq. 3 is the second moment of dO, whose nonlocal term is long-ranged; the local average is Eq. 4's.",
          _check_average_citation, where="text after Eq. 18"),
        E("Eq. 19", "error", "int p_up . dr + int p_down . dr = int dr mu_B H/v_F",
          "int p_up . dr - int p_down . dr = int dr 2 mu_B H/v_F",
          "The pair's phase is the difference of the two spins' momenta (the sum is 2 p_F, the Fermi-wavelength "
          "oscillation the text says cancels); each spin's Fermi momentum moves by mu_B H/v_F, so the difference "
          "is 2 mu_B H/v_F, as Eq. 19 itself prints.", _check_phase_sum, where="text before Eq. 19 (phase argument)"),
        E("Eq. 19", "typo", "In the clean limit when l >> mu_B H/v_F", "l >> hbar v_F/(mu_B H)",
          "l is a length and mu_B H/v_F a momentum (an inverse length with hbar): the mean free path must "
          "exceed the oscillation length hbar v_F/(mu_B H).", _check_clean_condition,
          where="text before Eq. 19 (clean condition)"),
        E("Eq. 19", "error", "... ~ cos(|r1 - r2| 2 mu_B H/v_F - pi/4)/|r1 - r2|^2",
          "K ~ (1 - E_Z^2)^(1/4) cos(q r)/(4 pi^2 r^2 (k+ + k-)), q = k+ - k- -> 2 mu_B H/v_F; no -pi/4",
          "The -pi/4 of J0's asymptotics cancels against the phase of the Fourier transform of the "
          "square-root singularity (route 2); route 1 and the exact quadrature agree.", _check_eq19_phase),
        E("Eq. 19", "error", "the sign of the coupling oscillates with a period v_F/mu_B H",
          "period 2 pi/q = pi v_F/(mu_B H) (for mu_B H << mu)", "cos(2 mu_B H r/v_F) has period pi v_F/(mu_B H).",
          _check_period, where="text after Eq. 19"),
        E("Eq. 19", "error", "When L^2/l << v_F/mu_B H, the sign is unpredictable",
          "When L^2/l >> v_F/(mu_B H), the sign is unpredictable",
          "A pair moving along a path of length L^2/l picks up the phase (2 mu_B H/v_F) L^2/l; the sign is random "
          "when that phase is large, which is the dirty limit L >> sqrt(D/mu_B H) of the next sentence.",
          _check_dirty_condition, where="text after Eq. 19 (dirty limit)"),
        E("Eq. 19", "error", "dirty limit: <coupling> ~ exp(-sqrt(2) |r1 - r2|/sqrt(D/mu_B H))",
          "<coupling> ~ Re[u0 K1(u0)]/r^2, u0 = (1 + i) r sqrt(mu_B H/D): decay exp(-r/sqrt(D/mu_B H))",
          "With the Cooperon 1/(D Q^2 + 2|eps| + 2 i mu_B H sgn eps) (each spin shifted by mu_B H, as in the "
          "clean limit) the decay rate is sqrt(mu_B H/D); the printed sqrt 2 needs a splitting of 4 mu_B H.",
          _check_dirty_decay, where="text after Eq. 19 (dirty limit)"),
    ]


ERRATA = collect()


# --- the README table ---------------------------------------------------------------------------------

def _cell(text, code=True):
    """A Markdown table cell: ``|`` escaped as ``\\|`` (GFM splits cells before parsing code spans)."""
    text = text.replace("|", r"\|")
    return f"`{text}`" if code else text


def markdown_table(errata=None):
    """The errata as a GitHub-flavoured Markdown table: equation (and where), kind, printed, corrected."""
    rows = ["| equation | kind | printed | corrected |", "| --- | --- | --- | --- |"]
    for e in ERRATA if errata is None else errata:
        eq = e.where if e.where else e.equation
        rows.append(f"| {_cell(eq, code=False)} | {e.kind} | {_cell(e.printed)} | {_cell(e.corrected)} |")
    return "\n".join(rows)


# --- the README section -------------------------------------------------------------------------------

README_START, README_END = "<!-- errata-table:start -->", "<!-- errata-table:end -->"


def readme_section(text):
    """The generated part of a README text (between the errata-table markers), or ``None``."""
    if README_START not in text or README_END not in text:
        return None
    return text.split(README_START, 1)[1].split(README_END, 1)[0].strip("\n")


def write_readme(path):
    """Replace the README's errata table (between the markers) with :func:`markdown_table`."""
    from pathlib import Path
    p = Path(path)
    text = p.read_text()
    if readme_section(text) is None:
        raise ValueError(f"path: {p} has no {README_START} ... {README_END} section")
    head, rest = text.split(README_START, 1)
    tail = rest.split(README_END, 1)[1]
    p.write_text(f"{head}{README_START}\n{markdown_table()}\n{README_END}{tail}")


if __name__ == "__main__":  # python -m derivations.errata --readme README.md
    import sys
    if sys.argv[1:2] == ["--readme"] and len(sys.argv) == 3:
        write_readme(sys.argv[2])
        print(f"wrote the errata table ({len(ERRATA)} rows) into {sys.argv[2]}")
    else:
        print(markdown_table())
