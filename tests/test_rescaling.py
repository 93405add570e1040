"""Eqs. 11-12: the rescaling derivation, and the generated wrappers."""
import mpmath
import numpy as np
import pytest
import sympy as sp

from derivations import get
from derivations.symbols import A, B, L_f, g, h, xi0
from numerics import droplet_length, tail_argument
from numerics.reference.rescaling import CASES
from numerics.verification import run_case


def test_tail_argument_is_free_of_xi0_and_grows_like_sqrt_h():
    t = get("rescaling").results["tail_argument"]
    assert sp.diff(t, xi0) == 0
    assert sp.simplify(t.subs(h, 4 * h) / t) == 2 and sp.simplify(t.subs(g, 3 * g) / t) == 3


def test_L_s_against_a_direct_quadrature():
    # L = int eta(-xi0^2 lap + h) eta d^2r for a Gaussian eta of width w L_f, by radial quadrature in r-space,
    # against the derivation's B h L_f^2 with B by radial quadrature in y-space (no code shared)
    with mpmath.workdps(40):
        w, Lf, hv = mpmath.mpf("0.7"), mpmath.mpf("1.3"), mpmath.mpf("0.4")
        xi = Lf * mpmath.sqrt(hv)
        s = w * Lf

        def lap_r(r):  # radial Laplacian of exp(-r^2/(2 s^2))
            return (r * r / s**4 - 2 / s**2) * mpmath.exp(-r * r / (2 * s * s))

        eta = lambda r: mpmath.exp(-r * r / (2 * s * s))  # noqa: E731
        L_direct = 2 * mpmath.pi * mpmath.quad(lambda r: r * eta(r) * (-xi**2 * lap_r(r) + hv * eta(r)), [0, mpmath.inf])
        B_num = 2 * mpmath.pi * mpmath.quad(
            lambda y: y * mpmath.exp(-y * y / (2 * w * w)) * (-(y * y / w**4 - 2 / w**2) + 1) * mpmath.exp(-y * y / (2 * w * w)),
            [0, mpmath.inf])
        L_s = get("rescaling").results["L_s"].subs({B: sp.Float(B_num, 30), h: sp.Float(hv, 30), L_f: sp.Float(Lf, 30)})
        err = abs(mpmath.mpf(sp.Float(L_s, 30)) / L_direct - 1)
    assert err < 1e-25


def test_every_step_is_machine_checked():
    report = get("rescaling").check()
    assert all(o.ok for _, o in report)
    assert all(o.method.startswith("symbolic") for _, o in report)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_generated_against_mpmath(case):
    r = run_case(case)
    assert r.ok, f"{case.name}: {r.worst_ulps} ulps at {r.worst_point}"


def test_broadcasting_and_scalars():
    out = droplet_length(np.array([[1.0], [4.0]]), np.array([1.0, 2.0, 3.0]))
    assert out.shape == (2, 3) and out.dtype == np.float64
    assert isinstance(droplet_length(4.0), np.float64) and droplet_length(4.0) == 0.5
    assert tail_argument(4.0, 3.0, ratio=0.5) == 3.0


@pytest.mark.parametrize("kw, name", [({"h": -1.0}, "h"), ({"h": 0.0}, "h"), ({"h": np.nan}, "h"),
                                      ({"h": 1j}, "h"), ({"xi0": -2.0}, "xi0"), ({"h": np.inf}, "h")])
def test_bad_input_names_the_parameter(kw, name):
    args = {"h": 1.0, "xi0": 1.0} | kw
    with pytest.raises(ValueError, match=name):
        droplet_length(**args)


def test_bad_array_reports_count():
    with pytest.raises(ValueError, match="2 of 4 elements"):
        droplet_length(np.array([1.0, -1.0, np.nan, 2.0]))


def test_default_ratio_is_the_optimal_droplet():
    # B/A = sqrt(2 N_c) with N_c the Townes mass: independent 30-digit value from the droplet module
    from numerics.droplet import optimal_droplet
    d = optimal_droplet(30)
    assert tail_argument(1.0, 1.0) == pytest.approx(float(mpmath.sqrt(2 * d.mass)), rel=4e-16)
