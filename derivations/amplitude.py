"""PLACEHOLDER, being written (replace entirely)."""
from .core import Derivation


def derive():
    return Derivation("amplitude", "placeholder", [], {})


def errata():
    return []
