"""Every example inside every default rule, one test each: `pytest -k debris/image-id`."""

from __future__ import annotations

import pytest

from cleaner.pipeline import example_cases, load_rules, missing_examples, run_case

RULESET = load_rules()
CASES = example_cases(RULESET)


@pytest.mark.parametrize("case", CASES, ids=[case.test_id for case in CASES])
def test_rule_example(case) -> None:
    outcome = run_case(case, RULESET)
    assert outcome.passed, outcome.message


def test_every_rule_has_a_fix_and_a_keep_example() -> None:
    assert missing_examples(RULESET) == []


def test_examples_exist_for_every_stage_with_rules() -> None:
    stages = {case.stage for case in CASES}
    assert {"decode", "extract_metadata", "strip_debris", "normalize_typography"} <= stages


def test_xfail_example_that_passes_is_reported(tmp_path) -> None:
    rule_file = tmp_path / "rules.yaml"
    rule_file.write_text(
        "stage: strip_debris\n"
        "rules:\n"
        "  - id: custom/promo\n"
        "    lines: [Promo]\n"
        "    examples:\n"
        '      - in: "A long enough first paragraph of the story.\\n\\nPromo"\n'
        '        out: "A long enough first paragraph of the story."\n'
        "        xfail: claimed to be broken\n"
        '      - keep: "Promotional prices"\n',
        encoding="utf-8",
    )
    ruleset = load_rules([rule_file])
    [case] = [c for c in example_cases(ruleset) if c.rule.id == "custom/promo" and c.example.xfail]
    outcome = run_case(case, ruleset)
    assert not outcome.passed
    assert "remove xfail" in outcome.message
