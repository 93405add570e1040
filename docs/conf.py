"""Sphinx configuration of the mesopairing documentation.

Build (from the repository root): ``python docs/build.py`` (vendors MathJax once, then runs
``python -m sphinx -W -b html docs docs/_build/html``).  Before Sphinx reads the sources, the
``builder-inited`` hook below writes ``docs/generated/`` from the engine (one page per derivation,
every step checked during the build; the errata; the annotated edition; the executed notebooks).
"""
import re
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
sys.path[:0] = [str(ROOT), str(DOCS)]

project = "mesopairing"
author = "The mesopairing maintainers"
copyright = "2026, The mesopairing maintainers (MIT License)"
release = version = "0.1.0"

extensions = ["myst_nb", "sphinx.ext.autodoc", "sphinx.ext.napoleon", "sphinx.ext.mathjax",
              "sphinx.ext.viewcode"]
exclude_patterns = ["_build", "_vendor", "Thumbs.db", ".DS_Store", "generated/notebooks/data"]

# --- MyST and the notebooks: stored outputs, never executed -------------------------------------
nb_execution_mode = "off"
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence"]
myst_heading_anchors = 3
nb_render_markdown_format = "myst"

# --- API reference ------------------------------------------------------------------------------
autodoc_member_order = "bysource"
autodoc_default_options = {"members": True, "show-inheritance": False}
autodoc_typehints = "description"
# numerics annotates with these aliases (numerics/_typing.py); show their names, not their expansion
autodoc_type_aliases = {"ArrayLike": "numpy.typing.ArrayLike", "Float": "numerics._typing.Float",
                        "NDArray": "numpy.typing.NDArray"}
napoleon_google_docstring = False
napoleon_numpy_docstring = True

# --- MathJax 3, served from the build (no CDN) ---------------------------------------------------
# docs/build.py copies the npm package mathjax@3 (es5/) into docs/_static/mathjax (not in git).
mathjax_path = "mathjax/tex-chtml.js"
mathjax3_config = {
    "tex": {
        "inlineMath": [["\\(", "\\)"], ["$", "$"]],
        "displayMath": [["\\[", "\\]"], ["$$", "$$"]],
        "processEscapes": True,
        # an undefined macro is an error (a red merror node the browser test finds), not silent red text
        "packages": {"[-]": ["noundefined"]},
    },
    "options": {"ignoreHtmlClass": "tex2jax_ignore|mathjax_ignore|document",
                "processHtmlClass": "tex2jax_process|mathjax_process|math|output_area|output|cell_output"},
}
myst_update_mathjax = False
if not (DOCS / "_static" / "mathjax" / "tex-chtml.js").exists():
    raise RuntimeError("MathJax is not vendored: run `python docs/build.py` (or `python docs/build.py --mathjax`)")

# --- HTML ---------------------------------------------------------------------------------------
html_theme = "pydata_sphinx_theme"
html_title = "mesopairing"
html_static_path = ["_static"]
html_css_files = ["custom.css"]
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
    "secondary_sidebar_items": ["page-toc"],
    "footer_start": ["copyright"],
    "footer_end": [],
}
html_favicon = "_static/favicon.svg"
html_context = {"default_mode": "light"}
# single pages use the full width (no empty section navigation); sections keep their navigation
html_sidebars = {"**": ["sidebar-nav-bs"], "index": [], "getting_started": [], "generated/edition": [],
                 "generated/errata": []}
html_last_updated_fmt = None
html_copy_source = False
html_show_sourcelink = False


_LITERAL = re.compile(r"(``.+?``|:[a-z:]+:`[^`]+`)")


def _plain_text_markup(app, what, name, obj, options, lines):
    """The docstrings are written as plain text (``|x|`` is a modulus, ``kappa_+`` a subscript): escape
    the two characters reST would read as substitutions and link targets, outside literals and roles."""
    for i, line in enumerate(lines):
        parts = _LITERAL.split(line)
        for j in range(0, len(parts), 2):  # even parts are outside literals
            parts[j] = re.sub(r"(?<=\w)_(?=\W|$)", r"\\_", parts[j].replace("|", "\\|"))
        lines[i] = "".join(parts)


def _generate(app):
    """Write docs/generated from the engine; a failing step or erratum is a Sphinx warning (so -W fails:
    the pages would show it as failed, and a published site must not)."""
    from sphinx.util import logging

    import _pages
    logger = logging.getLogger("mesopairing.docs")
    derivs, errata = _pages.write_all(log=lambda m: logger.info(m))
    for d in derivs.values():
        for f in d["failures"]:
            logger.warning(f"derivation {d['name']}: {f}")
    for e in errata:
        if not e["outcome"]["ok"]:
            logger.warning(f"erratum {e['number']} ({e['equation']}): {e['outcome']['detail']}")


def setup(app):
    app.connect("builder-inited", _generate)
    app.connect("autodoc-process-docstring", _plain_text_markup)
