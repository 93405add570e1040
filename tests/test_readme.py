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
