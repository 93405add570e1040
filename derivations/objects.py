"""Unevaluated objects for the left sides of steps (in the style of ampform's ``@unevaluated``).

A step's left side is the *defining* object; where SymPy has none (a number computed by a solver, a
maximum over sample points, an exact function evaluated by quadrature) these classes stand for it.
They print as the quantity they denote, stay unevaluated under ``doit()``, and evaluate numerically
under ``evalf``/``N`` (what numeric steps do at 40 digits).

* :func:`computed`: a function (or, with no arguments, a constant) evaluated by a numeric routine.
* :class:`MaxOver`/:class:`MinOver`: the maximum/minimum of an expression over listed values of a
  variable.
* ``TownesMass()``, ``TownesGradient()``, ``TownesQuartic()``, ``TownesPeak()``: the canonical droplet's
  integrals and peak from the solver ``numerics.optimal_droplet(30)`` (cached: one solve per process).
* :func:`unevaluated`: the one class decorator for expression classes with named fields (the pattern of
  ampform's ``@unevaluated``): ``Solution``, ``Root``, ``At``, ``Insert``, ``HalfLineQuad``,
  ``JacobianDet``, ``Quad``, ``MaxOver``/``MinOver`` are written with it.
"""
import mpmath
import sympy as sp
from mpmath.libmp import prec_to_dps


def _to_mp(v):
    v = sp.sympify(v)
    if v.is_Integer:
        return mpmath.mpf(int(v))
    if v.is_real:
        return mpmath.mpf(v._eval_evalf(mpmath.mp.prec)._mpf_) if not v.is_Float else mpmath.mpf(v._mpf_)
    re_, im_ = (sp.Float(part.evalf(prec_to_dps(mpmath.mp.prec)), precision=mpmath.mp.prec) for part in v.as_real_imag())
    return mpmath.mpc(mpmath.mpf(re_._mpf_), mpmath.mpf(im_._mpf_))  # at full precision, not via complex


def _from_mp(v, prec):
    if isinstance(v, mpmath.mpc) or isinstance(v, complex):
        return sp.Float(mpmath.re(v), precision=prec) + sp.I * sp.Float(mpmath.im(v), precision=prec)
    return sp.Float(v, precision=prec)


class _Computed(sp.Function):
    """Base of :func:`computed` classes."""

    _impl = None
    _tex = ""

    @classmethod
    def eval(cls, *args):
        return None  # never evaluates symbolically

    def _eval_evalf(self, prec):
        if any(not a.is_number for a in self.args):
            return None
        with mpmath.workprec(prec + 20):
            v = type(self)._impl(*(_to_mp(a.evalf(prec_to_dps(prec) + 5)) for a in self.args))
        return _from_mp(v, prec)

    def _latex(self, printer, exp=None):
        body = self._tex
        for i, a in enumerate(self.args):  # plain replacement: LaTeX braces stay as written
            body = body.replace("{%d}" % i, printer._print(a))
        return rf"\left({body}\right)^{{{printer._print(exp)}}}" if exp is not None else body

    def _sympystr(self, printer):
        name = type(self).__name__
        return f"{name}({', '.join(printer._print(a) for a in self.args)})" if self.args else name

    def doit(self, **hints):
        return self


def computed(name, latex, impl, nargs=0, real=True):
    """A new unevaluated function class ``name`` printed with ``latex`` ({0}, {1}: arguments) and
    evaluated by ``impl(*mpf_args)`` at the working precision (mpmath).  ``nargs=0`` makes a
    constant: use ``name()``."""
    attrs = {"_impl": staticmethod(impl), "_tex": latex, "nargs": nargs,
             "__doc__": f"{name}: {latex} (computed numerically)"}
    if real:  # otherwise leave it unknown: is_real = False would claim "provably not real"
        attrs["is_real"] = True
    return type(name, (_Computed,), attrs)


