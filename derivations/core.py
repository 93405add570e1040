"""The checked-derivation engine: premises, steps, derivations, errata and generated-function specs.

A derivation reads like the paper:

* :class:`Premise`: a definition or equation of the paper taken as given, labelled ("Eq. 3").
* :class:`Step`: ``lhs REL rhs``.  ``lhs`` is the *defining* object left unevaluated (``Integral``,
  ``Derivative``, ``Limit``, ``Sum``, ``Subs``, an unevaluated class of :mod:`derivations.objects`);
  the check evaluates it (``doit``) and proves the relation:

  - ``symbolic``: ``lhs - rhs`` simplifies to 0 (for ``<``/``>``: the sign is decided by SymPy's
    assumptions, never by a simplifier giving up);
  - ``numeric``: ``|lhs - rhs| <= tol`` evaluated with mpmath at ``dps >= 30`` digits, at random
    points of a declared ``domain`` (or at the one point where both sides are numbers); labelled as
    such in every report.

* Links: each step names what it starts from (``uses``: premises or earlier steps).  The engine
  checks that the left side is built from them: every used expression (a premise's expression, an
  earlier step's right side) occurs in ``lhs``.  A step with ``uses=()`` is a *lemma* (a
  self-contained mathematical fact) and is reported as such.
* Results are the right sides of steps marked ``result=NAME``: never retyped.
* :class:`GenSpec`: a function printed into ``numerics/_generated`` from a named result, or from a
  ``form`` proven equal to it; :mod:`derivations.codegen` refuses an unproven one.

A failing step reports its residual and a point where the residual is nonzero (symbolic), or the
worst point (numeric).  Every object renders in Jupyter (``_repr_latex_``/``_repr_html_``).
"""
from __future__ import annotations

import html
import random
from dataclasses import dataclass, field

import mpmath
import sympy as sp

from numerics.outcome import Outcome  # one outcome type for steps, links, errata and numeric checks

NUMERIC_DPS = 40  #: working digits of numeric checks (>= 30 demanded)
NUMERIC_POINTS = 5  #: random points per numeric check over a domain
RELATIONS = {"==": "=", "<": "<", ">": ">", "<=": r"\le", ">=": r"\ge", "!=": r"\neq"}
METHODS = ("symbolic", "numeric")
KINDS = ("error", "typo", "convention")  #: kinds of errata (defined in derivations/errata.py)


class DerivationError(AssertionError):
    """A machine check of a derivation step, link, erratum or generated function failed."""


# --- outcomes --------------------------------------------------------------------------------------

def _fmt(v, digits=6):
    try:
        return mpmath.nstr(v, digits)
    except Exception:
        return str(v)


# --- symbolic and numeric comparison ---------------------------------------------------------------

def _split_logs(e):
    """``e`` with erfc of real arguments (positive) replaced by positive dummies, logs then expanded:
    log(a/erfc(z)) + log(erfc(z)) -> log(a), which SymPy does not do while it cannot see erfc > 0."""
    reps = {f: sp.Dummy("erfc", positive=True) for f in e.atoms(sp.erfc) if f.args[0].is_extended_real}
    return sp.simplify(sp.expand_log(e.xreplace(reps)))


def _zero(expr) -> bool:
    """True when ``expr`` provably simplifies to zero (several SymPy strategies, cheapest first)."""
    if isinstance(expr, sp.MatrixBase):
        return all(_zero(e) for e in expr)
    if expr == 0:
        return True
    for f in (sp.expand, sp.cancel, sp.powsimp, lambda e: sp.powdenest(e, force=False),
              sp.simplify, lambda e: sp.simplify(sp.expand_func(sp.expand(e))),
              lambda e: sp.simplify(e.rewrite(sp.exp)), lambda e: sp.simplify(e.rewrite(sp.erfc)),
              lambda e: _split_logs(e.rewrite(sp.erfc))):
        try:
            if f(expr) == 0:
                return True
        except Exception:  # a strategy that cannot handle the expression just does not prove it
            continue
    return False


def equal(a, b) -> bool:
    """Symbolic equality under the declared assumptions (the engine's one notion of '=')."""
    return _zero(sp.simplify(sp.sympify(a) - sp.sympify(b)))


def _default_range(s):
    """A sampling interval for a free symbol from its assumptions (used to locate a residual)."""
    if s.is_integer:
        return (1, 6) if s.is_nonnegative else ((-6, -1) if s.is_nonpositive else (-3, 3))
    if s.is_positive or s.is_nonnegative:
        return (0.3, 2.7)
    if s.is_negative or s.is_nonpositive:
        return (-2.7, -0.3)
    return (-2.3, 2.7)


def _random_point(domain: dict, rng: random.Random) -> dict:
    pt = {}
    for s, (lo, hi) in domain.items():
        v = mpmath.mpf(lo) + (mpmath.mpf(hi) - mpmath.mpf(lo)) * mpmath.mpf(rng.random())
        pt[s] = sp.Integer(int(v)) if s.is_integer else sp.Float(v, NUMERIC_DPS)
    return pt


def _number(expr, dps):
    """``expr`` (no free symbols) as an mpmath number at ``dps`` digits."""
    v = sp.N(expr, dps)
    if v.has(sp.I) or not v.is_real:
        return mpmath.mpc(complex(v)) if dps <= 15 else mpmath.mpmathify(sp.re(v)) + 1j * mpmath.mpmathify(sp.im(v))
    return mpmath.mpmathify(v)


def _values(expr, dps):
    if isinstance(expr, sp.MatrixBase):
        return [_number(e, dps) for e in expr]
    return [_number(expr, dps)]


