"""HTML pages: the article found and kept with its structure, metadata lifted, furniture gone.

Uses a saved page of our own making (tests/pages/), pages built here for each
metadata source, broken and huge pages, site-scoped rules and furniture learnt
from a batch of files.
"""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cleaner import Settings, load_pipeline
from cleaner.cli import app
from cleaner.readers import read_bytes

PAGES = Path(__file__).parent / "pages"
FERRY = PAGES / "harbour-ferry.html"
STORY = (
    "<p>The harbour ferry will run through the night from the first of June, the council said on Thursday, "
    "after a petition signed by more than four thousand shift workers.</p>"
)


def clean(data: bytes | str, name: str = "page.html", settings: Settings = Settings()):
    data = data.encode("utf-8") if isinstance(data, str) else data
    document, _ = read_bytes(data, name)
    return load_pipeline(settings).run(document)


def invoke(*args) -> object:
    return CliRunner().invoke(app, [str(arg) for arg in args])


def test_saved_page_keeps_the_article_with_its_structure_and_nothing_else() -> None:
    result = clean(FERRY.read_bytes(), str(FERRY))
    markdown = result.markdown
    assert "# Harbour ferry to run all night from June\n" in markdown
    assert "\n## Who asked for it\n" in markdown
    assert "\n> “I have slept in my car at the quay" in markdown
    assert "[West Quay](<https://www.porthaven-gazette.example/tags/west-quay>)" in markdown
    assert "*two pounds*" in markdown and "**£310,000**" in markdown
    assert "- a rise in the parking charge at the ferry terminal;\n- a grant from" in markdown
    assert markdown.rstrip().endswith("add a second boat at weekends.")
    for furniture in (
        "cookies",
        "Sport",
        "Weather",
        "Share on",
        "By Meredith",
        "Related stories",
        "Bus fares",
        "READ NEXT",
        "12 comments",
        "About time",
        "All rights reserved",
        "dataLayer",
        "color: red",
    ):
        assert furniture not in markdown.split("---\n", 2)[2], furniture


def test_every_dropped_part_is_a_finding_at_its_line() -> None:
    result = clean(FERRY.read_bytes(), str(FERRY))
    by_rule = {finding.rule_id: finding for finding in result.findings}
    assert {"html/page-furniture", "html/comments", "html/bylines-and-tags"} <= set(by_rule)
    lines = FERRY.read_text(encoding="utf-8").splitlines()
    comments = by_rule["html/comments"]
    assert "12 comments" in lines[comments.line - 1]
    assert all(finding.severity.value in ("info", "warning") for finding in result.findings)


def test_metadata_from_json_ld_meta_and_title() -> None:
    metadata = clean(FERRY.read_bytes(), str(FERRY)).document.metadata
    assert (metadata.title, metadata.author, metadata.date, metadata.section) == (
        "Harbour ferry to run all night from June",
        "Meredith Okafor",
        "2025-03-14T08:30:00+00:00",
        "Local News",
    )
    assert metadata.url == "https://www.porthaven-gazette.example/news/harbour-ferry-night-service"


@pytest.mark.parametrize(
    "head, expected",
    [
        (
            '<script type="application/ld+json">{"@type": ["NewsArticle"], "headline": "Ferry runs all night", '
            '"datePublished": "2025-03-14", "author": [{"name": "Meredith Okafor"}, {"name": "Tom Reyes"}]}</script>',
            {"title": "Ferry runs all night", "date": "2025-03-14", "author": "Meredith Okafor and Tom Reyes"},
        ),
        (
            '<script type="application/ld+json">{"@graph": [{"@type": "WebSite", "name": "Gazette"}, '
            '{"@type": "NewsArticle", "headline": "Ferry runs all night", "articleSection": "Transport"}]}</script>',
            {"title": "Ferry runs all night", "section": "Transport"},
        ),
        (
            '<meta property="og:title" content="Ferry runs all night"><meta name="author" content="By Meredith Okafor">'
            '<meta property="article:published_time" content="2025-03-14T08:30:00Z">',
            {"title": "Ferry runs all night", "author": "Meredith Okafor", "date": "2025-03-14T08:30:00+00:00"},
        ),
        (
            "<title>Ferry runs all night</title><link rel=canonical href='https://example.org/ferry'>",
            {"title": "Ferry runs all night", "url": "https://example.org/ferry"},
        ),
        (
            '<script type="application/ld+json">{not json</script><meta name="date" content="not a date">',
            {"title": None},
        ),
    ],
)
def test_each_metadata_source_alone(head: str, expected: dict) -> None:
    metadata = clean(f"<html><head>{head}</head><body><article>{STORY}</article></body></html>").document.metadata
    for key, value in expected.items():
        assert getattr(metadata, key) == value, key


