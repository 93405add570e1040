"""Rendering of derivations for notebooks: each step as math, with its machine check run visibly."""
import sympy as sp


def _show_math(latex_text, plain):
    try:
        from IPython.display import Math, display
    except ImportError:  # outside IPython: plain text
        print(plain)
        return
    display(Math(latex_text))


def walk(derivation, steps=None):
    """Render ``steps`` (default all) of ``derivation`` and check each one; raise on a failure.

    Returns the list of outcomes so a notebook can show a summary.
    """
    from .core import DerivationError

    outcomes = []
    for i, s in enumerate(derivation.steps if steps is None else steps, 1):
        print(f"[{i}] {s.label}: {s.claim}\n    why: {s.why}")
        _show_math(s.latex(), f"    {s.lhs}  {s.relation}  {s.rhs}")
        o = s.check()
        print(f"    check: {'OK' if o.ok else 'FAILED'} ({o.method}{'; ' + o.detail if o.detail else ''})\n")
        outcomes.append(o)
        if not o.ok:
            raise DerivationError(f"{s.label}: {s.claim} failed: {o.detail}")
    return outcomes


def results(derivation):
    """Render the named results of a derivation."""
    for k, v in derivation.results.items():
        _show_math(rf"\mathrm{{{k}}} = {sp.latex(v)}", f"{k} = {v}")


def erratum(e):
    """Render one erratum: printed form, correction, and its check (raises if the check fails)."""
    print(f"{e.equation}\n  printed:   {e.printed}\n  corrected: {e.corrected}\n  why: {e.explanation}")
    e.check()
    print(f"  check: OK ({e.detail})\n")
