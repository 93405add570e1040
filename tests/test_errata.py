"""The errata catalogue: one source, every entry classified and proved, checks that can fail, and the
README table generated from it."""
import functools
import re
from collections import Counter
from pathlib import Path

import pytest
import sympy as sp

import derivations
from derivations import errata
from derivations.core import KINDS, Erratum
from derivations.errata import ERRATA, FORMS, collect, markdown_table, readme_section
from derivations.symbols import g, h

README = Path(__file__).resolve().parent.parent / "README.md"


def _cells(row):
    """The cells of a GFM table row: split on | not preceded by a backslash (as GitHub does)."""
    inner = row.strip()
    assert inner.startswith("|") and inner.endswith("|") and not inner.endswith(r"\|"), row
    return re.split(r"(?<!\\)\|", inner[1:-1])


def _id(e):
    return f"{e.equation}-{e.where or e.printed[:20]}"


@functools.lru_cache(maxsize=None)
def _outcomes():
    """Each entry checked once per session (the checks take ~10 s together)."""
    return tuple(e.check(raise_on_failure=False) for e in ERRATA)


def _entry(equation, text):
    (e,) = [e for e in ERRATA if e.equation == equation and text in e.printed]
    return e


# --- every entry ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("i", range(len(ERRATA)), ids=[_id(e) for e in ERRATA])
def test_every_erratum_is_classified_and_proved(i):
    e, o = ERRATA[i], _outcomes()[i]
    assert e.kind in KINDS
    assert e.printed.strip() and e.corrected.strip() and e.explanation.strip()
    assert o.ok, o.detail
    assert o.detail, "a check must say what it found"


EVIDENCE = re.compile(r"exact difference|counterexample|dimensionless|\^-?\d|\d\.\d")


@pytest.mark.parametrize("i", [i for i, e in enumerate(ERRATA) if e.kind != "convention"],
                         ids=[_id(e) for e in ERRATA if e.kind != "convention"])
def test_errors_and_typos_show_their_evidence(i):
    """printed != corrected is shown, not asserted: an exact difference, a counterexample, numbers or dimensions."""
    o = _outcomes()[i]
    assert EVIDENCE.search(o.detail), o.detail


def test_each_explanation_says_why_its_kind():
    """The explanation names the kind it chose (against the definitions at the top of errata.py)."""
    for e in ERRATA:
        assert re.search(rf"\b{e.kind.capitalize()}\b", e.explanation), (e.equation, e.printed, e.explanation)
    doc = errata.__doc__
    assert all(f"**{k}**" in doc for k in KINDS)


# --- kinds, duplicates, order --------------------------------------------------------------------------

def test_kinds_are_counted():
    # changes when an entry is added (the prefactor erratum of issue 18 adds one error)
    assert len(ERRATA) == 30
    assert Counter(e.kind for e in ERRATA) == {"typo": 20, "error": 7, "convention": 3}


def test_kinds_as_decided_in_the_audit():
    errors = {(e.equation, e.printed[:30]) for e in ERRATA if e.kind == "error"}
    # changes a stated result: the gradient sign, the saddle point, the over-claimed regime, the power of g,
    # the phase of Eq. 19 and the dirty decay length
    assert any(eq == "Eqs. 5, 12" for eq, _ in errors)
    assert any(eq == "Eq. 13" for eq, _ in errors)
    assert _entry("Eq. 5", "H >> H_c^0").kind == "error"
    assert _entry("Eq. 18", "erfc").kind == "error"
    assert _entry("Eq. 19", "pi/4").kind == "error"
    assert _entry("Eq. 19", "sqrt(2)").kind == "error"
    # no consequence once read in context
    assert _entry("Eq. 16", "N (2 Delta").kind == "typo"  # only C of Eq. 17 moves
    assert _entry("Eq. 19", "period").kind == "typo"  # an order-of-magnitude scale
    assert _entry("Eq. 19", "L^2/l").kind == "typo"  # the next sentence states the regime
    assert _entry("Eq. 19", "p_up").kind == "typo"  # Eq. 19 prints the factor 2
    # choices left implicit
    assert {e.equation for e in ERRATA if e.kind == "convention"} == {"Eq. 2", "Eqs. 2, 4-6", "Eq. 3"}


