"""Eq. 19 derivation (derivations.pair_correlation): every step and link checks, results are the right sides
of checked steps resting on premises, generated code rests on proofs only, and properties of the results
tested by routes the derivation does not use (mpmath evaluation of the branches and of the fold, the
proper-time reference of the dirty limit).  Adversarial cases: each registered check of the module rejects
a wrong variant (a fold with a wrong factor, the wrong square root, a non-symmetric integrand, ...)."""
import mpmath
import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings, strategies as st

from derivations import pair_correlation as pc
from derivations.core import Derivation, Step
from derivations.objects import Insert
from derivations.pair_correlation import derive
from derivations.rules import Ref
from derivations.symbols import D, E_Z, Q, eps, eps_p, nu0, r
from numerics._generated import pair_correlation as gen


@pytest.fixture(scope="module")
def derivation():
    d = derive()
    d.check()  # raises DerivationError naming each failed step, link, proof or chain
    return d


def test_every_step_and_link_checks(derivation):
    for s in derivation.steps:
        assert s.outcome is not None and s.outcome.ok, (s.index, s.claim, s.outcome)
        assert s.uses is not None and derivation.link(s).ok, (s.index, s.claim)


def test_no_placeholder_steps(derivation):
    for s in derivation.steps:
        assert "obtained:" not in s.latex()
        assert not (s.lhs == 0 and s.rhs == 0)
        if s.method == "numeric":  # a numeric step shows its quantity: the left side is not a bare number
            assert not any(getattr(e, "is_Number", False) for e in sp.Matrix([s.lhs])), s.claim


def test_results_are_right_sides_resting_on_premises(derivation):
    expected = {"kappa_plus_branch", "kappa_minus_branch", "K_asymptotic", "q", "amplitude", "K_route2",
                "K_dirty", "decay_length_dirty"}
    assert set(derivation.results) == expected
    for name, value in derivation.results.items():
        assert value is derivation.result_step[name].rhs
        assert derivation.premises_of(name), (name, derivation.chain(name))
    assert "kappa" in derivation.premises_of("K_asymptotic")
    assert "K_model" in derivation.chain("K_asymptotic")  # through the fold step
    assert {"b_def", "bubble"} <= set(derivation.premises_of("K_route2"))
    assert "kappa_plus_square" in derivation.chain("kappa_plus_branch")
    assert "cooperon" in derivation.premises_of("K_dirty")


def test_generated_functions_are_proven(derivation):
    for g in derivation.generated:
        assert g.prove(derivation.results).ok


def _branches(derivation):
    return [sp.lambdify((E_Z, eps), derivation.results[k], "mpmath") for k in ("kappa_plus_branch", "kappa_minus_branch")]


@settings(max_examples=200, deadline=None)
@given(ez=st.floats(1e-6, 1 - 1e-6), e=st.floats(1e-8, 1e4))
def test_branches_are_the_model_roots(derivation, ez, e):
    # independent of the derivation's proof: mpmath's principal root of the model's kappa^2 with Re > 0
    kp, km = _branches(derivation)
    with mpmath.workdps(30):
        for f, k2 in ((kp, -(1 + mpmath.mpf(ez)) - 1j * mpmath.mpf(e)), (km, -(1 - mpmath.mpf(ez)) + 1j * mpmath.mpf(e))):
            k = f(mpmath.mpf(ez), mpmath.mpf(e))
            assert abs(k * k - k2) <= mpmath.mpf(10) ** -25 * abs(k2)
            assert mpmath.re(k) > 0
            assert abs(k - mpmath.sqrt(k2)) <= mpmath.mpf(10) ** -25 * abs(k)


@settings(max_examples=200, deadline=None)
@given(ez=st.floats(1e-3, 1 - 1e-3), x=st.floats(-1e3, 1e3), t=st.floats(-0.999, 0.999))
def test_branches_are_analytic_on_the_strip(derivation, ez, x, t):
    # at complex eps with |Im eps| < 1 - E_Z the radicands stay in the right half plane and r kappa off (-oo, 0]
    e = complex(x, t * (1 - ez))
    assert (1 + ez + 1j * e).real > 0 and (1 - ez - 1j * e).real > 0
    kp, km = _branches(derivation)
    assert complex(kp(ez, e)).imag < 0 < complex(km(ez, e)).imag


