"""Inference rules: how a step's left side is *built* from named sources.

A step never retypes what it starts from.  Its left side is an expression in which each source (a
premise or an earlier step's result) enters through a placeholder :class:`Ref`; the derivation
replaces each placeholder by the source's expression (a definition premise by the symbol it defines,
which the check unfolds), so the link holds by construction.  The outermost operator of the left side
names the rule applied (:func:`rule_of`):

==================  =====================================================  ==========================
rule                left side                                              built with
==================  =====================================================  ==========================
integrate           ``Integral(f, (x, a, b))``                             :func:`integrate`
differentiate       ``Derivative(f, x)``                                   :func:`differentiate`
limit               ``Limit(f, x, x0, dir)``                               :func:`limit`
substitute          ``Subs(f, x, value)``                                  :func:`substitute`
sum                 ``Sum(f, (k, a, b))``                                  :func:`sum_over`
probability         ``sympy.stats.Probability(event)`` (a random symbol)   :func:`probability`
expectation         ``sympy.stats.Expectation(f(X))``                      :func:`expectation`
solve               ``Solution(equations, variables)``                     :func:`solve`
identity            ``Identity(name, f)``: a vetted identity, side          :func:`identity`
                    conditions proven from the assumptions
change variables    ``Integral`` -> the transformed integral (Jacobian       :func:`change_variables`
                    by SymPy's ``Integral.transform``)
compute             a number a routine computes (``objects.computed``)      ``TownesMass()`` ...
maximum/minimum     ``MaxOver``/``MinOver`` over listed points (evidence)   ``objects.MaxOver``
algebra             any other combination of sources (sums, products,       SymPy arithmetic on Refs
                    functions of them), evaluated and simplified
==================  =====================================================  ==========================

Soundness of a link (checked when the derivation is built, :func:`link_problems`):

* a non-definition source whose expression is a lone atom (a symbol or a number) is refused: any
  left side "contains" a 2 or an ``R0``;
* each source must survive in the left side: a source that enters only a term that vanishes
  identically (an integral over an empty range, a derivative along a variable it does not depend on,
  a factor that simplifies to 0) is refused (the skeleton test: each source replaced by an undefined
  function of its free symbols, vanishing nodes pruned, the placeholder must remain).

Checks beyond the relation ``lhs.doit() == rhs`` are registered functions (:func:`checker`) with the
contract ``(lhs, rhs, context) -> Outcome``; each is tested in ``tests/test_soundness.py``.
"""
from __future__ import annotations

import sympy as sp
import sympy.stats as stats
from sympy.core.function import AppliedUndef

__all__ = ["Ref", "rule_of", "integrate", "differentiate", "limit", "substitute", "sum_over", "probability",
           "expectation", "solve", "identity", "change_variables", "Identity", "IDENTITIES", "CHECKERS",
           "checker", "link_problems"]


class Ref(sp.Symbol):
    """A placeholder for the named source (premise or earlier step) in a left side: ``Ref("gauss")``.

    Arithmetic and SymPy constructors accept it like a symbol; the derivation replaces it by the
    source's expression.  ``Ref("x", *args)`` of a source whose expression is a ``Lambda`` applies it.
    """

    def __new__(cls, name, **assumptions):
        if assumptions:  # SymPy would simplify the left side with them (sqrt(Ref**2) -> Ref) before the source is in
            raise ValueError(f"Ref({name!r}): a placeholder takes no assumptions (got {sorted(assumptions)}); what is "
                             "known of a source comes from its expression")
        obj = super().__new__(cls, f"[{name}]")
        obj.source = name
        return obj

    def __getnewargs_ex__(self):
        return ((self.source,), {})

    def _latex(self, printer):
        return r"\left[\mathrm{%s}\right]" % self.source.replace("_", r"\_")

    def _sympystr(self, printer):
        return f"[{self.source}]"

    _pretty_name = property(lambda self: f"[{self.source}]")

    _iterable = False  # indexable (a Matrix source's entries), not a sequence
    __iter__ = None

    def __getitem__(self, i):
        if not isinstance(i, int):
            raise TypeError(f"Ref({self.source!r})[i] takes an integer index; got {i!r}")
        return RefItem(self.source, i)

    def resolve(self, inserted):
        return inserted[self.source]


