"""The command line and the printers behind it: what a user sees (names, wrapping, status, errors)."""
import re
import subprocess
import sys
from pathlib import Path

import pytest
import sympy as sp

import derivations
from derivations.rules import Ref
from derivations import NAMES, display
from derivations.__main__ import _table, main
from derivations.core import Derivation, Premise, Step
from derivations.latex import PACKAGES, PREAMBLE, prose

ROOT = Path(__file__).resolve().parent.parent
u = sp.Symbol("u", real=True)


def _cli(*argv):
    return subprocess.run([sys.executable, "-m", "derivations", *argv], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)


def _toy():
    p = Premise("gauss", "Eq. 8", "a Gaussian", sp.exp(-u**2))
    s1 = Step("Eq. 8", "its integral", sp.Integral(Ref("gauss"), (u, -sp.oo, sp.oo)), sp.sqrt(sp.pi), "Gauss",
              name="norm")
    s2 = Step("Eq. 8", "squared", Ref("norm")**2, sp.pi, "arithmetic", result="pi")
    return Derivation("toy", "A toy", [s1, s2], [p])


@pytest.mark.parametrize("cmd", ["show", "check", "latex"])
def test_help_lists_the_derivation_names(cmd):
    r = _cli(cmd, "--help")
    assert r.returncode == 0
    assert all(n in r.stdout for n in NAMES), r.stdout


def test_latex_name_and_all_is_an_error():
    r = _cli("latex", "density", "--all")
    assert r.returncode == 2 and "not both" in r.stderr and "Traceback" not in r.stderr


def test_latex_unwritable_output_fails_before_any_work(monkeypatch, tmp_path, capsys):
    def no_work(name):
        raise AssertionError("a derivation was built before the output path was checked")
    monkeypatch.setattr(derivations, "get", no_work)
    missing = tmp_path / "missing" / "x.tex"
    assert main(["latex", "rescaling", "-o", str(missing)]) == 2
    err = capsys.readouterr().err
    assert "does not exist" in err and str(missing.parent) in err
    assert main(["latex", "rescaling", "-o", str(tmp_path)]) == 2  # a directory
    assert "is a directory" in capsys.readouterr().err


def test_show_streams_each_status_after_its_step(capsys):
    assert main(["show", "rescaling", "--width", "90"]) == 0
    out = capsys.readouterr().out
    d = derivations.get("rescaling")
    pos = [out.index(f"[{s.index}] {s.label}") for s in d.steps]
    checks = [m.start() for m in re.finditer(r"^    check: ok", out, re.M)]
    assert len(checks) == len(d.steps)
    assert all(a < c < b for a, c, b in zip(pos, checks, pos[1:] + [len(out)]))  # status under its own step
    assert "not checked yet" not in out and "17 of 17 steps pass" in out.replace(str(len(d.steps)), "17")


def test_show_no_check_is_readable_and_wrapped(capsys):
    d = derivations.get("density")
    kept = [s.outcome for s in d.steps]  # other tests may have checked it in this process: show it unchecked
    for s in d.steps:
        s.outcome = None
    try:
        assert main(["show", "density", "--no-check", "--width", "80"]) == 0
    finally:
        for s, o in zip(d.steps, kept):
            s.outcome = o
    out = capsys.readouterr().out
    assert out.count("check: not checked yet") == len(d.steps)
    assert max(len(ln) for ln in out.splitlines()) <= 80
    assert "\\" not in out.replace("╲", "")  # no raw LaTeX such as \theta_\alpha or \kappa
    assert "θ_α" in out and "κ :=" in out and "h_α" in out and "ₐₗₚₕₐ" not in out
    assert main(["show", "density", "--no-check", "--ascii", "--width", "100"]) == 0
    out = capsys.readouterr().out
    assert out.isascii() and "theta_alpha" in out and max(len(ln) for ln in out.splitlines()) <= 100


def test_readable_names():
    cases = {r"\theta_\alpha": ("θ_α", "theta_alpha"), "h_alpha": ("h_α", "h_alpha"), r"\kappa": ("κ", "kappa"),
             "xi_0": ("ξ₀", "xi_0"), r"\sigma_s": ("σₛ", "sigma_s"), "L_f": ("L_f", "L_f"), "k_+": ("k₊", "k_+"),
             r"G_{\uparrow} G_{\downarrow}": ("G↑ G↓", "G_up G_down"), "x_1'": ("x₁'", "x_1'")}
    for name, (uni, ascii_) in cases.items():
        assert (display.text_name(name), display.text_name(name, unicode=False)) == (uni, ascii_), name


def test_latex_names_upright():
    S = sp.Symbol
    assert display.latex(S("ratio")) == r"\mathrm{ratio}"
    assert display.latex(S("L_f")) == r"L_{\mathrm{f}}" and display.latex(S("E_Z")) == r"E_{\mathrm{Z}}"
    assert display.latex(S("xi_0")) == r"\xi_{0}" and display.latex(S("x_1")) == "x_{1}"
    assert display.latex(S("h_alpha")) == r"h_{\alpha}" and display.latex(S(r"\sigma_s")) == r"\sigma_{\mathrm{s}}"
    assert display.latex(sp.sin(S("y"))) == sp.latex(sp.sin(S("y")))  # known functions untouched
    assert display.latex(sp.Rational(1, 10**29)) == "10^{-29}"
    assert display.latex(sp.Function("eta")(S("y"))) == r"\eta{\left(y \right)}"