def numeric_compare(lhs, rhs, domain=None, *, relation="==", tol=None, dps=NUMERIC_DPS,
                    points=NUMERIC_POINTS, seed=0):
    """Compare ``lhs`` and ``rhs`` numerically at ``dps`` digits; return ``(ok, detail)``.

    Without free symbols both sides are evaluated once; otherwise at ``points`` random points of
    ``domain`` (symbol -> (low, high)).  ``==`` holds within ``tol`` (default ``10**-(dps-8)``), relative
    to the larger side, or absolute where a side is exactly 0 (a residual compared with 0); ``<`` etc.
    compare the real parts of the values.  The detail names the worst point and
    shows both values there.
    """
    rng = random.Random(seed)
    free = (sp.sympify(lhs).free_symbols | sp.sympify(rhs).free_symbols)
    if free and not domain:
        raise ValueError(f"numeric check of an expression in {sorted(map(str, free))} needs a domain")
    missing = free - set(domain or {})
    if missing:
        raise ValueError(f"domain lacks {sorted(map(str, missing))}")
    explicit = tol is not None
    tol = mpmath.mpf(10) ** -(dps - 8) if tol is None else mpmath.mpf(tol)
    worst, worst_at, ok = None, None, True
    with mpmath.workdps(dps):
        for _ in range(points if free else 1):
            pt = _random_point(domain, rng) if free else {}
            a = _values(lhs.subs(pt) if pt else lhs, dps)
            b = _values(rhs.subs(pt) if pt else rhs, dps)
            if relation == "==":
                # relative to the larger side; absolute where a side is exactly 0 (a residual compared with 0),
                # and then only with a tolerance the step states (a default would accept any tiny value)
                zero = any(v == 0 for v in a + b)
                scale = mpmath.mpf(1) if zero else max(abs(v) for v in a + b)
                err = max(abs(x - y) for x, y in zip(a, b)) / scale
                good = err <= tol and (explicit or not zero)
                key = err
            else:
                cmp = {"<": lambda x, y: x < y, ">": lambda x, y: x > y, "<=": lambda x, y: x <= y,
                       ">=": lambda x, y: x >= y, "!=": lambda x, y: abs(x - y) > tol * max(abs(x), abs(y), 1)}
                real = all(abs(mpmath.im(v)) <= tol * max(abs(v), 1) for v in a + b)  # order needs real values
                good = real and all(cmp[relation](mpmath.re(x), mpmath.re(y)) for x, y in zip(a, b))
                key = mpmath.mpf(0) if good else mpmath.mpf(1)
            ok &= bool(good)
            if worst is None or key > worst:
                worst, worst_at = key, (pt, a, b)
    pt, a, b = worst_at
    where = (" at " + ", ".join(f"{k} = {_fmt(v, 8)}" for k, v in pt.items())) if pt else ""
    vals = f"lhs = {', '.join(_fmt(v, 20) for v in a)}, rhs = {', '.join(_fmt(v, 20) for v in b)}"
    if relation == "==":
        note = "" if explicit or not any(v == 0 for v in a + b) else \
            " (a comparison with an exact 0 needs an absolute tol= stated by the step)"
        return ok, f"max rel. diff {_fmt(worst, 3)} (tol {_fmt(tol, 2)}){where}: {vals}{note}"
    return ok, f"{vals}{where}"


def residual_point(residual, tries=40, seed=1):
    """A point where ``residual`` (an expression) is numerically nonzero, or ``None``."""
    free = sorted(residual.free_symbols, key=str)
    if not free:
        return ({}, _number(residual, 30)) if residual != 0 else None
    rng = random.Random(seed)
    dom = {s: _default_range(s) for s in free}
    for _ in range(tries):
        pt = _random_point(dom, rng)
        try:
            v = _number(residual.subs(pt), 30)
        except Exception:
            continue
        if abs(v) > mpmath.mpf(10) ** -20:
            return pt, v
    return None


def differ(printed, corrected, *, at=None, domain=None, tol=1e-10):
    """Prove ``printed != corrected`` honestly; return ``(ok, detail)``.

    Either the difference is an exact nonzero expression (a nonzero number, or provably nonzero
    from the symbols' assumptions), or there is an explicit counterexample point (``at``, else a
    random point of ``domain`` or of the assumptions' default ranges) where the two differ by more
    than ``tol`` relative.  A simplifier that fails to reach zero proves nothing and is not used.
    """
    printed, corrected = sp.sympify(printed), sp.sympify(corrected)
    diff = sp.simplify(printed - corrected)
    if diff.is_zero is False and diff.is_finite:  # decided by SymPy's assumptions, not by a failed simplify
        return True, f"exact difference printed - corrected = {sp.sstr(diff)} (nonzero)"
    if diff.is_number:  # a constant: its value at 50 digits is the evidence, shown
        v = sp.N(diff, 50)
        if v.is_finite and abs(v) > sp.Float("1e-40"):
            return True, f"printed - corrected = {sp.sstr(diff)} = {sp.N(v, 12)} (50 digits)"
    candidates = []
    if at:
        candidates.append(at)
    free = sorted((printed.free_symbols | corrected.free_symbols), key=str)
    rng = random.Random(3)
    dom = domain or {s: _default_range(s) for s in free}
    candidates += [_random_point(dom, rng) for _ in range(10)]
    for pt in candidates:
        try:
            a, b = _number(printed.subs(pt), 30), _number(corrected.subs(pt), 30)
        except Exception:
            continue
        if not all(mpmath.isfinite(v) for v in (a, b)):
            continue  # no evidence at a point where either side is not a finite number
        if abs(a - b) > tol * max(abs(a), abs(b), mpmath.mpf(10) ** -30):
            where = ", ".join(f"{k} = {_fmt(v, 6)}" for k, v in pt.items()) or "(constants)"
            return True, f"counterexample at {where}: printed = {_fmt(a, 12)}, corrected = {_fmt(b, 12)}"
    return False, f"no proof that they differ (simplified difference {sp.sstr(diff)})"


# --- premises and steps ----------------------------------------------------------------------------

def _sympify(name, value, owner):
    try:
        if isinstance(value, sp.MatrixBase):  # immutable: a Matrix source is inserted into expressions
            return sp.ImmutableMatrix(value)
        return value if isinstance(value, sp.Basic) else sp.sympify(value)
    except (sp.SympifyError, TypeError, SyntaxError) as exc:
        raise ValueError(f"{owner}: {name} must be a SymPy expression (or a string SymPy can parse); "
                         f"got {value!r}") from exc


