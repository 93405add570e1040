"""Write the generated pages of the site (MyST markdown) from the engine, the errata and the edition table.

Called by ``conf.py`` before Sphinx reads the sources (event ``builder-inited``); every derivation step
and erratum is checked during the build, and a page shows each outcome.  Reads the engine only through
:mod:`_engine_pages`.  Output: ``docs/generated/`` (not in git).
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import _engine_pages as engine
import edition_table

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
OUT = DOCS / "generated"

_SPECIAL = set("\\`*_{}[]<>#|$~^&!=+")


def esc(text) -> str:
    """Markdown-escape plain text (every character CommonMark or MyST could read as markup)."""
    return "".join("\\" + c if c in _SPECIAL else c for c in str(text)).replace("\n", " ")


def code(text) -> str:
    """Inline code for any text (backticks inside choose a longer fence)."""
    text = str(text).replace("\n", " ")
    fence = "`" * (max((len(m) for m in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def math_block(tex) -> str:
    return "```{math}\n" + tex.strip() + "\n```\n"


def step_label(deriv, step_name) -> str:
    return f"step-{deriv}-{step_name}".replace("_", "-").lower()


def premise_label(deriv, name) -> str:
    return f"premise-{deriv}-{name}".replace("_", "-").lower()


def erratum_label(number) -> str:
    return f"erratum-{number}"


def ref(label, title) -> str:
    return "{ref}`" + _ref_title(title) + f" <{label}>`"


def _ref_title(title) -> str:
    # inside a role: no backticks, and '<' would start the target
    return str(title).replace("`", "'").replace("<", "‹").replace(">", "›")


def mark(outcome) -> str:
    if outcome["ok"] is None:
        return "unchecked"
    return "✓ checked" if outcome["ok"] else "✗ FAILED"


def _write(path: Path, text: str):
    """Write only when the content changed (Sphinx then rereads only what changed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text() != text:
        path.write_text(text)


# --- one page per derivation --------------------------------------------------------------------

def _ref_name(deriv, name, d):
    if name in d["premise_names"]:
        return ref(premise_label(deriv, name), name)
    return ref(step_label(deriv, name), name)


def derivation_page(d, used_by=()) -> str:
    n = d["name"]
    steps_ok = sum(bool(s["outcome"]["ok"]) for s in d["steps"])
    numeric = sum(s["outcome"]["method"].startswith("numeric") for s in d["steps"])
    lines = [f"({f'derivation-{n}'.replace('_', '-')})=", f"# {esc(d['title'])}", "",
             f"Derivation {code(n)}: {len(d['premises'])} premises, {len(d['steps'])} steps "
             f"({steps_ok} checked during this build, {numeric} of them numerically), "
             f"{len(d['results'])} results, {len(d['generated'])} generated functions. "
             f"The same report in a terminal: {code(f'mesopairing show {n}')}; a LaTeX document: "
             f"{code(f'mesopairing latex {n} -o {n}.tex')}.", ""]
    imports = sorted({o for p in d["premises"] for o in p["from"]})
    links = []
    if imports:
        links.append("builds on " + ", ".join(ref(f"derivation-{o}".replace("_", "-"), o) for o in imports))
    if used_by:
        links.append("is used by " + ", ".join(ref(f"derivation-{o}".replace("_", "-"), o) for o in used_by))
    if links:
        lines += ["This derivation " + " and ".join(links) + " (premises imported from their results).", ""]
    if d["failures"]:
        lines += [":::{error}", "This build found failures:", ""] + [f"- {esc(f)}" for f in d["failures"]] + [":::", ""]
    lines += ["## Premises", "",
              "What the derivation takes from the paper (or from another derivation) without proof; each "
              "step below declares which premises or earlier steps its left side is built from.", ""]
    for p in d["premises"]:
        src = ""
        if p["from"]:
            src = " Imported from " + ", ".join(ref(f"derivation-{o}".replace("_", "-"), o) for o in p["from"]) + "."
        lines += [f"({premise_label(n, p['name'])})=", f"### {esc(p['label'])}: {esc(p['name'])}", "",
                  esc(p["statement"]) + src, ""]
        lines += [math_block(p["latex"]) if p["latex"] else code(p["name"]) + " (no LaTeX form)", ""]
    lines += ["## Steps", "",
              "Each step is a relation between a left side built from what it uses and a right side; "
              "it is checked symbolically (SymPy proves the difference zero or decides the inequality) or "
              "numerically (high-precision evaluation), and its link (that the left side contains what it "
              "declares) is checked too.", ""]
    for s in d["steps"]:
        o = s["outcome"]
        kind = ""
        if s.get("evidence") is True and o["ok"]:
            kind = " · evidence at sampled points, not a proof"
        lines += [f"({step_label(n, s['name'])})=", f"### {s['index']}. {esc(s['name'])} ({esc(s['label'])})", "",
                  f"**{esc(s['claim'])}** · **{mark(o)}** ({esc(o['method'])}){kind}", ""]
        lines += [math_block(s["latex"]) if s["latex"] else code(s["text"]), ""]
        if s.get("rule"):
            lines += [f"*Rule:* {esc(s['rule'])}", ""]
        lines += [f"*Why:* {esc(s['why'])}", ""]
        if s["uses"] is None:
            lines += ["*Starts from:* nothing declared", ""]
        elif not s["uses"]:
            lines += ["*Starts from:* a lemma (uses nothing)", ""]
        else:
            lines += ["*Starts from:* " + ", ".join(_ref_name(n, u, d) for u in s["uses"]), ""]
        if o["detail"]:
            lines += [f"*Check:* {esc(o['detail'][:600])}", ""]
    lines += ["## Results", "", "Each result is the right side of one step; its chain lists the steps and "
              "premises it rests on (depth first, premises last).", ""]
    for r in d["results"]:
        lines += [f"### {esc(r['name'])}", ""]
        lines += [math_block(r["latex"]) if r["latex"] else code(r["text"]), ""]
        lines += ["*Chain:* " + " ← ".join(_ref_name(n, c, d) for c in r["chain"]), ""]
    if d["generated"]:
        lines += ["## Generated functions", "",
                  "These results are printed as NumPy/SciPy code into `numerics/_generated/` "
                  f"({code('mesopairing generate')}) after a proof that the printed form equals the result.", ""]
        for g in d["generated"]:
            lines += [f"- {code(g['name'])} prints result {_result_ref(n, g['result'], d)}: {esc(g['doc'])}"]
        lines.append("")
    return "\n".join(lines)


def _result_ref(n, result, d):
    for r in d["results"]:
        if r["name"] == result and r["chain"]:
            return ref(step_label(n, r["chain"][0]), result)
    return code(result)


# --- errata -------------------------------------------------------------------------------------

def errata_page(errata) -> str:
    kinds = {k: sum(e["kind"] == k for e in errata) for k in ("error", "typo", "convention")}
    ok = sum(bool(e["outcome"]["ok"]) for e in errata)
    lines = ["(errata)=", "# Errata", "",
             f"{len(errata)} entries ({kinds['error']} errors, {kinds['typo']} typos, {kinds['convention']} "
             f"conventions), generated from {code('derivations.errata.ERRATA')}; {ok} of {len(errata)} machine "
             "checks passed during this build. Kinds: **error** changes a result, **typo** is a slip with no "
             "consequence once read in context, **convention** is a choice the paper leaves implicit. For an "
             "error or a typo the check proves printed ≠ corrected (an exact nonzero difference, an explicit "
             "counterexample, numbers or dimensional analysis); for a convention it shows where the readings "
             f"agree. The same catalogue in a terminal: {code('mesopairing errata')}.", ""]
    for e in errata:
        where = f" ({esc(e['where'])})" if e["where"] else ""
        lines += [f"({erratum_label(e['number'])})=",
                  f"## {e['number']}. {esc(e['equation'])}{where}: {e['kind']}", "",
                  f"- **Printed:** {code(e['printed'])}", f"- **Corrected:** {code(e['corrected'])}",
                  f"- **Why:** {esc(e['explanation'])}",
                  f"- **Check:** {mark(e['outcome'])}: {esc(e['outcome']['detail'][:800])}", ""]
    return "\n".join(lines)


# --- the annotated edition -----------------------------------------------------------------------

def _equations_of(text) -> set[int]:
    """Equation numbers named by an erratum's ``equation`` field ("Eq. 5", "Eqs. 2, 4-6")."""
    out = set()
    for a, b in re.findall(r"(\d+)(?:\s*-\s*(\d+))?", text):
        out.update(range(int(a), int(b or a) + 1))
    return out


def errata_for(eq, errata):
    """(errata of the equation itself, errata of the prose around it) for equation number ``eq``."""
    mine = [e for e in errata if eq in _equations_of(e["equation"])]
    return [e for e in mine if not e["where"]], [e for e in mine if e["where"]]


def computed_status(eq, errata):
    """The status the errata imply for the printed equation (the edition table must agree)."""
    own, _ = errata_for(eq, errata)
    kinds = {e["kind"] for e in own}
    if "error" in kinds:
        return ("corrected", "error")
    if "typo" in kinds:
        return ("corrected", "typo")
    if "convention" in kinds:
        return ("convention", None)
    return None  # verified or definition: the table says which


STATUS_TEXT = {"verified": "✓ verified as printed", "corrected": "✗ corrected",
               "convention": "◐ convention made explicit", "definition": "● definition (taken as given)"}


def edition_page(derivs, errata, numbers) -> str:
    lines = ["(edition)=", "# The annotated edition", "",
             "F. Zhou and C. Biagini, *Nucleation of superconducting pairing states at mesoscopic scales at zero "
             "temperature* (arXiv cond-mat/9807334), read equation by equation in the paper's order. For each "
             "numbered equation: the form printed in the paper, its **status**, what the paper claims around "
             "it, the form the machine checked (each step verified while this page was built), the steps that "
             "prove it, and the numbers it predicts.", "",
             "Statuses: " + "; ".join(f"**{esc(v)}**" for v in STATUS_TEXT.values()) + ". A correction links "
             "to its {ref}`erratum <errata>` (kind **error**: changes a result; **typo**: no consequence once "
             "read in context). Conventions of the toolkit: reduced field $h = (H - H_c^0)/H_c^0$, droplet "
             "length $L_f = \\xi_0 h^{-1/2}$, and the paper's 'erfc' is the standard-normal tail "
             "$Q(x) = \\operatorname{erfc}(x/\\sqrt 2)/2$.", ""]
    counts = {}
    for eq in sorted(edition_table.EQUATIONS):
        counts[edition_table.EQUATIONS[eq]["status"]] = counts.get(edition_table.EQUATIONS[eq]["status"], 0) + 1
    lines += ["| status | equations |", "| --- | --- |"]
    for st in STATUS_TEXT:
        eqs = [str(eq) for eq, row in sorted(edition_table.EQUATIONS.items()) if row["status"] == st]
        lines.append(f"| {esc(STATUS_TEXT[st])} | " + ", ".join(f"[{e}](#eq-{e})" for e in eqs) + " |")
    lines.append("")
    lines += ["## The argument in brief", "", "The abstract's claims, and where the machine stands on each:", "",
              edition_table.ARGUMENT.strip(), ""]
    for eq in sorted(edition_table.EQUATIONS):
        row = edition_table.EQUATIONS[eq]
        own, prose = errata_for(eq, errata)
        status = STATUS_TEXT[row["status"]]
        if row["status"] == "corrected":
            status += f" ({row['kind']})"
        lines += [f"(eq-{eq})=", f"## Eq. {eq}: {esc(row['title'])}", "", f"**Status: {esc(status)}**", ""]
        if own:
            lines += ["Errata of the equation: " + ", ".join(
                ref(erratum_label(e["number"]), f"{e['number']}. {e['kind']}") for e in own) + ".", ""]
        lines += ["**Printed** (as in the paper):", "", math_block(row["printed"]), ""]
        lines += [row["claims"].strip(), ""]
        if prose:
            lines += ["Slips in the prose around it:", ""]
            for e in prose:
                link = ref(erratum_label(e["number"]), e["where"])
                lines.append(f"- {link} ({e['kind']}): printed {code(e['printed'])}, corrected {code(e['corrected'])}")
            lines.append("")
        forms = [(dn, sn) for dn, sn in row["checked"]]
        if forms:
            lines += ["**Machine-checked form:**", ""]
            for dn, sn in forms:
                s = _step(derivs, dn, sn)
                where = ref(step_label(dn, sn), f"{dn}, step {s['index']}")
                lines += [math_block(s["latex"]) if s["latex"] else code(s["text"]),
                          f"{where}: {esc(s['claim'])} ({mark(s['outcome'])})", ""]
        if row["proof"]:
            items = []
            for dn, sn in row["proof"]:
                s = _step(derivs, dn, sn)
                items.append(ref(step_label(dn, sn), f"{dn} {s['index']}") + (" ✓" if s["outcome"]["ok"] else " ✗"))
            lines += ["**Proved by:** " + ", ".join(items) + ".", ""]
        if row["numbers"]:
            lines += ["**Predicts:**", ""]
            for label, key in row["numbers"]:
                lines.append(f"- {label}: {numbers[key]}")
            lines.append("")
        if row.get("notebooks"):
            lines += ["**Figures:** " + ", ".join("{doc}" + f"`notebooks/{nb}`" for nb in row["notebooks"]) + ".", ""]
        if row.get("note"):
            lines += [row["note"].strip(), ""]
    return "\n".join(lines)


def _step(derivs, dn, sn):
    for s in derivs[dn]["steps"]:
        if s["name"] == sn:
            return s
    raise KeyError(f"edition table: derivation {dn!r} has no step {sn!r}")


# --- everything ----------------------------------------------------------------------------------

def notebooks():
    """Copy the executed notebooks (outputs as stored; myst-nb does not execute them)."""
    out = OUT / "notebooks"
    out.mkdir(parents=True, exist_ok=True)
    for nb in sorted((ROOT / "notebooks").glob("*.ipynb")):
        target = out / nb.name
        if not target.exists() or target.read_bytes() != nb.read_bytes():
            shutil.copyfile(nb, target)
    data = ROOT / "notebooks" / "data"
    if data.exists():
        shutil.copytree(data, out / "data", dirs_exist_ok=True)
    return sorted(p.stem for p in out.glob("*.ipynb"))


def write_all(log=print):
    """Generate every page into ``docs/generated``; returns the derivations' data (for tests)."""
    derivs = {}
    for n in engine.names():
        derivs[n] = engine.derivation(n)
        log(f"[docs] derivation {n}: {len(derivs[n]['steps'])} steps checked in {derivs[n]['seconds']:.1f} s")
    for old in (OUT / "derivations").glob("*.md"):  # a derivation the engine no longer has
        if old.stem not in derivs:
            old.unlink()
    for n, d in derivs.items():
        used_by = [o for o, od in derivs.items() if any(n in p["from"] for p in od["premises"])]
        _write(OUT / "derivations" / f"{n}.md", derivation_page(d, used_by))
    errata = engine.errata()
    log(f"[docs] errata: {len(errata)} checked")
    _write(OUT / "errata.md", errata_page(errata))
    numbers = edition_table.numbers()
    _write(OUT / "edition.md", edition_page(derivs, errata, numbers))
    nbs = notebooks()
    index = ["# Derivations", "", "One page per derivation, generated by the engine while the site was built: "
             "premises, every step with its justification and the outcome of its check, the results with the "
             "chains they rest on, and the functions printed from them.", "", "```{toctree}", ":maxdepth: 1", ""]
    index += [f"derivations/{n}" for n in derivs] + ["```", ""]
    _write(OUT / "derivations.md", "\n".join(index))
    nbi = ["# Notebooks", "", "The executed notebooks of `notebooks/` with their stored outputs (the site does "
           "not re-execute them; `python notebooks/build.py` does).", "", "```{toctree}", ":maxdepth: 1", ""]
    nbi += [f"notebooks/{s}" for s in nbs] + ["```", ""]
    _write(OUT / "notebooks.md", "\n".join(nbi))
    return derivs, errata
