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


def test_results_have_the_published_form():
    res = get("rescaling").results
    assert sp.simplify(res["L_s"] - B * h * L_f**2) == 0
    assert sp.simplify(res["sigma_s"] - A**2 * xi0**2 * L_f**2 / g**2) == 0
    assert sp.simplify(res["tail_argument"] - B * g * sp.sqrt(h) / A) == 0
    assert res["C_tilde_nonlocal_ratio"] == h  # nonlocal part of C~ is O(h): subleading


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
