"""Whole-page text (menus, the article, teasers, footer) is cut to its article; articles are not."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from cleaner import clean_text
from cleaner.core import Severity
from cleaner.pipeline import Pipeline, Settings, load_rules
from cleaner.readers import read_string
from cleaner.stages.strip_debris import Rule, StripDebris
from cleaner.text import ArticleFinder, Vocabulary

from .conftest import SEEDS

PAGE = Path(__file__).parent / "pages" / "whole_page.txt"
RULESET = load_rules()
PAGE_RULE = next(rule for rule in RULESET.rules["strip_debris"] if rule.outside_article)
OPTIONS = RULESET.options["strip_debris"]

ARTICLE = [
    "Millbrook's public library will open on Sundays again from July, after forty residents offered to staff the "
    "reading room in turns, the town council said on Friday.",
    "The library stopped opening at weekends two years ago, when the council cut its budget by a fifth and the last "
    "Sunday assistant retired.",
    "Each volunteer will work one four-hour shift a month. Two people will be on duty at a time, and the children's "
    "corner will stay closed until more helpers have been checked.",
    "The council will review the scheme in December. If fewer than twenty volunteers remain by then, Sunday opening "
    "will stop again in the new year.",
]
FURNITURE = [
    "Skip to main content",
    "Home",
    "Sport",
    "Sign in",
    "Share",
    "By Nora Ellis",
    "Photo: Millbrook Courier",
    "Related stories",
    "Market Street bookshop celebrates fifty years",
    "3 Comments",
    "Leave a reply",
    "Most read",
    "Bypass plan delayed again",
    "Advertise with us",
    "Terms of use",
    "© 2025 The Millbrook Courier",
]


def page_cut(text: str, path: str = "story.txt", format: str = "text", options=OPTIONS):
    """strip_debris with only the page rule: the document after it and its findings."""
    stage = StripDebris(options, (PAGE_RULE,))
    document = read_string(text, path, format)
    if format == "html":
        document = Pipeline.from_settings(Settings(only=("parse_html",))).stages[0].apply(document).document
    return stage.apply(document)


@pytest.fixture(scope="module")
def cleaned_page():
    return clean_text(PAGE.read_text(encoding="utf-8"), path="tests/pages/whole_page.txt")


def test_the_article_paragraphs_survive_exactly(cleaned_page) -> None:
    paragraphs = [paragraph.strip() for paragraph in cleaned_page.markdown.split("\n\n")]
    for line in ARTICLE:
        assert line in paragraphs


def test_the_page_furniture_is_gone(cleaned_page) -> None:
    kept = {line.strip() for line in cleaned_page.markdown.splitlines()}
    for line in FURNITURE:
        assert line not in kept
    assert "Skip to main content" not in cleaned_page.markdown


def test_a_title_taken_from_the_navigation_is_dropped_with_a_finding(cleaned_page) -> None:
    """extract_metadata runs first and takes the page's first line for a title; the cut takes it back."""
    assert cleaned_page.metadata.title is None
    dropped = [f for f in cleaned_page.findings if f.message == "removed the title taken from the page's navigation"]
    assert [(f.before, f.line, f.column) for f in dropped] == [("Skip to main content", 1, 1)]


def test_every_cut_line_is_a_fixable_info_finding_at_its_input_line() -> None:
    result = page_cut(PAGE.read_text(encoding="utf-8"))
    source = PAGE.read_text(encoding="utf-8").splitlines()
    cut = [f for f in result.findings if f.rule_id == "debris/outside-article"]
    assert {f.before for f in cut} >= set(FURNITURE)
    for finding in cut:
        assert finding.fixable and finding.after is None and finding.severity is Severity.INFO
        assert source[finding.line - 1][finding.column - 1 :].startswith(finding.before)
    assert not any(line in f.before for f in cut for line in ARTICLE)


def test_the_page_without_blank_lines_is_cut_too() -> None:
    lines = [line for line in PAGE.read_text(encoding="utf-8").splitlines() if line.strip()]
    body = page_cut("\n".join(lines)).document.body_text()
    assert all(line in body for line in ARTICLE)
    assert "Bypass plan delayed again" not in body and "Sport" not in body.split("\n")


