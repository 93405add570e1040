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
        obj = super().__new__(cls, f"[{name}]", **assumptions)
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
        obj = sp.Symbol.__new__(cls, f"[{name}][{index}]", **assumptions)
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
    return stats.Expectation(f)


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
    from .objects import At, Insert, JacobianDet, Root, Solution, HalfLineQuad, _Computed, _Over
    if isinstance(lhs, Ref):
        return "restate"
    if isinstance(lhs, sp.MatrixBase):
        names = {rule_of(e) for e in lhs}
        return names.pop() if len(names) == 1 else "algebra"
    table = ((sp.Integral, "integrate"), (sp.Derivative, "differentiate"), (sp.Limit, "limit"),
             (sp.Subs, "substitute"), (sp.Sum, "sum"), (stats.Probability, "probability"),
             (stats.Expectation, "expectation"), (Solution, "solve"), (Root, "solve"), (Identity, "identity"),
             (Insert, "substitute"), (At, "evaluate at a point"), (JacobianDet, "Jacobian"),
             (HalfLineQuad, "integrate (quadrature)"),
             (ChangeOfVariables, "change variables"), (_Computed, "compute"), (_Over, "maximum/minimum"))
    for cls, name in table:
        if isinstance(lhs, cls):
            return name
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
        if f == 0 or any(v not in f.free_symbols for v, _ in e.variable_count):
            return sp.S.Zero
        return e.func(f, *e.variable_count)
    try:
        args = [_vanishing_free(a, keep) for a in e.args]
        if isinstance(e, sp.Mul):
            for a in args:
                if a != 0 and not a.has(*keep) and isinstance(a, sp.Add):
                    try:
                        if sp.simplify(a) == 0:
                            return sp.S.Zero
                    except Exception:
                        pass
        return e.func(*args)
    except Exception:
        return e


def link_problems(template, sources, definitions):
    """Problems with the links of a left side ``template`` (with Refs) to ``sources`` (name -> expr);
    ``definitions`` are the names of definition premises.  Returns a list of messages (empty if sound)."""
    problems = []
    names = refs(template)
    ghosts = {}
    for n in names:
        src = sources[n]
        if n not in definitions and isinstance(src, sp.Basic) and src.is_Atom:
            problems.append(f"source {n!r} is a lone atom ({sp.sstr(src)}): it links nothing; start from an "
                            "expression, or make it a definition premise")
        free = sorted(src.free_symbols, key=str) if isinstance(src, sp.Basic) else []
        ghosts[n] = sp.Function(f"Xi_{n}")(*free) if free else sp.Function(f"Xi_{n}")(sp.Symbol("_xi"))
    if not names:
        return problems
    items = list(template) if isinstance(template, sp.MatrixBase) else [template]
    for n, g in ghosts.items():
        alive = False
        for item in items:
            sk = item.xreplace({r: (ghosts[r.source] if not isinstance(r, RefItem) else ghosts[r.source] * (r.index + 1))
                                for r in item.atoms(Ref)}) if hasattr(item, "atoms") else item
            try:
                sk = _vanishing_free(sk, tuple(ghosts.values()))
            except Exception:
                pass
            if any(isinstance(a, AppliedUndef) and a.func == g.func for a in sp.preorder_traversal(sk)):
                alive = True
                break
        if not alive:
            problems.append(f"source {n!r} enters only a term that vanishes identically (empty range, "
                            "derivative along a variable it does not depend on, or a zero factor)")
    return problems
