"""Notebooks: paired with their jupytext percent scripts, and executed on a fresh kernel."""
import os
from pathlib import Path

import pytest

jupytext = pytest.importorskip("jupytext")
nbclient = pytest.importorskip("nbclient")

NB_DIR = Path(__file__).resolve().parent.parent / "notebooks"
SCRIPTS = sorted(NB_DIR.glob("[0-9]*.py"))
# kernels must import the packages even without `pip install -e .`
os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(NB_DIR.parent), os.environ.get("PYTHONPATH")]))


def test_there_are_notebooks():
    assert len(SCRIPTS) >= 5


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.stem)
def test_paired_notebook_in_sync(script):
    ipynb = script.with_suffix(".ipynb")
    assert ipynb.exists(), f"missing {ipynb.name}: run python notebooks/build.py"
    src = [c.source for c in jupytext.read(script).cells]
    nb = jupytext.read(ipynb)
    assert src == [c.source for c in nb.cells], f"{ipynb.name} out of sync: run python notebooks/build.py"
    assert all(c.get("execution_count") for c in nb.cells if c.cell_type == "code"), "not executed"


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.stem)
def test_notebook_executes(script):
    nb = jupytext.read(script)
    client = nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                                     resources={"metadata": {"path": str(NB_DIR)}})
    client.execute()  # raises CellExecutionError on any error or failed check
