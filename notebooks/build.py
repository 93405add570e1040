"""Execute every notebook script (jupytext percent format) and write its paired .ipynb with outputs.

Usage: ``python notebooks/build.py [NAME ...]``.  The .py scripts are the reviewed source; the
.ipynb files carry the executed outputs (plots) so a reader sees them without running anything.
"""
import sys
import os
from pathlib import Path

import jupytext
import nbclient

NB_DIR = Path(__file__).resolve().parent
# kernels must import the packages even without `pip install -e .`
os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(NB_DIR.parent), os.environ.get("PYTHONPATH")]))


def build(script):
    nb = jupytext.read(script)
    nbclient.NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(NB_DIR)}}).execute()
    nb.metadata.pop("jupytext", None)
    jupytext.write(nb, script.with_suffix(".ipynb"))
    print(f"wrote {script.with_suffix('.ipynb').name}")


def main(names):
    scripts = sorted(NB_DIR.glob("[0-9]*.py"))
    for s in scripts:
        if not names or s.stem in names:
            build(s)


if __name__ == "__main__":
    main(sys.argv[1:])