def test_asymptotic_result_factorizes(derivation):
    res = derivation.results
    f = sp.lambdify((r, E_Z), res["K_asymptotic"] - res["amplitude"] * sp.cos(res["q"] * r) / r**2, "mpmath")
    with mpmath.workdps(30):
        for rv, ev in ((100, "0.3"), (1e4, "1e-3"), (60, "0.8")):
            assert abs(f(mpmath.mpf(rv), mpmath.mpf(ev))) < mpmath.mpf(10) ** -35


@pytest.mark.parametrize("rv, ev, dv", [(2.0, 0.1, 0.5), (5.0, 0.4, 1.0), (0.3, 2.0, 3.0)])
def test_dirty_result_matches_proper_time_reference(derivation, rv, ev, dv):
    from numerics.reference.pair_correlation import dirty_proper_time_ref
    f = sp.lambdify((r, E_Z, D), derivation.results["K_dirty"].subs(nu0, 1 / (4 * sp.pi)), "mpmath")
    with mpmath.workdps(30):
        want = dirty_proper_time_ref(rv, ev, dv)
        got = f(mpmath.mpf(rv), mpmath.mpf(ev), mpmath.mpf(dv))
    assert abs(got - want) <= mpmath.mpf(10) ** -25 * abs(want)
    assert gen.pair_correlation_dirty_2d(rv, ev, dv) == pytest.approx(float(want), rel=1e-12)


def test_decay_length_is_the_decay_of_the_closed_form(derivation):
    # |K_d| e^(r/L) r^(3/2) stays bounded while e^(r/L) alone grows: read off numerically at large r
    L = float(derivation.results["decay_length_dirty"].subs({D: 2, E_Z: sp.Rational(1, 2)}))
    f = sp.lambdify((r, E_Z, D), derivation.results["K_dirty"].subs(nu0, 1), "mpmath")
    env = [abs(mpmath.besselk(1, (1 + 1j) * rv / L) * (1 + 1j) * rv / L) for rv in (60, 80)]
    slope = -(mpmath.log(env[1]) - mpmath.log(env[0])) / 20 * L
    assert abs(slope - 1) < 0.02
    assert abs(f(60, 0.5, 2)) > 0


def test_generated_asymptotic_equals_result(derivation):
    f = sp.lambdify((r, E_Z), derivation.results["K_asymptotic"], "mpmath")
    rr = np.array([100.0, 1e3, 37.0, 5e4])
    zz = np.array([0.3, 1e-3, 0.7, 0.05])
    got = gen.pair_correlation_clean_2d_asymptotic(rr, zz)
    for g, rv, zv in zip(got, rr, zz):
        with mpmath.workdps(30):
            want = f(mpmath.mpf(rv), mpmath.mpf(zv))
            env = abs(derivation.results["amplitude"].subs(E_Z, zv)) / rv**2
        assert abs(g - want) <= 1e-13 * float(env)


# --- evidence and rules --------------------------------------------------------------------------------

# sampled points, and two exact constants compared numerically (angular_above at one point, dirty_vs_proper_time)
EVIDENCE = {"route1_vs_exact", "angular_below", "route2_vs_quadrature", "angular_above", "dirty_vs_proper_time"}


def test_generated_code_rests_on_proofs_only(derivation):
    assert derivation.generated_evidence() == []
    assert {s.name for s in derivation.evidence_steps} == EVIDENCE
    for name in EVIDENCE:  # labelled as evidence, and nothing rests on the sampled maxima
        assert derivation.step[name].outcome.evidence
    for s in derivation.steps:
        assert not {"route1_vs_exact", "route2_vs_quadrature"} & set(s.uses)
    for g in ("K_asymptotic", "K_dirty", "decay_length_dirty", "kappa_plus_branch", "kappa_minus_branch"):
        assert not derivation.evidence_in_chain(g)


