"""The paper's "erfc": the standard-normal tail Q(x) = erfc(x/sqrt 2)/2 (definition after Eq. 8).

Named ``gaussian_tail`` so that nobody confuses it with the standard ``erfc``; ``log_gaussian_tail``
is its logarithm, accurate where Q underflows (x > ~38, up to 1e6 and beyond).
"""
from __future__ import annotations

from ._generated import density as _gen
from ._typing import ArrayLike, Float
from .validation import blockwise, finish, quiet, real_array


@quiet


def gaussian_tail(x: ArrayLike) -> Float:
    """Q(x) = int_x^oo exp(-t^2/2) dt/sqrt(2 pi) = erfc(x/sqrt 2)/2 (Eq. 8, the paper's "erfc").

    Domain: real x, +-inf allowed (Q(-inf) = 1, Q(inf) = 0); NaN is rejected.  Subnormal results
    are returned (Q(38.4) = 6.4e-323); 0 only past x ~ 38.47.  Method: ``numerics._special`` (a Taylor
    table of exp(x^2/2) Q(x) times exp(-x^2/2) with x^2 split exactly; SciPy's erfcx/ndtr lose 3-4 ulps).
    Accuracy: <= 2.0 ulps for every real x (dense test: tests/test_dense_accuracy.py).

    >>> print(gaussian_tail(5.0))
    2.866515718791939e-07
    """
    return finish(blockwise(_gen.gaussian_tail, real_array("x", x, allow_inf=True)))


@quiet
def log_gaussian_tail(x: ArrayLike) -> Float:
    """log Q(x) (Eq. 8 in log space), finite wherever the true value is (|x| < 1.9e154).

    x < 0: log1p(-Q(-x)) (SciPy's log_ndtr loses ~x^2 ulps there); x >= 0: log(exp(x^2/2) Q(x)) - x^2/2,
    the first term from the table of ``numerics._special`` (x <= 40) or
    -log(x sqrt(2 pi)) + log(1 - 1/x^2 + 3/x^4 - ...) (x > 40).  Tiny values are kept (log Q(-38) = -2.9e-316).
    Domain: real x, +-inf allowed (log Q(inf) = -inf, log Q(-inf) = 0); NaN rejected.
    Accuracy: <= 3.0 ulps for every real x (2.4 measured at x ~ -0.34, log1p(-Q(-x)) with Q ~ 1/2) (dense test: tests/test_dense_accuracy.py).

    >>> print(log_gaussian_tail(1e6))
    -500000000014.73444
    """
    return finish(blockwise(_gen.log_gaussian_tail, real_array("x", x, allow_inf=True)))
