"""Rendering of derivations for notebooks, terminals and the LaTeX document: each step as math, with its
machine check run visibly.

* Printers used everywhere a formula is shown: :func:`latex` (multi-letter names and label subscripts
  upright: ``ratio`` -> ``\\mathrm{ratio}``, ``L_f`` -> ``L_{\\mathrm{f}}``, ``xi_0`` -> ``\\xi_{0}``) and
  :func:`pretty` (2D text with readable names: ``\\theta_\\alpha`` -> ``θ_α``, ``h_alpha`` -> ``h_α``,
  ``sigma_s`` -> ``σₛ``; ``unicode=False`` gives ASCII), wrapped at a given width.
* :func:`walk`, :func:`premises`, :func:`results`, :func:`erratum`: in a Jupyter kernel the math is
  rendered (MathJax); anywhere else (a plain script, a terminal, even with IPython installed) the same
  functions print readable text.  :func:`derivation_html` and :func:`step_html` are the notebook views
  (an unchecked step says "not checked yet").

Steps, premises and derivations are read through the small accessors at the top of the module only.
"""
import html
import re
import shutil
import textwrap

import sympy as sp
from sympy.printing.conventions import split_super_sub
from sympy.printing.latex import LatexPrinter, accepted_latex_functions, translate
from sympy.printing.pretty.pretty import PrettyPrinter
from sympy.printing.pretty.pretty_symbology import greek_unicode, pretty_use_unicode, sub as _SUB, sup as _SUP
from sympy.printing.pretty.stringpict import prettyForm

NOT_CHECKED = "not checked yet"
RELATIONS_TEX = {"==": "=", "<": "<", ">": ">", "<=": r"\le", ">=": r"\ge", "!=": r"\neq"}
RELATIONS_TEXT = {"==": "=", "<": "<", ">": ">", "<=": "≤", ">=": "≥", "!=": "≠"}
RELATIONS_ASCII = {"==": "=", "<": "<", ">": ">", "<=": "<=", ">=": ">=", "!=": "!="}


# --- accessors: the only places that read Step / Premise / Derivation attributes ---------------------

def outcome(step):
    """The step's last outcome, or ``None`` while it is not checked."""
    return getattr(step, "outcome", None)


def rule(step):
    """The step's inference rule (an object with ``name`` and ``latex()``/``text()``), if it has one."""
    return getattr(step, "rule", None)


def rule_text(step):
    r = rule(step)
    if r is None:
        return ""
    return r.text() if hasattr(r, "text") else str(getattr(r, "name", r))


def rule_latex(step):
    r = rule(step)
    if r is None:
        return ""
    if hasattr(r, "latex"):
        return r.latex()
    return r"\text{%s}" % str(getattr(r, "name", r)).replace("_", r"\_")


def sources(step):
    """``"lemma"``, ``"from a, b"`` or ``"no link"`` for a step's declared sources."""
    uses = getattr(step, "uses", None)
    if uses is None:
        return "no link"
    return "lemma" if not uses else "from " + ", ".join(uses)


def sides(step):
    """``(lhs, relation, rhs)`` of a step (relation as written: ``==``, ``<``, ...)."""
    return step.lhs, getattr(step, "relation", "=="), step.rhs


def premise_parts(p):
    """``(symbol or None, expression)`` of a premise."""
    return getattr(p, "symbol", None), getattr(p, "expr", None)


def find_steps(derivation, which):
    """Steps of ``derivation`` picked by 1-based index, name or the Step itself (``None``: all)."""
    steps = list(derivation.steps)
    if which is None:
        return steps
    if isinstance(which, (int, str)) or not hasattr(which, "__iter__"):
        which = [which]
    out = []
    for w in which:
        if isinstance(w, bool):
            raise TypeError(f"steps: expected step indices, names or Steps; got {w!r}")
        if isinstance(w, int):
            if not 1 <= w <= len(steps):
                raise ValueError(f"steps: index {w} is not in 1..{len(steps)} ({derivation.name})")
            out.append(steps[w - 1])
        elif isinstance(w, str):
            named = [s for s in steps if s.name == w]
            if not named:
                raise ValueError(f"steps: no step named {w!r} in {derivation.name} "
                                 f"(names: {', '.join(s.name for s in steps)})")
            out.append(named[0])
        elif any(w is s for s in steps):
            out.append(w)
        else:
            raise ValueError(f"steps: {w!r} is not a step of {derivation.name}")
    return out