@dataclass
class Premise:
    """A definition or equation of the paper taken as given: ``symbol := expr`` (or just ``expr``).

    ``name`` is the key steps use to start from it; ``label`` the paper's equation ("Eq. 3").
    """

    name: str
    label: str
    statement: str
    expr: sp.Basic
    symbol: sp.Basic | None = None  # what the premise defines, for display
    define: bool = False  # a definition: steps that use it may write ``symbol`` for ``expr``

    def __post_init__(self):
        self.expr = _sympify("expr", self.expr, f"premise {self.name!r}")

    def latex(self):
        from .display import premise_latex
        return premise_latex(self)

    def text(self, width=100):
        """Readable 2D text: ``symbol := expr``."""
        if self.symbol is None:
            return sp.pretty(self.expr, num_columns=width)
        try:
            return sp.pretty(sp.Eq(self.symbol, self.expr, evaluate=False), num_columns=width).replace(" = ", ":= ", 1)
        except Exception:  # e.g. a Matrix premise
            return f"{sp.pretty(self.symbol)}\n  :=\n{sp.pretty(self.expr, num_columns=width)}"

    def _repr_latex_(self):
        return rf"$\displaystyle {self.latex()} \qquad \text{{({self.label}, premise)}}$"


MAX_NUMERIC_TOL = 1e-25  #: loosest relative tolerance of a numeric equality (a looser one is a stated bound)
MAX_INTERVAL_TOL = 1e-12  #: loosest absolute tolerance of an interval equality |lhs - rhs| <= tol


def _sign_decided(expr, relation) -> bool:
    """``expr REL 0`` decided by SymPy's assumptions (never by a simplifier giving up)."""
    e = sp.simplify(expr)
    return {"<": e.is_negative, ">": e.is_positive, "<=": e.is_nonpositive, ">=": e.is_nonnegative}[relation] is True


class RuleApplication:
    """The rule a step applies (read from its left side's outermost operator) and the sources it names."""

    def __init__(self, name, sources, template):
        self.name, self.sources, self.template = name, tuple(sources), template

    def text(self):
        src = f" [{', '.join(self.sources)}]" if self.sources else " (lemma)"
        return f"{self.name}{src}"

    def latex(self):
        """The rule and the left side it builds, as math: sources appear as [name]."""
        from .display import latex
        return r"\text{%s:}\ %s" % (self.name, latex(self.template) if not isinstance(
            self.template, sp.MatrixBase) else latex(sp.ImmutableMatrix(self.template)))

    def __repr__(self):
        return f"RuleApplication({self.name!r}, {self.sources!r})"


