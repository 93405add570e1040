"""The certified (Arb) exact pair correlation and the float64 exact route.

Acceptance grid (issue 12): at r = 1e-3 ... 1e6 and E_Z = 0.1, 0.5, 0.999 the certified enclosure
contains the mpmath value (the Gauss-Legendre route at 32 digits, stored in tests/data/golden.json by
``python -m numerics.reference.golden``) and its radius is <= 1e-20 of the envelope A/r^2.
"""
import json
import time
import warnings
from pathlib import Path

import mpmath
import numpy as np
import pytest

import numerics
from numerics.certified import Enclosure, besselk0, pair_correlation_clean_2d_certified
from numerics.pair_correlation import amplitude_asymptotic, pair_correlation_clean_2d_exact

GOLDEN = json.loads((Path(__file__).parent / "data" / "golden.json").read_text())["entries"]
GRID = [e for e in GOLDEN if e["function"] == "pair_correlation_clean_2d_certified"]
EXACT = [e for e in GOLDEN if e["function"] == "pair_correlation_clean_2d_exact"]


def _envelope(r, E):
    with mpmath.workdps(30):
        return amplitude_asymptotic(E) / mpmath.mpf(r) ** 2


def test_grid_is_the_acceptance_grid():
    pts = {tuple(e["args"]) for e in GRID}
    assert pts == {(r, E) for r in (1e-3, 1.0, 5.0, 20.0, 50.0, 100.0, 1e3, 1e4, 1e6) for E in (0.1, 0.5, 0.999)}


@pytest.mark.parametrize("e", GRID, ids=lambda e: f"r={e['args'][0]:g},E_Z={e['args'][1]}")
def test_enclosure_contains_mpmath_value_and_is_tight(e):
    r, E = e["args"]
    got = pair_correlation_clean_2d_certified(r, E, dps=20)
    with mpmath.workdps(50):
        assert got.contains(mpmath.mpf(e["value"])), f"{e['value']} not in {got}"
        assert got.rad <= mpmath.mpf(10) ** -20 * _envelope(r, E)
        # and consistent with the stored 34-digit enclosure
        assert abs(got.mid - mpmath.mpf(e["enclosure"]["mid"])) <= got.rad + mpmath.mpf(e["enclosure"]["rad"])


def test_chosen_branches_are_the_model_roots():
    # kappa_+ = -i sqrt(1 + E + i eps), kappa_- = i sqrt(1 - E - i eps) vs the model's sqrt(-(1 + z)), Re > 0
    for E in (0.1, 0.5, 0.999):
        for eps in (1e-12, 1e-3, 0.7, 30.0, 1e6):
            kp, km = -1j * mpmath.sqrt(1 + E + 1j * eps), 1j * mpmath.sqrt(1 - E - 1j * eps)
            for k, z in ((kp, E + 1j * eps), (km, -E - 1j * eps)):
                model = mpmath.sqrt(-(1 + z))
                model = model if mpmath.re(model) > 0 else -model
                assert mpmath.re(k) > 0 and abs(k - model) <= 1e-14 * abs(model)


def _inside(ball, w):
    """The acb ball contains the mpc w (both parts)."""
    return Enclosure(ball.real).contains(w.real) and Enclosure(ball.imag).contains(w.imag)


@pytest.mark.parametrize("z0", [30 - 30j, 35j, 5 - 20j, 100 - 100j, 2 - 1j, 0.3 + 0.01j])
def test_besselk0_balls_contain_mpmath_and_stay_tight(z0):
    from flint import acb, arb, ctx
    with ctx.workdps(30), mpmath.workdps(45):
        point = besselk0(acb(z0))
        assert _inside(point, mpmath.besselk(0, mpmath.mpc(z0)))
        assert point.rel_accuracy_bits() >= 90  # Arb's own bessel_k gave [+/- 2.8e-12] at 30 - 30i
        ball = besselk0(acb(arb(z0.real, 1e-3), arb(z0.imag, 1e-3)))
        for dz in (0.0007 - 0.0005j, -0.001 + 0.001j):
            assert _inside(ball, mpmath.besselk(0, mpmath.mpc(z0) + mpmath.mpc(dz)))
        # |z| >= 4: the ball is ~ |K1| 1.4e-3 wide, not e^|z| times that (Arb's series on the ball: +/- 1e5
        # at 35i); |z| < 4 goes through Arb's series, which may overestimate by e^(|z| + Re z) (documented)
        k1 = abs(mpmath.besselk(1, mpmath.mpc(z0)))
        allowance = 1.0 if abs(z0) >= 4 else np.exp(abs(z0) + z0.real)
        assert float(abs(ball).rad()) < 4 * 1.5e-3 * k1 * allowance