def check_step(derivation, step):
    """Check one step of ``derivation`` (its link and its relation) and return the outcome; the
    derivation's own ``check()`` then reuses it instead of checking the step again."""
    if hasattr(derivation, "check_step"):
        return derivation.check_step(step)
    from numerics.outcome import Outcome
    ln = derivation.link(step)
    o = step.check()
    if not ln.ok:
        o = Outcome(False, "link", f"{ln.detail} (the relation itself: {o.mark})")
        step.outcome = o
    cache = getattr(derivation, "_checked", None)
    if cache is None:
        cache = derivation._checked = {}
    cache[step.name] = o
    return o


# --- names ------------------------------------------------------------------------------------------

_WORDS = {"ell": "ℓ", "varepsilon": "ε", "varphi": "φ", "vartheta": "ϑ", "uparrow": "↑", "downarrow": "↓",
          "infty": "∞", "hbar": "ħ", "partial": "∂", "nabla": "∇"}
_WORDS_ASCII = {"uparrow": "up", "downarrow": "down", "varepsilon": "epsilon", "varphi": "phi",
                "vartheta": "theta", "infty": "oo"}
_ATTACHED = set("↑↓")  # written right after the base, never as "_↑"


def _word(w, uni):
    if not uni:
        return _WORDS_ASCII.get(w, w)
    return _WORDS.get(w) or greek_unicode.get(w) or w


def _script(items, uni, table, mark):
    words = [_word(i, uni) for i in items]
    if uni and all(w in _ATTACHED for w in words):
        return "".join(words)
    if uni and all(i in table and len(i) == 1 or i.isdigit() and all(c in table for c in i) for i in items):
        return "".join("".join(table[c] for c in i) for i in items)
    return mark + ",".join(words)


def _piece(piece, uni):
    primes = len(piece) - len(piece.rstrip("'"))
    base, sups, subs = split_super_sub(piece.rstrip("'"))
    out = _word(base, uni)
    if subs:
        out += _script(subs, uni, _SUB, "_")
    if sups:
        out += _script(sups, uni, _SUP, "^")
    return out + "'" * primes


def text_name(name, unicode=True):
    """A symbol or function name as readable text: LaTeX commands become Unicode (or ASCII words),
    Greek names their letters, digit and single-letter subscripts Unicode subscripts where they exist
    (``xi_0`` -> ``ξ₀``, ``h_alpha`` -> ``h_α``, ``\\theta_\\alpha`` -> ``θ_α``, ``k_+`` -> ``k₊``)."""
    s = re.sub(r"\\([A-Za-z]+)\s*", lambda m: " " + m.group(1) + " ", str(name))  # \theta_\alpha
    s = re.sub(r"_\{([^{}]*)\}", lambda m: "_" + m.group(1).strip().replace(" ", ""), s)  # G_{\uparrow}
    s = re.sub(r"\s*([_^])\s*", r"\1", s).replace("{", "").replace("}", "")
    return " ".join(_piece(p, unicode) for p in s.split())


class TextPrinter(PrettyPrinter):
    """SymPy's 2D printer with readable names (:func:`text_name`)."""

    def _print_Symbol(self, e, bold_name=False):
        return prettyForm(text_name(e.name, self._use_unicode))

    _print_RandomSymbol = _print_Symbol


def terminal_width(default=100):
    """The terminal's width (``default`` when standard output is not a terminal)."""
    return shutil.get_terminal_size((default, 24)).columns


def _form(expr, printer):
    if isinstance(expr, str):
        return prettyForm(expr)
    return printer._print(expr)


