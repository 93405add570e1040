"""The certified (Arb) exact pair correlation and the float64 exact route.

Acceptance grid (issue 12): at r = 1e-3 ... 1e6 and E_Z = 0.1, 0.5, 0.999 the certified enclosure
contains the mpmath value (the Gauss-Legendre route at 32 digits, stored in tests/data/golden.json by
``python -m numerics.reference.golden``) and its radius is <= 1e-20 of the envelope A/r^2.
"""
import json
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

EXACT_BOUND = 2e-15  # the docstring's bound, relative to the envelope A/r^2


@pytest.mark.slow  # 200 certified points: ~60 s
def test_exact_float_route_against_certified_at_hundreds_of_points():
    # 200 points: r log-uniform in [1e-3, 1e6], E_Z log-uniform in [1e-6, 0.5] and uniform in [0.5, 0.999999];
    # error on the scale of the envelope A/r^2 (A in 0.0037..0.0127)
    rng = np.random.default_rng(12)
    r = np.exp(rng.uniform(np.log(1e-3), np.log(1e6), 200))
    E = np.concatenate([np.exp(rng.uniform(np.log(1e-6), np.log(0.5), 100)), rng.uniform(0.5, 0.999999, 100)])
    got = pair_correlation_clean_2d_exact(r, E)
    worst = 0.0
    for rv, Ev, g in zip(r, E, got):
        c = pair_correlation_clean_2d_certified(rv, Ev, dps=17)
        worst = max(worst, float(abs(mpmath.mpf(float(g)) - c.mid) / _envelope(rv, Ev)))
    assert worst <= EXACT_BOUND, worst


def test_exact_float_route_at_golden_points_and_small_r():
    for e in EXACT:
        r, E = e["args"]
        assert abs(pair_correlation_clean_2d_exact(r, E) - float(e["value"])) <= EXACT_BOUND * float(_envelope(r, E))
    for r, E in ((1e-3, 0.5), (0.05, 0.999), (0.3, 0.1)):
        c = pair_correlation_clean_2d_certified(r, E, dps=16)
        assert abs(pair_correlation_clean_2d_exact(r, E) - float(c.mid)) <= EXACT_BOUND * float(_envelope(r, E))


def test_exact_float_route_broadcasting():  # speed: python -m numerics.bench, not a timed test
    out = pair_correlation_clean_2d_exact(np.array([[10.0], [200.0]]), np.array([0.1, 0.5, 0.9]))
    assert out.shape == (2, 3) and out.dtype == np.float64
    assert out[1, 2] == pair_correlation_clean_2d_exact(200.0, 0.9)
    assert isinstance(pair_correlation_clean_2d_exact(10.0, 0.3), float)
    assert pair_correlation_clean_2d_exact(np.empty((0, 2)), 0.3).shape == (0, 2)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        pair_correlation_clean_2d_exact(3.0, 0.5)  # exact at every r: no regime warning



def test_exact_float_route_refuses_where_it_cannot_be_right():
    with pytest.raises(ValueError, match="2\\^29.*asymptotic"):
        pair_correlation_clean_2d_exact([10.0, 2.0**30], 0.5)  # AMOS's limit: NaN before
    with pytest.raises(ValueError, match="1e-100.*certified"):
        pair_correlation_clean_2d_exact(1e-160, 0.5)  # 0 before
    c = pair_correlation_clean_2d_certified(1e-100, 0.3, dps=16)
    assert abs(pair_correlation_clean_2d_exact(1e-100, 0.3) - float(c.mid)) <= EXACT_BOUND * float(_envelope(1e-100, 0.3))


def test_exact_float_route_phase_is_not_rounded():
    # r ~ 8460, E_Z = 0.99: rounding q alone gave 2e-12 of the envelope; the double-double phase gives ~1e-16
    for r in (8460.0, 8461.37, 8463.9):
        c = pair_correlation_clean_2d_certified(r, 0.99, dps=18)
        assert abs(pair_correlation_clean_2d_exact(r, 0.99) - float(c.mid)) <= EXACT_BOUND * float(_envelope(r, 0.99))


def test_exact_float_route_memory_is_bounded_by_blocks(monkeypatch):
    import tracemalloc

    from numerics import pair_correlation as pc
    monkeypatch.setattr(pc, "_EXACT_BLOCK", 64)
    r = np.geomspace(1, 1e3, 2000)
    want = pair_correlation_clean_2d_exact(r[:5], 0.5)
    tracemalloc.start()
    got = pair_correlation_clean_2d_exact(r, 0.5)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 8e6, peak  # all 2000 points at once: ~35 MB
    assert np.array_equal(got[:5], want)


# --- certified route: inputs at their precision, the range of r, the deprecated name ------------------

def test_certified_keeps_mpf_inputs_at_their_precision():
    with mpmath.workdps(60):
        r = mpmath.mpf(1001) / 10  # not a float64 number: rounding it first moves K by ~1e-14 relative
    got = pair_correlation_clean_2d_certified(r, 0.5, dps=22)
    want = numerics.pair_correlation_clean_2d(r, 0.5, dps=25)  # the mpmath route (0.2 s at r ~ 100, 20 s at dps 40)
    assert got.contains(want)
    assert not got.contains(numerics.pair_correlation_clean_2d(100.1, 0.5, dps=25))  # the float 100.1 differs


def test_certified_extreme_r_and_deprecated_digits():
    k = pair_correlation_clean_2d_certified(1e-200, 0.5, dps=15)  # ZeroDivisionError before
    assert k.digits >= 15 and mpmath.mpf("1.26e398") < k.mid < mpmath.mpf("1.27e398")
    with pytest.raises(ValueError, match="r must"):
        pair_correlation_clean_2d_certified(1e100, 0.5)
    with pytest.warns(DeprecationWarning, match="dps="):
        old = pair_correlation_clean_2d_certified(100.0, 0.3, digits=15)
    new = pair_correlation_clean_2d_certified(100.0, 0.3, dps=15)
    assert (old.mid, old.rad) == (new.mid, new.rad)


# --- thread safety -------------------------------------------------------------------------------------

def test_concurrent_calls_at_different_precisions():
    """Two threads, different precisions, mpmath and Arb routes: each result has its own digits, equal to
    the serial one, and neither the global mpmath precision nor Arb's is changed."""
    import threading

    import flint
    jobs = {"mp50": lambda: numerics.pair_correlation_clean_2d(200.0, 0.3, dps=50),
            "mp15": lambda: numerics.pair_correlation_clean_2d(150.0, 0.2, dps=15),
            "arb30": lambda: pair_correlation_clean_2d_certified(120.0, 0.4, dps=30).mid,
            "arb12": lambda: pair_correlation_clean_2d_certified(90.0, 0.6, dps=12).mid}
    serial = {k: f() for k, f in jobs.items()}
    dps0, prec0 = mpmath.mp.dps, flint.ctx.prec
    results, errors = {k: [] for k in jobs}, []

    def run(names):
        try:
            for _ in range(3):
                for k in names:
                    results[k].append(jobs[k]())
        except Exception as exc:  # noqa: BLE001 (reported below)
            errors.append(exc)
    threads = [threading.Thread(target=run, args=(["mp50", "arb12"],)),
               threading.Thread(target=run, args=(["mp15", "arb30"],))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert mpmath.mp.dps == dps0 and flint.ctx.prec == prec0
    for k, vals in results.items():
        assert len(vals) == 3 and all(v == serial[k] for v in vals), k
    assert serial["mp50"]._mpf_[3] > 150  # the result carries its 50 digits (~166 bits), the global dps is 15
