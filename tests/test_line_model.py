"""The learned line model (rule debris/unlikely-line): what it may remove, and when it must not judge at all.

Most cases use a tiny model of our own (one tree: every line that is not prose gets a chance of 0.7%),
so they test the rule's mechanics, not where the shipped model's trees happen to split; the shipped model
is checked on the rule's own examples and on the seed.
"""

from __future__ import annotations

import json
import math
from dataclasses import replace
from pathlib import Path

import pytest

from cleaner import clean_text
from cleaner.core import RuleFileError
from cleaner.pipeline import Pipeline, Settings, load_rules
from cleaner.readers import read_string
from cleaner.text import DEFAULT_LINE_MODEL, LineModel, line_feature_names, line_features

from .conftest import SEEDS

PROSE = [
    "The council said on Tuesday that repairs to the harbour wall will not finish before the spring, because "
    "storms in November washed away part of the new footings.",
    "Engineers will return next month to pour concrete once the sea is calmer, and the walkway along the wall "
    "will stay closed until then.",
    "Residents who live on the front have asked for the work to be done at night, when the tide is low and the "
    "road is quiet.",
]
FIXTURES = ["Millbrook v Eastham", "Riverside v Old Town", "Northgate v Kingsley"]


def stub_model(folder: Path, threshold: float = 0.2) -> Path:
    """One tree: a line that is not prose scores -5 (chance 0.7%), a prose line +5."""
    prose = line_feature_names().index("prose")
    model = {
        "features": line_feature_names(),
        "baseline": 0.0,
        "threshold": threshold,
        "trees": [[[prose, 0.5, 1, 2], [-1, -5.0, 0, 0], [-1, 5.0, 0, 0]]],
    }
    path = folder / "stub-model.json"
    path.write_text(json.dumps(model), encoding="utf-8")
    return path


def rules_with(folder: Path, extra: str = "", options: str = "") -> Settings:
    """The default rules, with the line-model rule pointed at the stub (by a path relative to the rule file)."""
    stub_model(folder)
    rules = folder / "rules.yaml"
    rules.write_text(
        "stage: strip_debris\n"
        + (f"options:\n{options}" if options else "")
        + f"rules:\n  - id: debris/unlikely-line\n    line_model: stub-model.json\n{extra}",
        encoding="utf-8",
    )
    return Settings(rule_paths=(rules,))


def removed_by_model(result) -> list[str]:
    return [f.before for f in result.findings if f.rule_id == "debris/unlikely-line" and f.after is None]


def test_a_scraped_text_loses_the_lines_the_model_judges_are_not_article_text(tmp_path) -> None:
    text = "\n\n".join(["Share this:\nFacebook\nTwitter", PROSE[0], "Nora Ellis", PROSE[1], PROSE[2], "Ports\nWeather"])
    result = clean_text(text, rules_with(tmp_path), path="story.txt")
    assert removed_by_model(result) == ["Nora Ellis", "Ports", "Weather"]
    assert "Nora Ellis" not in result.markdown and "Weather" not in result.markdown
    assert all(sentence in result.markdown for sentence in PROSE)
    finding = next(f for f in result.findings if f.before == "Nora Ellis")
    assert "1% chance of being article text" in finding.message
    assert finding.line == text.split("\n").index("Nora Ellis") + 1


def test_an_already_edited_article_is_never_judged(tmp_path) -> None:
    """No rule found furniture in it: a list of fixtures is the article's, short lines or not."""
    text = "\n\n".join(["Cup draw: three ties for the weekend", PROSE[0], "\n".join(FIXTURES), PROSE[1]])
    result = clean_text(text, rules_with(tmp_path), path="story.txt")
    assert removed_by_model(result) == []
    assert all(fixture in result.markdown for fixture in FIXTURES)


def test_line_model_everywhere_judges_every_text(tmp_path) -> None:
    text = "\n\n".join(["Cup draw: three ties for the weekend", PROSE[0], PROSE[1], "\n".join(FIXTURES)])
    result = clean_text(text, rules_with(tmp_path, options="  line_model_everywhere: true\n"), path="story.txt")
    assert removed_by_model(result) == FIXTURES


