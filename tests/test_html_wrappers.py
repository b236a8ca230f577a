"""Pages whose article sits in a wrapper that looks like furniture, and the text details browsers hide.

Each page is small and of our own making, after a failure seen on real pages: an
unclosed navbar around the whole page, an article `div` classed `share`, an
accordion marked `role=tablist`, a paywall-named wrapper, soft hyphens inside
words, paragraphs made of `<br><br>`, and the learned content model's own file.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cleaner import Settings, load_pipeline
from cleaner.html import DEFAULT_MODEL, ContentModel
from cleaner.html._model import DENSE, HASH_BUCKETS, feature_names
from cleaner.readers import read_bytes

PARAGRAPHS = [
    "The harbour ferry will run through the night from the first of June, the council said on Thursday, "
    "after a petition signed by more than four thousand shift workers.",
    "Night crossings will leave every ninety minutes between midnight and five, and tickets bought before "
    "May stay valid on them at no extra cost, the operator confirmed.",
    "Councillors voted by eleven to four for the trial, which will cost about three hundred thousand pounds "
    "a year and will be reviewed after twelve months of service.",
]
STORY = "".join(f"<p>{text}</p>" for text in PARAGRAPHS)


def clean(html: str, rules: Path | None = None) -> str:
    document, _ = read_bytes(html.encode("utf-8"), "page.html")
    settings = Settings(rule_paths=(rules,)) if rules else Settings()
    return load_pipeline(settings).run(document).markdown


def assert_whole_story(markdown: str) -> None:
    for text in PARAGRAPHS:
        assert text in markdown


def test_an_unclosed_navbar_around_the_whole_page_does_not_drop_the_article() -> None:
    html = (
        "<html><body><nav class='navbar'><ul><li><a href='/'>Home</a></li><li><a href='/news'>News</a></li></ul>"
        f"<div class='container'><article>{STORY}</article></div></body></html>"
    )
    assert_whole_story(clean(html))


@pytest.mark.parametrize(
    "wrapper",
    ["<div class='share'>", "<div class='entry-content sharing'>", "<div role='tablist'>", "<div class='social'>"],
)
def test_a_drop_rule_never_removes_the_element_holding_most_of_the_paragraph_text(wrapper: str) -> None:
    html = f"<html><body><header><a href='/'>Porthaven Gazette</a></header>{wrapper}{STORY}</div></body></html>"
    assert_whole_story(clean(html))


def test_a_small_share_box_inside_the_article_still_goes() -> None:
    html = (
        f"<html><body><article>{STORY}<div class='share'><a href='#'>Share on Facebook</a> "
        "<a href='#'>Share on X</a></div></article></body></html>"
    )
    markdown = clean(html)
    assert_whole_story(markdown)
    assert "Facebook" not in markdown


@pytest.mark.parametrize("names", ["paywall", "premium-content", "article-body paywall"])
def test_a_paywall_named_wrapper_keeps_the_articles_paragraphs(names: str) -> None:
    first, *rest = PARAGRAPHS
    html = (
        f"<html><body><article><p>{first}</p><div class='{names}'>"
        + "".join(f"<p>{text}</p>" for text in rest)
        + "</div></article></body></html>"
    )
    assert_whole_story(clean(html))


def test_a_paragraph_classed_paywall_does_not_cut_the_paragraphs_after_it() -> None:
    first, second, third = PARAGRAPHS
    html = f"<html><body><article><p>{first}</p><p class='paywall'>{second}</p><p>{third}</p></article></body></html>"
    assert_whole_story(clean(html))


def test_soft_hyphens_inside_words_are_removed() -> None:
    html = (
        "<html lang='de'><body><article><p>Das Mit&shy;tel&shy;al&shy;ter war eine lange Epoche der europäischen "
        "Geschichte, die von etwa 500 bis 1500 dauerte und viele Veränderungen brachte.</p></article></body></html>"
    )
    markdown = clean(html)
    assert "Das Mittelalter war" in markdown
    assert "\u00ad" not in markdown


def test_soft_hyphens_in_text_files_are_removed_with_a_finding() -> None:
    document, _ = read_bytes("Das Mit\u00adtel\u00adal\u00adter war lang.\n".encode(), "story.txt")
    result = load_pipeline(Settings()).run(document)
    assert "Das Mittelalter war lang." in result.markdown
    assert any(finding.rule_id == "decode/soft-hyphen" for finding in result.findings)


def test_two_line_breaks_end_a_paragraph() -> None:
    first, second, third = PARAGRAPHS
    html = f"<html><body><article><div class='story'>{first}<br><br>{second}<br/> <br/>{third}</div></article></body></html>"
    markdown = clean(html)
    assert f"{first}\n\n{second}\n\n{third}" in markdown


def test_one_line_break_stays_inside_the_paragraph() -> None:
    first, second, third = PARAGRAPHS
    verse = "The tide comes in at midnight, the ferryman sang,<br>and the quay lights burn until the morning comes."
    html = f"<html><body><article><p>{first}</p><p>{verse}</p><p>{second}</p><p>{third}</p></article></body></html>"
    markdown = clean(html)
    assert "the ferryman sang,\nand the quay lights" in markdown or "the ferryman sang,  \nand" in markdown


def test_the_shipped_content_model_matches_the_features_it_was_trained_on() -> None:
    data = json.loads(DEFAULT_MODEL.read_text(encoding="utf-8"))
    assert data["features"] == feature_names()
    assert len(data["weights"]) == DENSE + 3 * HASH_BUCKETS
    model = ContentModel.load()
    assert 0.0 < model.threshold < 1.0
    dense = [0.0] * DENSE
    dense[0] = 1.0  # the bias alone
    (chance,) = model.scores([(dense, [])])
    assert 0.0 < chance < 1.0


def test_a_model_file_for_other_features_is_refused_with_its_name(tmp_path: Path) -> None:
    stale = tmp_path / "old-model.json"
    stale.write_text(
        json.dumps({"features": ["bias"], "hash_buckets": HASH_BUCKETS, "weights": [0.0], "threshold": 0.5}),
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="old-model.json"):
        ContentModel.load(stale)


def test_the_model_never_keeps_what_a_users_rule_removed(tmp_path: Path) -> None:
    rules = tmp_path / "site.yaml"
    rules.write_text(
        "stage: parse_html\nrules:\n  - id: site/fact-box\n    drop: '.fact-box'\n"
        "  - id: site/sign-off\n    furniture: 'Reporting by the Porthaven newsroom.*'\n",
        encoding="utf-8",
    )
    html = (
        f"<html><body><article>{STORY}<div class='fact-box'><p>The ferry first sailed in 1887 and has carried "
        "more than forty million passengers across the harbour since then.</p></div>"
        "<p>Reporting by the Porthaven newsroom; editing by the night desk.</p></article></body></html>"
    )
    markdown = clean(html, rules)
    assert_whole_story(markdown)
    assert "1887" not in markdown and "Reporting by" not in markdown


def test_with_the_model_off_the_hand_written_finder_decides_alone(tmp_path: Path) -> None:
    rules = tmp_path / "off.yaml"
    rules.write_text("stage: parse_html\noptions:\n  content_model: 'off'\n", encoding="utf-8")
    html = f"<html><body><article>{STORY}</article></body></html>"
    assert_whole_story(clean(html, rules))


def _findings(html: str, rules: Path | None = None):
    document, _ = read_bytes(html.encode("utf-8"), "page.html")
    settings = Settings(rule_paths=(rules,)) if rules else Settings()
    return load_pipeline(settings).run(document)


def test_an_article_kept_only_in_json_ld_is_taken_from_there_with_a_warning(tmp_path: Path) -> None:
    body = "\n\n".join(PARAGRAPHS * 2)
    script = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "articleBody": body})
    html = (
        f"<html><head><script type='application/ld+json'>{script}</script></head><body>"
        "<figure><img src='a.jpg'><p>The ferry at West Quay on Thursday evening, photographed from the harbour wall "
        "by our staff photographer.</p></figure></body></html>"
    )
    result = _findings(html)
    assert_whole_story(result.markdown)
    warnings = [finding for finding in result.findings if finding.rule_id == "html/json-ld-body"]
    assert len(warnings) == 1 and warnings[0].severity.value == "warning"
    page = tmp_path / "ferry.html"
    page.write_text(html, encoding="utf-8")
    from typer.testing import CliRunner

    from cleaner.cli import app

    result = CliRunner().invoke(app, ["lint", str(page), "--fail-on", "warning"])
    assert result.exit_code != 0 and "html/json-ld-body" in result.stdout


def test_a_short_json_ld_body_does_not_replace_the_page() -> None:
    script = json.dumps({"@type": "NewsArticle", "articleBody": PARAGRAPHS[0][:200]})
    html = f"<html><head><script type='application/ld+json'>{script}</script></head><body><article>{STORY}</article></body></html>"
    result = _findings(html)
    assert_whole_story(result.markdown)
    assert not any(finding.rule_id == "html/json-ld-body" for finding in result.findings)


def test_output_holding_little_of_the_pages_paragraph_text_is_warned_about(tmp_path: Path) -> None:
    rules = tmp_path / "strict.yaml"
    rules.write_text("stage: parse_html\noptions:\n  content_model: 'off'\n  min_output_share: 0.9\n", encoding="utf-8")
    first, second, _ = PARAGRAPHS
    html = (
        f"<html><body><div class='story'><p>{first}</p><p>{second}</p></div>"
        "<div class='rail'><p>Councillors voted by eleven to four for the trial on Thursday evening.</p></div>"
        "</body></html>"
    )
    warned = [f for f in _findings(html, rules).findings if f.rule_id == "html/little-text"]
    assert len(warned) == 1 and "of the page's" in warned[0].message
    plain = f"<html><body><article>{STORY}</article></body></html>"
    assert not any(f.rule_id == "html/little-text" for f in _findings(plain).findings)


@pytest.mark.parametrize(
    ("head", "title"),
    [
        ("<title>Harbour ferry to run all night - CNN.com</title>", "Harbour ferry to run all night"),
        (
            "<title>TechCrunch | Harbour ferry to run all night</title><meta property='og:site_name' content='TechCrunch'>",
            "Harbour ferry to run all night",
        ),
        (
            "<title>Harbour ferry to run all night – Porthaven Gazette</title>"
            "<link rel='canonical' href='https://www.porthaven-gazette.co.uk/news/ferry'>"
            "<meta name='application-name' content='Porthaven Gazette'>",
            "Harbour ferry to run all night",
        ),
        ("<title>Rock - Paper - Scissors: the ferry game</title>", "Rock - Paper - Scissors: the ferry game"),
        ("<title>These Weeks at the Harbour: Issue 85</title>", "These Weeks at the Harbour: Issue 85"),
    ],
)
def test_the_title_comes_without_the_site_name(head: str, title: str) -> None:
    result = _findings(f"<html><head>{head}</head><body><article>{STORY}</article></body></html>")
    assert result.document.metadata.title == title


def test_the_publisher_is_never_taken_as_the_author() -> None:
    script = json.dumps(
        {
            "@type": "NewsArticle",
            "headline": "Harbour ferry to run all night",
            "author": {"@type": "Organization", "name": "Porthaven Gazette"},
            "publisher": {"@type": "Organization", "name": "Porthaven Gazette"},
        }
    )
    head = f"<script type='application/ld+json'>{script}</script>"
    result = _findings(f"<html><head>{head}</head><body><article>{STORY}</article></body></html>")
    assert result.document.metadata.author in (None, "")
    named = script.replace(
        '{"@type": "Organization", "name": "Porthaven Gazette"}, "publisher"', '"Meredith Vale", "publisher"'
    )
    head = f"<script type='application/ld+json'>{named}</script>"
    result = _findings(f"<html><head>{head}</head><body><article>{STORY}</article></body></html>")
    assert result.document.metadata.author == "Meredith Vale"


@pytest.mark.parametrize(
    ("head", "field", "value"),
    [
        # JSON-LD wrapped in CDATA markers, as pages written for XHTML parsers do.
        (
            "<title>Ferry | Gazette</title><script type='application/ld+json'>\n<![CDATA[\n"
            '{"@type": "NewsArticle", "headline": "Harbour ferry to run all night", "datePublished": "2024-03-05"}'
            "\n]]>\n</script>",
            "date",
            "2024-03-05",
        ),
        # RDFa: several properties in one attribute; "DC.title" and "dc:title" are one name.
        (
            "<title>Title element</title><meta property='x:title dc:title' content='Harbour ferry to run all night'>",
            "title",
            "Harbour ferry to run all night",
        ),
        # A name and a property for one key: the property (the page's structured data) wins.
        (
            "<meta name='og:title' content='Name title'><meta property='og:title' content='Harbour ferry to run all night'>",
            "title",
            "Harbour ferry to run all night",
        ),
        ("<meta name='DC.creator' content='Meredith Vale'>", "author", "Meredith Vale"),
        # "Story - Author - Site": neither the author nor the site is part of the title.
        (
            "<script type='application/ld+json'>"
            '{"@type": "NewsArticle", "headline": "Harbour ferry to run all night - Meredith Vale - Quayside", '
            '"author": {"@type": "Person", "name": "Meredith Vale"}}</script><meta property="og:site_name" content="Quayside">',
            "title",
            "Harbour ferry to run all night",
        ),
    ],
)
def test_metadata_is_read_as_pages_write_it(head: str, field: str, value: str) -> None:
    result = _findings(f"<html><head>{head}</head><body><article>{STORY}</article></body></html>")
    assert getattr(result.document.metadata, field) == value


TIMETABLE = (
    "<table><tr><th>Crossing</th><th>Leaves</th><th>Fare</th></tr>"
    "<tr><td>First</td><td>00:30</td><td>£2</td></tr>"
    "<tr><td>Last | night</td><td><b>04:30</b></td></tr></table>"
)


def test_a_data_table_becomes_a_markdown_table_and_reads_back_the_same(tmp_path: Path) -> None:
    first, second, third = PARAGRAPHS
    html = f"<html><body><article><p>{first}</p><p>{second}</p>{TIMETABLE}<p>{third}</p></article></body></html>"
    markdown = clean(html)
    table = "| Crossing | Leaves | Fare |\n|---|---|---|\n| First | 00:30 | £2 |\n| Last \\| night | **04:30** |"
    assert f"{second}\n\n{table}\n\n{third}" in markdown
    document, _ = read_bytes(markdown.encode("utf-8"), "story.md")
    rows = [block for block in document.blocks if block.kind == "table_row"]
    assert [row.text.split("\n") for row in rows][:2] == [["Crossing", "Leaves", "Fare"], ["First", "00:30", "£2"]]
    assert load_pipeline(Settings()).run(document).markdown == markdown


def test_a_layout_table_holding_paragraphs_stays_paragraphs() -> None:
    cells = "".join(f"<td><p>{text}</p></td>" for text in PARAGRAPHS)
    markdown = clean(f"<html><body><table><tr>{cells}</tr></table></body></html>")
    assert_whole_story(markdown)
    assert "|" not in markdown


def test_captions_are_dropped_by_default_and_kept_when_their_rule_is_switched_off(tmp_path: Path) -> None:
    caption = "The night ferry leaving West Quay on its first trial crossing, photographed from the harbour wall."
    first, second, third = PARAGRAPHS
    html = (
        f"<html><body><article><p>{first}</p><figure><img src='ferry.jpg'><figcaption>{caption}</figcaption>"
        f"</figure><p>{second}</p><p>{third}</p></article></body></html>"
    )
    assert caption not in clean(html)
    rules = tmp_path / "captions.yaml"
    rules.write_text("stage: parse_html\nrules:\n  - id: html/captions\n    enabled: false\n", encoding="utf-8")
    markdown = clean(html, rules)
    assert f"{first}\n\n{caption}\n\n{second}" in markdown


def test_a_post_body_shipped_in_a_script_template_is_read() -> None:
    template = "".join(f"<p>{text}</p>" for text in PARAGRAPHS)
    html = (
        "<html><body><div class='post'><h2>Harbour ferry to run all night</h2><div class='post-body'>"
        f"<script type='text/template'>{template}</script></div></div>"
        "<script type='text/template'><div class='menu'>{{ items }}</div></script></body></html>"
    )
    markdown = clean(html)
    assert_whole_story(markdown)
    assert "{{" not in markdown


@pytest.mark.parametrize(
    "furniture",
    [
        "© 2025 Porthavener Zeitung. Alle Rechte vorbehalten.",
        "Abo-Angebote",
        "Das könnte Dich auch interessieren",
        "Part of complete coverage on the harbour",
        "Next post: Ten ferries that changed the harbour",
        "Lire aussi : le port de Porthaven en chiffres",
        "Lee también: el puerto en cifras",
        "Leggi anche: il porto in cifre",
        "Leia também: o porto em números",
        "Lees ook: de haven in cijfers",
        "Czytaj też: port w liczbach",
        "Anzeige",
        "Artikel teilen",
        "Tous droits réservés",
    ],
)
def test_furniture_lines_go_in_every_language_of_the_dev_pages(furniture: str) -> None:
    first, second, third = PARAGRAPHS
    html = f"<html><body><article><p>{first}</p><p>{furniture}</p><p>{second}</p><p>{third}</p></article></body></html>"
    markdown = clean(html)
    assert_whole_story(markdown)
    assert furniture not in markdown


@pytest.mark.parametrize(
    "sentence",
    [
        "Zwei Verlage teilen sich seit 1990 die Rechte an der Zeitung, die alle zwei Wochen erscheint.",
        "The copyright on the ferry's original timetable passed to the harbour trust in 1935, the archive shows.",
        "Czytaj też uważnie rozkład, bo nocne kursy odpływają co półtorej godziny z nabrzeża zachodniego.",
    ],
)
def test_prose_that_uses_furniture_words_is_kept(sentence: str) -> None:
    first, second, _ = PARAGRAPHS
    markdown = clean(f"<html><body><article><p>{first}</p><p>{sentence}</p><p>{second}</p></article></body></html>")
    assert sentence in markdown


def test_a_post_that_is_only_links_is_kept_whole_with_a_warning() -> None:
    links = "".join(
        f"<p><a href='https://example.com/{number}'>{title}</a></p>"
        for number, title in enumerate(
            ["Ferry fares frozen until spring", "Night crossings begin in June", "Harbour wall repairs finished"]
        )
    )
    result = _findings(f"<html><body><article>{links}</article></body></html>")
    for title in ("Ferry fares frozen until spring", "Night crossings begin in June"):
        assert title in result.markdown
    assert [f.rule_id for f in result.findings if f.severity.value == "warning"] == ["html/unpruned"]


def test_a_recipe_keeps_its_ingredients_and_a_definition_list_its_terms() -> None:
    markdown = clean((Path(__file__).parent / "pages" / "recipe.html").read_text(encoding="utf-8"))
    assert (
        "## Ingredients\n\n- 500 g white fish\n- 2 onions, sliced\n- 1 tin of tomatoes\n- a pinch of saffron"
        in markdown
    )
    assert "1. Soften the onions" in markdown and "2. Add the tomatoes" in markdown
    assert "- Serves\n- Four people, with bread" in markdown


def test_cards_of_linked_headlines_beside_a_short_article_are_teasers_to_the_finder(tmp_path: Path) -> None:
    page = (Path(__file__).parent / "pages" / "teasers.html").read_text(encoding="utf-8")
    article = "The morning ferry to the island will leave half an hour later from the first of November"
    rules = tmp_path / "off.yaml"
    rules.write_text("stage: parse_html\noptions:\n  content_model: 'off'\n", encoding="utf-8")
    markdown = clean(page, rules)
    assert article in markdown
    for teaser in ("Council votes to close the library", "cycle path", "Bus fares", "harbour wall"):
        assert teaser not in markdown
    assert article in clean(page)  # the model may keep a teaser, never lose the article


def test_a_comments_text_in_json_ld_never_stands_in_for_the_story() -> None:
    comment = json.dumps({"@type": "Comment", "text": " ".join(PARAGRAPHS * 3)})
    html = (
        f"<html><head><script type='application/ld+json'>{comment}</script></head>"
        "<body><article><p>Ferry to run all night.</p></article></body></html>"
    )
    result = _findings(html)
    assert not any(finding.rule_id == "html/json-ld-body" for finding in result.findings)


@pytest.mark.parametrize(
    ("page", "date"),
    [
        (
            "<html><body><header><time datetime='2025-12-06'>Saturday 6 December</time></header><article>"
            f"<time datetime='2025-06-01T09:30:00+01:00'>1 June</time>{STORY}</article></body></html>",
            "2025-06-01T09:30:00+01:00",
        ),
        (
            "<html><head><link rel='canonical' href='https://gazette.example/2025/06/01/ferry-nights/'></head>"
            f"<body><article>{STORY}</article></body></html>",
            "2025-06-01",
        ),
        (
            "<html><head><meta property='article:published_time' content='2025-05-30'></head><body><article>"
            f"<time datetime='2025-06-01'>1 June</time>{STORY}</article></body></html>",
            "2025-05-30",
        ),
    ],
)
def test_the_date_comes_from_the_head_then_a_time_element_then_the_url(page: str, date: str) -> None:
    assert _findings(page).document.metadata.date == date


def test_the_articles_own_header_gives_its_date() -> None:
    page = (
        "<html><body><header><time datetime='2025-12-06'>Today</time></header><article><header>"
        f"<time datetime='2025-06-01'>1 June</time></header>{STORY}</article></body></html>"
    )
    assert _findings(page).document.metadata.date == "2025-06-01"


def test_the_headline_that_repeats_the_title_is_written_once_with_the_model_on() -> None:
    markdown = clean((Path(__file__).parent / "pages" / "teasers.html").read_text(encoding="utf-8"))
    assert markdown.count("Ferry timetable changes for the winter") == 2  # front matter and one `# ` heading
    assert markdown.count("# Ferry timetable changes for the winter") == 1