class RefItem(Ref):
    """Entry ``i`` of a Matrix (or tuple) source: ``Ref("rescaling")[0]``."""

    def __new__(cls, name, index, **assumptions):
        if assumptions:
            raise ValueError(f"Ref({name!r})[{index}]: a placeholder takes no assumptions")
        obj = sp.Symbol.__new__(cls, f"[{name}][{index}]")
        obj.source, obj.index = name, int(index)
        return obj

    def __getnewargs_ex__(self):
        return ((self.source, self.index), {})

    def _latex(self, printer):
        return r"\left[\mathrm{%s}\right]_{%d}" % (self.source.replace("_", r"\_"), self.index)

    def _sympystr(self, printer):
        return f"[{self.source}][{self.index}]"

    def resolve(self, inserted):
        return inserted[self.source][self.index]


def refs(expr):
    """The names of the :class:`Ref` placeholders of ``expr``, in order of first appearance."""
    if not isinstance(expr, (sp.Basic, sp.MatrixBase)):
        return ()
    seen = []
    items = list(expr) if isinstance(expr, sp.MatrixBase) else [expr]
    for item in items:
        for node in sp.preorder_traversal(item):
            if isinstance(node, Ref) and node.source not in seen:
                seen.append(node.source)
    return tuple(seen)


# --- rule constructors (sugar: the rule is named by the outermost operator) -------------------

def integrate(f, *limits):
    """Integrate ``f`` over the stated range(s): ``integrate(Ref("p"), (F, L, oo))``."""
    return sp.Integral(f, *limits)


def differentiate(f, *variables):
    return sp.Derivative(f, *variables)


def limit(f, var, point, direction="+"):
    return sp.Limit(f, var, point, direction)


def substitute(f, old, new=None):
    """``f`` with ``old`` -> ``new`` (or a dict of replacements), left unevaluated."""
    if isinstance(old, dict):
        return sp.Subs(f, tuple(old), tuple(old.values()))
    return sp.Subs(f, old, new)


def sum_over(f, *limits):
    return sp.Sum(f, *limits)


def probability(event):
    """``P(event)`` of random symbols (``sympy.stats``), unevaluated: the defining object of a probability."""
    return stats.Probability(event)


def expectation(f):
    """``E[f]`` of random symbols, unevaluated (``sympy.stats.Expectation`` returns a non-random argument as it
    is, so it cannot hold a Ref placeholder: this holder builds it when the check evaluates)."""
    return Mean(f)


def _mean_class():
    from .objects import unevaluated

    @unevaluated
    class Mean(sp.Expr):
        """E[expr] over the random symbols in ``expr`` (sympy.stats), left unevaluated."""

        expr: sp.Basic
        _latex_repr_ = r"\mathbb{{E}}\left[{expr}\right]"
        _str_repr_ = "E[{expr}]"

        def evaluate(self, **hints):
            return stats.Expectation(self.expr).doit(**hints)
    return Mean


Mean = _mean_class()


def solve(equations, variables):
    from .objects import Solution
    return Solution(equations, variables)


def change_variables(integral, old, new_expr, new_var):
    """The integral ``integral`` (of a Ref) with ``old = new_expr(new_var)``: SymPy's ``Integral.transform``
    builds the new integrand with its Jacobian and limits; the step's right side is checked equal."""
    return ChangeOfVariables(integral, old, new_expr, new_var)


class ChangeOfVariables(sp.Function):
    """Unevaluated change of variables; ``doit`` performs it with ``Integral.transform`` (Jacobian included)."""

    nargs = 4

    @classmethod
    def eval(cls, *args):
        return None

    def doit(self, **hints):
        integral, old, new_expr, new_var = self.args
        integral = integral.doit(deep=False) if not isinstance(integral, sp.Integral) else integral
        if not isinstance(integral, sp.Integral):
            raise ValueError("change_variables needs an Integral")
        return integral.transform(old, new_expr)

    def _latex(self, printer):
        integral, old, new_expr, new_var = self.args
        return rf"{printer._print(integral)}\Big|_{{{printer._print(old)} = {printer._print(new_expr)}}}"

    def _sympystr(self, printer):
        integral, old, new_expr, new_var = self.args
        return f"({printer._print(integral)} with {printer._print(old)} = {printer._print(new_expr)})"