class Step:
    """One checked relation ``lhs REL rhs`` of a derivation, whose left side a rule builds from sources.

    ``lhs`` is the *defining* object left unevaluated, written with placeholders ``Ref("name")`` where a
    premise or an earlier step's result enters (:mod:`derivations.rules`): the derivation inserts the
    source, so the link holds by construction, and the rule applied is named by the outermost operator
    (integrate, differentiate, limit, substitute, probability, ...).  The claim shown is generated
    from the rule and the mathematics (:attr:`claim`); ``note`` (second positional argument) is optional
    prose.  Keyword-only: ``uses=()`` marks a *lemma* (a self-contained fact with no source; any other
    ``uses`` is refused: sources are the Refs), ``unfold`` (names of definition premises whose symbols the
    check may expand: notation, not links), ``name``, ``result`` (publish the right side),
    ``relation`` (``==, <, >, <=, >=, !=``), ``method``:

    - ``symbolic``: ``lhs.doit() - rhs`` simplifies to 0, or a sign decided by the assumptions (proof);
    - ``interval``: for all points of ``domain`` by Arb interval arithmetic (proof over the whole domain);
    - ``numeric``: at 40 digits; with free symbols, at random points of ``domain``: **evidence**, never
      a proof (a generated function may not rest on it unless its GenSpec says so); without free symbols,
      the values of computed constants (tolerance at most 1e-25 relative);
    - a registered check (:func:`derivations.rules.checker`): ``fn(lhs, rhs, context) -> Outcome``.
    """

    def __init__(self, label, note, lhs, rhs, why="", *, uses=None, name=None, result=None, relation="==",
                 method="symbolic", domain=None, tol=None, evaluate=True, check_fn=None, unfold=()):
        from .rules import CHECKERS, refs
        owner = f"step {label!r} ({note})"
        if check_fn is not None:
            raise ValueError(f"{owner}: check_fn closures are not accepted; register a tested check with "
                             "derivations.rules.checker(name) and use method=name")
        if relation not in RELATIONS:
            raise ValueError(f"{owner}: relation must be one of {', '.join(RELATIONS)}; got {relation!r}")
        if method not in METHODS + ("interval",) and method not in CHECKERS:
            raise ValueError(f"{owner}: method must be one of {', '.join(METHODS + ('interval',))} or a registered "
                             f"check ({', '.join(sorted(CHECKERS)) or 'none'}); got {method!r}")
        self.label, self.note, self.why = str(label), str(note or ""), str(why or "")
        self.template = _sympify("lhs", lhs, owner)
        self.rhs_template = _sympify("rhs", rhs, owner)
        self.lhs, self.rhs = self.template, self.rhs_template
        if self.lhs == 0 and self.rhs == 0:
            raise ValueError(f"{owner}: both sides are 0; state the quantity checked and its value")
        if self.lhs == self.rhs:
            raise ValueError(f"{owner}: both sides are the same expression: nothing is checked")
        sources = refs(self.template)
        if isinstance(uses, str):
            uses = (uses,)
        if uses is not None and tuple(uses) != ():
            raise ValueError(f"{owner}: `uses` is not given by hand: write Ref({tuple(uses)[0]!r}) in the left side "
                             "where that source enters (uses=() marks a lemma)")
        if uses == () and sources:
            raise ValueError(f"{owner}: a lemma (uses=()) has no sources, but its left side has Ref({sources[0]!r})")
        if uses is None and not sources:
            raise ValueError(f"{owner}: the left side names no source: write Ref('name') where a premise or an "
                             "earlier step enters, or mark a self-contained lemma with uses=()")
        self.uses = tuple(sources)
        self.rhs_uses = tuple(refs(self.rhs_template))  # sources the right side names: also in the chain
        from .rules import Ref
        free = {f for f in _free(self.lhs) | _free(self.rhs) if not isinstance(f, Ref)}  # a Ref is a source
        if method in ("numeric", "interval") and free and not domain:
            raise ValueError(f"{owner}: a {method} step in {sorted(map(str, free))} needs a domain "
                             "(symbol -> (low, high))")
        # a numeric equality within a loose tol is a bound, not an equality; for an order relation the tol only
        # decides when a value counts as real (a loose one would order complex numbers).  An interval equality
        # proves |lhs - rhs| <= tol over the whole domain: at most MAX_INTERVAL_TOL (below float64 resolution of
        # values of order one)
        cap = {"numeric": MAX_NUMERIC_TOL, "interval": MAX_INTERVAL_TOL}.get(method)
        if tol is not None and cap is not None and relation != "!=" and (method == "numeric" or relation == "==") \
                and not float(tol) <= cap:
            raise ValueError(f"{owner}: tol={tol} is looser than {cap:g}: a {method} relation is checked to at "
                             f"most {cap:g}; state a looser agreement as a bound (relation '<=' with the bound as "
                             "the right side)")
        self.name, self.result, self.relation, self.method = name or result, result, relation, method
        self.domain, self.tol, self.evaluate = domain, tol, evaluate
        self.unfold = (unfold,) if isinstance(unfold, str) else tuple(unfold)
        from .rules import rule_of
        self.rule = RuleApplication(rule_of(self.template), sources, self.template)
        self.outcome = None  # the last check's Outcome
        self.defs = {}  # symbol -> expression of the derivation's definitions (set by its Derivation)
        self.link_issues = []  # set by its Derivation when the sources are inserted
        self.resolved = not sources and not refs(self.rhs_template)

    def __repr__(self):
        return f"Step({self.label!r}, {self.rule.text()!r})"

    @property
    def claim(self) -> str:
        """The claim, generated from the rule and the left side it builds from its sources ([name]); the prose
        note, if any, follows after a dash."""
        return f"{self.rule.text()}: {sp.sstr(self.template)}" + (f" -- {self.note}" if self.note else "")

    @property
    def headline(self) -> str:
        """What displays put in a step's heading: the prose note, or the rule with its sources (the mathematics is
        shown beside it: the relation, and the rule's left side with its sources as [name])."""
        return self.note or self.rule.text()

    @property
    def statement(self) -> str:
        """The full generated claim: rule, left side as built from the sources ([name]), relation, right side."""
        rel = {"==": "="}.get(self.relation, self.relation)
        return f"{self.rule.text()}: {sp.sstr(self.template)} {rel} {sp.sstr(self.rhs)}"

    @property
    def evidence(self) -> bool:
        """True when the step's check can only be evidence (sampled points), never a proof."""
        from .objects import _Over
        # a maximum/minimum over listed points anywhere in either side (inserted sources included) is sampled
        if any(_has(e, _Over) for e in (self.lhs, self.rhs, self.template, self.rhs_template)):
            return True
        if self.outcome is not None and self.outcome.evidence:  # a registered check that says it sampled
            return True
        if self.method != "numeric":
            return False
        lhs, rhs = self._unfolded() if self.resolved else (self.lhs, self.rhs)
        if _free(lhs) | _free(rhs):
            return True
        # constants: a value checked against typed digits (a Float side) is what it claims to be; two exact
        # expressions agreeing to 25 digits are not proven equal (exp(pi sqrt(163)) = 640320^3 + 744 to 3e-30)
        return self.relation == "==" and not any(_has(e, sp.Float) for e in (lhs, rhs))

    # -- display --
    def latex(self) -> str:
        from .display import step_latex
        return step_latex(self)

    def text(self) -> str:
        rel = {"==": "="}.get(self.relation, self.relation)
        return f"{sp.sstr(self.lhs)}  {rel}  {sp.sstr(self.rhs)}"

    def pretty(self, width=100) -> str:
        rel = {"==": sp.Eq, "<": sp.Lt, ">": sp.Gt, "<=": sp.Le, ">=": sp.Ge, "!=": sp.Ne}[self.relation]
        if isinstance(self.lhs, sp.MatrixBase) or isinstance(self.rhs, sp.MatrixBase):
            return f"{sp.pretty(self.lhs, num_columns=width)}\n  {self.relation}\n{sp.pretty(self.rhs, num_columns=width)}"
        try:
            return sp.pretty(rel(self.lhs, self.rhs, evaluate=False), num_columns=width)
        except Exception:
            return self.text()

    def _repr_latex_(self):
        mark = r"\quad\text{(not checked yet)}" if self.outcome is None else (
            r"\quad\checkmark" if self.outcome.ok else r"\quad\times")
        return rf"$\displaystyle {self.latex()} \qquad \text{{({self.label})}}{mark}$"

    def _repr_html_(self):
        from .display import step_html
        return step_html(self)

    # -- checking --
    def check(self) -> Outcome:
        try:
            if not self.resolved:
                raise DerivationError("its sources are not inserted: check it inside its Derivation")
            self.outcome = self._check()
        except Exception as exc:  # a crash in a check is a failed check, reported with its reason
            self.outcome = Outcome(False, self.method, f"{type(exc).__name__}: {exc}")
        return self.outcome

    def _sides(self):
        lhs, rhs = self._unfolded()
        lhs, rhs = _limits_in_erfc(lhs), _limits_in_erfc(rhs)
        lhs = lhs.doit() if self.evaluate and hasattr(lhs, "doit") else lhs
        rhs = rhs.doit() if hasattr(rhs, "doit") else rhs
        return lhs, rhs

    def context(self):
        return {"domain": self.domain, "tol": self.tol, "relation": self.relation, "defs": self.defs,
                "step": self}

    def _check(self) -> Outcome:
        from .rules import CHECKERS
        if self.method in CHECKERS:
            lhs, rhs = self._unfolded()
            o = CHECKERS[self.method](lhs, rhs, self.context())
            return Outcome(o.ok, f"{self.method} (registered check)", o.detail, evidence=o.evidence)
        lhs, rhs = self._sides()
        if self.method == "interval":
            return _interval_check(lhs, rhs, self.relation, self.domain, self.tol)
        if self.method == "numeric":
            ok, detail = numeric_compare(lhs, rhs, self.domain, relation=self.relation, tol=self.tol)
            free = bool(_free(lhs) | _free(rhs))
            where = f"{NUMERIC_DPS} digits" + (f", {NUMERIC_POINTS} random points" if free else "")
            ev = self.evidence
            return Outcome(ok, ("evidence: " if ev else "") + f"numeric ({where})", detail, evidence=ev and ok)
        if self.relation == "==":
            res = lhs - rhs if not isinstance(lhs, sp.MatrixBase) else (lhs - rhs).applyfunc(sp.simplify)
            res = sp.simplify(res) if not isinstance(res, sp.MatrixBase) else res
            if _zero(res):
                return Outcome(True, "symbolic")
            return Outcome(False, "symbolic", _residual_detail(res))
        if self.relation == "!=":
            ok, detail = differ(lhs, rhs)
            return Outcome(ok, "symbolic", detail)
        diff = sp.simplify(lhs - rhs)
        if _sign_decided(diff, self.relation):
            return Outcome(True, "symbolic (sign from assumptions)", f"lhs - rhs = {sp.sstr(diff)}")
        return Outcome(False, "symbolic (sign from assumptions)", _inequality_failure(diff, self.relation))

    def _unfolded(self):
        """Both sides with the derivation's definitions unfolded (only where a defined symbol occurs)."""
        def unfold(e):
            for _ in range(6):  # definitions may refer to each other: substitute until nothing changes
                keys = {k: v for k, v in self.defs.items() if _has(e, k)}
                if not keys:
                    break
                e = e.subs(keys)
            return e
        return (unfold(self.lhs), unfold(self.rhs)) if self.defs else (self.lhs, self.rhs)


