"""Execute every notebook script (jupytext percent format) and write its paired .ipynb with outputs.

Usage: ``python notebooks/build.py [NAME ...]`` (from any directory).  The .py scripts are the reviewed
source; the .ipynb files carry the executed outputs (plots) so a reader sees them without running
anything.  The written notebooks are reproducible: a python3 kernelspec, cell ids derived from the
cell index, no execution timestamps, so rebuilding an unchanged notebook changes nothing in git.
"""
import os
import sys
from pathlib import Path

import jupytext
import nbclient

NB_DIR = Path(__file__).resolve().parent
# kernels must import the packages even without `pip install -e .`
os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(NB_DIR.parent), os.environ.get("PYTHONPATH")]))
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def normalize(nb):
    """Make ``nb`` reproducible: kernelspec, stable cell ids, no timing or per-run metadata."""
    nb.metadata.pop("jupytext", None)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i:03d}"  # stable: the same script gives the same ids
        cell.metadata.pop("execution", None)  # iopub/shell timestamps
        for out in cell.get("outputs", ()):
            out.get("metadata", {}).pop("execution", None)
    nb.nbformat, nb.nbformat_minor = 4, max(nb.nbformat_minor, 5)  # cell ids need nbformat 4.5
    return nb


def build(script):
    nb = jupytext.read(script)
    nbclient.NotebookClient(nb, timeout=600, kernel_name="python3", record_timing=False,
                            resources={"metadata": {"path": str(NB_DIR)}}).execute()
    jupytext.write(normalize(nb), script.with_suffix(".ipynb"))
    print(f"wrote {script.with_suffix('.ipynb').name}", file=sys.stderr)


def main(names):
    scripts = sorted(NB_DIR.glob("[0-9]*.py"))
    unknown = set(names) - {s.stem for s in scripts}
    if unknown:
        raise SystemExit(f"unknown notebook(s) {sorted(unknown)}; choose from {[s.stem for s in scripts]}")
    todo = [s for s in scripts if not names or s.stem in names]
    for i, s in enumerate(todo, 1):
        print(f"[{i}/{len(todo)}] executing {s.name} ...", file=sys.stderr)  # progress: each takes seconds to minutes
        build(s)


if __name__ == "__main__":
    main(sys.argv[1:])