class _Unicode:
    """SymPy's 2D printer reads one global switch for Unicode: set it for the duration of a rendering."""

    def __init__(self, flag):
        self.flag = flag

    def __enter__(self):
        self.old = pretty_use_unicode(self.flag)

    def __exit__(self, *exc):
        pretty_use_unicode(self.old)


def pretty(expr, width=None, unicode=True):
    """``expr`` as 2D text with readable names, wrapped at ``width`` columns (default: the terminal's)."""
    with _Unicode(unicode):
        return _pretty(expr, width or terminal_width(), unicode)


def _pretty(expr, width, unicode):
    p = TextPrinter({"use_unicode": unicode, "wrap_line": True, "num_columns": width})
    return _form(expr, p).render(wrap_line=True, num_columns=width, use_unicode=unicode)


def relation_text(lhs, rel, rhs, width=None, unicode=True):
    """``lhs REL rhs`` as 2D text: on one line when it fits in ``width``, else the left side, then
    ``REL rhs`` below it (each wrapped at ``width``)."""
    with _Unicode(unicode):
        return _relation_text(lhs, rel, rhs, width or terminal_width(), unicode)


def _relation_text(lhs, rel, rhs, width, unicode):
    p = TextPrinter({"use_unicode": unicode})
    a, b = _form(lhs, p), _form(rhs, p)
    one = prettyForm(*prettyForm(*a.right(f" {rel} ")).right(b))
    kw = {"wrap_line": True, "num_columns": width, "use_unicode": unicode}
    if one.width() <= width:
        return one.render(**kw)
    two = prettyForm(*b.left(f"{rel} "))
    return a.render(**kw) + "\n" + two.render(**kw)


def step_text(step, width=None, unicode=True):
    lhs, rel, rhs = sides(step)
    rel = (RELATIONS_TEXT if unicode else RELATIONS_ASCII).get(rel, rel)
    return relation_text(lhs, rel, rhs, width, unicode)


def premise_text(p, width=None, unicode=True):
    symbol, expr = premise_parts(p)
    if symbol is None:
        return pretty(expr, width, unicode)
    return relation_text(symbol, ":=", expr, width, unicode)


# --- LaTeX ------------------------------------------------------------------------------------------

_INDEX_LETTERS = set("ijklmnxyz")  # subscripts that are indices or coordinates stay italic


def _tex_sub(s):
    t = translate(s)
    if t != s or not s.isalpha() or (len(s) == 1 and s in _INDEX_LETTERS):
        return t
    return r"\mathrm{%s}" % s


class TexPrinter(LatexPrinter):
    """SymPy's LaTeX printer with upright multi-letter names (``\\mathrm{ratio}``, ``\\ell``) and upright
    label subscripts (``L_{\\mathrm{f}}``, ``E_{\\mathrm{Z}}``; digits, Greek and index letters unchanged)."""

    _function = False

    def _hprint_Function(self, func):
        self._function = True
        try:
            return super()._hprint_Function(func)
        finally:
            self._function = False

    def _deal_with_super_sub(self, string, style="plain"):
        if "{" in string or " " in string or string in accepted_latex_functions:
            return super()._deal_with_super_sub(string, style=style)
        string = re.sub(r"\\([A-Za-z]+)", r"\1", string)  # a LaTeX-named symbol: \sigma_s -> sigma_s
        primes = len(string) - len(string.rstrip("'"))
        name, sups, subs = split_super_sub(string.rstrip("'"))
        base = translate(name)
        if name == "ell":
            base = r"\ell"
        elif base == name and len(name) > 1 and name.isalpha() and not self._function:
            base = r"\mathrm{%s}" % name  # (a function name gets \operatorname from SymPy)
        if style == "bold":
            base = r"\mathbf{%s}" % base
        if sups:
            base += "^{%s}" % " ".join(translate(s) for s in sups)
        if subs:
            base += "_{%s}" % ",".join(_tex_sub(s) for s in subs)
        return base + "'" * primes


    def _print_Rational(self, expr):
        # a tolerance such as 10**-29 reads as a power of ten, not as a 30-digit denominator
        q = int(expr.q)
        n = len(str(q)) - 1
        if n >= 6 and q == 10**n:
            head = "" if expr.p == 1 else (r"-" if expr.p == -1 else self._print(expr.p) + r" \cdot ")
            return f"{head}10^{{-{n}}}"
        return super()._print_Rational(expr)