def unevaluated(cls=None, *, bound=(), held=False):
    """Class decorator for an unevaluated expression with named fields (ampform's ``@unevaluated`` pattern).

    The class annotates its fields in order (``expr: sp.Basic``, ``var: sp.Symbol``, ...) and may define
    ``evaluate(self)`` (what ``doit`` returns), ``_latex_repr_`` (a format string over the field names,
    each printed as LaTeX) and ``_str_repr_`` (the same for text).  The decorator writes ``__new__``
    (positional or keyword fields, sympified; tuples become ``Tuple``), a read-only property per field,
    ``free_symbols`` (the fields named in ``bound`` are bound variables), ``doit`` (``evaluate()``; with
    ``held=True`` the object stays as it is and only ``evalf`` evaluates it), ``_latex`` and ``_sympystr``.
    """
    def wrap(cls):
        names = [n for n in cls.__dict__.get("__annotations__", {}) if not n.startswith("_")]

        def __new__(klass, *args, **kwargs):
            vals = list(args) + [kwargs.pop(n) for n in names[len(args):] if n in kwargs]
            if kwargs or len(vals) != len(names):
                raise TypeError(f"{klass.__name__}({', '.join(names)}): got {len(vals)} fields"
                                + (f" and unknown {sorted(kwargs)}" if kwargs else ""))
            vals = [sp.Tuple(*v) if isinstance(v, (tuple, list)) else sp.sympify(v) for v in vals]
            return sp.Expr.__new__(klass, *vals)

        def field(i):
            return property(lambda self: self.args[i])

        def free_symbols(self):
            fs = set()
            bound_syms = set()
            for n in bound:
                b = getattr(self, n)
                bound_syms |= set(b) if isinstance(b, sp.Tuple) else {b}
            for n in names:
                if n in bound:
                    continue
                fs |= getattr(self, n).free_symbols
            return fs - bound_syms

        def doit(self, **hints):
            if held or not hasattr(type(self), "evaluate"):
                return self
            return self.evaluate(**hints)

        def _fmt(self, printer, template):
            return template.format(**{n: printer._print(getattr(self, n)) for n in names})

        cls.__new__ = __new__
        for i, n in enumerate(names):
            setattr(cls, n, field(i))
        cls.free_symbols = property(free_symbols)
        cls.doit = doit
        cls._fields = tuple(names)
        if hasattr(cls, "_latex_repr_"):
            cls._latex = lambda self, printer, exp=None: (
                (rf"\left({_fmt(self, printer, cls._latex_repr_)}\right)^{{{printer._print(exp)}}}") if exp is not None
                else _fmt(self, printer, cls._latex_repr_))
        if hasattr(cls, "_str_repr_"):
            cls._sympystr = lambda self, printer: _fmt(self, printer, cls._str_repr_)
        return cls
    return wrap(cls) if cls is not None else wrap


class _Over(sp.Expr):
    """``op`` of ``expr`` over listed values of ``var`` (evidence: a maximum over sampled points)."""

    _op = None
    is_real = True

    def _eval_evalf(self, prec):
        # doit at each value first: the expression may hold Subs/Derivative objects
        vals = [sp.N(self.expr.subs(self.var, v).doit(), prec_to_dps(prec)) for v in self.values]
        if any(not v.is_number for v in vals):
            return None
        return type(self)._op(vals)


@unevaluated(bound=("var",), held=True)
class MaxOver(_Over):
    """max over ``var`` in ``values`` of ``expr``: ``MaxOver(expr, r, (100, 200, 400))`` (sampled: evidence)."""

    expr: sp.Basic
    var: sp.Symbol
    values: sp.Tuple
    _op = staticmethod(lambda vals: max(vals, key=lambda v: float(sp.re(v))))
    _latex_repr_ = r"\max_{{{var} \in {values}}} {expr}"
    _str_repr_ = "MaxOver({expr}, {var}, {values})"


@unevaluated(bound=("var",), held=True)
class MinOver(_Over):
    """min over ``var`` in ``values`` of ``expr`` (sampled: evidence)."""

    expr: sp.Basic
    var: sp.Symbol
    values: sp.Tuple
    _op = staticmethod(lambda vals: min(vals, key=lambda v: float(sp.re(v))))
    _latex_repr_ = r"\min_{{{var} \in {values}}} {expr}"
    _str_repr_ = "MinOver({expr}, {var}, {values})"


@unevaluated(bound=("variables",))
class Solution(sp.Expr):
    """The unique solution for ``variables`` of ``equations`` = 0, left unevaluated; ``doit`` solves it
    (SymPy) and returns the column of values."""

    equations: sp.Tuple
    variables: sp.Tuple
    _latex_repr_ = r"\operatorname{{solve}}_{{{variables}}}\left\{{ {equations} = 0 \right."
    _str_repr_ = "solve({equations} = 0, {variables})"

    def evaluate(self, **hints):
        sols = sp.solve(list(self.equations), list(self.variables), dict=True)
        if len(sols) != 1:
            raise ValueError(f"expected one solution for {self.variables}, got {sols}")
        return sp.Matrix([sols[0][v] for v in self.variables])


@unevaluated(bound=("var",))
class Root(sp.Expr):
    """The unique positive root in ``var`` of ``expr = 0``, left unevaluated; ``doit`` solves (SymPy):
    the numerator of the evaluated expression (exponential factors cancel), roots filtered by sign."""

    expr: sp.Basic
    var: sp.Symbol
    _latex_repr_ = r"\operatorname{{root}}_{{{var} > 0}}\left[{expr} = 0\right]"
    _str_repr_ = "Root({expr} = 0, {var} > 0)"

    def evaluate(self, **hints):
        var = self.var
        num = sp.numer(sp.cancel(sp.together(self.expr.doit(**hints))))
        try:
            num = sp.factor(num, var)
        except sp.PolynomialError:  # not a polynomial in var (e.g. exp(var^2)): solve as it is
            pass
        roots = [r for r in sp.solve(num, var, check=False, simplify=False)
                 if r.is_positive is not False and not r.is_zero]
        if len(roots) != 1:
            raise ValueError(f"Root: expected one positive root of {self.expr} in {var}, got {roots}")
        return roots[0]