def _limits_in_erfc(e):
    """Inside every ``Limit``, the toolkit's special functions written as erfc first: SymPy's ``limit`` treats an
    unevaluated ``GaussianTail(x)`` as an unknown function and returns wrong values (lim x -> oo of
    phi(x)/(x Q(x)) came out 0; it is 1)."""
    if not isinstance(e, sp.Basic) or not e.has(sp.Limit):
        return e
    from .special import _Named
    return e.replace(lambda q: isinstance(q, sp.Limit) and q.args[0].has(_Named),
                     lambda q: sp.Limit(q.args[0].replace(lambda f: isinstance(f, _Named), lambda f: f.rewrite(sp.erfc)),
                                        *q.args[1:]))


def _has(e, k):
    try:
        return e.has(k)
    except Exception:
        return False


_CMP = {"<": lambda a: a < 0, ">": lambda a: a > 0, "<=": lambda a: a <= 0, ">=": lambda a: a >= 0}


def _inequality_failure(diff, relation):
    """Say whether ``diff REL 0`` is false (a counterexample inside the assumptions) or only unproved."""
    free = sorted(diff.free_symbols, key=str)
    rng = random.Random(5)
    dom = {s: _default_range(s) for s in free}
    for _ in range(40 if free else 1):
        pt = _random_point(dom, rng) if free else {}
        try:
            v = _number(diff.subs(pt), 30)
        except Exception:
            continue
        if isinstance(v, mpmath.mpc) or not _CMP[relation](v):
            where = ", ".join(f"{k} = {_fmt(val, 8)}" for k, val in pt.items()) or "(a constant)"
            return f"FALSE: lhs - rhs = {sp.sstr(diff)} = {_fmt(v, 10)} at {where} (inside the assumptions)"
    return (f"UNPROVED (no counterexample found at 40 points): lhs - rhs = {sp.sstr(diff)}; tried: the symbols' "
            "assumptions; add assumptions to the symbols, or method='interval' with the whole domain")


def _interval_check(lhs, rhs, relation, domain, tol):
    """``lhs REL rhs`` for every point of ``domain`` by Arb interval arithmetic (derivations.interval)."""
    from .interval import bound_abs, prove
    if isinstance(lhs, sp.MatrixBase):
        outs = [_interval_check(a, b, relation, domain, tol) for a, b in zip(lhs, rhs)]
        bad = [f"entry {i}: {o.detail}" for i, o in enumerate(outs) if not o.ok]
        return Outcome(not bad, "interval (Arb, whole domain)", "; ".join(bad) or outs[0].detail)
    dom = {s: domain[s] for s in (lhs - rhs).free_symbols} if domain else {}
    missing = (lhs - rhs).free_symbols - set(dom)
    if missing:
        return Outcome(False, "interval", f"domain lacks {sorted(map(str, missing))}")
    if relation == "==":
        if tol is None:
            return Outcome(False, "interval", "an equality by intervals needs tol= (it proves |lhs - rhs| <= tol)")
        v = bound_abs(lhs - rhs, dom, tol)
    elif relation == "!=":
        return Outcome(False, "interval", "use differ() (symbolic) for !=")
    else:
        v = prove(lhs - rhs, relation, dom)
    return Outcome(v.ok, "interval (Arb, whole domain)", str(v))


def _free(e):
    return e.free_symbols if hasattr(e, "free_symbols") else set()


def _residual_detail(res):
    if isinstance(res, sp.MatrixBase):
        bad = [(i, e) for i, e in enumerate(res) if not _zero(e)]
        i, e = bad[0]
        return f"entry {i}: " + _residual_detail(e)
    txt = f"residual lhs - rhs = {sp.sstr(res)}"
    found = residual_point(res)
    if found:
        pt, v = found
        where = ", ".join(f"{k} = {_fmt(val, 6)}" for k, val in pt.items()) or "(a constant)"
        txt += f"; nonzero at {where}: {_fmt(v, 10)}"
    return txt


# --- generated functions ---------------------------------------------------------------------------

