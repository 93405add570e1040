"""Packaging promises: light numerics import, generated code in sync, CLI behaviour, CI = README."""
import re
import subprocess
import sys
from pathlib import Path

import pytest

from derivations import codegen
from derivations.__main__ import main

ROOT = Path(__file__).resolve().parent.parent


def _run(code):
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)


def test_import_numerics_is_light():
    out = _run("import sys, numerics; numerics.droplet_length(2.0); numerics.gaussian_tail(1.0);"
               "print('sympy' in sys.modules)").stdout.strip()
    assert out == "False"


def test_generated_code_in_sync():
    assert codegen.stale() == [], "run: python -m derivations generate"


def test_generate_check_cli(capsys):
    # in process: the derivations' checks are cached per process (the derivation tests ran them)
    assert main(["generate", "--check"]) == 0
    out = capsys.readouterr()
    assert "generated code is up to date" in out.out
    assert "rendering" in out.err and "done in" in out.err  # progress on stderr, never silent


def test_generated_files_say_do_not_edit():
    for p in codegen.OUT_DIR.glob("*.py"):
        assert "DO NOT EDIT" in p.read_text().splitlines()[0]


def test_stale_generated_code_is_detected(tmp_path, monkeypatch):
    monkeypatch.setattr(codegen, "OUT_DIR", tmp_path)
    assert codegen.stale(), "an empty output directory must be reported stale"
    codegen.write()
    assert codegen.stale() == []
    (tmp_path / "rescaling.py").write_text("# edited by hand\n")
    assert codegen.stale() == [tmp_path / "rescaling.py"]


@pytest.mark.parametrize("argv", [["show", "nonsense"], ["latex"], ["frobnicate"], []])
def test_cli_bad_arguments_exit_cleanly(argv):
    r = subprocess.run([sys.executable, "-m", "derivations", *argv], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 2
    assert "Traceback" not in r.stderr and "error" in r.stderr


def test_cli_show_and_latex(capsys, tmp_path):
    assert main(["show", "rescaling"]) == 0
    assert "Eq. 12" in capsys.readouterr().out
    out = tmp_path / "r.tex"
    assert main(["latex", "rescaling", "-o", str(out)]) == 0
    assert r"\begin{enumerate}" in out.read_text()


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    block = re.search(r"```(?:bash|sh)\n(.*?)```", readme, re.S).group(1)
    commands = [ln.strip() for ln in block.splitlines() if ln.strip() and not ln.startswith("#")]
    assert len(commands) == 2, commands
    assert commands[1] in ci