def test_key_steps_are_proofs(derivation):
    methods = {s.name: s.method for s in derivation.steps}
    assert methods["fold_halves"] == "conjugate_fold" and methods["fold"] == "substitute_on_range"
    assert methods["kappa_plus_branch"] == methods["kappa_minus_branch"] == "principal_root"
    assert methods["cooperon_ft"] == "meijer_g_bessel"
    assert methods["eps_integral_dirty"] == "fundamental_theorem"
    assert {"kappa_plus_branch", "kappa_minus_branch", "fold_halves"} <= set(derivation.chain("K_asymptotic"))
    assert {"cooperon_ft", "eps_integral_dirty"} <= set(derivation.chain("K_dirty"))


# --- adversarial: the registered checks reject wrong variants --------------------------------------------

CTX = {"domain": pc.BRANCH_DOMAIN, "tol": None, "relation": "==", "defs": {}, "step": None}


def test_principal_root_true_and_false():
    lhs = sp.sqrt(-(1 + E_Z + sp.I * eps))
    assert pc.check_principal_root(lhs, pc.BRANCH_P, CTX).ok
    # the other square root: squares to the same W, but Re < 0
    o = pc.check_principal_root(lhs, -pc.BRANCH_P, CTX)
    assert not o.ok and "Re" in o.detail
    # not a square root at all (a wrong sign inside)
    assert not pc.check_principal_root(lhs, -sp.I * sp.sqrt(1 + E_Z - sp.I * eps), CTX).ok
    # kappa_- needs E_Z < 1: on E_Z in (0, 2) Re kappa_- > 0 is not provable
    lhs_m = sp.sqrt(-(1 - E_Z - sp.I * eps))
    assert pc.check_principal_root(lhs_m, pc.BRANCH_M, CTX).ok
    wide = dict(CTX, domain={E_Z: (0, 2), eps: (0, sp.oo)})
    assert not pc.check_principal_root(lhs_m, pc.BRANCH_M, wide).ok


def test_conjugate_fold_true_and_false():
    ctx = dict(CTX, domain={E_Z: (0, 1)})
    model = pc.K_MODEL
    assert pc.check_conjugate_fold(model, pc.FOLDED_MODEL, ctx).ok
    o = pc.check_conjugate_fold(model, pc.FOLDED_MODEL / 2, ctx)  # a fold with a wrong factor (1/8 pi^3)
    assert not o.ok and "2 c1 F - c2 g" in o.detail
    # a whole-line integrand that is not conjugate-symmetric: F(-x) != conj F(x)
    F = sp.exp(-eps**2) * (1 + sp.I * eps**2)
    o = pc.check_conjugate_fold(sp.Integral(F, (eps, -sp.oo, sp.oo)), 2 * sp.re(sp.Integral(F, (eps, 0, sp.oo))), ctx)
    assert not o.ok and "conj" in o.detail
    # a complex constant in front does not commute with Re
    G = sp.exp(-eps**2)
    o = pc.check_conjugate_fold(sp.I * sp.Integral(G, (eps, -sp.oo, sp.oo)),
                                2 * sp.I * sp.re(sp.Integral(G, (eps, 0, sp.oo))), ctx)
    assert not o.ok


def test_substitute_on_range_true_and_false():
    ctx = dict(CTX, domain={E_Z: (0, 1)})
    good = Insert(pc.FOLDED_MODEL, (pc.KAPPA_AT_P, pc.KAPPA_AT_M), (pc.BRANCH_P, pc.BRANCH_M))
    assert pc.check_substitute_on_range(good, pc.FOLDED, ctx).ok
    # the other root of kappa^2 on the path: same square, wrong branch
    wrong = Insert(pc.FOLDED_MODEL, (pc.KAPPA_AT_P, pc.KAPPA_AT_M), (-pc.BRANCH_P, pc.BRANCH_M))
    bad_rhs = pc.FOLDED.xreplace({pc.BRANCH_P: -pc.BRANCH_P})
    o = pc.check_substitute_on_range(wrong, bad_rhs, ctx)
    assert not o.ok and "Re" in o.detail
    # the right substitution, but a right side off by a factor
    assert not pc.check_substitute_on_range(good, 2 * pc.FOLDED, ctx).ok