@dataclass
class GenSpec:
    """A named result printed as a vectorized NumPy/SciPy function in ``numerics/_generated``.

    ``result`` names the derivation's result; ``form`` (optional) is an equivalent expression better
    suited to floating point, proven equal to ``result.subs(subs)`` before it is printed (symbolic, or
    numeric at 40 digits over ``domain``).  ``steps`` (optional) are ``(symbol, expr)`` assignments
    printed before the return, in order, so that floating point evaluates products and exponentials in
    the order written (SymPy would otherwise merge ``E*E`` into ``E**2`` or square a tiny factor first);
    ``form`` may use their symbols, and the proof substitutes them back.  ``args`` is the ordered argument
    list of symbols; ``doc`` names the equation and domain.
    """

    name: str
    result: str
    args: tuple
    doc: str
    form: sp.Basic | None = None
    subs: dict = field(default_factory=dict)
    domain: dict | None = None
    steps: tuple = ()
    evidence: str = ""  # why printing a result that rests on sampled evidence is acceptable (goes into the docstring)
    expr: sp.Basic | None = None  # filled in by the Derivation: what is printed
    proven: Outcome | None = None

    def __post_init__(self):
        if self.steps and self.form is None:
            raise ValueError(f"GenSpec {self.name!r}: assignments (steps) need a form that uses them")
        names = [str(a) for a in self.args]
        for sym, _ in self.steps:
            if str(sym) in names or str(sym).startswith("_t") or sym in self.args:
                raise ValueError(f"GenSpec {self.name!r}: assignment {sym} shadows an argument or a CSE name")
            names.append(str(sym))

    def expanded(self):
        """The printed form with its assignments substituted back: an expression in ``args``."""
        e = self.form
        for sym, val in reversed(self.steps):
            e = e.subs(sym, val)
        return e

    def target(self, results):
        if self.result not in results:
            raise DerivationError(f"generated function {self.name!r}: no result named {self.result!r}")
        return results[self.result].subs(self.subs) if self.subs else results[self.result]

    def prove(self, results) -> Outcome:
        """Prove the printed expression equal to its result; cache and return the outcome."""
        if self.proven is not None:
            return self.proven
        for k, v in (self.subs or {}).items():  # the result holds under its symbols' assumptions only
            bad = [a for a in _ASSUMPTIONS
                   if getattr(k, "is_" + a, None) and getattr(sp.sympify(v), "is_" + a) is False]
            if bad:
                self.proven = Outcome(False, "subs", f"{sp.sstr(k)} = {sp.sstr(v)} leaves the result's domain "
                                      f"({sp.sstr(k)} is {bad[0]})")
                return self.proven
        target = self.target(results)
        extra = (self.expanded() if self.form is not None else target).free_symbols - set(self.args)
        if extra:
            self.proven = Outcome(False, "arguments", f"free symbols {sorted(map(str, extra))} are not arguments")
            return self.proven
        if self.form is None:
            self.proven = Outcome(True, "is the result", self.result)
        elif self.domain is None:
            form = self.expanded()
            res = sp.simplify((form - target).rewrite(sp.erfc).rewrite(sp.exp))
            ok = _zero(res) or _zero(sp.simplify(form - target)) or _zero(_split_logs(res))
            self.proven = Outcome(ok, "symbolic", f"form = {self.result}" if ok else _residual_detail(res))
        elif _form_identity(self.expanded(), target):
            self.proven = Outcome(True, "symbolic", f"form = {self.result} (special functions rewritten, "
                                  "radicals rationalized inside function arguments)")
        else:
            ok, detail = numeric_compare(self.expanded(), target, self.domain)
            # a form equal at sampled points: evidence, not a proof
            self.proven = Outcome(ok, f"evidence: numeric ({NUMERIC_DPS} digits, {NUMERIC_POINTS} random points)",
                                  detail, evidence=ok)
        return self.proven


def _form_identity(form, target) -> bool:
    """``form == target`` by identities only: the toolkit's special functions rewritten as the SymPy functions
    they stand for (Q as erfc, zK1 as z K1(z)), expanded, and radicals rationalized inside the arguments of
    functions (cos(2 E/(a + b)) = cos(b - a) for b^2 - a^2 = 2 E)."""
    def prepare(e):
        e = e.rewrite(sp.besselk).rewrite(sp.erfc)
        return e.replace(lambda q: isinstance(q, sp.Function) and q.args and not isinstance(q, sp.Piecewise),
                         lambda q: q.func(*[sp.radsimp(a) for a in q.args]))
    try:
        diff = sp.expand(prepare(form) - prepare(target))
        return _zero(diff) or _zero(sp.simplify(diff))
    except Exception:
        return False


@dataclass
class GenConstant:
    """A 30-digit constant printed into ``numerics/_generated/constants.py``: the right side of a
    numeric step (``result``) that the check verifies against its solver."""

    name: str
    result: str
    doc: str


# --- derivations ---------------------------------------------------------------------------------

