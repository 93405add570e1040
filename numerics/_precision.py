"""Thread-safe precision for the high-precision functions (no shared global precision).

mpmath's ``workdps`` changes the process-wide ``mpmath.mp`` context: two threads at different
precisions corrupt each other (measured: a 134-bit result at dps 50 and the global dps left at 60).
So the mpmath routes compute in a private context per call (:func:`context`, ``mpmath.MPContext``,
~0.5 ms to create) and hand back plain ``mpmath.mpf`` values carrying the requested digits
(:func:`export`), never reading or writing ``mpmath.mp.dps``.

python-flint has one global precision (``flint.ctx.prec``) and no per-call context: every Arb
computation of ``numerics`` holds :data:`FLINT_LOCK` and sets the precision inside ``workprec``
(restored in ``finally``); the droplet solver's cached shooting (and its ``verify`` reference) holds
:data:`MP_LOCK` around its ``workdps``.  Concurrent calls are therefore serialized there; other code of
the caller that uses Arb or ``mpmath.mp`` at the same time, outside these functions, can still see the
temporary precision (the documented limit of a global-precision library).
"""
import threading

import mpmath

FLINT_LOCK = threading.RLock()
MP_LOCK = threading.RLock()


def context(dps):
    """A fresh mpmath context at ``dps`` digits (the caller's ``mpmath.mp`` is not touched)."""
    ctx = mpmath.MPContext()
    ctx.dps = dps
    return ctx


def to_context(ctx, x):
    """``x`` (int, float, mpf of any context) in ``ctx`` at ``ctx``'s precision."""
    return ctx.mpf(x)


def export(value, dps):
    """``value`` (an mpf of any context) rounded to ``dps`` digits, as a global ``mpmath.mpf``; no
    global state read or written (``make_mpf`` stores the bits as they are)."""
    ctx = context(dps)
    return mpmath.mp.make_mpf(ctx.mpf(value)._mpf_)
