"""Type aliases of the public numerics API (annotations only; see ``numerics/py.typed``).

A float64 function takes anything NumPy converts to a real array (``ArrayLike``) and broadcasts like a
ufunc: a scalar (0-d) input gives a ``numpy.float64``, an array input an array of the broadcast shape
(``Float``).  High-precision functions take real scalars and return ``mpmath.mpf`` (untyped: mpmath
ships no type information).
"""
from typing import Union

import numpy as np
from numpy.typing import ArrayLike, NDArray

#: result of a float64 function: ``numpy.float64`` for scalar input, else a float64 array
Float = Union[np.float64, NDArray[np.float64]]

__all__ = ["ArrayLike", "Float", "NDArray"]
