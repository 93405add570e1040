"""The few operators and densities the derivations share, written once.

* :func:`laplacian`: the 2D Laplacian d^2/da^2 + d^2/db^2, unevaluated (``Derivative`` objects) unless
  ``evaluate``; the plane is (y1, y2) (rescaled, Eq. 11) unless other coordinates are given.
* :func:`gauss_pdf`: the normal density of mean 0 and variance ``s`` (Eqs. 3, 8: the law of F).
* :func:`gauss_profile`: the Gaussian test profile exp(-|y|^2/(2 w^2)) used where a check needs real integrals.
* :func:`plane_integral`: the integral over the whole (y1, y2) plane, evaluated.
"""
import sympy as sp

from .symbols import y1, y2


def laplacian(f, a=y1, b=y2, evaluate=False):
    """2D Laplacian of ``f`` in the coordinates (a, b)."""
    if evaluate:
        return sp.diff(f, a, 2) + sp.diff(f, b, 2)
    return sp.Derivative(f, (a, 2)) + sp.Derivative(f, (b, 2))


def gauss_pdf(v, s=1):
    """exp(-v^2/(2 s))/sqrt(2 pi s): the density of N(0, s); ``s = 1`` is the standard normal phi(v)."""
    return sp.exp(-v**2 / (2 * s)) / sp.sqrt(2 * sp.pi * s)


def gauss_profile(w, a=y1, b=y2):
    """exp(-(a^2 + b^2)/(2 w^2))."""
    return sp.exp(-(a**2 + b**2) / (2 * w**2))


def plane_integral(expr, a=y1, b=y2):
    """int d^2 over the whole plane, evaluated by SymPy."""
    return sp.integrate(expr, (a, -sp.oo, sp.oo), (b, -sp.oo, sp.oo))