# --- a small library of vetted identities ---------------------------------------------------------

class _IdentityDef:
    def __init__(self, name, statement, apply, conditions):
        self.name, self.statement, self.apply, self.conditions = name, statement, apply, conditions


def _log_product(e):
    """log(a b) -> log a + log b, for a product of positive factors (each factor's sign proven)."""
    out, conds = e, []
    for lg in e.atoms(sp.log):
        arg = lg.args[0]
        if isinstance(arg, sp.Mul):
            conds += list(arg.args)
            out = out.xreplace({lg: sp.Add(*[sp.log(a) for a in arg.args])})
        elif isinstance(arg, sp.Pow) and arg.exp.is_real:
            conds.append(arg.base)
            out = out.xreplace({lg: arg.exp * sp.log(arg.base)})
    return out, [(c, ">") for c in conds]


IDENTITIES = {
    "log_product": _IdentityDef("log_product", r"\log(ab) = \log a + \log b,\ \log a^p = p\log a \quad (a, b > 0,\ p\ \mathrm{real})",
                                _log_product, None),
}


class Identity(sp.Function):
    """``Identity(name, f)``: ``f`` rewritten by the vetted identity ``name`` of :data:`IDENTITIES`; ``doit``
    applies it after proving its side conditions from the assumptions (else raises)."""

    nargs = 2

    @classmethod
    def eval(cls, *args):
        return None

    def doit(self, **hints):
        name, f = self.args
        ident = IDENTITIES[str(name)]
        out, conditions = ident.apply(f)
        for expr, rel in conditions:
            from .core import _sign_decided
            if not _sign_decided(expr, rel):
                raise ValueError(f"identity {name}: side condition {sp.sstr(expr)} {rel} 0 not proven from the "
                                 "assumptions")
        return out

    def _latex(self, printer):
        name, f = self.args
        return rf"\underset{{\mathrm{{{str(name).replace('_', ' ')}}}}}{{=}}\ {printer._print(f)}"

    def _sympystr(self, printer):
        name, f = self.args
        return f"identity[{name}]({printer._print(f)})"


def identity(name, f):
    if name not in IDENTITIES:
        raise ValueError(f"identity must be one of {', '.join(IDENTITIES)}; got {name!r}")
    return Identity(sp.Symbol(name), f)


# --- rule names -------------------------------------------------------------------------------------

def rule_of(lhs) -> str:
    """The rule a left side applies, read from its outermost operator."""
    from .objects import At, Insert, JacobianDet, Quad, Root, Solution, HalfLineQuad, _Computed, _Over
    if isinstance(lhs, Ref):
        return "restate"
    if isinstance(lhs, sp.MatrixBase):
        names = {rule_of(e) for e in lhs}
        return names.pop() if len(names) == 1 else "algebra"
    table = ((sp.Integral, "integrate"), (sp.Derivative, "differentiate"), (sp.Limit, "limit"),
             (sp.Subs, "substitute"), (sp.Sum, "sum"), (stats.Probability, "probability"),
             (stats.Expectation, "expectation"), (Mean, "expectation"), (Solution, "solve"), (Root, "solve"), (Identity, "identity"),
             (Insert, "substitute"), (At, "evaluate at a point"), (JacobianDet, "Jacobian"),
             (HalfLineQuad, "integrate (quadrature)"), (Quad, "integrate (quadrature)"),
             (ChangeOfVariables, "change variables"), (_Computed, "compute"), (_Over, "maximum/minimum"))
    for cls, name in table:
        if isinstance(lhs, cls):
            return name
    if isinstance(lhs, sp.Mul):  # a constant factor around a linear operator: that operator's rule (c int f = int c f);
        coeff, rest = lhs.as_coeff_Mul()  # never for a probability, a mean or a solution (2 P is not a probability)
        if coeff.is_Number and coeff != 1 and not isinstance(rest, sp.Mul):
            inner = rule_of(rest)
            if inner in ("integrate", "integrate (quadrature)", "differentiate", "limit", "sum", "substitute"):
                return inner
    return "algebra"


