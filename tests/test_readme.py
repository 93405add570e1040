"""The README's first session: every line runs and prints what the README says it prints."""
import doctest
import re
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


def test_first_session_outputs():
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(), flags=re.S)
    session = [b for b in blocks if b.lstrip().startswith(">>>")]
    assert session, "README has no first session (a ```python block of >>> lines)"
    test = doctest.DocTestParser().get_doctest(session[0], {}, "README first session", str(README), 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    assert runner.failures == 0 and runner.tries >= 8, f"{runner.failures} of {runner.tries} README lines differ"


def test_your_own_derivation_runs(tmp_path, monkeypatch):
    """The "Your own derivation" block runs as written: checks, then writes a module that computes Q."""
    import importlib.util

    text = README.read_text()
    section = text[text.index("## Your own derivation"):text.index("## Command line")]
    block = re.findall(r"```python\n(.*?)```", section, flags=re.S)[0]
    monkeypatch.chdir(tmp_path)
    exec(compile(block, "README: Your own derivation", "exec"), {})
    spec = importlib.util.spec_from_file_location("my_droplets", tmp_path / "my_droplets.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    assert abs(mod.droplet_probability(1.0, 1.0) - 0.15865525393145707) < 1e-16