def test_an_article_is_left_alone() -> None:
    article = "Sunday opening\n\n" + "\n\n".join(ARTICLE) + "\n\nPhoto: Millbrook Courier\n\nShare\nFacebook\nEmail"
    result = page_cut(article)
    assert result.findings == () and result.document.body_text() == read_string(article).body_text()


def test_a_long_list_inside_an_article_does_not_make_it_a_page() -> None:
    dates = "\n".join(f"{day} June: stall {day}" for day in range(1, 13))
    article = "\n\n".join([ARTICLE[0], ARTICLE[1], "Key dates\n" + dates, ARTICLE[2], ARTICLE[3]])
    assert page_cut(article).findings == ()


@pytest.mark.parametrize("seed", sorted(SEEDS.glob("*.txt")), ids=lambda path: path.stem)
def test_no_seed_is_taken_for_a_page(seed) -> None:
    result = clean_text(seed.read_text(encoding="utf-8"), path=f"seeds/{seed.name}")
    assert not any(f.rule_id == "debris/outside-article" for f in result.findings)


def test_markdown_and_html_input_are_never_cut() -> None:
    page = PAGE.read_text(encoding="utf-8")
    assert page_cut(page, "page.md", "markdown").findings == ()
    html = "<html><body><ul>" + "".join(f"<li>{line}</li>" for line in FURNITURE) + "</ul><article>"
    html += (
        "".join(f"<p>{line}</p>" for line in ARTICLE)
        + "</article><ul><li>About us</li><li>Contact</li></ul></body></html>"
    )
    assert not any(f.rule_id == "debris/outside-article" for f in page_cut(html, "page.html", "html").findings)


def test_the_content_loss_guard_weighs_other_rules_against_the_article_alone() -> None:
    greedy = Rule(id="custom/greedy", line_regex=r".*\b(?:library|volunteers?)\b.*")  # most of the article
    stage = StripDebris(OPTIONS, (PAGE_RULE, greedy))
    result = stage.apply(read_string(PAGE.read_text(encoding="utf-8"), "story.txt"))
    guard = [f for f in result.findings if f.rule_id == "strip_debris/content-loss-guard"]
    assert len(guard) == 1 and "custom/greedy" in guard[0].message
    body = result.document.body_text()
    assert all(line in body for line in ARTICLE)  # the rule's removals were held back...
    assert "Bypass plan delayed again" not in body  # ...the page cut was not


def test_a_later_file_changes_only_the_scorer_keys_it_gives(tmp_path) -> None:
    rule_file = tmp_path / "strict.yaml"
    rule_file.write_text(
        "stage: strip_debris\noptions:\n  whole_page:\n    min_navigation_lines: 1000\n", encoding="utf-8"
    )
    options = load_rules([rule_file]).options["strip_debris"].whole_page
    assert options == replace(OPTIONS.whole_page, min_navigation_lines=1000)
    assert page_cut(PAGE.read_text(encoding="utf-8"), options=replace(OPTIONS, whole_page=options)).findings == ()


def test_the_finder_on_nothing_and_on_a_page_with_no_article() -> None:
    finder = ArticleFinder(OPTIONS.whole_page, Vocabulary())
    assert finder.find([]).keep == () and not finder.find(["", " \u200b "]).is_whole_page
    menu = ["Home", "News", "Sport", "Weather", "", "About us", "Contact", "Terms"]
    verdict = finder.find(menu)
    assert not verdict.is_whole_page and not any(verdict.keep)


def test_a_later_rule_for_some_files_cuts_those_pages(tmp_path) -> None:
    rule_file = tmp_path / "site.yaml"
    rule_file.write_text(
        "stage: strip_debris\nrules:\n  - id: courier/outside-article\n    outside_article: true\n"
        "    files: ['courier/*']\n    furniture_words: [millbrook courier]\n",
        encoding="utf-8",
    )
    pipeline = Pipeline.from_settings(Settings(rule_paths=(rule_file,), only=("strip_debris",)))
    page = PAGE.read_text(encoding="utf-8")
    ids = {
        path: {f.rule_id for f in pipeline.run(read_string(page, path)).findings} for path in ("courier/a.txt", "b.txt")
    }
    assert "courier/outside-article" in ids["courier/a.txt"] and "debris/outside-article" not in ids["courier/a.txt"]
    assert "debris/outside-article" in ids["b.txt"] and "courier/outside-article" not in ids["b.txt"]