def test_enclosure_object():
    k = pair_correlation_clean_2d_certified(np.array(100.0), np.float64(0.3), dps=25)
    assert isinstance(k, Enclosure) and isinstance(k.mid, mpmath.mpf) and isinstance(k.rad, mpmath.mpf)
    assert k.digits >= 25 and repr(k).startswith("Enclosure([6.0657291265745370732644")
    assert float(k) == pytest.approx(6.06572912657e-7, rel=1e-11)
    assert k.contains(k.mid) and not k.contains(k.mid + 2 * k.rad)
    assert numerics.pair_correlation_clean_2d_certified is pair_correlation_clean_2d_certified


@pytest.mark.parametrize("call, name", [
    (lambda: pair_correlation_clean_2d_certified(0.0, 0.3), "r"),
    (lambda: pair_correlation_clean_2d_certified(1.0, 1.0), "zeeman"),
    (lambda: pair_correlation_clean_2d_certified(1.0, 0.3, dps=2), "dps"),
    (lambda: pair_correlation_clean_2d_certified([1.0, 2.0], 0.3), "r"),
    (lambda: pair_correlation_clean_2d_exact(1.0, 0.0), "zeeman"),
    (lambda: pair_correlation_clean_2d_exact([1.0, -1.0], 0.3), "r"),
])
def test_bad_input_names_the_parameter(call, name):
    with pytest.raises(ValueError, match=rf"^{name} must"):
        call()


# --- the float64 exact route -----------------------------------------------------------------------

@pytest.mark.slow  # 200 certified points: ~40 s
def test_exact_float_route_against_certified_at_hundreds_of_points():
    # 200 points: r log-uniform in [1, 1e4], E_Z uniform in [0.01, 0.999]; error on the scale of the
    # envelope A/r^2 (A in 0.0037..0.0127, so 1e-12 A/r^2 is below the 1e-12/r^2)
    rng = np.random.default_rng(12)
    r = np.exp(rng.uniform(0, np.log(1e4), 200))
    E = rng.uniform(0.01, 0.999, 200)
    got = pair_correlation_clean_2d_exact(r, E)
    worst = 0.0
    for rv, Ev, g in zip(r, E, got):
        c = pair_correlation_clean_2d_certified(rv, Ev, dps=16)
        worst = max(worst, float(abs(mpmath.mpf(float(g)) - c.mid) / _envelope(rv, Ev)))
    assert worst <= 1e-12, worst


def test_exact_float_route_at_golden_points_and_small_r():
    for e in EXACT:
        r, E = e["args"]
        assert abs(pair_correlation_clean_2d_exact(r, E) - float(e["value"])) <= 1e-12 * float(_envelope(r, E))
    for r, E in ((1e-3, 0.5), (0.05, 0.999), (0.3, 0.1)):
        c = pair_correlation_clean_2d_certified(r, E, dps=16)
        assert abs(pair_correlation_clean_2d_exact(r, E) - float(c.mid)) <= 1e-13 * float(_envelope(r, E))


def test_exact_float_route_speed_and_broadcasting():
    r = np.geomspace(1, 1e4, 1000)
    pair_correlation_clean_2d_exact(r, 0.5)
    best = min(_timed(lambda: pair_correlation_clean_2d_exact(r, 0.5)) for _ in range(3))
    assert best <= 1.0, f"{best:.2f} s for 1000 points"
    out = pair_correlation_clean_2d_exact(np.array([[10.0], [200.0]]), np.array([0.1, 0.5, 0.9]))
    assert out.shape == (2, 3) and out.dtype == np.float64
    assert out[1, 2] == pair_correlation_clean_2d_exact(200.0, 0.9)
    assert isinstance(pair_correlation_clean_2d_exact(10.0, 0.3), float)
    assert pair_correlation_clean_2d_exact(np.empty((0, 2)), 0.3).shape == (0, 2)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        pair_correlation_clean_2d_exact(3.0, 0.5)  # exact at every r: no regime warning


def _timed(fn):
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t
