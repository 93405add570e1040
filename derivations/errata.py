"""The errata catalogue: every typo and convention slip of the paper found by the derivations.

``ERRATA`` is the list of :class:`~derivations.core.Erratum` entries (``.equation``, ``.printed``,
``.corrected``, ``.explanation``, ``.check()``).  Each area module owns the entries it proves;
this module only collects them in the paper's order.
"""
import re

from . import NAMES, module


def _eq_key(e):
    m = re.search(r"\d+", e.equation)
    return int(m.group()) if m else 0


def collect():
    entries = []
    for name in NAMES:
        entries.extend(module(name).errata())
    return sorted(entries, key=_eq_key)


ERRATA = collect()
