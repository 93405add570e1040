"""The float64 kernels of the paper's special functions, public for generated code (also a user's own
``derivations.codegen.write_module``): Q(x), log Q(x), e^(x^2/2) Q(x), z K1(z), log-ratio of scaled tails.

They are the raw kernels behind ``numerics.gaussian_tail`` etc.: no input validation (the public functions
validate); accuracy bounds are stated in :mod:`numerics._special`.
"""
from ._special import gaussian_tail, log_gaussian_tail, log_scaled_ratio, scaled_gaussian_tail, z_besselk1

__all__ = ["gaussian_tail", "log_gaussian_tail", "log_scaled_ratio", "scaled_gaussian_tail", "z_besselk1"]
