"""Eq. 19 derivation (derivations.pair_correlation): every step and link checks, results are the right sides
of checked steps resting on premises, and properties of the results tested by routes the derivation does
not use (mpmath evaluation of the branches, the proper-time reference of the dirty limit)."""
import mpmath
import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings, strategies as st

from derivations.pair_correlation import derive
from derivations.symbols import D, E_Z, eps, nu0, r
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
