"""Named special functions used by the derivations, with their NumPy/SciPy code templates.

``GaussianTail`` is the paper's "erfc" by its own definition after Eq. 8:
erfc_paper(a/b) = int_a^oo exp(-x^2/(2 b^2)) dx / sqrt(2 pi b^2) = Q(a/b), Q(x) = erfc(x/sqrt 2)/2.
The toolkit never calls it ``erfc``; ``sympy.erfc`` is always the standard function.
Each class's ``numpy_template`` is what :mod:`derivations.codegen` prints (``{0}`` = first argument).
"""
import sympy as sp


class GaussianTail(sp.Function):
    """Q(x) = erfc(x/sqrt 2)/2, the standard-normal upper tail (the paper's "erfc")."""

    nargs = 1
    numpy_template = "_special.gaussian_tail({0})"  # ndtr(-x) loses ~x^2 ulps: see numerics/_special.py

    def _eval_rewrite_as_erfc(self, z, **kw):
        return sp.erfc(z / sp.sqrt(2)) / 2

    def fdiff(self, argindex=1):
        z = self.args[0]
        return -sp.exp(-z**2 / 2) / sp.sqrt(2 * sp.pi)

    def _eval_evalf(self, prec):
        return self.rewrite(sp.erfc)._eval_evalf(prec)


class LogGaussianTail(sp.Function):
    """log Q(x), finite for every real x (the tail itself underflows for x > ~38)."""

    nargs = 1
    numpy_template = "scipy.special.log_ndtr(-({0}))"

    def _eval_rewrite_as_erfc(self, z, **kw):
        return sp.log(sp.erfc(z / sp.sqrt(2)) / 2)

    def _eval_rewrite_as_log(self, z, **kw):
        return sp.log(GaussianTail(z))

    def fdiff(self, argindex=1):
        z = self.args[0]
        return GaussianTail(z).diff(z) / GaussianTail(z)

    def _eval_evalf(self, prec):
        return self.rewrite(sp.erfc)._eval_evalf(prec)


class ScaledGaussianTail(sp.Function):
    """Q(x) exp(x^2/2) = erfcx(x/sqrt 2)/2: the Gaussian tail with its Gaussian factor removed.

    Used where Q(x) divides a Gaussian, so that exp(-x^2/2) cancels analytically instead of in
    floating point (amplitude law, Eq. 16).  ~ 1/(x sqrt(2 pi)) for large x; never underflows.
    """

    nargs = 1
    numpy_template = "scipy.special.erfcx(0.7071067811865476*({0}))/2"

    def _eval_rewrite_as_erfc(self, z, **kw):
        return sp.exp(z**2 / 2) * sp.erfc(z / sp.sqrt(2)) / 2

    def fdiff(self, argindex=1):
        z = self.args[0]
        return z * self - 1 / sp.sqrt(2 * sp.pi)

    def _eval_evalf(self, prec):
        return self.rewrite(sp.erfc)._eval_evalf(prec)


class ZBesselK1(sp.Function):
    """z K1(z) for complex z: printed as one ``kv`` call (SymPy would expand Re[z K1(z)] into two)."""

    nargs = 1
    numpy_template = "_special.z_besselk1({0})"

    def _eval_rewrite_as_besselk(self, z, **kw):
        return z * sp.besselk(1, z)

    def _eval_evalf(self, prec):
        return self.rewrite(sp.besselk)._eval_evalf(prec)
