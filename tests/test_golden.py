"""Precision regression against tests/data/golden.json (made by `python -m numerics.reference.golden`).

float64 functions: error in ulps of the golden value, within the tolerance of the function's
verification case (numerics/reference), divided by 1 + its condition number where the case states one.
High-precision functions: agreement to the requested digits.
"""
import json
import warnings
from pathlib import Path

import mpmath
import numpy as np
import pytest

import numerics
from numerics.verification import cases, ulps

GOLDEN = json.loads((Path(__file__).parent / "data" / "golden.json").read_text())["entries"]
CASES = {c.name: c for c in cases()}
HIGH_PRECISION = {"pair_correlation_clean_2d": 19, "pair_correlation_linearized_2d": 19}


def _id(e):
    return f"{e['function']}{tuple(e['args'])}{e['kwargs'] or ''}"


FLOAT = [e for e in GOLDEN if e["function"] in CASES or e["function"] == "typical_distance"]
MP = [e for e in GOLDEN if e["function"] in HIGH_PRECISION]
CONST = [e for e in GOLDEN if e["function"].startswith("optimal_droplet.")]


def test_every_public_function_and_constant_has_golden_values():
    names = {e["function"] for e in GOLDEN}
    missing = set(numerics.__all__) - {"RegimeWarning", "optimal_droplet", "sample_amplitudes"} - names
    assert not missing, f"no golden values for {missing}"
    assert {"B", "A2", "B_over_A", "L0_over_Lf", "C"} <= {n.split(".")[1] for n in names if "." in n}
    assert all(len(e["value"].replace("-", "").replace(".", "").lstrip("0").split("e")[0]) >= 30 for e in GOLDEN)
    assert all(e["provenance"] for e in GOLDEN)


@pytest.mark.parametrize("e", FLOAT, ids=_id)
def test_float64_functions(e):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", numerics.RegimeWarning)
        got = getattr(numerics, e["function"])(*e["args"], **e["kwargs"])
    with mpmath.workdps(40):
        want = mpmath.mpf(e["value"])
        if e["function"] == "typical_distance":  # exp(-log(rho)/2): conditioned by |log rho|/2
            tol = 8.0 * (1 + abs(mpmath.log(want)))
        else:
            case = CASES[e["function"]]
            tol = case.max_ulps * (1 + (case.condition(*e["args"]) if case.condition else 0))
        err = ulps(got, want)
    assert err <= tol, f"{err:.2f} ulps > {tol:.2f}"


@pytest.mark.parametrize("e", MP, ids=_id)
def test_high_precision_functions(e):
    got = getattr(numerics, e["function"])(*e["args"], **e["kwargs"])
    with mpmath.workdps(40):
        want = mpmath.mpf(e["value"])
        assert abs(got - want) <= mpmath.mpf(10) ** -HIGH_PRECISION[e["function"]] * abs(want)


@pytest.mark.parametrize("e", CONST, ids=_id)
def test_droplet_constants_to_30_digits(e):
    d = numerics.optimal_droplet(**e["kwargs"])
    with mpmath.workdps(40):
        want = mpmath.mpf(e["value"])
        assert abs(getattr(d, e["function"].split(".")[1]) - want) <= mpmath.mpf(10) ** -29 * abs(want)


def test_overflowing_distance_is_inf():
    e = next(e for e in GOLDEN if e["function"] == "typical_distance" and "e+450278" in e["value"])
    assert np.isinf(numerics.typical_distance(*e["args"], **e["kwargs"]))