def latex(expr, **settings):
    """``expr`` as LaTeX with the project's names (:class:`TexPrinter`); settings as for ``sympy.latex``.
    An upright word in a product gets thin spaces (``h \\,\\mathrm{prefactor}\\, Q``)."""
    out = TexPrinter(settings).doprint(expr)
    out = re.sub(r"(?<=[A-Za-z0-9}])\s*(\\mathrm\{[A-Za-z]{2,}\})", r"\\,\1", out)
    return re.sub(r"(\\mathrm\{[A-Za-z]{2,}\}(?:_\{[^{}]*\})?)\s*(?=[A-Za-z(]|\\(?!right|end|,)[A-Za-z])",
                  r"\1\\,", out)


def step_latex(step):
    """``lhs REL rhs`` of a step as LaTeX."""
    lhs, rel, rhs = sides(step)
    return f"{latex(lhs)} {RELATIONS_TEX.get(rel, rel)} {latex(rhs)}"


def premise_latex(p):
    symbol, expr = premise_parts(p)
    body = latex(expr)
    return rf"{latex(symbol)} \equiv {body}" if symbol is not None else body


# --- HTML (Jupyter) ----------------------------------------------------------------------------------

def _status_html(o):
    if o is None:
        return f'<span style="color:#6e7781">&#9675; {NOT_CHECKED}</span>'
    return o._repr_html_() if hasattr(o, "_repr_html_") else html.escape(str(o))


def step_html(step):
    """One step for a notebook: label, claim, the relation as math, why, rule, sources and status."""
    r = rule(step)
    rule_html = f"<br><small><i>rule:</i> $ {rule_latex(step)} $</small>" if r is not None else ""
    return (f"<div><b>[{step.index}] {html.escape(step.label)}</b>: {html.escape(step.headline)}<br>"
            f"$$ {step_latex(step)} $$"
            f"<small><i>why:</i> {html.escape(step.why)} ({html.escape(sources(step))})</small>{rule_html}<br>"
            f"{_status_html(outcome(step))}</div>")


def derivation_html(d):
    """A derivation for a notebook: a status line ("not checked yet" until checked), premises, steps
    with their status, and the results."""
    outs = [outcome(s) for s in d.steps]
    if any(o is None for o in outs):
        status = (f"{NOT_CHECKED} ({sum(o is not None for o in outs)} of {len(outs)} steps checked; "
                  "run <code>.check()</code> or <code>derivations.display.walk(d)</code>)")
    else:
        bad = sum(not o.ok for o in outs)
        status = f"checked: {len(outs) - bad} of {len(outs)} steps pass" + (f", {bad} FAIL" if bad else "")
    rows = [f"<h4>{html.escape(d.title)}</h4><p><i>{status}</i></p><p><b>Premises</b></p><ul>"]
    rows += [f"<li>({html.escape(p.label)}) {html.escape(p.statement)}: $ {premise_latex(p)} $</li>"
             for p in d.premises]
    rows.append("</ul><p><b>Steps</b></p><ol>")
    rows += [f"<li>{step_html(s)}</li>" for s in d.steps]
    rows.append("</ol><p><b>Results</b></p><ul>")
    rows += [f"<li>{html.escape(r)}: $ {latex(e)} $ <small>(rests on {html.escape(' ← '.join(d.chain(r)))})"
             "</small></li>" for r, e in d.results.items()]
    return "".join(rows) + "</ul>"


# --- text blocks (terminal, scripts) -----------------------------------------------------------------

def _wrap(text, width, indent):
    return textwrap.fill(text, width=max(width, 40), initial_indent=indent, subsequent_indent=indent + "  ",
                         break_long_words=True, break_on_hyphens=False)


