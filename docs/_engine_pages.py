"""The one place where the documentation reads the derivation engine.

Everything the generated pages show comes through the functions below as plain data (dicts of
strings, numbers and booleans), so an engine change is one edit here.  Attributes read:

* ``derivations.NAMES`` and ``derivations.get(name)``;
* Derivation: ``name, title, premises, steps, results, chain(result), generated``,
  ``check(raise_on_failure=False)``;
* Premise: ``name, label, statement, latex()``;
* Step: ``index, name, label, claim, why, latex(), uses, outcome (ok, method, detail)``, and if the
  engine has them ``rule`` (a string or an object with ``text()``) and ``evidence`` (True when the check
  can only be evidence at sampled points, never a proof);
* GenSpec: ``name, result, doc``;
* Erratum (``derivations.errata.ERRATA``): ``equation, kind, printed, corrected, explanation, where,
  check(raise_on_failure=False) -> outcome``.
"""
from __future__ import annotations

import re
import time


def _latex(obj, fallback=""):
    """``obj.latex()``, or None when the engine cannot typeset it (the page then shows ``fallback``)."""
    try:
        return obj.latex()
    except Exception:  # a display failure must not hide the check: the page shows the text instead
        return None


def _outcome(o):
    if o is None:
        return {"ok": None, "method": "", "detail": "not checked"}
    return {"ok": bool(getattr(o, "ok", False)), "method": str(getattr(o, "method", "")),
            "detail": str(getattr(o, "detail", ""))}


def _rule(rule):
    if rule is None:
        return None
    return rule.text() if callable(getattr(rule, "text", None)) else str(rule)


def _evidence(step):
    try:
        return getattr(step, "evidence", None)
    except Exception:  # a display property must not hide the check
        return None


def names():
    """Derivation names in the paper's order."""
    import derivations
    return list(derivations.NAMES)


def derivation(name):
    """One derivation as plain data, checked now (``check(raise_on_failure=False)``)."""
    import sympy as sp

    import derivations
    d = derivations.get(name)
    t0 = time.perf_counter()
    d.check(raise_on_failure=False)
    seconds = time.perf_counter() - t0
    others = [n for n in derivations.NAMES if n != name]
    premises = []
    for p in d.premises:
        # a premise imported from another derivation names it ("result `L_s` of the rescaling derivation")
        refs = [n for n in others if re.search(rf"\b{n.replace('_', '[ _]')}\b derivation", p.statement)]
        premises.append({"name": p.name, "label": p.label, "statement": p.statement, "latex": _latex(p),
                         "from": refs})
    steps = []
    for s in d.steps:
        steps.append({"index": s.index, "name": s.name, "label": s.label, "claim": getattr(s, "headline", s.claim), "why": s.why,
                      "latex": _latex(s), "text": getattr(s, "text", lambda: "")(),
                      "uses": None if s.uses is None else list(s.uses),
                      "rule": _rule(getattr(s, "rule", None)), "evidence": _evidence(s),
                      "outcome": _outcome(s.outcome)})
    step_of = {s.name: s.index for s in d.steps}
    results = []
    for r, expr in d.results.items():
        chain = list(d.chain(r))
        try:
            tex = sp.latex(expr)
        except Exception:
            tex = None
        results.append({"name": r, "latex": tex, "text": sp.sstr(expr), "step": step_of.get(chain[0]),
                        "chain": chain})
    generated = [{"name": g.name, "result": g.result, "doc": g.doc} for g in d.generated]
    return {"name": d.name, "title": d.title, "premises": premises, "steps": steps, "results": results,
            "generated": generated, "premise_names": [p["name"] for p in premises],
            "failures": list(getattr(d, "failures", [])), "seconds": seconds}


def errata():
    """The errata catalogue in the paper's order, each entry checked now."""
    from derivations.errata import ERRATA
    out = []
    for i, e in enumerate(ERRATA, 1):
        o = e.check(raise_on_failure=False)
        out.append({"number": i, "equation": e.equation, "kind": e.kind, "where": getattr(e, "where", ""),
                    "printed": e.printed, "corrected": e.corrected, "explanation": e.explanation,
                    "outcome": _outcome(o)})
    return out
