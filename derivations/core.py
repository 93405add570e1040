"""The checked-derivation engine: steps, derivations, errata and generated-function specs.

A :class:`Step` is an equality (or inequality) ``lhs REL rhs`` that reproduces a labelled equation of
the paper.  ``lhs`` is usually the *defining* expression left unevaluated (an ``Integral``, a ``Sum``,
a ``Derivative``, a ``Limit``); the check evaluates it (``doit``) and proves the relation:

* ``symbolic``: ``simplify(lhs - rhs) == 0`` (for ``<``/``>``: the sign is decided by SymPy's
  assumptions) under the declared symbol assumptions;
* ``numeric``: only where SymPy cannot, ``|lhs - rhs| <= 10**-(dps-8) * scale`` at several random
  points of the declared domain, evaluated with mpmath at ``dps >= 30`` digits; labelled as such in
  every report.

A failing step makes :meth:`Derivation.check` raise :class:`DerivationError`.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Callable

import mpmath
import sympy as sp

NUMERIC_DPS = 40  #: working digits of the numeric fallback (>= 30 demanded)
NUMERIC_POINTS = 5  #: random points per numeric check


class DerivationError(AssertionError):
    """A machine check of a derivation step failed."""


@dataclass
class Outcome:
    ok: bool
    method: str  # "symbolic", "numeric (40 digits, 5 points)", ...
    detail: str = ""


def _simplify_zero(expr) -> bool:
    """True when ``expr`` provably simplifies to zero (several SymPy strategies, cheapest first)."""
    if isinstance(expr, sp.MatrixBase):
        return all(_simplify_zero(e) for e in expr)
    if expr == 0:
        return True
    for f in (sp.expand, sp.cancel, sp.powsimp, lambda e: sp.powdenest(e, force=False),
              sp.simplify, lambda e: sp.simplify(sp.expand_func(sp.expand(e))),
              lambda e: sp.simplify(e.rewrite(sp.exp))):
        try:
            if f(expr) == 0:
                return True
        except Exception:  # a strategy that cannot handle the expression just does not prove it
            continue
    return False


def _random_point(domain: dict, rng: random.Random) -> dict:
    pt = {}
    for s, (lo, hi) in domain.items():
        v = mpmath.mpf(lo) + (mpmath.mpf(hi) - mpmath.mpf(lo)) * mpmath.mpf(rng.random())
        pt[s] = sp.Integer(int(v)) if s.is_integer else sp.Float(v, NUMERIC_DPS)
    return pt


def numeric_equal(lhs, rhs, domain: dict, *, dps=NUMERIC_DPS, points=NUMERIC_POINTS, seed=0):
    """Compare two expressions at ``points`` random points of ``domain`` to ``dps - 8`` digits."""
    rng = random.Random(seed)
    worst = mpmath.mpf(0)
    with mpmath.workdps(dps):
        for _ in range(points):
            pt = _random_point(domain, rng)
            a = sp.N(lhs.subs(pt), dps)
            b = sp.N(rhs.subs(pt), dps)
            a, b = mpmath.mpmathify(complex(a) if a.has(sp.I) else a), mpmath.mpmathify(b)
            scale = max(abs(a), abs(b), mpmath.mpf(1) if not a and not b else mpmath.mpf(0))
            err = abs(a - b) / scale
            worst = max(worst, err)
    tol = mpmath.mpf(10) ** -(dps - 8)
    return worst <= tol, f"max rel. diff {mpmath.nstr(worst, 3)} (tol {mpmath.nstr(tol, 2)})"


@dataclass
class Step:
    """One checked equality ``lhs REL rhs`` of a derivation.

    ``label`` names the paper's equation it reproduces ("Eq. 12"); ``why`` is the justification.
    ``method`` is ``"symbolic"`` (default) or ``"numeric"``, the latter requiring ``domain``
    (symbol -> (low, high)).  ``check_fn`` replaces the default check by a custom callable returning
    ``(ok, detail)``: used for limits or integrals that need a dedicated procedure.
    """

    label: str
    claim: str
    lhs: sp.Basic
    rhs: sp.Basic
    why: str
    relation: str = "=="
    method: str = "symbolic"
    domain: dict | None = None
    check_fn: Callable[[], tuple] | None = None
    evaluate: bool = True  # call .doit() on lhs before comparing

    def latex(self) -> str:
        rel = {"==": "=", "<": "<", ">": ">", "<=": r"\le", ">=": r"\ge", "!=": r"\neq"}[self.relation]
        lhs, rhs = sp.latex(self.lhs), sp.latex(self.rhs)
        if lhs == rhs and self.relation == "==":  # lhs was computed while building the step: show the result once
            return rf"\text{{obtained: }}\; {rhs}"
        return f"{lhs} {rel} {rhs}"

    def check(self) -> Outcome:
        try:
            return self._check()
        except Exception as exc:  # a crash in a check is a failed check, reported with its reason
            return Outcome(False, self.method, f"{type(exc).__name__}: {exc}")

    def _check(self) -> Outcome:
        if self.check_fn is not None:
            ok, detail = self.check_fn()
            return Outcome(bool(ok), self.method, detail)
        lhs = self.lhs.doit() if self.evaluate and hasattr(self.lhs, "doit") else self.lhs
        rhs = self.rhs.doit() if hasattr(self.rhs, "doit") else self.rhs
        if self.relation == "==":
            if self.method == "symbolic":
                return Outcome(_simplify_zero(sp.simplify(lhs - rhs)), "symbolic")
            ok, detail = numeric_equal(lhs, rhs, self.domain)
            return Outcome(ok, f"numeric ({NUMERIC_DPS} digits, {NUMERIC_POINTS} points)", detail)
        if self.relation == "!=":
            return Outcome(not _simplify_zero(lhs - rhs) and sp.simplify(lhs - rhs) != 0, "symbolic")
        diff = sp.simplify(lhs - rhs)
        sign = {"<": diff.is_negative, ">": diff.is_positive,
                "<=": diff.is_nonpositive, ">=": diff.is_nonnegative}[self.relation]
        return Outcome(sign is True, "symbolic (sign from assumptions)", f"lhs - rhs = {diff}")


@dataclass
class GenSpec:
    """A result to be printed as a vectorized NumPy/SciPy function in ``numerics/_generated``.

    ``args`` is the ordered argument list of symbols; ``doc`` names the equation and domain.
    """

    name: str
    expr: sp.Basic
    args: tuple
    doc: str


@dataclass
class Derivation:
    """An ordered list of checked steps with named SymPy results."""

    name: str
    title: str
    steps: list
    results: dict
    generated: list = field(default_factory=list)  # GenSpec entries for the code generator
    notes: str = ""

    def check(self, raise_on_failure=True):
        """Check every step; return ``[(step, Outcome)]`` and raise if any failed."""
        report = [(s, s.check()) for s in self.steps]
        bad = [f"{s.label}: {s.claim} ({o.detail})" for s, o in report if not o.ok]
        if bad and raise_on_failure:
            raise DerivationError(f"derivation {self.name!r}: failed step(s): " + "; ".join(bad))
        return report


@dataclass
class Erratum:
    """A printed formula of the paper, its correction, and a machine check proving the correction.

    ``check_fn`` returns ``(ok, detail)``; :meth:`check` returns True or raises
    :class:`DerivationError` with the detail.
    """

    equation: str
    printed: str
    corrected: str
    explanation: str
    check_fn: Callable[[], tuple]

    def check(self) -> bool:
        ok, detail = self.check_fn()
        if not ok:
            raise DerivationError(f"erratum {self.equation}: check failed: {detail}")
        self.detail = detail
        return True


def equal(a, b) -> bool:
    """Symbolic equality under the declared assumptions (the engine's one notion of '=')."""
    return _simplify_zero(sp.simplify(sp.sympify(a) - sp.sympify(b)))
