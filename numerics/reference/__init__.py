"""Independent mpmath references (quadrature, high-precision closed forms), one module per area.

Nothing here is imported by ``import numerics``; tests and ``python -m derivations check`` use it.
"""
