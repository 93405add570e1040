"""Precision regression against tests/data/golden.json (made by `python -m numerics.reference.golden`).

float64 functions: error in ulps of the golden value, within the tolerance of the function's
verification case (numerics/reference), divided by 1 + its condition number where the case states one.
High-precision functions: agreement to the requested digits.
Certified entries (an Arb ``enclosure``: mid, rad, provenance): the mpmath value lies inside the ball,
and each float64 result is within its stated ulps of the ball (distance to the nearest point of it).
The certified route's acceptance grid is checked in tests/test_certified.py.
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


ENCLOSED = [e for e in GOLDEN if "enclosure" in e]


def _ball(e):
    return mpmath.mpf(e["enclosure"]["mid"]), mpmath.mpf(e["enclosure"]["rad"])


def test_arb_encloses_every_value_it_can():
    # everything except the droplet constants and what depends on them through mpmath numbers
    names = {e["function"] for e in ENCLOSED}
    assert {"gaussian_tail", "log_gaussian_tail", "amplitude_pdf", "amplitude_cdf", "amplitude_pdf_exact",
            "amplitude_cdf_exact", "log_amplitude_pdf_exact", "pair_correlation_dirty_2d", "pair_correlation_clean_2d",
            "pair_correlation_clean_2d_certified", "pair_correlation_clean_2d_exact"} <= names
    assert all(e["enclosure"]["provenance"] and "python-flint" in e["enclosure"]["provenance"] for e in ENCLOSED)


@pytest.mark.parametrize("e", ENCLOSED, ids=_id)
def test_mpmath_value_lies_in_the_arb_enclosure(e):
    with mpmath.workdps(60):
        mid, rad = _ball(e)
        val = mpmath.mpf(e["value"])
        # the stored mpmath value is an n-digit decimal (30 or 32): allow its rounding, half a unit in the last digit
        n = len(e["value"].lstrip("-").split("e")[0].replace(".", "").lstrip("0"))
        rounding = mpmath.mpf(10) ** (mpmath.floor(mpmath.log10(abs(val))) - n + 1) / 2 if val else 0
        assert abs(val - mid) <= rad + rounding, f"{e['value']} outside [{e['enclosure']['mid']} +/- {e['enclosure']['rad']}]"
        assert rad <= mpmath.mpf(10) ** -30 * abs(mid)  # the ball is tight enough to judge 30 digits


def test_every_public_function_and_constant_has_golden_values():
    names = {e["function"] for e in GOLDEN}
    missing = set(numerics.__all__) - {"RegimeWarning", "RangeWarning", "optimal_droplet", "sample_amplitudes"} - names
    assert not missing, f"no golden values for {missing}"
    assert {"B", "A2", "B_over_A", "L0_over_Lf", "C"} <= {n.split(".")[1] for n in names if "." in n}
    assert all(len(e["value"].replace("-", "").replace(".", "").lstrip("0").split("e")[0]) >= 30 for e in GOLDEN)
    assert all(e["provenance"] for e in GOLDEN)


@pytest.mark.parametrize("e", FLOAT, ids=_id)
def test_float64_functions(e):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", numerics.RegimeWarning)
        warnings.simplefilter("ignore", numerics.RangeWarning)
        got = getattr(numerics, e["function"])(*e["args"], **e["kwargs"])
    with mpmath.workdps(40):
        want = mpmath.mpf(e["value"])
        if e["function"] == "typical_distance":  # exp(-log(rho)/2): conditioned by |log rho|/2
            tol = 8.0 * (1 + abs(mpmath.log(want)))
        else:
            case = CASES[e["function"]]
            tol = case.max_ulps * (1 + (case.condition(*e["args"]) if case.condition else 0))
        err = ulps(got, want)
        if "enclosure" in e:  # distance to the Arb ball, in ulps of its midpoint
            mid, rad = _ball(e)
            gap = max(abs(mpmath.mpf(float(got)) - mid) - rad, 0)
            err = max(err, float(gap / mpmath.mpf(np.spacing(max(abs(float(mid)), np.finfo(float).tiny)))))
    assert err <= tol, f"{err:.2f} ulps > {tol:.2f}"


@pytest.mark.parametrize("e", MP, ids=_id)
def test_high_precision_functions(e):
    got = getattr(numerics, e["function"])(*e["args"], **e["kwargs"])
    with mpmath.workdps(40):
        want = mpmath.mpf(e["value"])
        tol = mpmath.mpf(10) ** -HIGH_PRECISION[e["function"]] * abs(want)
        assert abs(got - want) <= tol
        if "enclosure" in e:
            mid, rad = _ball(e)
            assert abs(got - mid) <= tol + rad


@pytest.mark.parametrize("e", CONST, ids=_id)
def test_droplet_constants_to_30_digits(e):
    d = numerics.optimal_droplet(**e["kwargs"])
    with mpmath.workdps(40):
        want = mpmath.mpf(e["value"])
        assert abs(getattr(d, e["function"].split(".")[1]) - want) <= mpmath.mpf(10) ** -29 * abs(want)


def test_overflowing_distance_is_inf_with_a_warning():
    e = next(e for e in GOLDEN if e["function"] == "typical_distance" and "e+450278" in e["value"])
    with pytest.warns(numerics.RangeWarning, match="log_typical_distance"):
        assert np.isinf(numerics.typical_distance(*e["args"], **e["kwargs"]))
