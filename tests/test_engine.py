"""The derivation engine: a wrong step is caught, every registered derivation checks."""
import pytest
import sympy as sp

from derivations import NAMES, get
from derivations.core import Derivation, DerivationError, Step
from derivations.symbols import L_f, h, xi0


def test_wrong_step_is_caught():
    wrong = Step("Eq. 11", "deliberately wrong: L_f^2 = xi0^2 h", (xi0 / sp.sqrt(h))**2, xi0**2 * h, "wrong")
    right = Step("Eq. 11", "L_f^2 = xi0^2/h", (xi0 / sp.sqrt(h))**2, xi0**2 / h, "right")
    d = Derivation("t", "t", [right, wrong], {})
    with pytest.raises(DerivationError, match="deliberately wrong"):
        d.check()
    report = d.check(raise_on_failure=False)
    assert [o.ok for _, o in report] == [True, False]


def test_wrong_numeric_step_is_caught():
    s = Step("Eq. 8", "numeric: erfc(1) = 0.1573 (false beyond 4 digits)", sp.erfc(h), sp.Float("0.1573"),
             "wrong", method="numeric", domain={h: (1, 1)})
    assert not s.check().ok


def test_inequality_needs_a_proof():
    assert Step("Eq. 4", "positive", xi0**2 + h, sp.S.Zero, "", relation=">").check().ok
    assert not Step("Eq. 4", "not provable", xi0**2 - h, sp.S.Zero, "", relation=">").check().ok


def test_crashing_check_is_a_failure():
    s = Step("Eq. 1", "crash", L_f, L_f, "", check_fn=lambda: 1 / 0)
    o = s.check()
    assert not o.ok and "ZeroDivisionError" in o.detail


@pytest.mark.parametrize("name", NAMES)
def test_registered_derivations_are_complete(name):
    # every step's check runs in the area's own test module (test_<area>.py::test_every_step_checks)
    d = get(name)
    assert d.steps, f"{name} has no steps"
    assert all(s.label.startswith("Eq. ") and s.why for s in d.steps)
    assert d.results and all(isinstance(k, str) for k in d.results)