def test_json_ld_in_the_body_counts_too() -> None:
    page = (
        f"<html><head></head><body><article>{STORY}</article><script type='application/ld+json'>"
        '{"@type": "NewsArticle", "author": {"name": "Meredith Okafor"}}</script></body></html>'
    )
    assert clean(page).document.metadata.author == "Meredith Okafor"


def test_gzipped_page_reads_like_the_page(tmp_path: Path) -> None:
    packed = tmp_path / "harbour-ferry.html.gz"
    packed.write_bytes(gzip.compress(FERRY.read_bytes()))
    assert (
        clean(packed.read_bytes(), str(packed)).document.blocks == clean(FERRY.read_bytes(), str(FERRY)).document.blocks
    )


@pytest.mark.parametrize(
    "page",
    [
        f"<html><body><div><p>{STORY[3:-4]}<div><p>Boats will leave every forty minutes",  # nothing closed
        f"<p>{STORY[3:-4]}",  # no html, head or body at all
        f"<html><head><title>t</title></head>{STORY}</html>",  # no body element
        f"<table><tr><td>{STORY}<td><b>Boats <i>leave every</b> forty minutes</i></table>",  # crossed tags
    ],
)
def test_broken_html_still_gives_its_text(page: str) -> None:
    result = clean(page)
    assert "The harbour ferry will run through the night" in result.markdown


@pytest.mark.parametrize(
    "page",
    [
        "<html><body></body></html>",
        "<html><body><img src=a.png><script>x()</script></body></html>",
        "<div><div><nav><a href=/>Home</a></nav></div></div>",
    ],
)
def test_a_page_without_text_gets_a_clear_finding(page: str) -> None:
    result = clean(page)
    assert [finding.rule_id for finding in result.findings if finding.severity.value == "warning"] == [
        "html/no-content"
    ]


@pytest.mark.slow
def test_a_five_megabyte_page_is_cleaned() -> None:
    furniture = "<div class='teaser'><a href='/x'>Another story you may like</a></div>" * 40_000
    page = f"<html><body>{furniture}<article>{STORY * 3}</article>{furniture}</body></html>"
    assert len(page) > 5_000_000
    result = clean(page)
    assert result.markdown.count("The harbour ferry will run") == 3
    assert "Another story" not in result.markdown


def test_site_scoped_rules_apply_to_their_site_only(tmp_path: Path) -> None:
    rules = tmp_path / "porthaven.yaml"
    rules.write_text(
        """stage: parse_html
rules:
  - id: porthaven/story-text
    description: The Gazette marks its story text; everything else on its pages is furniture.
    sources: ["*.porthaven-gazette.example"]
    keep: "div.story-body"
    examples:
      - in: "<html><body><div class='story-body'><p>The ferry will run all night from June, the council said on Thursday evening.</p></div><div class='content'><p>Readers' letters: many of you wrote in this week about the plans for the harbour and the ferry.</p></div></body></html>"
        out: "The ferry will run all night from June, the council said on Thursday evening."
      - keep: "<html><body><div class='story-body'><p>The ferry will run all night from June, the council said on Thursday evening.</p></div></body></html>"
""",
        encoding="utf-8",
    )
    letters = (
        "<div class='content'><p>Readers' letters: many of you wrote in this week about the ferry and the harbour plans.</p>"
        * 3
    )
    body = f"<div class='story-body'>{STORY}</div>{letters}</div>"
    ours = f"<html><head><meta property='og:url' content='https://www.porthaven-gazette.example/a'></head><body>{body}</body></html>"
    theirs = ours.replace("porthaven-gazette.example", "elsewhere.example")
    settings = Settings(rule_paths=(rules,))
    assert "Readers' letters" not in clean(ours, settings=settings).markdown
    assert "Readers' letters" in clean(theirs, settings=settings).markdown
    assert invoke("rules", "test", rules).exit_code == 0


def test_a_bad_css_selector_is_a_rule_error_naming_file_and_line(tmp_path: Path) -> None:
    rules = tmp_path / "bad.yaml"
    rules.write_text('stage: parse_html\nrules:\n  - id: site/bad\n    drop: "div[class="\n', encoding="utf-8")
    result = invoke("clean", FERRY, "-o", tmp_path / "out", "--rules", rules)
    assert result.exit_code == 2
    assert f"{rules}:4" in result.output and "invalid CSS selector" in result.output
    assert not (tmp_path / "out").exists()


