"""mesopairing.numerics: vectorized float64 functions generated from the derivations, and
high-precision (mpmath) solvers, each verified against an independent mpmath reference.

``import numerics`` is light: submodules load on first use and SymPy is never imported.
Conventions: h = (H - Hc0)/Hc0 > 0, L_f = xi0/sqrt(h); the paper's "erfc" is
``gaussian_tail`` Q(x) = erfc(x/sqrt 2)/2; float64 functions broadcast like ufuncs (0-d in, scalar
out); high-precision functions take ``dps=`` and return ``mpmath.mpf``.
"""
import importlib
from typing import TYPE_CHECKING, Any

from .validation import RangeWarning, RegimeWarning

if TYPE_CHECKING:  # the lazily loaded names below, for type checkers (numerics/py.typed)
    from .amplitude import (amplitude_cdf, amplitude_cdf_exact, amplitude_pdf, amplitude_pdf_exact,
                            log_amplitude_pdf, log_amplitude_pdf_exact, sample_amplitudes)
    from .certified import pair_correlation_clean_2d_certified
    from .density import droplet_density, log_droplet_density, log_typical_distance, typical_distance
    from .droplet import optimal_droplet
    from .pair_correlation import (pair_correlation_clean_2d, pair_correlation_clean_2d_asymptotic,
                                   pair_correlation_clean_2d_exact, pair_correlation_dirty_2d,
                                   pair_correlation_linearized_2d)
    from .rescaling import droplet_length, tail_argument
    from .tails import gaussian_tail, log_gaussian_tail

_PUBLIC = {
    "droplet_length": "rescaling", "tail_argument": "rescaling",
    "gaussian_tail": "tails", "log_gaussian_tail": "tails",
    "droplet_density": "density", "log_droplet_density": "density",
    "typical_distance": "density", "log_typical_distance": "density",
    "optimal_droplet": "droplet",
    "amplitude_pdf": "amplitude", "log_amplitude_pdf": "amplitude", "amplitude_cdf": "amplitude", "sample_amplitudes": "amplitude",
    "amplitude_pdf_exact": "amplitude", "amplitude_cdf_exact": "amplitude",
    "log_amplitude_pdf_exact": "amplitude",
    "pair_correlation_clean_2d": "pair_correlation",
    "pair_correlation_clean_2d_asymptotic": "pair_correlation",
    "pair_correlation_dirty_2d": "pair_correlation",
    "pair_correlation_dirty_2d_scaled": "pair_correlation",
    "pair_correlation_linearized_2d": "pair_correlation",
    "pair_correlation_clean_2d_exact": "pair_correlation",
    "pair_correlation_clean_2d_certified": "certified",
}

__all__ = sorted(_PUBLIC) + ["RangeWarning", "RegimeWarning"]


def __getattr__(name: str) -> Any:
    if name in _PUBLIC:
        return getattr(importlib.import_module(f"numerics.{_PUBLIC[name]}"), name)
    raise AttributeError(f"module 'numerics' has no attribute {name!r}")


def __dir__() -> list[str]:
    return __all__
