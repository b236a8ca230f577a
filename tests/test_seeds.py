"""Whole articles: seeds/<id>.txt -> tests/golden/<id>.md (regenerate with --regen-golden)."""

from __future__ import annotations

import re

import pytest

from cleaner import clean_text

from .conftest import GOLDEN, SEEDS

SEED_FILES = sorted(SEEDS.glob("*.txt"))
SAMPLE = SEEDS / "000_c6140b535fe491f8.txt"
# The only words of the seeds that cleaning may change (the typo and misspelt names).
EXPECTED_CHANGES = {"de-escalinate": "de-escalate", "Karoline Levitt": "Karoline Leavitt"}


def corrected(line: str) -> str:
    for wrong, right in EXPECTED_CHANGES.items():
        line = line.replace(wrong, right)
    return line


def clean_seed(path):
    return clean_text(path.read_text(encoding="utf-8"), path=f"seeds/{path.name}")


@pytest.mark.parametrize("seed", SEED_FILES, ids=[p.stem for p in SEED_FILES])
def test_seed_matches_golden(seed, regen_golden: bool) -> None:
    golden = GOLDEN / f"{seed.stem}.md"
    markdown = clean_seed(seed).markdown
    if regen_golden or not golden.exists():
        golden.write_text(markdown, encoding="utf-8")
    assert markdown == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("seed", SEED_FILES, ids=[p.stem for p in SEED_FILES])
def test_cleaning_the_output_again_changes_nothing(seed) -> None:
    once = clean_seed(seed).markdown
    twice = clean_text(once, path=f"seeds/{seed.name}", format="markdown")
    assert twice.markdown == once
    assert [f for f in twice.findings if f.fixable] == []


def test_sample_article_metadata() -> None:
    result = clean_seed(SAMPLE)
    metadata = result.metadata
    assert metadata.title.startswith("Marco Rubio speaks with the army leader")
    assert metadata.author == "Arpita Kushwaha"
    assert metadata.date == "2025-05-10T16:27:00-06:00"
    assert metadata.section == "Top News"
    assert (
        "# Marco Rubio speaks with the army leader and contacts the actual centre of power in Pakistan\n"
        in result.markdown
    )


def test_sample_article_furniture_is_gone() -> None:
    markdown = clean_seed(SAMPLE).markdown
    for debris in ("1549722 rubio 1", "READ NEXT", "Cancel OK", "Arpita Kushwaha |"):
        assert debris not in markdown


def test_sample_article_keeps_every_body_paragraph_exactly() -> None:
    lines = [line.strip() for line in SAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]
    body = [
        line
        for line in lines
        if len(line.split()) >= 8 and not line.startswith("Marco Rubio speaks") and "|" not in line
    ]
    markdown = clean_seed(SAMPLE).markdown
    paragraphs = markdown.strip().split("\n\n")
    for line in body:
        assert corrected(line) in paragraphs, f"body paragraph lost or changed: {line[:60]}"


def test_no_sentence_of_any_seed_is_lost() -> None:
    for seed in SEED_FILES:
        markdown = clean_seed(seed).markdown
        flat = re.sub(r"\s+", " ", markdown)
        for line in seed.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if len(line.split()) >= 12 and line.endswith((".", "”", '"')) and "cookies" not in line:
                line = corrected(line)
                assert line.replace("'", "’") in flat or line in flat, f"{seed.name}: lost {line[:60]}"


def test_every_seed_finding_points_at_a_real_input_line() -> None:
    for seed in SEED_FILES:
        lines = seed.read_text(encoding="utf-8").splitlines()
        for finding in clean_seed(seed).findings:
            if finding.before and finding.stage in ("strip_debris", "extract_metadata"):
                source = lines[finding.line - 1]
                assert source[finding.column - 1 :].startswith(finding.before), (seed.name, finding)
