"""The errata catalogue: one source, every entry classified and proved, and the README table generated from it."""
import re
from pathlib import Path

import pytest

import derivations
from derivations.core import KINDS
from derivations.errata import ERRATA, collect, markdown_table, readme_section

README = Path(__file__).resolve().parent.parent / "README.md"


def _cells(row):
    """The cells of a GFM table row: split on | not preceded by a backslash (as GitHub does)."""
    inner = row.strip()
    assert inner.startswith("|") and inner.endswith("|") and not inner.endswith(r"\|"), row
    return re.split(r"(?<!\\)\|", inner[1:-1])


@pytest.mark.parametrize("e", ERRATA, ids=lambda e: f"{e.equation}-{e.where or e.printed[:20]}")
def test_every_erratum_is_classified_and_proved(e):
    assert e.kind in KINDS
    assert e.printed.strip() and e.corrected.strip() and e.explanation.strip()
    o = e.check(raise_on_failure=False)
    assert o.ok, o.detail
    assert o.detail, "a check must say what it found"


EVIDENCE = re.compile(r"exact difference|counterexample|dimensionless|\^-?\d|\d\.\d")


@pytest.mark.parametrize("e", [e for e in ERRATA if e.kind != "convention"],
                         ids=lambda e: f"{e.equation}-{e.where or e.printed[:20]}")
def test_errors_and_typos_show_their_evidence(e):
    """printed != corrected is shown, not asserted: an exact difference, a counterexample, numbers or dimensions."""
    o = e.check(raise_on_failure=False)
    assert EVIDENCE.search(o.detail), o.detail


def test_catalogue_is_in_the_papers_order():
    nums = [int(re.search(r"\d+", e.equation).group()) for e in ERRATA]
    assert nums == sorted(nums)
    assert [(e.equation, e.printed) for e in collect()] == [(e.equation, e.printed) for e in ERRATA]


def test_one_source():
    """The area modules no longer carry their own errata."""
    for name in derivations.NAMES:
        assert not hasattr(derivations.module(name), "errata"), name


def test_eq3_is_a_convention_note():
    (e3,) = [e for e in ERRATA if e.equation == "Eq. 3"]
    assert e3.kind == "convention"
    assert "Hermitian" in e3.corrected and "Hermitian" in e3.explanation


def test_kinds_are_used_as_defined():
    kinds = {e.kind for e in ERRATA}
    assert kinds == set(KINDS)
    errors = {(e.equation, e.printed) for e in ERRATA if e.kind == "error"}
    # the ones the issue names as changing a result: the gradient sign, the phase of Eq. 19, the dirty decay
    assert any(eq == "Eq. 5" and "lap" in p for eq, p in errors)
    assert any(eq == "Eq. 19" and "pi/4" in p for eq, p in errors)
    assert any(eq == "Eq. 19" and "sqrt(2)" in p for eq, p in errors)


def test_prose_slips_are_catalogued():
    prose = [e for e in ERRATA if e.where.startswith("text")]
    assert len(prose) >= 6
    assert len({(e.where, e.printed) for e in prose}) == len(prose)


def test_table_rows_have_four_cells():
    lines = markdown_table().splitlines()
    assert len(lines) == len(ERRATA) + 2
    assert all(len(_cells(ln)) == 4 for ln in lines), [ln for ln in lines if len(_cells(ln)) != 4]


def test_cell_counter_sees_an_unescaped_pipe():
    """The row check can fail: a bare | inside a code span splits the cell."""
    assert len(_cells("| Eq. 3 | typo | `|x|` | `x` |")) == 6
    assert len(_cells(r"| Eq. 3 | typo | `\|x\|` | `x` |")) == 4


def test_readme_table_is_the_generated_one():
    section = readme_section(README.read_text())
    assert section is not None, "README lacks the errata-table markers"
    assert section == markdown_table(), "README errata table is stale: run python -m derivations.errata --readme README.md"


def test_every_readme_table_renders():
    """Each Markdown table of the README has as many cells in every row as in its header."""
    lines, tables, current = README.read_text().splitlines(), [], []
    for ln in lines + [""]:
        if ln.startswith("|"):
            current.append(ln)
        elif current:
            tables.append(current)
            current = []
    assert len(tables) >= 3
    for t in tables:
        widths = [len(_cells(row)) for row in t]
        assert len(set(widths)) == 1, f"table starting {t[0]!r}: cells per row {widths}"