def test_phase_argument_keeps_the_plus_of_vector_momenta():
    e = _entry("Eq. 19", "p_up")
    assert "p_up . dr + int p_down" in e.corrected and "2 mu_B H/v_F" in e.corrected


def test_eq3_is_a_convention_that_renormalizes_c3():
    (e3,) = [e for e in ERRATA if e.equation == "Eq. 3"]
    assert e3.kind == "convention"
    assert "Hermitian" in e3.corrected and "Hermitian" in e3.explanation
    assert "cutoff" in e3.corrected and "renormalizes c3" in e3.explanation
    assert "O(h) nonlocal" not in e3.explanation


def test_no_duplicate_sign_entry():
    """The Eq. 12 sign slip is the Eq. 5 slip: one merged entry; Eq. 13 cross-references it."""
    assert not [e for e in ERRATA if e.equation == "Eq. 12"]
    merged = [e for e in ERRATA if e.equation == "Eqs. 5, 12"]
    assert len(merged) == 1 and "B =" in merged[0].printed
    assert "Eqs. 5, 12" in _entry("Eq. 13", "lap_y").explanation
    assert len({(e.equation, e.where, e.printed) for e in ERRATA}) == len(ERRATA)


def test_the_five_new_slips():
    new = [_entry("Eq. 2", "xi0 = sqrt(D/Delta0)"), _entry("Eq. 6", "N^l"), _entry("Eq. 19", "fully polarized"),
           _entry("Eq. 19", "large distances"), _entry("References", "B 52")]
    assert [e.kind for e in new] == ["convention", "typo", "typo", "typo", "typo"]


def test_catalogue_is_in_the_papers_order():
    pos = [errata._paper_position(e) for e in ERRATA]
    assert pos == sorted(pos)
    assert [(e.equation, e.printed) for e in collect()] == [(e.equation, e.printed) for e in ERRATA]
    # an entry appended at the end of the list lands in the paper's order
    late = Erratum("Eqs. 9-10, 14-15", "error", "p", "c", "Error: x.", lambda: (True, "x"))
    assert errata._paper_position(late) == 9 < errata._paper_position(ERRATA[-1])
    assert ERRATA[-1].equation == "References"


def test_one_source():
    """The area modules no longer carry their own errata."""
    for name in derivations.NAMES:
        assert not hasattr(derivations.module(name), "errata"), name


def test_prose_slips_are_catalogued():
    prose = [e for e in ERRATA if e.where.startswith("text")]
    assert len(prose) >= 6
    assert len({(e.where, e.printed) for e in prose}) == len(prose)


# --- the checks can fail ---------------------------------------------------------------------------------

def _assert_passes_unperturbed(check):
    """The check passes as it stands (its entry's cached outcome), so its failure below is the perturbation's."""
    (i,) = [i for i, e in enumerate(ERRATA) if e.check_fn is check]
    assert _outcomes()[i].ok, _outcomes()[i].detail


# (check, area, result, perturbation): the check imports the derived result; perturbed, it must fail
PERTURBED = [
    (errata._check_gradient_sign, "density", "B_over_A", lambda v: 2 * v),
    (errata._check_gradient_sign, "density", "virial", lambda v: 2 * v),
    (errata._check_regime, "rescaling", "L_f", lambda v: v * h),
    (errata._check_reduced_field_parentheses, "density", "typical_distance", lambda v: v * h),
    (errata._check_eq3_convention, "rescaling", "L_f", lambda v: 10 * v),
    (errata._check_eq9, "density", "probability", lambda v: 2 * v),
    (errata._check_eq13, "density", "saddle_point", lambda v: -v),
    (errata._check_eq14_sign, "rescaling", "tail_argument", lambda v: 2 * v),
    (errata._check_eq15, "density", "density", lambda v: h * v),
    (errata._check_eq15, "rescaling", "L_f_squared", lambda v: h * v),
    (errata._check_eq15, "rescaling", "tail_argument_ratio", lambda v: 2 * v),
    (errata._check_eq16, "amplitude", "projection", lambda v: v + 1),
    (errata._check_eq16, "amplitude", "median_17", lambda v: v + h),
    (errata._check_eq18, "amplitude", "coupling_typical", lambda v: g * v),
    (errata._check_phase_sum, "pair_correlation", "q", lambda v: 2 * v),
    (errata._check_full_polarization, "pair_correlation", "amplitude", lambda v: v + 1),
    (errata._check_eq19_phase, "pair_correlation", "K_asymptotic", lambda v: 2 * v),
    (errata._check_period, "pair_correlation", "q", lambda v: 2 * v),
    (errata._check_dirty_decay, "pair_correlation", "decay_length_dirty", lambda v: 2 * v),
    (errata._check_dirty_decay, "pair_correlation", "K_dirty", lambda v: 2 * v),
]