class Derivation:
    """Premises, an ordered list of checked steps, the results they publish and generated specs.

    Building the derivation inserts each step's sources (its ``Ref`` placeholders) and checks the
    links (:func:`derivations.rules.link_problems`); a definition premise is unfolded by the check of a
    step that names it (``Ref``, a link) or declares it as notation (``unfold=``, not a link).  ``check()`` then checks every step and the generated functions' proofs, refuses a
    generated function whose result rests on evidence (sampled points) unless its GenSpec says so, and
    counts the evidence-only steps (``evidence_steps``).
    """

    def __init__(self, name, title, steps, premises=(), generated=(), constants=(), notes=""):
        self.name, self.title, self.notes = name, title, notes
        self.constants = list(constants)
        self.premises = list(premises)
        self.steps = list(steps)
        self.generated = list(generated)
        self._index()

    def _index(self):
        try:
            self._build()
        except Exception:  # a derivation that fails to build owns none of its steps
            for s in self.steps:
                if getattr(s, "derivation", None) is self:
                    s.derivation = None
            raise

    def _rebind(self):
        """Insert this derivation's sources again if a Step object was since built into another derivation."""
        if any(getattr(s, "derivation", None) is not self for s in self.steps):
            self._index()

    def _build(self):
        from .rules import Ref, link_problems
        self.premise = {}
        for p in self.premises:
            if p.name in self.premise:
                raise ValueError(f"derivation {self.name!r}: duplicate premise name {p.name!r}")
            self.premise[p.name] = p
        _check_definitions(self.name, [p for p in self.premises if p.define and p.symbol is not None])
        definitions = {p.name: p.expr for p in self.premises if p.define and p.symbol is not None}
        inserted = {n: (p.symbol if n in definitions and isinstance(p.symbol, sp.Expr) else p.expr)
                    for n, p in self.premise.items()}
        self.step = {}
        self.results, self.result_step = {}, {}
        for i, s in enumerate(self.steps, 1):
            s.derivation = self  # whose sources are inserted (a Step object may be reused: check re-binds)
            s.index = i
            s.name = s.name or f"step{i}"
            if s.name in self.step or s.name in self.premise:
                raise ValueError(f"derivation {self.name!r}: duplicate step name {s.name!r}")
            unknown = [r.source for e in (s.template, s.rhs_template) for r in _atoms(e, Ref)
                       if r.source not in inserted]
            if unknown:
                later = [u for u in unknown if any(t.name == u for t in self.steps[i:])]
                why = "is not an earlier step" if later else "is neither a premise nor an earlier step"
                raise ValueError(f"derivation {self.name!r}, step [{i}] {s.label}: source {unknown[0]!r} {why}")
            s.link_issues = link_problems(s.template, inserted, definitions)
            s.lhs = _insert(s.template, inserted)
            s.rhs = _insert(s.rhs_template, inserted)
            s.resolved = True
            bad = [n for n in s.unfold if n not in definitions]
            if bad:
                raise ValueError(f"derivation {self.name!r}, step [{i}] {s.label}: unfold={bad[0]!r} is not a "
                                 "definition premise (define=True)")
            # definitions the check may unfold: those the left side names (Ref) and those declared as notation
            s.defs = {self.premise[n].symbol: self.premise[n].expr for n in dict.fromkeys(s.uses + s.unfold)
                      if n in definitions}
            self.step[s.name] = s
            inserted[s.name] = s.rhs
            if s.result:
                if s.result in self.results:
                    raise ValueError(f"derivation {self.name!r}: result {s.result!r} published twice")
                self.results[s.result], self.result_step[s.result] = s.rhs, s
        for g in self.generated:
            g.expr = g.form if g.form is not None else g.target(self.results)

    def __repr__(self):
        return f"Derivation({self.name!r}, {len(self.premises)} premises, {len(self.steps)} steps)"

    # -- links --
    def source(self, ref):
        """The expression a reference stands for: a premise's expression or a step's right side."""
        if ref in self.premise:
            return self.premise[ref].expr
        if ref in self.step:
            return self.step[ref].rhs
        raise KeyError(ref)

    def link(self, s) -> Outcome:
        """The link of step ``s``: its sources were inserted by construction; this reports the problems
        found when they were (lone atoms, sources that vanish identically)."""
        if not s.uses:
            return Outcome(True, "link", "lemma")
        if s.link_issues:
            return Outcome(False, "link", f"step [{s.index}] {s.rule.text()}: " + "; ".join(s.link_issues))
        return Outcome(True, "link", f"{s.rule.name} from " + ", ".join(s.uses))

    def chain(self, result, rhs=True):
        """The names a result rests on, premises last: ``[step, ..., premise]`` (depth first).  With ``rhs``
        (default) also the sources a right side names (a right side holding a failing or sampled step's result
        rests on it); without, only what the left sides start from."""
        seen, order = set(), []

        def walk(ref):
            if ref in seen:
                return
            seen.add(ref)
            order.append(ref)
            if ref in self.step:
                st = self.step[ref]
                for u in tuple(st.uses or ()) + (tuple(getattr(st, "rhs_uses", ())) if rhs else ()):
                    walk(u)
        walk(self.result_step[result].name)
        return order

    def premises_of(self, result):
        """The premises a result's left sides start from (a premise named only on a right side is not one)."""
        return [r for r in self.chain(result, rhs=False) if r in self.premise]

    def evidence_in_chain(self, result):
        """The evidence-only steps (sampled points) a result rests on."""
        return [r for r in self.chain(result) if r in self.step and self.step[r].evidence]

    @property
    def evidence_steps(self):
        return [s for s in self.steps if s.evidence]

    def generated_evidence(self):
        """Evidence-only steps in chains that feed generated code (should be none)."""
        out = []
        for g in self.generated:
            out += [r for r in self.evidence_in_chain(g.result) if r not in out]
        for c in self.constants:
            out += [r for r in self.evidence_in_chain(c.result) if r not in out]
        return out

    # -- checking --
    def check(self, raise_on_failure=True, again=False):
        """Check every link and step and every generated function's proof; return ``[(step, Outcome)]``.

        A step passes when both its link and its relation check; the outcome's detail then says
        where it starts.  Raises :class:`DerivationError` naming each failure if asked.  Steps already
        checked in this process keep their outcome unless ``again`` (a derivation is immutable once
        built: :func:`derivations.get` caches it).
        """
        self._rebind()
        report = []
        cache = getattr(self, "_checked", {})
        for s in self.steps:
            if s.name in cache and not again:  # checked by this derivation (link included) in this process
                s.outcome = cache[s.name]
                report.append((s, s.outcome))
                continue
            self._checked = cache
            o = self.check_step(s)
            report.append((s, o))
        self._checked = cache
        bad = [f"[{s.index}] {s.label}: {s.rule.text()} ({o.detail})" for s, o in report if not o.ok]
        for g in self.generated:
            p = g.prove(self.results)
            if not p.ok:
                bad.append(f"generated {g.name}: not proven equal to result {g.result!r} ({p.detail})")
            ev = self.evidence_in_chain(g.result)
            if ev and not g.evidence:
                bad.append(f"generated {g.name}: result {g.result!r} rests on evidence (sampled points), not "
                           f"proof: step(s) {', '.join(ev)}; prove them, or state it in GenSpec(evidence=...)")
            if p.ok and p.evidence and not g.evidence:
                bad.append(f"generated {g.name}: its form is equal to result {g.result!r} at sampled points of its "
                           "domain only (evidence, not proof); prove it symbolically (no domain), or state it in "
                           "GenSpec(evidence=...)")
        for r in self.results:
            if not self.premises_of(r) and self.premises:
                bad.append(f"result {r!r} does not rest on any premise (chain {' <- '.join(self.chain(r))})")
        self.failures = bad  # every failure, steps and derivation-level (proofs, chains)
        if bad and raise_on_failure:
            raise DerivationError(f"derivation {self.name!r}: failed: " + "; ".join(bad))
        return report

    @property
    def checked(self) -> bool:
        return all(s.outcome is not None for s in self.steps)

    def check_step(self, s) -> Outcome:
        """Check one step (its link and its relation); ``check()`` reuses the outcome."""
        cache = getattr(self, "_checked", None)
        if cache is None:
            cache = self._checked = {}
        ln = self.link(s)
        o = s.check()
        if not ln.ok:
            o = Outcome(False, "link", f"{ln.detail} (the relation itself: {o.mark})")
            s.outcome = o
        cache[s.name] = o
        return o

    # -- display --
    def text(self, outcomes=None):
        from .display import derivation_text
        if outcomes is not None:
            for s in self.steps:
                s.outcome = outcomes.get(s.name, s.outcome)
        return derivation_text(self)

    def _repr_html_(self):
        from .display import derivation_html
        return derivation_html(self)