# --- registered checks --------------------------------------------------------------------------------

CHECKERS = {}


def checker(name, doc=None):
    """Register a check ``fn(lhs, rhs, context) -> Outcome`` under ``name`` (a step uses ``method=name``).

    ``context`` is a dict with the step's ``domain``, ``tol``, ``relation`` and the derivation's
    definitions.  A registered check must be tested (``tests/test_soundness.py`` runs each on a true
    and a false claim)."""
    def deco(fn):
        if name in CHECKERS:
            raise ValueError(f"checker {name!r} registered twice")
        fn.checker_name = name
        CHECKERS[name] = fn
        return fn
    return deco


# --- link soundness ------------------------------------------------------------------------------------

def _vanishing_free(e, keep):
    """``e`` with nodes that vanish identically replaced by 0 (bottom up)."""
    if not isinstance(e, sp.Basic) or e.is_Atom or not e.args:
        return e
    if isinstance(e, (sp.Integral, sp.Sum)):
        for lim in e.limits:
            if len(lim) == 3 and (lim[1] == lim[2] or (isinstance(e, sp.Sum) and (lim[2] - lim[1]).is_negative)):
                return sp.S.Zero
    if isinstance(e, sp.Derivative):
        f = _vanishing_free(e.expr, keep)
        if f == 0 or any(not f.has(v) for v, _ in e.variable_count):
            return sp.S.Zero
        return e.func(f, *e.variable_count)
    try:
        args = [_vanishing_free(a, keep) for a in e.args]
        if isinstance(e, sp.Mul):
            for a in args:
                # a factor free of the sources that is identically 0: a sum (sin^2 + cos^2 - 1), a power of
                # one, or a function of one (sin(pi (x + 1) - pi x))
                if a != 0 and not a.has(*keep) and not a.is_Atom and a.free_symbols and _identically_zero(a):
                    return sp.S.Zero
        return e.func(*args)
    except Exception:
        return e


def _identically_zero(a):
    try:
        if a.is_zero:
            return True
        return any(isinstance(n, sp.Add) for n in sp.preorder_traversal(a)) and sp.simplify(a) == 0
    except Exception:
        return False


#: rule nodes whose variables are bound: a source may not stand in a variable position
_BINDERS = (sp.Integral, sp.Sum, sp.Derivative, sp.Subs, sp.Limit, sp.Lambda)


def _bound_variables(node):
    if isinstance(node, (sp.Integral, sp.Sum)):
        return [lim[0] for lim in node.limits]
    if isinstance(node, sp.Derivative):
        return [v for v, _ in node.variable_count]
    if isinstance(node, sp.Subs):
        return list(node.variables)
    if isinstance(node, sp.Limit):
        return [node.args[1]]
    if isinstance(node, sp.Lambda):
        return list(node.variables)
    out = []  # the unevaluated classes of derivations.objects: their `variables`/`var` fields
    for f in ("variables", "var"):
        if f in getattr(type(node), "_fields", ()):
            v = getattr(node, f)
            out += list(v) if isinstance(v, sp.Tuple) else [v]
    return out


def _lone_atom(src):
    """True for a lone symbol or number, also when wrapped (``UnevaluatedExpr(2)``, ``Mul(2, 1,
    evaluate=False)``) or negated (``-R0``)."""
    if not isinstance(src, sp.Basic) or isinstance(src, sp.MatrixBase):
        return False
    core = src
    try:
        if core.has(sp.UnevaluatedExpr):
            core = core.xreplace({u: u.args[0] for u in core.atoms(sp.UnevaluatedExpr)})
        if not core.is_Atom and sum(1 for _ in sp.preorder_traversal(core)) <= 6:  # re-evaluate a tiny tree
            core = core.func(*core.args)
    except Exception:
        core = src
    for c in (src, core, -core):
        if isinstance(c, sp.Basic) and c.is_Atom and not isinstance(c, stats.rv.RandomSymbol):
            return True
    return False


