"""mesopairing.derivations: the paper's derivation steps as machine-checked SymPy code.

Each area module (``rescaling``, ``density``, ``amplitude``, ``pair_correlation``) exposes
``derive()`` returning a :class:`~derivations.core.Derivation`; :func:`get` builds and caches a
derivation by name.  The errata (:class:`~derivations.core.Erratum` entries, each with its kind and
check) form one catalogue in the paper's order: ``derivations.errata.ERRATA``.
"""
import functools
import importlib

#: registered derivation areas, in the paper's order
NAMES = ("rescaling", "density", "amplitude", "pair_correlation", "prefactor")


def module(name):
    if name not in NAMES:
        raise ValueError(f"name must be one of {', '.join(NAMES)}; got {name!r}")
    return importlib.import_module(f"derivations.{name}")


@functools.lru_cache(maxsize=None)
def get(name):
    """The derivation ``name`` (built once per process)."""
    return module(name).derive()


def all_derivations():
    return [get(n) for n in NAMES]