@pytest.mark.parametrize("check, area, name, perturb", PERTURBED,
                         ids=[f"{c.__name__}-{a}.{n}" for c, a, n, _ in PERTURBED])
def test_a_perturbed_derived_result_fails_the_check(monkeypatch, check, area, name, perturb):
    _assert_passes_unperturbed(check)
    results = derivations.get(area).results
    monkeypatch.setitem(results, name, perturb(results[name]))
    ok, detail = check()
    assert not ok, detail


def test_every_derived_result_used_is_perturbed():
    """Each derived result a check imports is perturbed above (so no check passes whatever the derivation says)."""
    src = Path(errata.__file__).read_text()
    uses = set(re.findall(r'"(rescaling|density|amplitude|pair_correlation)", "(\w+)"', src))
    assert len(uses) >= 15
    assert uses <= {(a, n) for _, a, n, _ in PERTURBED}, uses - {(a, n) for _, a, n, _ in PERTURBED}


CHECKS_WITH_FORMS = {"eq9": errata._check_eq9, "eq13": errata._check_eq13, "eq14": errata._check_eq14_sign,
                     "eq16": errata._check_eq16, "eq18": errata._check_eq18, "phase": errata._check_phase_sum,
                     "eq19": errata._check_eq19_phase, "period": errata._check_period, "dirty": errata._check_dirty_decay}


@pytest.mark.parametrize("key", sorted(CHECKS_WITH_FORMS))
def test_the_corrected_form_printed_fails_the_check(key):
    """Had the paper printed the corrected form, there would be no erratum: the check must say so."""
    check = CHECKS_WITH_FORMS[key]
    _assert_passes_unperturbed(check)
    ok, detail = check(printed=FORMS[key][1])
    assert not ok, detail


def test_eq15_printed_as_the_poisson_mean_fails():
    from derivations.symbols import lam
    assert errata._check_eq15()[0]
    assert not errata._check_eq15(printed=lam)[0]


def test_eq6_check_fails_with_one_n_per_droplet():
    assert errata._check_eq6_normalization()[0]
    assert not errata._check_eq6_normalization(per_factor=1)[0]


def test_forms_cover_every_check_with_a_printed_argument():
    assert set(CHECKS_WITH_FORMS) | {"eq15"} == set(FORMS)


def test_reference_check_fails_on_the_corrected_volume():
    assert errata._prb_year(55) == 1997 and errata._prb_year(52) == 1995
    assert all(errata._prb_year(v) == y for v, y in errata._PRB_ANCHORS)
    assert errata._check_ref8()[0]
    assert not errata._check_ref8(printed=(55, 1997))[0]
    assert not errata._check_ref8(printed=(52, 1995))[0]


def test_differ_is_not_fooled_by_equal_forms():
    """The honest-difference helper the checks rely on refuses equal forms."""
    from derivations.core import differ
    assert not differ(2 * sp.Symbol("a", positive=True), sp.Symbol("a", positive=True) * 2)[0]


# --- the README table ------------------------------------------------------------------------------------

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


def test_cli_help_does_not_print_the_table(capsys):
    with pytest.raises(SystemExit) as exc:
        errata.main(["--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert "--readme" in out and "| equation |" not in out