def test_fundamental_theorem_true_and_false():
    F = pc._F_dirty()
    lhs = sp.Integral(sp.Derivative(F, eps_p), (eps_p, 0, sp.oo))
    right = D / r**2 * pc.U0 * sp.besselk(1, pc.U0)
    assert pc.check_fundamental_theorem(lhs, right, CTX).ok
    assert not pc.check_fundamental_theorem(lhs, 2 * right, CTX).ok
    # an "antiderivative" that crosses the cut of sqrt on the range (w = r sqrt(E_Z - eps)): refused
    bad = sp.Integral(sp.Derivative(sp.sqrt(E_Z - eps_p), eps_p), (eps_p, 0, sp.oo))
    o = pc.check_fundamental_theorem(bad, -sp.sqrt(E_Z), CTX)
    assert not o.ok


def test_polar_form_true_and_false():
    X = r * sp.sqrt(E_Z / D)
    lhs = sp.re(sp.sqrt(pc.U0) * sp.exp(-pc.U0))
    good = 2**sp.Rational(1, 4) * sp.sqrt(X) * sp.exp(-X) * sp.cos(X - sp.pi / 8)
    assert pc.check_polar_form(lhs, good, CTX).ok
    assert not pc.check_polar_form(lhs, 2**sp.Rational(1, 4) * sp.sqrt(X) * sp.exp(-X) * sp.cos(X + sp.pi / 8), CTX).ok
    assert not pc.check_polar_form(lhs, sp.sqrt(X) * sp.exp(-X) * sp.cos(X - sp.pi / 8), CTX).ok


def test_meijer_g_bessel_true_and_false():
    lhs = sp.Subs(sp.Integral(Q * sp.besselj(0, Q * r) * pc.COOPERON, (Q, 0, sp.oo)) / (2 * sp.pi), eps, eps_p)
    w = r * sp.sqrt((2 * eps_p + 2 * sp.I * E_Z) / D)
    good = sp.besselk(0, w) / (2 * sp.pi * D)
    assert pc.check_meijer_g_bessel(lhs, good, CTX).ok
    assert not pc.check_meijer_g_bessel(lhs, sp.besselk(1, w) / (2 * sp.pi * D), CTX).ok
    assert not pc.check_meijer_g_bessel(lhs, 2 * good, CTX).ok
    # the conjugate mass (the eps < 0 half) is a different function: refused
    assert not pc.check_meijer_g_bessel(lhs, sp.besselk(0, r * sp.sqrt((2 * eps_p - 2 * sp.I * E_Z) / D))
                                        / (2 * sp.pi * D), CTX).ok
    # SymPy's convergence condition must be proven (here Re w > 0); a branch whose condition is undecided is skipped
    z = r**2 * (eps_p + sp.I * E_Z) / (2 * D)
    G = sp.meijerg(((0,), ()), ((0, 0), (0,)), z) / (4 * sp.pi * D)
    proven = sp.Piecewise((G, sp.Abs(sp.arg(eps_p + sp.I * E_Z)) < sp.pi), (sp.nan, True))
    assert pc.check_meijer_g_bessel(proven, good, CTX).ok
    undecided = sp.Piecewise((G, sp.Abs(sp.arg(-eps_p + sp.I * E_Z)) < sp.pi), (sp.nan, True))
    o = pc.check_meijer_g_bessel(undecided, good, CTX)
    assert not o.ok  # the undecided branch is skipped; the fallback (nan here, SymPy's unevaluated integral) proves nothing