def test_a_run_of_doubted_lines_inside_the_article_is_kept(tmp_path) -> None:
    """Between prose lines, debris comes a line or two at a time: three in a row are a list of the article's."""
    text = "\n\n".join(["Share this:\nFacebook", PROSE[0], "\n".join(FIXTURES), PROSE[1], "Nora Ellis", PROSE[2]])
    result = clean_text(text, rules_with(tmp_path), path="story.txt")
    assert removed_by_model(result) == ["Nora Ellis"]
    assert all(fixture in result.markdown for fixture in FIXTURES)


def test_a_text_with_little_furniture_is_not_judged(tmp_path) -> None:
    """One advertisement label among many lines: under line_model_furniture_share of the lines, the text is left whole."""
    paragraphs = [PROSE[i % 3] for i in range(25)]
    text = "\n\n".join(["Advertisement", *paragraphs, "Nora Ellis"])
    assert removed_by_model(clean_text(text, rules_with(tmp_path), path="story.txt")) == []
    (tmp_path / "low").mkdir()  # a rule file of its own: pipelines are kept by their rule files' paths
    settings = rules_with(tmp_path / "low", options="  line_model_furniture_share: 0.01\n")
    assert removed_by_model(clean_text(text, settings, path="story.txt")) == ["Nora Ellis"]


def test_markdown_input_is_never_judged(tmp_path) -> None:
    text = "\n\n".join(["Share this: Facebook", PROSE[0], "Nora Ellis", PROSE[1]])
    result = clean_text(text, rules_with(tmp_path), path="story.md", format="markdown")
    assert removed_by_model(result) == []


def test_cleaning_the_output_again_changes_nothing(tmp_path) -> None:
    settings = rules_with(tmp_path)
    text = "\n\n".join(["Share this:\nFacebook", PROSE[0], "Nora Ellis", PROSE[1], "Ports\nWeather"])
    once = clean_text(text, settings, path="story.txt")
    twice = clean_text(once.markdown, settings, path="story.md", format="markdown")
    assert twice.markdown == once.markdown


def test_a_headline_above_the_first_paragraph_becomes_the_title(tmp_path) -> None:
    headline = "Harbour wall repairs will not finish before the spring"
    text = "\n\n".join(["Share this:\nFacebook\nTwitter", headline, PROSE[0], PROSE[1]])
    result = clean_text(text, rules_with(tmp_path), path="story.txt")
    assert result.metadata.title == headline
    moved = [f for f in result.findings if f.rule_id == "debris/unlikely-line"]
    assert len(moved) == 1 and "moved to metadata: title" in moved[0].message
    assert result.markdown.count(headline) == 2  # front matter and the `# title` heading


@pytest.mark.parametrize(
    "line",
    [
        "Health Marijuana Cannabis Weed",  # a tag row: no function word
        "Boats in the harbour on Monday. Photograph by Nora Ellis",  # two sentences: a caption and its credit
        "Nora Ellis",  # too short
    ],
)
def test_a_line_without_a_headline_s_shape_is_not_made_the_title(tmp_path, line: str) -> None:
    text = "\n\n".join(["Share this:\nFacebook\nTwitter", line, PROSE[0], PROSE[1]])
    result = clean_text(text, rules_with(tmp_path), path="story.txt")
    assert result.metadata.title is None
    assert removed_by_model(result) == [line]


def test_suggest_reports_and_changes_nothing(tmp_path) -> None:
    text = "\n\n".join(["Share this:\nFacebook", PROSE[0], "Nora Ellis", PROSE[1]])
    result = clean_text(text, rules_with(tmp_path, extra="    apply: suggest\n"), path="story.txt")
    assert "Nora Ellis" in result.markdown
    reported = [f for f in result.findings if f.rule_id == "debris/unlikely-line"]
    assert [f.before for f in reported] == ["Nora Ellis"] and not reported[0].fixable


def test_min_chance_sets_the_rule_s_own_threshold(tmp_path) -> None:
    text = "\n\n".join(["Share this:\nFacebook", PROSE[0], "Nora Ellis", PROSE[1]])
    result = clean_text(text, rules_with(tmp_path, extra="    min_chance: 0.001\n"), path="story.txt")
    assert removed_by_model(result) == []  # 0.7% is above 0.1%


