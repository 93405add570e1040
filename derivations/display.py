"""Rendering of derivations for notebooks and scripts: each step as math, with its machine check run visibly.

In a Jupyter kernel the math is rendered (MathJax); anywhere else (a plain script, a terminal, even with
IPython installed) the same functions print readable text.
"""
import sympy as sp


def _in_notebook():
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    ip = get_ipython()
    return ip is not None and getattr(ip, "kernel", None) is not None


def _show(obj, plain):
    if _in_notebook():
        from IPython.display import display
        display(obj)
    else:
        print(plain)


def walk(derivation, steps=None):
    """Show the premises, then each step (default all) of ``derivation`` with its link and check;
    raise :class:`~derivations.core.DerivationError` on the first failure.  Returns the outcomes."""
    from .core import DerivationError

    if steps is None:
        premises(derivation)
    outcomes = []
    for s in derivation.steps if steps is None else steps:
        ln = derivation.link(s)
        o = s.check() if ln.ok else ln
        s.outcome = o
        _show(s, f"[{s.index}] {s.label}: {s.claim}\n    {s.pretty().replace(chr(10), chr(10) + '    ')}\n"
                 f"    why: {s.why}\n    {ln.detail}; check: {o}\n")
        outcomes.append(o)
        if not o.ok:
            raise DerivationError(f"[{s.index}] {s.label}: {s.claim} failed: {o.detail}")
    return outcomes


def premises(derivation):
    """Show what the derivation assumes: its premises, labelled."""
    for p in derivation.premises:
        _show(p, f"premise ({p.label}) {p.name}: {p.statement}\n    {p.text()}")


def results(derivation):
    """Show the named results of a derivation, each with the chain it rests on."""
    for k, v in derivation.results.items():
        chain = " <- ".join(derivation.chain(k))
        if _in_notebook():
            from IPython.display import Math, display
            name = k.replace("_", r"\_")
            display(Math(rf"\mathrm{{{name}}} = {sp.latex(v)}"))
            print(f"    from: {chain}")
        else:
            print(f"{k} = {sp.sstr(v)}\n    from: {chain}")


def erratum(e):
    """Show one erratum (printed, corrected, kind) and its check; raise if the check fails."""
    e.check()
    _show(e, e.text() + "\n")