@pytest.mark.parametrize("b1, b2, z", [(0, 0, "0.3"), (0, 0, "7.5"), ("0.5", "-0.5", "2"), ("1.25", "0.25", "0.7")])
def test_meijer_g_reduction_table_against_mpmath(b1, b2, z):
    # independent: mpmath's Meijer G (Slater's theorem) against the reduction used by meijer_g_bessel
    b1, b2, zz = sp.Rational(b1), sp.Rational(b2), sp.Rational(z)
    g = sp.meijerg(((0,), ()), ((b1, b2), (0,)), zz)  # a_1 = 0 (n = 1) cancels b_3 = 0
    red = pc._reduce_meijerg(g)
    with mpmath.workdps(30):
        want = mpmath.meijerg([[0], []], [[b1, b2], [0]], zz)
        got = sp.N(red, 30)
    assert abs(complex(got) - complex(want)) <= 1e-25 * abs(complex(want))


def test_wrong_fold_fails_inside_a_derivation():
    # the fold with the factor of the whole line (1/8 pi^3) instead of twice the half line: the derivation fails
    wrong = Step("Eq. 19", "fold with a wrong factor", Ref("K_model"), pc.FOLDED_MODEL / 2,
                 method="conjugate_fold", domain={E_Z: (0, 1)}, name="fold_halves")
    d = Derivation("wrong_fold", "wrong fold", [wrong], pc.premises())
    d.check(raise_on_failure=False)
    assert any("[1] Eq. 19: restate [K_model]" in f and "2 c1 F - c2 g" in f for f in d.failures), d.failures
    assert not wrong.outcome.ok
    assert "2 c1 F - c2 g" in wrong.outcome.detail


def test_fold_by_quadrature_at_one_point():
    # independent of the proof: both sides of the fold by mpmath quadrature (eps = +-u^2/r, Gauss-Legendre)
    integrand = [a for a in sp.preorder_traversal(pc.K_MODEL) if isinstance(a, sp.Integral)][0].function.doit()
    lhs_f = sp.lambdify((eps, r, E_Z), integrand, "mpmath")
    rhs_f = sp.lambdify((eps, r, E_Z), sp.besselk(0, r * pc.BRANCH_P) * sp.besselk(0, r * pc.BRANCH_M), "mpmath")
    with mpmath.workdps(15):
        R, E = mpmath.mpf(40), mpmath.mpf("0.3")
        pts = [0, 1, 2, 4, 8, 16, mpmath.inf]

        def half(f, sign):
            return mpmath.quad(lambda u: 2 * u / R * f(sign * u * u / R, R, E), pts, method="gauss-legendre")

        lhs = (half(lhs_f, 1) + half(lhs_f, -1)) / (2 * mpmath.pi)
        rhs = mpmath.re(half(rhs_f, 1)) / (4 * mpmath.pi**3)
    assert abs(lhs / rhs - 1) < 1e-12


@settings(max_examples=60, deadline=None)
@given(ez=st.floats(1e-3, 1 - 1e-3), e=st.floats(1e-6, 50), rv=st.floats(0.1, 50))
def test_fold_symmetry_and_branches_pointwise(ez, e, rv):
    # what conjugate_fold and substitute_on_range prove, by mpmath's own sqrt and besselk (principal branches):
    # the model's integrand at -eps is the conjugate at eps, and on eps > 0 it is K0(r kappa_+) K0(r kappa_-)
    with mpmath.workdps(30):
        E, x, R = mpmath.mpf(ez), mpmath.mpf(e), mpmath.mpf(rv)

        def model(t):
            return mpmath.besselk(0, R * mpmath.sqrt(-(1 + E + 1j * t))) * mpmath.besselk(0, R * mpmath.sqrt(-(1 - E - 1j * t)))

        f, g = model(x), model(-x)
        assert abs(g - mpmath.conj(f)) <= mpmath.mpf(10) ** -25 * abs(f)
        branches = (mpmath.besselk(0, R * -1j * mpmath.sqrt(1 + E + 1j * x))
                    * mpmath.besselk(0, R * 1j * mpmath.sqrt(1 - E - 1j * x)))
        assert abs(branches - f) <= mpmath.mpf(10) ** -25 * abs(f)