def test_furniture_repeated_across_a_folder_is_learnt_and_reported(tmp_path: Path) -> None:
    folder = tmp_path / "gazette"
    folder.mkdir()
    stories = [
        "The harbour ferry will run through the night from the first of June, the council said on Thursday.",
        "Bakers on the mainland side of the harbour said the night boats would save them an hour a day.",
        "A second boat could be added at weekends if the trial year goes well, councillors said.",
        "The parking charge at the ferry terminal will rise by fifty pence to pay for the service.",
    ]
    for number, story in enumerate(stories):
        (folder / f"story-{number}.txt").write_text(
            f"{story}\n\nPorthaven Gazette, news from the harbour since 1871\n", encoding="utf-8"
        )
    out = tmp_path / "out"
    result = invoke("clean", folder, "-o", out, "--jobs", "1")
    assert result.exit_code == 0, result.output
    for number, story in enumerate(stories):
        text = (out / f"story-{number}.md").read_text(encoding="utf-8")
        assert story in text and "since 1871" not in text
    findings = json.loads(invoke("lint", folder, "--format", "json", "--no-cache").stdout)
    learned = [f for f in findings if f["rule"] == "debris/learned-line"]
    assert len(learned) == 4 and all(
        f["before"] == "Porthaven Gazette, news from the harbour since 1871" for f in learned
    )


def test_lint_reads_a_page_and_points_into_it(tmp_path: Path) -> None:
    page = tmp_path / "harbour-ferry.html"
    shutil.copy(FERRY, page)
    result = invoke("lint", page, "--format", "json", "--no-cache")
    findings = json.loads(result.stdout)
    assert {"html/page-furniture", "html/comments"} <= {f["rule"] for f in findings}
    assert all(f["line"] >= 1 and not f["fixable"] for f in findings)
    assert page.read_bytes() == FERRY.read_bytes()


def test_a_keep_rule_can_name_the_article_in_several_parts(tmp_path: Path) -> None:
    rules = tmp_path / "parts.yaml"
    rules.write_text(
        """stage: parse_html
rules:
  - id: site/story-parts
    description: This site splits its stories into parts around the adverts.
    keep: ".story-part"
""",
        encoding="utf-8",
    )
    second = "<p>Boats will leave the West Quay every forty minutes between midnight and five in the morning.</p>"
    page = (
        f"<html><body><div class='story-part'>{STORY}</div><div class='slot'><p>Our sponsor this week is the "
        f"Harbour Hotel, with rooms from seventy pounds a night all through the winter season.</p></div>"
        f"<div class='story-part'>{second}</div></body></html>"
    )
    markdown = clean(page, settings=Settings(rule_paths=(rules,))).markdown
    assert "The harbour ferry will run" in markdown and "Boats will leave the West Quay" in markdown
    assert "Harbour Hotel" not in markdown


def test_a_page_without_a_title_is_titled_by_its_h1_and_cleans_stably() -> None:
    """Found by the fuzzer: the h1 was written as `# heading`, which a second clean read as the title."""
    from cleaner.readers import read_string

    page = f"<html><body><article><h1>Ferry to run all night</h1>{STORY}</article></body></html>"
    once = clean(page)
    assert once.document.metadata.title == "Ferry to run all night"
    assert once.markdown.count("Ferry to run all night") == 2  # front matter and the `# ` line
    again = load_pipeline().run(read_string(once.markdown, "page.md", "markdown"))
    assert again.markdown == once.markdown


def _drop_rules(tmp_path: Path, selector: str) -> Settings:
    rules = tmp_path / "drop.yaml"
    rules.write_text(
        f"stage: parse_html\nrules:\n  - id: site/drop\n    drop: {json.dumps(selector)}\n", encoding="utf-8"
    )
    return Settings(rule_paths=(rules,))


BOX = "<div {attributes}><p>Box text that must be judged by the selector alone, whatever it says.</p></div>"


@pytest.mark.parametrize(
    ("selector", "attributes", "dropped"),
    [
        ("[class*=zebra i]", "class='Story-ZEBRA-box'", True),  # the `i` flag: any case
        ("[class*=zebra]", "class='Story-ZEBRA-box'", False),  # without it: case counts
        ("[class*=ZEBRA s]", "class='story-zebra'", False),
        ("[type=note]", "type='NOTE'", True),  # HTML compares `type` without case, as browsers do
        ("[class='a b']", "class='a\n   b'", True),  # a class list is its words joined by single spaces
        ("[class~=b]", "class='a\tb'", True),
        (".Box", "class='box'", False),
        ("#extra", "id='extra'", True),
        ("div.extra > p", "class='extra'", True),  # combinators run over the whole page
        ("aside p", "class='extra'", False),
        ("div:has(> p):not(.keep)", "class='extra'", True),  # pseudo-classes: soupsieve reads them
        ("div:has(> p):not(.keep)", "class='keep'", False),
        ("div:is(.x, .extra)", "class='extra'", True),
    ],
)
def test_drop_selectors_match_as_css_says(tmp_path: Path, selector: str, attributes: str, dropped: bool) -> None:
    page = f"<html><body><article>{STORY}{BOX.format(attributes=attributes)}{STORY}</article></body></html>"
    markdown = clean(page, settings=_drop_rules(tmp_path, selector)).markdown
    assert ("Box text" not in markdown) is dropped, markdown