def _indent(block, indent):
    return "\n".join(indent + ln for ln in block.splitlines())


def status_text(o):
    return NOT_CHECKED if o is None else str(o)


def premise_block(p, width=None, unicode=True):
    width = width or terminal_width()
    head = _wrap(f"({p.label}) {p.name}: {p.statement}", width, "  ")
    return head + "\n" + _indent(premise_text(p, width - 6, unicode), "      ")


def step_block(step, width=None, unicode=True, status=True):
    """A step as text: ``[i] label: claim``, the relation, why (and from what), the rule if any, and
    its status (``status=False``: without the status line, e.g. when it is printed after the check)."""
    width = width or terminal_width()
    lines = [_wrap(f"[{step.index}] {step.label}: {step.headline}", width, ""),
             _indent(step_text(step, width - 4, unicode), "    "),
             _wrap(f"why: {step.why} ({sources(step)})", width, "    ")]
    if rule(step) is not None:
        lines.append(_wrap(f"rule: {rule_text(step)}", width, "    "))
    if status:
        lines.append(status_line(outcome(step), width))
    return "\n".join(lines)


def status_line(o, width=None):
    return _wrap(f"check: {status_text(o)}", width or terminal_width(), "    ")


def result_block(d, name, width=None, unicode=True):
    width = width or terminal_width()
    arrow = " ← " if unicode else " <- "
    return (_indent(relation_text(name, "=", d.results[name], width - 2, unicode), "  ") + "\n"
            + _wrap("rests on: " + arrow.join(d.chain(name)), width, "      "))


def derivation_text(d, width=None, unicode=True):
    """The whole derivation as text, each step with its current status (or "not checked yet")."""
    width = width or terminal_width()
    out = [d.title, "", "premises:"] + [premise_block(p, width, unicode) for p in d.premises] + ["", "steps:"]
    out += [step_block(s, width, unicode) for s in d.steps] + ["", "results:"]
    out += [result_block(d, r, width, unicode) for r in d.results]
    return "\n".join(out)


# --- notebooks and scripts ---------------------------------------------------------------------------

def _in_notebook():
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    ip = get_ipython()
    return ip is not None and getattr(ip, "kernel", None) is not None


def _show(html_text, plain):
    if _in_notebook():
        from IPython.display import HTML, display
        display(HTML(html_text))
    else:
        print(plain)


def walk(derivation, steps=None):
    """Show the premises, then each step of ``derivation`` (default all; or those given by 1-based
    index, name or Step) with its link and check; raise :class:`~derivations.core.DerivationError` on the
    first failure.  Returns the outcomes."""
    from .core import DerivationError

    chosen = find_steps(derivation, steps)
    if steps is None:
        premises(derivation)
    outcomes = []
    for s in chosen:
        o = check_step(derivation, s)
        _show(step_html(s), step_block(s) + "\n")
        outcomes.append(o)
        if not o.ok:
            raise DerivationError(f"[{s.index}] {s.label}: {s.headline} failed: {o.detail}")
    return outcomes


def premises(derivation):
    """Show what the derivation assumes: its premises, labelled."""
    for p in derivation.premises:
        _show(f"<div>({html.escape(p.label)}) <b>{html.escape(p.name)}</b>: {html.escape(p.statement)}"
              f"$$ {premise_latex(p)} $$</div>", premise_block(p))


def results(derivation):
    """Show the named results of a derivation, each with the chain it rests on."""
    for k, v in derivation.results.items():
        chain = " ← ".join(derivation.chain(k))
        name = k.replace("_", r"\_")
        _show(f"<div>$$ \\mathrm{{{name}}} = {latex(v)} $$<small>rests on: {html.escape(chain)}</small></div>",
              result_block(derivation, k))


def erratum(e):
    """Show one erratum (printed, corrected, kind) and its check; raise if the check fails."""
    e.check()
    _show(e._repr_html_(), e.text() + "\n")