def test_the_model_gives_way_before_the_content_loss_guard(tmp_path) -> None:
    """A text of short lines only: with the model's guesses the removals would pass max_removed_share, so the
    guesses are dropped and the rules' own removals stand (as they would on a second clean of the Markdown)."""
    text = "Share this:\nFacebook\n\nNora Ellis\n\nPorts and harbours\n\nWeather today"
    settings = rules_with(tmp_path)
    result = clean_text(text, settings, path="story.txt")
    assert removed_by_model(result) == []
    assert not any(f.rule_id == "strip_debris/content-loss-guard" for f in result.findings)
    assert "Facebook" not in result.markdown and "Nora Ellis" in result.markdown
    again = clean_text(result.markdown, settings, path="story.md", format="markdown")
    assert again.markdown == result.markdown


@pytest.mark.parametrize(
    ("extra", "key", "message"),
    [
        ("    min_chance: 1.5\n", "min_chance", "between 0 and 1"),
        ("", "line_model", "cannot read the line model"),
    ],
)
def test_bad_line_model_keys_are_errors_naming_file_line_and_key(tmp_path, extra, key, message) -> None:
    rules = tmp_path / "rules.yaml"
    model = "stub-model.json" if extra else "missing.json"
    stub_model(tmp_path)
    rules.write_text(
        f"stage: strip_debris\nrules:\n  - id: site/lines\n    line_model: {model}\n{extra}", encoding="utf-8"
    )
    with pytest.raises(RuleFileError) as caught:
        load_rules([rules])
    assert f"{rules}:" in str(caught.value) and message in str(caught.value)


def test_min_chance_without_a_line_model_is_an_error(tmp_path) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text(
        "stage: strip_debris\nrules:\n  - id: site/x\n    lines: [Weather]\n    min_chance: 0.1\n", encoding="utf-8"
    )
    with pytest.raises(RuleFileError, match="min_chance"):
        load_rules([rules])


def test_a_model_trained_on_other_features_is_refused(tmp_path) -> None:
    path = tmp_path / "old.json"
    path.write_text(json.dumps({"features": ["bias"], "baseline": 0, "threshold": 0.2, "trees": []}), encoding="utf-8")
    with pytest.raises(ValueError, match="other features"):
        LineModel._read(path)


def test_trees_are_walked_as_written(tmp_path) -> None:
    model = LineModel._read(stub_model(tmp_path))
    rows = line_features(["Nora Ellis", PROSE[0]], [0, 1], [False, False])
    low, high = model.chances(rows)
    assert low == pytest.approx(1 / (1 + math.exp(5.0)))
    assert high == pytest.approx(1 / (1 + math.exp(-5.0)))


def test_features_describe_shape_and_place_and_not_words() -> None:
    """Two texts with the same shapes but other words get the same rows."""
    one = line_features(["Nora Ellis", PROSE[0], "Ports"], [0, 1, 2], [True, False, False])
    other = line_features(
        ["Tom Pricey", PROSE[0].replace("council", "borough"), "Tides"], [0, 1, 2], [True, False, False]
    )
    assert one == other
    assert len(one[0]) == len(line_feature_names())


def test_the_shipped_model_loads_and_matches_its_features() -> None:
    model = LineModel.load(DEFAULT_LINE_MODEL)
    assert 0 < model.threshold < 0.5 and len(model.trees) >= 50


def test_the_seed_is_untouched_by_the_model() -> None:
    """The seed comes out exactly as before: the model removes none of its lines."""
    for seed in sorted(SEEDS.glob("*.txt")):
        result = clean_text(seed.read_text(encoding="utf-8"), path=str(seed))
        assert removed_by_model(result) == [], seed.name


def test_the_stage_reads_lines_without_the_model() -> None:
    """read_lines gives what the rules and the page cut claim: the training script's view."""
    pipeline = Pipeline.from_settings(Settings(only=("strip_debris",)))
    stage = pipeline.stages[0]
    text = "\n\n".join(["Share this:\nFacebook", PROSE[0], "Nora Ellis"])
    reading = stage.read_lines(read_string(text, "story.txt", "text"))
    claimed = {reading.texts[index] for index in reading.owner}
    assert claimed == {"Share this:", "Facebook"}
    assert stage.line_model_rule(read_string(text, "story.md", "markdown")) is None
    rule = stage.line_model_rule(read_string(text, "story.txt", "text"))
    assert rule is not None and replace(rule, min_chance=None).line_model == "default"
