"""Input checks shared by every public function, and the warning class for regimes.

Bad input raises ``ValueError`` naming the parameter and its valid domain (for arrays: how many
elements were bad).  A parameter inside the domain but outside the regime where an approximation
holds emits :class:`RegimeWarning`.
"""
import warnings

import numpy as np


class RegimeWarning(UserWarning):
    """A parameter lies outside the regime where the approximation used is accurate."""


def _describe(low, high, low_open, high_open):
    lo = "-inf" if low is None else repr(float(low))
    hi = "inf" if high is None else repr(float(high))
    return f"{'(' if low_open or low is None else '['}{lo}, {hi}{')' if high_open or high is None else ']'}"


def real_array(name, value, *, low=None, high=None, low_open=False, high_open=False,
               allow_inf=False):
    """``value`` as a float64 array, checked to be real, finite (unless ``allow_inf``) and inside
    the interval (low, high) with the given openness; raise ``ValueError`` naming ``name``."""
    domain = _describe(low, high, low_open, high_open)
    try:
        arr = np.asarray(value)
    except Exception as exc:  # e.g. ragged lists
        raise ValueError(f"{name} must be a real number or array in {domain}; got {value!r}") from exc
    if arr.dtype.kind == "c":
        raise ValueError(f"{name} must be real (domain {domain}); got a complex value")
    if arr.dtype.kind not in "biuf":
        raise ValueError(f"{name} must be a real number or array in {domain}; got dtype {arr.dtype}")
    arr = arr.astype(np.float64, copy=False)
    # one fused test per bound; NaN fails every comparison, so it is caught without isnan
    upper = high if high is not None else (None if allow_inf else np.inf)
    ok = None
    if low is not None:
        ok = (arr > low) if low_open else (arr >= low)
    elif not allow_inf:
        ok = arr > -np.inf
    if upper is not None:
        up = (arr < upper) if (high_open or high is None) else (arr <= upper)
        ok = up if ok is None else np.logical_and(ok, up, out=ok if ok.ndim else None)
    if ok is None:
        ok = ~np.isnan(arr)
    if not ok.all():
        nbad = arr.size - int(np.count_nonzero(ok))
        what = f"got {arr.item()!r}" if arr.ndim == 0 else f"{nbad} of {arr.size} elements are outside it"
        raise ValueError(f"{name} must be {'finite and ' if not allow_inf else ''}in {domain}; {what}")
    return arr


def positive(name, value, **kw):
    """A float64 array of finite values > 0 (see :func:`real_array`)."""
    return real_array(name, value, low=0.0, low_open=True, **kw)


def scalar(name, value, **kw):
    """A Python float checked like :func:`real_array` but required to be a scalar (mpmath ``mpf``
    values are checked through their float value)."""
    if type(value).__name__ == "mpf":  # without importing mpmath here
        value = float(value)
    arr = real_array(name, value, **kw)
    if arr.ndim != 0:
        raise ValueError(f"{name} must be a scalar; got an array of shape {arr.shape}")
    return float(arr)


def digits(name, value, *, low=15, high=200):
    """An integer number of decimal digits in [low, high]."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not low <= value <= high:
        raise ValueError(f"{name} must be an integer in [{low}, {high}]; got {value!r}")
    return int(value)


def finish(out):
    """0-d in, scalar out: NumPy-ufunc-like return convention (float64)."""
    out = np.asarray(out, dtype=np.float64)
    return out[()] if out.ndim == 0 else out


def warn_regime(message, stacklevel=3):
    warnings.warn(message, RegimeWarning, stacklevel=stacklevel)