def link_problems(template, sources, definitions):
    """Problems with the links of a left side ``template`` (with Refs) to ``sources`` (name -> expr);
    ``definitions`` are the names of definition premises (or a dict name -> defining expression, whose
    free symbols a defined symbol then depends on).  Returns a list of messages (empty if sound)."""
    problems = []
    names = refs(template)
    ghosts = {}
    for n in names:
        src = sources[n]
        if n not in definitions and isinstance(src, sp.Basic) and _lone_atom(src):
            problems.append(f"source {n!r} is a lone atom ({sp.sstr(src)}): it links nothing; start from an "
                            "expression, or make it a definition premise")
        # the ghost depends on everything the source depends on: its free symbols, the undefined functions
        # and the derivatives in it (a derivative along eta(y) must not vanish for a source holding eta(y));
        # a defined symbol also on the free symbols of its definition
        deps = []
        items = []
        if isinstance(src, (sp.Basic, sp.MatrixBase)):
            items = list(src) if isinstance(src, sp.MatrixBase) else [src]
        if isinstance(definitions, dict) and n in definitions and isinstance(definitions[n], (sp.Basic, sp.MatrixBase)):
            d = definitions[n]
            items += list(d) if isinstance(d, sp.MatrixBase) else [d]
        for it in items:
            deps += sorted(it.free_symbols, key=str)
            deps += sorted(it.atoms(AppliedUndef), key=str) + sorted(it.atoms(sp.Derivative), key=str)
        deps = list(dict.fromkeys(deps))
        ghosts[n] = sp.Function(f"Xi_{n}")(*deps) if deps else sp.Function(f"Xi_{n}")(sp.Symbol("_xi"))
    if not names:
        return problems
    items = list(template) if isinstance(template, sp.MatrixBase) else [template]
    # a source standing where a rule binds a variable (integration or summation variable, derivative or
    # limit variable, the symbol a Subs replaces) is not a use of it
    for item in items:
        if not isinstance(item, sp.Basic):
            continue
        for node in sp.preorder_traversal(item):
            if isinstance(node, _BINDERS) or hasattr(type(node), "_fields"):
                for v in _bound_variables(node):
                    if isinstance(v, Ref) or (isinstance(v, sp.Basic) and v.atoms(Ref)):
                        bad = v.source if isinstance(v, Ref) else sorted(r.source for r in v.atoms(Ref))[0]
                        msg = (f"source {bad!r} stands only as a bound variable of {type(node).__name__} (a variable "
                               "of integration, summation, differentiation, limit or substitution links nothing)")
                        if msg not in problems:
                            problems.append(msg)

    def skeleton(item):
        sk = item.xreplace({r: (ghosts[r.source] if not isinstance(r, RefItem) else ghosts[r.source] * (r.index + 1))
                            for r in item.atoms(Ref)}) if hasattr(item, "atoms") else item
        try:
            sk = _vanishing_free(sk, tuple(ghosts.values()))
        except Exception:
            pass
        return sk

    def has_ghost(e, g):
        return any(isinstance(a, AppliedUndef) and a.func == g.func for a in sp.preorder_traversal(e))

    try:
        skeletons = [skeleton(item) for item in items]
    except Exception:  # a Ref in a position SymPy refuses a function (a bound variable): reported above
        return problems or [f"the left side cannot hold its sources {', '.join(names)} as expressions"]
    for n, g in ghosts.items():
        alive = False
        for sk in skeletons:
            if has_ghost(sk, g):
                try:  # a source that cancels (p (x + 1) - p x - p) does not survive expansion
                    expanded = sp.expand(sk) if isinstance(sk, sp.Basic) else sk
                except Exception:
                    expanded = sk
                if has_ghost(expanded, g):
                    alive = True
                    break
        if not alive:
            problems.append(f"source {n!r} enters only a term that vanishes identically (empty range, "
                            "derivative along a variable it does not depend on, a zero factor, or terms that cancel)")
    # a substitution must replace a symbol its expression depends on (else it is no rule application): refused
    # when none of its variables (all symbols) occurs in the expression, sources' dependencies included
    for sk in skeletons:
        if not isinstance(sk, sp.Basic):
            continue
        for node in sp.preorder_traversal(sk):
            fields = set(getattr(type(node), "_fields", ()))
            subs = isinstance(node, sp.Subs) or {"expr", "variables", "point"} <= fields
            if subs and all(isinstance(v, sp.Symbol) for v in node.variables) and \
                    not any(v in node.expr.free_symbols for v in node.variables):
                problems.append(f"substitution of {', '.join(map(sp.sstr, node.variables))} in an expression that "
                                "contains none of them: the substitute rule is not applied")
    return problems