@unevaluated(bound=("variables",), held=True)
class At(sp.Expr):
    """``expr`` at ``variables = point``, held: ``doit`` keeps it, ``evalf`` substitutes and evaluates
    numerically (``Subs.evalf`` would call ``doit`` and send an Integral inside to SymPy's integrator)."""

    expr: sp.Basic
    variables: sp.Tuple
    point: sp.Tuple
    _latex_repr_ = r"\left. {expr} \right|_{{{variables} = {point}}}"
    _str_repr_ = "At({expr}, {variables} = {point})"

    def _eval_evalf(self, prec):
        return self.expr.subs(dict(zip(self.variables, self.point))).evalf(prec_to_dps(prec))


@unevaluated(bound=("variables",))
class Insert(sp.Expr):
    """``expr`` with ``variables`` replaced by ``point``: ``doit`` substitutes FIRST, then evaluates
    (``Subs.doit`` evaluates ``expr`` first, which can send an Integral to SymPy's integrator)."""

    expr: sp.Basic
    variables: sp.Tuple
    point: sp.Tuple
    _latex_repr_ = r"\left. {expr} \right|_{{{variables} \to {point}}}"
    _str_repr_ = "Insert({expr}, {variables} -> {point})"

    def evaluate(self, **hints):
        return self.expr.xreplace(dict(zip(self.variables, self.point))).doit(**hints)


@unevaluated(bound=("variables",))
class JacobianDet(sp.Expr):
    """Jacobian determinant of the map ``mapping`` (a column of expressions) in ``variables``."""

    mapping: sp.Basic
    variables: sp.Tuple
    _latex_repr_ = r"\det \frac{{\partial ({mapping})}}{{\partial {variables}}}"
    _str_repr_ = "JacobianDet({mapping}, {variables})"

    def evaluate(self, **hints):
        return sp.Matrix(list(self.mapping)).jacobian(list(self.variables)).det()


@unevaluated(bound=("var",), held=True)
class Quad(sp.Expr):
    """int_lo^hi expr d(var) by mpmath tanh-sinh quadrature at the working precision: held under ``doit`` (SymPy's
    integrator would try log|E - a cos(theta)| symbolically); ``evalf`` evaluates the integrand's substitutions
    first.  Used only by numeric steps (evidence over a domain, or a computed constant at one point)."""

    expr: sp.Basic
    var: sp.Symbol
    lo: sp.Basic
    hi: sp.Basic
    _latex_repr_ = r"\int_{{{lo}}}^{{{hi}}} {expr}\, d{var}"
    _str_repr_ = "Quad({expr}, ({var}, {lo}, {hi}))"

    def _eval_evalf(self, prec):
        if self.free_symbols:
            return None
        f = sp.lambdify(self.var, self.expr.doit(), "mpmath")
        with mpmath.workprec(prec + 20):
            lo, hi = (mpmath.mpf(sp.Float(sp.N(e, prec_to_dps(prec) + 5), prec_to_dps(prec) + 5)._mpf_) for e in (self.lo, self.hi))
            v = mpmath.quad(f, [lo, hi])
        return sp.Float(v, precision=prec)


@unevaluated(bound=("var",), held=True)
class HalfLineQuad(sp.Expr):
    """int_0^oo expr d(var), evaluated numerically by :func:`numerics.reference.amplitude.quad_half_line`
    (mpmath tanh-sinh with breakpoints at multiples of ``width``); stays unevaluated under ``doit``
    (SymPy's own Integral.evalf took 5-15 s and lost 10 digits at x = 12)."""

    expr: sp.Basic
    var: sp.Symbol
    width: sp.Basic
    _latex_repr_ = r"\int_{{0}}^{{\infty}} {expr}\, d{var}"
    _str_repr_ = "Quad({expr}, ({var}, 0, oo))"

    def _eval_evalf(self, prec):
        from numerics.reference.amplitude import quad_half_line
        if self.free_symbols:
            return None
        # constant factors evaluated once, but kept inside the integrand: mpmath.quad stops on an
        # absolute error estimate, so the integrand must be O(1)
        const, dep = self.expr.as_independent(self.var, as_Add=False)
        g = sp.lambdify(self.var, dep, "mpmath")
        dps = prec_to_dps(prec) + 5
        with mpmath.workprec(prec + 20):
            c = mpmath.mpf(sp.Float(sp.N(const, dps + 5), dps + 5)._mpf_)
            v = quad_half_line(lambda d: c * g(d), mpmath.mpf(sp.Float(self.width.evalf(dps), dps)._mpf_))
        return sp.Float(v, precision=prec)


def _townes(field):
    """``field`` of the optimal droplet at 30 digits (``optimal_droplet`` caches its solve)."""
    from numerics.droplet import optimal_droplet  # lazy: numerics is not needed to build derivations
    return getattr(optimal_droplet(30), field)


TownesMass = computed("N_c", r"N_c^{\mathrm{solver}}", lambda: _townes("mass"))
TownesGradient = computed("G_solver", r"G^{\mathrm{solver}}", lambda: _townes("gradient_norm"))
TownesQuartic = computed("N4_solver", r"N_4^{\mathrm{solver}}", lambda: _townes("quartic"))
TownesPeak = computed("R0_solver", r"R(0)^{\mathrm{solver}}", lambda: _townes("peak"))
