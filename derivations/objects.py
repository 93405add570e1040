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


class _Over(sp.Function):
    """``op`` of ``expr`` over listed values of ``var``: args (expr, var, Tuple(values))."""

    nargs = 3
    _op, _tex = None, ""

    @classmethod
    def eval(cls, expr, var, values):
        return None

    def doit(self, **hints):
        return self

    @property
    def free_symbols(self):  # the variable is bound
        expr, var, values = self.args
        return (expr.free_symbols - {var}) | values.free_symbols

    def _eval_evalf(self, prec):
        expr, var, values = self.args
        # doit at each value first: the expression may hold Subs/Derivative objects
        vals = [sp.N(expr.subs(var, v).doit(), prec_to_dps(prec)) for v in values]
        if any(not v.is_number for v in vals):
            return None
        return type(self)._op(vals)

    def _latex(self, printer, exp=None):
        expr, var, values = self.args
        vs = ", ".join(printer._print(v) for v in values)
        body = rf"{self._tex}_{{{printer._print(var)} \in \{{{vs}\}}}} {printer._print(expr)}"
        return rf"\left({body}\right)^{{{printer._print(exp)}}}" if exp is not None else body


class MaxOver(_Over):
    """max over ``var`` in ``values`` of ``expr``: ``MaxOver(expr, r, (100, 200, 400))``."""

    _tex = r"\max"
    _op = staticmethod(lambda vals: max(vals, key=lambda v: float(sp.re(v))))

    def __new__(cls, expr, var, values):
        return super().__new__(cls, sp.sympify(expr), var, sp.Tuple(*values))


class MinOver(_Over):
    """min over ``var`` in ``values`` of ``expr``."""

    _tex = r"\min"
    _op = staticmethod(lambda vals: min(vals, key=lambda v: float(sp.re(v))))

    def __new__(cls, expr, var, values):
        return super().__new__(cls, sp.sympify(expr), var, sp.Tuple(*values))


def _townes(field):
    """``field`` of the optimal droplet at 30 digits (``optimal_droplet`` caches its solve)."""
    from numerics.droplet import optimal_droplet  # lazy: numerics is not needed to build derivations
    return getattr(optimal_droplet(30), field)


TownesMass = computed("N_c", r"N_c^{\mathrm{solver}}", lambda: _townes("mass"))
TownesGradient = computed("G_solver", r"G^{\mathrm{solver}}", lambda: _townes("gradient_norm"))
TownesQuartic = computed("N4_solver", r"N_4^{\mathrm{solver}}", lambda: _townes("quartic"))
TownesPeak = computed("R0_solver", r"R(0)^{\mathrm{solver}}", lambda: _townes("peak"))