def test_text_of_ruby_annotations_and_templates_is_not_page_text() -> None:
    page = (
        "<html><body><article><p>The ferry to <ruby>東京<rp>(</rp><rt>Tōkyō</rt><rp>)</rp></ruby> sails at dawn, "
        "the operator said on Thursday after a long meeting with the harbour council and its shift workers."
        "</p><template><p>Template text never shown.</p></template></article></body></html>"
    )
    markdown = clean(page).markdown
    assert "東京 sails at dawn" in markdown
    assert "Tōkyō" not in markdown and "Template text" not in markdown


def test_the_page_tree_has_the_elements_beautiful_soup_reads_from_the_same_page() -> None:
    """libxml2 builds both trees, so cleaner's lxml tree and Beautiful Soup's agree element for element."""
    from bs4 import BeautifulSoup

    from cleaner.html._page import parse

    for page in sorted(PAGES.glob("*.html")):
        html = page.read_text(encoding="utf-8")
        ours = [(element.tag, dict(element.attrib)) for element in parse(html).iter() if isinstance(element.tag, str)]
        soup = [
            (tag.name, {key: " ".join(value) if isinstance(value, list) else value for key, value in tag.attrs.items()})
            for tag in BeautifulSoup(html, "lxml").find_all(True)
        ]
        assert [name for name, _ in ours] == [name for name, _ in soup]
        assert [{k: " ".join(v.split()) for k, v in a.items()} for _, a in ours] == [
            {k: " ".join(v.split()) for k, v in a.items()} for _, a in soup
        ]


@pytest.mark.parametrize(
    ("head", "body_bytes", "expected"),
    [
        (b'<?xml version="1.0" encoding="ISO-8859-1"?>', "caf\u00e9".encode("latin-1"), "iso-8859-1"),
        (b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">', b"caf\xe9", "windows-1252"),
        (b'<meta charset="utf-16">', "caf\u00e9".encode(), "utf-8"),  # ASCII bytes cannot be UTF-16
    ],
)
def test_a_page_is_read_in_the_encoding_it_declares(head: bytes, body_bytes: bytes, expected: str) -> None:
    document, text = read_bytes(head + b"<html><body><p>Le " + body_bytes + b" du port.</p></body></html>", "p.html")
    assert "Le caf\u00e9 du port." in text
    assert document.source.encoding == expected


def test_a_stray_bad_byte_does_not_make_a_page_lose_its_declared_encoding() -> None:
    # A real case (a Polish news page): UTF-8 declared, one byte broken far down the page. Read as a
    # whole by another code page, every "ó" and "ę" of the article became mojibake.
    body = "<p>Sprzeciw wobec ataków na Fundację Lux Veritatis, napisali autorzy listu.</p>" * 40
    data = b'<meta charset="UTF-8"><html><body>' + body.encode() + b"<p>\xc3(</p></body></html>"
    document, text = read_bytes(data, "p.html")
    assert "ataków na Fundację" in text and text.count("\ufffd") == 1 and document.source.encoding == "utf-8"
    # Many bad bytes mean the declaration is wrong, and the page is read as it is written.
    latin = ("<p>Le caf\u00e9 du port ouvre t\u00f4t, et la cr\u00e8me est fra\u00eeche.</p>" * 40).encode("cp1252")
    _, text = read_bytes(b'<meta charset="UTF-8"><html><body>' + latin + b"</body></html>", "p.html")
    assert "\ufffd" not in text and "Le caf\u00e9 du port" in text


def test_a_page_labelled_gb2312_is_read_as_browsers_read_it() -> None:
    words = "\u6c47\u4e30\u94f6\u884c\u5728\u9999\u6e2f"  # a character gb2312 lacks, and gb18030 has, below
    data = b'<meta charset="gb2312"><html><body><p>' + (words + "\u9555").encode("gb18030") + b"</p></body></html>"
    document, text = read_bytes(data, "p.html")
    assert words + "\u9555" in text and document.source.encoding == "gb18030"


@pytest.mark.parametrize("depth", [254, 300, 5000])
def test_text_nested_deeper_than_libxml2_builds_trees_is_kept_with_what_follows(depth: int) -> None:
    page = (
        "<html><body>"
        + "<div>" * depth
        + "<p>The deep paragraph says the harbour ferry will run all night from the first of June onwards.</p>"
        + "</div>" * depth
        + "<p>The paragraph after it says the council voted for the change on Thursday after a long debate.</p>"
        + "</body></html>"
    )
    markdown = clean(page).markdown
    assert "The deep paragraph says" in markdown and "The paragraph after it says" in markdown
    assert "\n\nThe paragraph after it" in markdown  # still a paragraph of its own
