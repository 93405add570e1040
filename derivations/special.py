"""Named special functions of the derivations: printed as the paper's symbols, lambdified with SciPy or
mpmath, and generated as calls of the accurate kernels of ``numerics._special``.

``GaussianTail`` is the paper's "erfc" by its own definition after Eq. 8:
erfc_paper(a/b) = int_a^oo exp(-x^2/(2 b^2)) dx / sqrt(2 pi b^2) = Q(a/b), Q(x) = erfc(x/sqrt 2)/2.
The toolkit never calls it ``erfc``; ``sympy.erfc`` is always the standard function.

Each class has ``_latex`` (the paper's notation), ``_numpycode`` (for ``sympy.lambdify(..., 'scipy')``),
``_mpmathcode`` (for ``lambdify(..., 'mpmath')``) and ``_mesocode`` (what :mod:`derivations.codegen`
prints: a call of ``numerics._special``, whose accuracy is measured there).
"""
import sympy as sp


class _Named(sp.Function):
    """Common printing: ``latex_template``/``scipy_template``/``mpmath_template``/``kernel`` with {0} = argument."""

    nargs = 1
    latex_template = ""
    scipy_template = ""
    mpmath_template = ""
    kernel = ""
    text_name = ""  # name in plain and 2D text

    def _sympystr(self, printer):
        return f"{self.text_name}({printer._print(self.args[0])})"

    def _pretty(self, printer):
        return printer._print_Function(self, func_name=self.text_name)

    def _latex(self, printer, exp=None):
        body = self.latex_template.format(printer._print(self.args[0]))
        return rf"\left({body}\right)^{{{printer._print(exp)}}}" if exp is not None else body

    def _numpycode(self, printer):
        mod, _, fn = self.scipy_template.partition(":")
        return fn.format(printer._module_format(mod), printer._print(self.args[0]))

    def _mpmathcode(self, printer):
        return self.mpmath_template.format(printer._print(self.args[0]))

    def _mesocode(self, printer):
        return f"_special.{self.kernel}({printer._print(self.args[0])})"

    def _eval_evalf(self, prec):
        return self.rewrite(sp.erfc)._eval_evalf(prec) if self.kernel != "z_besselk1" else \
            self.rewrite(sp.besselk)._eval_evalf(prec)


class GaussianTail(_Named):
    """Q(x) = erfc(x/sqrt 2)/2, the standard-normal upper tail (the paper's "erfc")."""

    latex_template = r"Q\left({0}\right)"
    text_name = "Q"
    scipy_template = "scipy.special.ndtr:{0}(-({1}))"
    mpmath_template = "(erfc(({0})/sqrt(2))/2)"
    kernel = "gaussian_tail"  # ndtr(-x) loses ~x^2 ulps: see numerics/_special.py

    def _eval_rewrite_as_erfc(self, z, **kw):
        return sp.erfc(z / sp.sqrt(2)) / 2

    def _eval_is_positive(self):  # 0 < Q(x) < 1 for real x: lets log and powers of Q split
        return True if self.args[0].is_extended_real else None

    def _eval_is_real(self):
        return True if self.args[0].is_extended_real else None

    def fdiff(self, argindex=1):
        z = self.args[0]
        return -sp.exp(-z**2 / 2) / sp.sqrt(2 * sp.pi)


class LogGaussianTail(_Named):
    """log Q(x), finite for every real x (the tail itself underflows for x > ~38)."""

    latex_template = r"\log Q\left({0}\right)"
    text_name = "logQ"
    scipy_template = "scipy.special.log_ndtr:{0}(-({1}))"
    mpmath_template = "log(erfc(({0})/sqrt(2))/2)"
    kernel = "log_gaussian_tail"

    def _eval_rewrite_as_erfc(self, z, **kw):
        return sp.log(sp.erfc(z / sp.sqrt(2)) / 2)

    def _eval_rewrite_as_log(self, z, **kw):
        return sp.log(GaussianTail(z))

    def fdiff(self, argindex=1):
        z = self.args[0]
        return GaussianTail(z).diff(z) / GaussianTail(z)


class ScaledGaussianTail(_Named):
    """Q(x) exp(x^2/2) = erfcx(x/sqrt 2)/2: the Gaussian tail with its Gaussian factor removed.

    Used where Q(x) divides a Gaussian, so that exp(-x^2/2) cancels analytically instead of in
    floating point (amplitude law, Eq. 16).  ~ 1/(x sqrt(2 pi)) for large x; never underflows.
    """

    latex_template = r"e^{{({0})^2/2}}\, Q\left({0}\right)"
    text_name = "Q_scaled"
    scipy_template = "scipy.special.erfcx:{0}(0.7071067811865476*({1}))/2"
    mpmath_template = "(exp(({0})**2/2)*erfc(({0})/sqrt(2))/2)"
    kernel = "scaled_gaussian_tail"

    def _eval_rewrite_as_erfc(self, z, **kw):
        return sp.exp(z**2 / 2) * sp.erfc(z / sp.sqrt(2)) / 2

    def fdiff(self, argindex=1):
        z = self.args[0]
        return z * self - 1 / sp.sqrt(2 * sp.pi)


class ZBesselK1(_Named):
    """z K1(z) for complex z: printed as one ``kv`` call (SymPy would expand Re[z K1(z)] into two)."""

    latex_template = r"{0}\, K_1\left({0}\right)"
    text_name = "zK1"
    scipy_template = "scipy.special.kv:(({1})*{0}(1, {1}))"
    mpmath_template = "(({0})*besselk(1, {0}))"
    kernel = "z_besselk1"

    def _eval_rewrite_as_besselk(self, z, **kw):
        return z * sp.besselk(1, z)