def test_prose_typesets_ascii_formulas():
    out = prose("measure d^2r = L_f^2 d^2y")
    assert out == r"measure $d^{2}r = L_{\mathrm{f}}^{2} d^{2}y$"
    assert prose("a droplet exists where L + F < 0") == "a droplet exists where $L + F < 0$"
    assert prose("xi0 = sqrt(h) L_f") == r"$\xi_{0} = \sqrt{h} L_{\mathrm{f}}$"
    assert r"\texttt{gaussian\_\allowbreak{}tail}" in prose("the generated gaussian_tail computes it")
    assert prose("Eq. 12 gives it") == "Eq.~12 gives it"
    # a parenthesis of the prose stays prose; clauses end a formula
    assert prose("positive (det O > 0 is necessary, not sufficient)") == \
        r"positive (\allowbreak{}$\det O > 0$ is necessary,\allowbreak{} not sufficient)"
    assert prose("with c = L - F: int dh") == r"with $c = L - F$: $\int dh$"


@pytest.mark.parametrize("name", NAMES)
def test_prose_of_every_field_is_balanced(name):
    from derivations.errata import ERRATA
    texts = [t for s in derivations.get(name).steps for t in (s.headline, s.claim, s.why)]
    texts += [p.statement for p in derivations.get(name).premises]
    texts += [t for e in ERRATA for t in (e.printed, e.corrected, e.explanation)]
    for t in texts:
        out = re.sub(r"\\[{}$]", "", prose(t))
        assert out.count("$") % 2 == 0 and out.count("{") == out.count("}"), (t, out)


def test_walk_by_index_and_name(capsys):
    d = _toy()
    assert [o.ok for o in display.walk(d, steps=[1, 2])] == [True, True]
    assert [o.ok for o in display.walk(d, steps=["pi"])] == [True]
    out = capsys.readouterr().out
    assert "[1] Eq. 8: its integral" in out and "check: ok" in out
    with pytest.raises(ValueError, match="index 3"):
        display.walk(d, steps=[3])
    with pytest.raises(ValueError, match="no step named"):
        display.walk(d, steps=["nope"])


def test_unchecked_says_so():
    d = _toy()
    assert display.NOT_CHECKED in display.derivation_html(d)
    assert display.derivation_text(d).count(display.NOT_CHECKED) == 2
    d.check()
    html = display.derivation_html(d)
    assert display.NOT_CHECKED not in html and "2 of 2 steps pass" in html


def test_check_table_wraps_instead_of_cutting():
    long = "word " * 40
    text = _table([("density", 1, "Eq. 8", long.strip(), "symbolic", "ok")],
                  ("derivation", "#", "equation", "step", "checked", ""), wrap={3: 30})
    assert " ".join(text.split()).count("word") == 40  # nothing cut
    assert max(len(ln) for ln in text.splitlines()) < 80


def test_ci_installs_the_tex_files_the_document_loads():
    ci = (ROOT / ".ci" / "run").read_text()
    files = re.search(r'TEX_FILES="([^"]*)"', ci).group(1).split()
    used = {p for opts in re.findall(r"\\usepackage(?:\[[^]]*\])?\{([^}]*)\}", PREAMBLE) for p in opts.split(",")}
    assert used == set(PACKAGES)
    assert all(f"{p}.sty" in files for p in PACKAGES)
    assert "adjustbox" not in PREAMBLE  # texlive-latex-extra is not needed


def test_a_step_rule_is_shown_when_present():
    class Rule:
        name = "integrate"

        def text(self):
            return "integrate over R"

        def latex(self):
            return r"\int_{\mathbb{R}}"
    d = _toy()
    d.steps[0].rule = Rule()
    assert "rule: integrate over R" in display.step_block(d.steps[0])
    assert r"\int_{\mathbb{R}}" in display.step_html(d.steps[0])
    from derivations.latex import _step_tex
    assert r"\emph{Rule:}\nopagebreak\formula{\int_{\mathbb{R}}}" in _step_tex(d.steps[0])
    assert "rule: algebra [norm]" in display.step_block(d.steps[1])  # the engine's own rule otherwise


def test_walk_stops_at_a_broken_link(capsys):
    from derivations.core import DerivationError
    p = Premise("gauss", "Eq. 8", "a Gaussian", sp.exp(-u**2))
    s = Step("Eq. 8", "does not start from gauss", sp.Integral(Ref("gauss"), (u, 0, 0)) + sp.Integral(sp.cos(u), (u, 0, 1)),
             sp.sin(1), "")
    with pytest.raises(DerivationError, match="does not start from gauss"):
        display.walk(Derivation("bad", "bad", [s], [p]))
    assert "FAILED (link" in capsys.readouterr().out