# --- registered proofs (general theorems with their hypotheses checked) ------------------------------

def _entries(lhs, rhs):
    if isinstance(lhs, sp.MatrixBase):
        return list(zip(lhs, rhs if isinstance(rhs, sp.MatrixBase) else [rhs] * len(lhs)))
    return [(lhs, rhs)]


@checker("decreasing_to_zero")
def decreasing_to_zero(lhs, rhs, context):
    """Prove ``lhs(x) > 0`` for every x of the step's domain ``{x: (x0, oo)}`` (right side 0): ``lhs'(x) < 0``
    decided by SymPy from the assumptions (x positive) and ``lim_{x -> oo} lhs = 0`` (SymPy, each additive term
    separately) imply ``lhs > 0`` (a strictly decreasing function stays above its limit).  Matrices entrywise."""
    from numerics.outcome import Outcome
    from .core import _sign_decided
    dom = context.get("domain") or {}
    if len(dom) != 1 or context["relation"] != ">":
        return Outcome(False, "decreasing_to_zero", "needs relation '>' and a domain {x: (x0, oo)}")
    (var, (lo, hi)), = dom.items()
    if sp.sympify(hi) != sp.oo or not var.is_positive or sp.sympify(lo).is_negative:
        return Outcome(False, "decreasing_to_zero", f"needs a positive symbol {var} on (x0 >= 0, oo)")
    notes = []
    for f, r in _entries(lhs, rhs):
        if r != 0:
            return Outcome(False, "decreasing_to_zero", "the right side must be 0")
        d = sp.simplify(sp.diff(f, var))
        if not _sign_decided(d, "<"):
            return Outcome(False, "decreasing_to_zero", f"derivative {sp.sstr(d)} not proven negative")
        lim = sp.Add(*[sp.limit(t.doit(), var, sp.oo) for t in sp.Add.make_args(f)])
        if lim != 0:
            return Outcome(False, "decreasing_to_zero", f"limit at oo is {sp.sstr(lim)}, not 0")
        notes.append(sp.sstr(d))
    return Outcome(True, "decreasing_to_zero", f"derivatives {'; '.join(notes)} < 0 and limits 0 at oo")


@checker("positive_integrand")
def positive_integrand(lhs, rhs, context):
    """Prove ``Integral(f, (t, a, b)) > 0`` (right side 0): ``b - a > 0`` and ``f > 0`` for t in (a, b), decided by
    SymPy with t = a + s (s > 0; and t = b - s for finite b).  Matrices entrywise."""
    from numerics.outcome import Outcome
    from .core import _sign_decided
    if context["relation"] != ">":
        return Outcome(False, "positive_integrand", "needs relation '>'")
    for f, r in _entries(lhs, rhs):
        if r != 0 or not isinstance(f, sp.Integral) or len(f.limits) != 1 or len(f.limits[0]) != 3:
            return Outcome(False, "positive_integrand", f"needs Integral(f, (t, a, b)) > 0; got {sp.sstr(f)}")
        t, a, b = f.limits[0]
        s = sp.Dummy("s", positive=True)
        if not (b == sp.oo or _sign_decided(b - a, ">")):
            return Outcome(False, "positive_integrand", f"range ({a}, {b}) not proven nonempty")
        integrand = f.function.subs(t, a + s)
        if not _sign_decided(integrand, ">"):
            return Outcome(False, "positive_integrand", f"integrand {sp.sstr(integrand)} (t = a + s) not proven > 0")
        if b != sp.oo and not _sign_decided(f.function.subs(t, b - s), ">"):
            return Outcome(False, "positive_integrand", "integrand not proven > 0 near the upper end")
    return Outcome(True, "positive_integrand", "nonempty range, integrand > 0 from the assumptions")
