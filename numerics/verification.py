"""Verification of the float64 functions against independent mpmath references.

Each area's reference module (``numerics/reference/<area>.py``) lists :class:`Case` entries in
``CASES``: a public float64 function, an mpmath reference computed by a different route (quadrature
where the formula came from an integral, >= 30 digits) and sample points spread over the domain.  The
tolerance is not restated per case: :class:`Case` reads it from the function's docstring ("<= N ulps",
:func:`bound`), the one place where it is stated, and the same :class:`Case` type serves the dense tests
(tests/test_dense_accuracy.py) and the golden-value tests.  Where the mathematics itself is
ill-conditioned (Q(x) at large x turns one rounding of its argument into ~x^2 ulps of output) a case
supplies the relative condition number ``condition(*point)`` that the docstring's bound divides by
(written once, in ``numerics/reference/conditions.py``), and the error is measured in ulps / (1 +
condition): the standard allowance for inputs rounded to float64, stated instead of hidden in a loose
tolerance.  :func:`run` evaluates them all; ``python -m derivations check`` prints the table.
"""
from __future__ import annotations
import importlib
import re
from dataclasses import dataclass, field

import mpmath
import numpy as np

from .outcome import Outcome

AREAS = ("rescaling", "tails", "density", "amplitude", "pair_correlation")


@dataclass
class Case:
    """``func(*columns)`` vs ``reference(*mpf_args)`` at ``points`` (tuples of floats, or a callable
    returning the columns as arrays).  The tolerance is stated once, in the docstring of the public
    function ``bounded`` (default ``func``; ``"<= N ulps"``, read by :func:`bound`), unless ``max_ulps``
    is given; ``condition`` is the relative condition number that the docstring's bound divides by."""

    name: str
    func: object
    reference: object
    points: object
    max_ulps: float | None = None
    why: str = "the bound stated in the docstring (measured by tests/test_dense_accuracy.py)"
    dps: int = 40
    kwargs: dict = field(default_factory=dict)
    condition: object = None  # relative condition number at a point, or None (well conditioned)
    bounded: object = None  # the public function whose docstring states the bound

    def __post_init__(self):
        if self.max_ulps is None:
            self.max_ulps = bound(self.bounded if self.bounded is not None else self.func)

    def columns(self):
        """The sample points as float64 columns."""
        if callable(self.points):
            return [np.asarray(c) if np.iscomplexobj(c) else np.asarray(c, dtype=float) for c in self.points()]
        return [np.array(c, dtype=float) for c in zip(*self.points)]


class Result(Outcome):
    """The outcome of one case (the toolkit's one :class:`~numerics.outcome.Outcome` type), with the worst
    error in ulps and where it occurred."""

    def __init__(self, case, worst_ulps, worst_point):
        super().__init__(worst_ulps <= case.max_ulps, "numeric vs mpmath",
                         f"max {worst_ulps:.2f} ulps at {worst_point} (tolerance {case.max_ulps})")
        self.case, self.worst_ulps, self.worst_point = case, worst_ulps, worst_point


def bound(fn):
    """The accuracy bound stated once in ``fn``'s docstring ("<= N ulps"), as a float."""
    m = re.search(r"<= ([0-9.]+) ulps", fn.__doc__ or "")
    if m is None:
        raise ValueError(f"{fn.__name__}: docstring states no '<= N ulps' bound")
    return float(m.group(1))


def ulps(value, exact):
    """|value - exact| in units of the float64 spacing at ``exact`` (an mpf)."""
    ref = float(exact)
    if not np.isfinite(ref):
        return 0.0 if value == ref else np.inf
    err = abs(mpmath.mpf(float(value)) - exact)
    return float(err / mpmath.mpf(np.spacing(max(abs(ref), np.finfo(float).tiny))))


def run_case(case):
    cols = case.columns()
    values = np.atleast_1d(case.func(*cols, **case.kwargs))
    worst, where = 0.0, None
    with mpmath.workdps(case.dps):
        for pt, v in zip(zip(*(c.tolist() for c in cols)), values):
            e = ulps(v, case.reference(*[mpmath.mpf(a) for a in pt], **case.kwargs))
            if case.condition is not None:
                e /= 1.0 + case.condition(*pt)
            if e > worst or where is None:
                worst, where = e, pt
    return Result(case, worst, where)


def cases(areas=AREAS):
    out = []
    for a in areas:
        try:
            mod = importlib.import_module(f"numerics.reference.{a}")
        except ModuleNotFoundError as exc:
            if exc.name != f"numerics.reference.{a}":
                raise
            continue
        out.extend(mod.CASES)
    return out


def run(areas=AREAS):
    """Results of every registered case (see :class:`Result`)."""
    return [run_case(c) for c in cases(areas)]
