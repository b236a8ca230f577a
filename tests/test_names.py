"""normalize_names: the registry, each matching step and its guards, and the test set's figures."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from bench.names import score
from cleaner import Settings, clean_text, load_pipeline
from cleaner.cli import app
from cleaner.core import RuleFileError
from cleaner.names._registry import slip_cost, slips_within
from cleaner.pipeline import load_rules
from cleaner.readers import read_string

ONLY = Settings(only=("normalize_names",))
CASES = yaml.safe_load((Path(__file__).parent / "names_cases.yaml").read_text(encoding="utf-8"))


def names(text: str, settings: Settings = ONLY) -> str:
    return load_pipeline(settings).run(read_string(text)).document.body_text()


def with_rules(tmp_path, text: str) -> Settings:
    path = tmp_path / "names.yaml"
    path.write_text(text, encoding="utf-8")
    return Settings(only=("normalize_names",), rule_paths=(path,))


def test_test_set_has_no_wrong_merge_and_finds_near_misses() -> None:
    assert len(CASES) >= 200
    result = score(CASES)
    assert result["precision"] == 1.0
    assert result["near_miss_recall"] >= 0.95
    assert result["by_kind"]["lookalike"]["changed"] == 0 and result["by_kind"]["unchanged"]["changed"] == 0


def test_variant_possessive_title_and_hyphenation() -> None:
    assert names("Karoline Levitt's briefing ran long.") == "Karoline Leavitt's briefing ran long."
    assert names("Army Chief Asim Muneer spoke.") == "Army Chief Asim Munir spoke."
    assert names("PM Shehbaz Shariff's office denied it.") == "PM Shehbaz Sharif's office denied it."
    assert names("Alexandria Ocasio Cortez spoke.") == "Alexandria Ocasio-Cortez spoke."


def test_guards_keep_correct_and_other_names() -> None:
    for text in (
        "Rubio said Levitt and Munir were right.",  # surnames alone
        "Hamza Shahbaz Sharif was sworn in.",  # a longer, different name
        "Novelist Caroline Leavitt and writer John Healy.",  # known different people
        "Nawaz Sharif returned; Tim Walz and Ricky Rubio spoke.",
        "S. Jaishankar met Volodymyr Zelensky and Recep Tayyip Erdogan.",  # aliases
        "King Charles II restored the monarchy.",
    ):
        assert names(text) == text


def test_near_miss_needs_the_other_name_to_match() -> None:
    assert names("Marco Rubbio landed.") == "Marco Rubio landed."
    assert names("Marco Reus scored.") == "Marco Reus scored."
    assert names("Mike Walz and Mike Waltz met.") == "Mike Waltz and Mike Waltz met."


def test_finding_names_both_spellings_and_the_entry() -> None:
    result = clean_text("Karoline Levitt said so.", ONLY)
    [finding] = [f for f in result.findings if f.rule_id == "names/variant"]
    assert (finding.before, finding.after) == ("Karoline Levitt", "Karoline Leavitt")
    assert "White House Press Secretary" in finding.message


def test_user_registry_adds_and_replaces_entries(tmp_path) -> None:
    settings = with_rules(
        tmp_path,
        (
            "stage: normalize_names\nregistry:\n"
            "  - name: Karoline Leavitt\n    kind: person\n    role: Press Secretary\n    variants: [Caroline Leavit]\n"
            "  - name: Jane Doe-Smith\n    kind: person\n    variants: [Jane Doh-Smith]\n"
        ),
    )
    assert names("Caroline Leavit met Jane Doh-Smith.", settings) == "Karoline Leavitt met Jane Doe-Smith."
    result = clean_text("Karoline Levitt spoke.", settings)
    [finding] = result.findings
    assert finding.rule_id == "names/near-miss"  # no longer a listed variant: the entry was replaced
    assert "(Karoline Leavitt, Press Secretary)" in finding.message


def test_bad_registry_names_both_entries(tmp_path) -> None:
    duplicate = tmp_path / "dup.yaml"
    duplicate.write_text(
        "stage: normalize_names\nregistry:\n  - name: Jane Doe\n    kind: person\n  - name: Jane Doe\n    kind: person\n",
        encoding="utf-8",
    )
    with pytest.raises(RuleFileError) as raised:
        load_rules([duplicate])
    [problem] = raised.value.problems
    assert problem.line == 5 and "'Jane Doe' is defined twice in this file (first at line 3)" in problem.message
    claimed = tmp_path / "claimed.yaml"
    claimed.write_text(
        "stage: normalize_names\nregistry:\n"
        "  - name: Jane Doe\n    kind: person\n    variants: [J. Do]\n"
        "  - name: John Doe\n    kind: person\n    variants: [J. Do]\n"
        "  - name: Anna Roe\n    kind: person\n    variants: [Karoline Leavitt]\n",
        encoding="utf-8",
    )
    with pytest.raises(RuleFileError) as raised:
        load_rules([claimed])
    messages = [str(p) for p in raised.value.problems]
    assert any("'J. Do' is also claimed by entry 'Jane Doe'" in m and "claimed.yaml:6" in m for m in messages)
    assert any("'Karoline Leavitt' is a correct form of entry 'Karoline Leavitt'" in m for m in messages)


def test_consistency_within_an_article_is_reported_and_fixed_when_asked(tmp_path) -> None:
    text = "Jane Smyth spoke first. Later Jane Smith answered; Jane Smith left."
    result = clean_text(text, ONLY)
    [finding] = [f for f in result.findings if f.rule_id == "names/consistency"]
    assert (finding.before, finding.after, finding.fixable) == ("Jane Smyth", "Jane Smith", False)
    settings = with_rules(tmp_path, "stage: normalize_names\nrules:\n  - id: names/consistency\n    apply: auto\n")
    assert names(text, settings).startswith("Jane Smith spoke first.")


def test_consistency_across_the_files_of_a_run(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "Jane Smyth spoke about the budget at the town hall on Monday evening.\n", encoding="utf-8"
    )
    (folder / "b.txt").write_text(
        "Jane Smith said the budget was fair and balanced for everyone in town.\n", encoding="utf-8"
    )
    (folder / "c.txt").write_text(
        "Jane Smith answered questions from the press on Tuesday morning again.\n", encoding="utf-8"
    )
    result = CliRunner().invoke(app, ["lint", "--no-cache", "--select", "names", str(folder)])
    assert "a.txt:1:1: names/consistency 'Jane Smyth' is spelt 'Jane Smith' elsewhere in this run" in result.stdout
    single = CliRunner().invoke(app, ["lint", "--no-cache", "--select", "names", str(folder / "a.txt")])
    assert "names/consistency" not in single.stdout


@given(
    st.text(alphabet="aeiklmnorstvy-", max_size=9),
    st.text(alphabet="aeiklmnorstvy-", max_size=9),
    st.sampled_from([0.0, 0.5, 0.75, 1.0, 1.25, 2.0, 3.5]),
)
def test_the_quick_edit_count_never_turns_away_a_pair_within_the_slip_limit(
    written: str, registry: str, allowed: float
) -> None:
    assert slips_within(written, registry, allowed) == (slip_cost(written, registry) <= allowed)
