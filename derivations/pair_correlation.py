"""PLACEHOLDER, being written (replace entirely)."""
from .core import Derivation


def derive():
    return Derivation("pair_correlation", "placeholder", [], {})


def errata():
    return []