_ASSUMPTIONS = ("positive", "negative", "nonnegative", "nonpositive", "real", "integer", "nonzero")


def _check_definitions(name, definitions):
    """Refuse definitions that would let a derivation prove anything: a symbol defined twice, a definition
    that refers to itself (directly or through other definitions), and a defined symbol whose assumptions its
    expression provably violates (``L`` positive defined as ``-1``: SymPy would simplify ``sqrt(L**2)`` to ``L``)."""
    from .objects import _Computed
    seen = {}
    for p in definitions:
        if p.symbol in seen:
            raise ValueError(f"derivation {name!r}: {sp.sstr(p.symbol)} is defined twice (premises "
                             f"{seen[p.symbol]!r} and {p.name!r})")
        seen[p.symbol] = p.name
        # (small expressions only, no solver values: SymPy's sign queries on large ones, or a solver's evalf,
        # take seconds)
        if isinstance(p.symbol, sp.Symbol) and isinstance(p.expr, sp.Expr) and sp.count_ops(p.expr) <= 8 \
                and not p.expr.has(_Computed):
            for a in _ASSUMPTIONS:
                if getattr(p.symbol, "is_" + a) and getattr(p.expr, "is_" + a) is False:
                    raise ValueError(f"derivation {name!r}, premise {p.name!r}: {sp.sstr(p.symbol)} is {a} but its "
                                     f"definition {sp.sstr(p.expr)} is not")
    deps = {p.symbol: {q.symbol for q in definitions if q.symbol is not p.symbol and _has(p.expr, q.symbol)}
            for p in definitions}
    for p in definitions:
        if _has(p.expr, p.symbol):
            raise ValueError(f"derivation {name!r}, premise {p.name!r}: the definition of {sp.sstr(p.symbol)} refers "
                             "to itself")
        todo, reached = list(deps[p.symbol]), set()
        while todo:
            q = todo.pop()
            if q == p.symbol:
                raise ValueError(f"derivation {name!r}, premise {p.name!r}: the definition of {sp.sstr(p.symbol)} "
                                 "refers to itself through other definitions (a cycle)")
            if q not in reached:
                reached.add(q)
                todo += list(deps.get(q, ()))


def _atoms(e, cls):
    if isinstance(e, sp.MatrixBase):
        return set().union(*(x.atoms(cls) for x in e)) if len(e) else set()
    return e.atoms(cls) if isinstance(e, sp.Basic) else set()


def _insert(e, inserted):
    """``e`` with each Ref placeholder replaced by its source (a Lambda source applied where called)."""
    from .rules import Ref
    reps = {r: r.resolve(inserted) for r in _atoms(e, Ref)}
    if not reps:
        return e
    return e.xreplace(reps) if not isinstance(e, sp.MatrixBase) else e.applyfunc(lambda x: x.xreplace(reps))


# --- errata ------------------------------------------------------------------------------------------

class Erratum:
    """A printed formula or sentence of the paper, its correction, its kind and a machine check.

    ``kind`` is ``error`` (changes a result), ``typo`` (no consequence once read in context) or
    ``convention`` (a choice the paper leaves implicit).  ``check_fn`` returns ``(ok, detail)``; for an
    error or typo it proves printed != corrected honestly (:func:`differ`: exact nonzero difference
    or explicit counterexample), for a convention it shows where the readings agree or part.
    ``where`` locates prose slips ("text after Eq. 18").
    """

    def __init__(self, equation, kind, printed, corrected, explanation, check_fn, where=""):
        if kind not in KINDS:
            raise ValueError(f"erratum {equation!r}: kind must be one of {', '.join(KINDS)}; got {kind!r}")
        self.equation, self.kind, self.printed, self.corrected = equation, kind, printed, corrected
        self.explanation, self.check_fn, self.where = explanation, check_fn, where
        self.outcome, self.detail = None, ""

    def __repr__(self):
        return f"Erratum({self.equation!r}, {self.kind!r})"

    def check(self, raise_on_failure=True) -> Outcome:
        try:
            ok, detail = self.check_fn()
            o = Outcome(bool(ok), "erratum", detail)
        except Exception as exc:
            o = Outcome(False, "erratum", f"{type(exc).__name__}: {exc}")
        self.outcome, self.detail = o, o.detail
        if not o.ok and raise_on_failure:
            raise DerivationError(f"erratum {self.equation}: check failed: {o.detail}")
        return o

    def text(self):
        status = "" if self.outcome is None else f"\n  check: {self.outcome}"
        loc = f" ({self.where})" if self.where else ""
        return (f"{self.equation}{loc} [{self.kind}]\n  printed:   {self.printed}\n  corrected: {self.corrected}"
                f"\n  why: {self.explanation}{status}")

    def _repr_html_(self):
        status = "" if self.outcome is None else self.outcome._repr_html_()
        loc = f" ({html.escape(self.where)})" if self.where else ""
        return (f"<div><b>{html.escape(self.equation)}</b>{loc} <i>[{self.kind}]</i><br>"
                f"printed: <code>{html.escape(self.printed)}</code><br>"
                f"corrected: <code>{html.escape(self.corrected)}</code><br>"
                f"<small>{html.escape(self.explanation)}</small><br>{status}</div>")
