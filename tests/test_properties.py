"""Properties over generated articles: cleaning is idempotent, total and loses no body text."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner import clean_text
from cleaner.core import Block, Document, Mark
from cleaner.readers import read_string
from cleaner.stages.render_markdown import Options, RenderMarkdown

WORDS = [
    "the",
    "council",
    "voted",
    "on",
    "Tuesday",
    "to",
    "close",
    "library",
    "residents",
    "said",
    "de-escalate",
    "Jaishankar",
    "Pahalgam",
    "naïve",
    "Zürich",
    "北京",
    "مرحبا",
    "🙂",
    "U.S.",
    "5%",
    "$4.99",
    "don't",
    "“quoted”",
    "‘single’",
    "AT&T",
    "snake_case",
    "*stars*",
    "_under_",
    "#hash",
    "[link]",
    "<b>",
    "1.",
    "-",
    "+",
    "`code`",
    "\\",
    "&amp;",
    "—",
    "--",
    "...",
    "...",
    "de-escalinate",
    "recieve",
    "Karoline Levitt",
    "Shehbaz Sharif",
    "Shahbaz Sharif",
    "Asim Munir's",
]
FURNITURE = [
    "Advertisement",
    "READ NEXT",
    "Share this:",
    "Facebook",
    "Twitter",
    "1549722 rubio 1",
    "Cancel OK",
    "Photo: Getty Images",
    "Subscribe now",
    "Related stories",
    "By Jane Doe",
    "Nov. 20, 2019, 9:28 AM UTC",
]

word = st.sampled_from(WORDS) | st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs",), blacklist_characters="\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
    ),
    min_size=1,
    max_size=8,
)
sentence = st.lists(word, min_size=1, max_size=25).map(" ".join)
paragraph = st.lists(sentence, min_size=1, max_size=3).map(" ".join)
line = paragraph | st.sampled_from(FURNITURE)
article = st.lists(st.lists(line, min_size=1, max_size=3).map("\n".join), min_size=1, max_size=8).map("\n\n".join)

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(article)
def test_cleaning_clean_output_changes_nothing(text: str) -> None:
    once = clean_text(text, path="generated.txt")
    twice = clean_text(once.markdown, path="generated.txt", format="markdown")
    assert twice.markdown == once.markdown


@SETTINGS
@given(article)
def test_no_body_word_disappears_outside_a_finding(text: str) -> None:
    result = clean_text(text, path="generated.txt")
    kept = read_string(result.markdown, format="markdown").body_text() + " " + (result.metadata.title or "")
    changed = " ".join(f.before for f in result.findings)  # removed, moved to metadata or repaired
    touched = set(changed)
    for token in _words(text):
        # A repair may change some letters of a word; the untouched pieces must survive.
        pieces = re.split("|".join(map(re.escape, touched)), token) if touched else [token]
        for piece in filter(None, pieces):
            assert piece in kept or piece in changed, (token, piece)


printable_word = st.sampled_from(WORDS) | st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=8
)


@SETTINGS
@given(st.lists(st.lists(printable_word, min_size=1, max_size=12).map(" ".join), min_size=1, max_size=3).map("\n".join))
def test_markdown_reader_reads_back_exactly_what_the_renderer_wrote(text: str) -> None:
    """Text after `decode` (no control characters) survives render -> read unchanged."""
    lines = [" ".join(part.split()) for part in text.split("\n")]
    lines = [part for part in lines if part]
    if not lines:
        return
    block = Block.from_lines("paragraph", [(part, 1, 1) for part in lines])
    rendered = RenderMarkdown(Options(front_matter=False, title_heading=False)).apply(Document(blocks=(block,))).output
    reread = read_string(rendered, format="markdown")
    assert reread.body_text() == "\n".join(lines), rendered


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text))


HREFS = ["https://example.com/a", "/news/a b?q=1&r=<2>", "https://de.wikipedia.org/wiki/Zürich", "x)(y", "%zz"]


@st.composite
def marked_block(draw) -> Block:
    text = " ".join(draw(st.lists(printable_word, min_size=1, max_size=10)))
    marks = []
    for _ in range(draw(st.integers(0, 5))):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, len(text)))
        kind = draw(st.sampled_from(["emphasis", "strong", "link", "code"]))
        href = draw(st.sampled_from(HREFS)) if kind == "link" else ""
        marks.append(Mark(start, end, kind, href))
    return Block(kind="paragraph", text=text, anchors=(), marks=tuple(marks))


@SETTINGS
@given(marked_block())
def test_inline_marks_render_to_markdown_that_reads_back_the_same(block: Block) -> None:
    """Nested, crossing or touching marks never change the text, and a second render is identical."""
    render = RenderMarkdown(Options(front_matter=False, title_heading=False))
    once = render.apply(Document(blocks=(block,))).output
    reread = read_string(once, format="markdown")
    assert reread.body_text() == "\n".join(line.strip() for line in block.text.split("\n") if line.strip())
    assert render.apply(Document(blocks=reread.blocks)).output == once


def test_emphasis_around_a_link_and_bold_link_render_as_nested_markup() -> None:
    text = "Follow us at Twitter @igndeals. See the full calendar here."
    link = text.index("@igndeals")
    calendar = text.index("full calendar")
    block = Block(
        kind="paragraph",
        text=text,
        anchors=(),
        marks=(
            Mark(0, text.index(" See"), "emphasis"),
            Mark(link, link + 9, "link", "https://twitter.com/IGNDeals"),
            Mark(calendar, calendar + 13, "strong"),
            Mark(calendar, calendar + 13, "link", "https://example.com/cal"),
        ),
    )
    rendered = RenderMarkdown(Options(front_matter=False, title_heading=False)).apply(Document(blocks=(block,))).output
    assert rendered == (
        "*Follow us at Twitter [@igndeals](<https://twitter.com/IGNDeals>).* "
        "See the [**full calendar**](<https://example.com/cal>) here.\n"
    )


@SETTINGS
@given(st.lists(st.tuples(st.integers(1, 4), st.booleans(), st.sampled_from(WORDS[:12])), min_size=1, max_size=8))
def test_lists_of_any_depth_render_to_markdown_that_reads_back_the_same(items) -> None:
    """Items may start deeper than the one before (their parents were furniture); the output is still stable."""
    blocks = tuple(
        Block(kind="list_item", text=text, anchors=(), level=level, ordered=ordered) for level, ordered, text in items
    )
    render = RenderMarkdown(Options(front_matter=False, title_heading=False))
    once = render.apply(Document(blocks=blocks)).output
    reread = read_string(once, format="markdown")
    assert [block.text for block in reread.blocks] == [text for _, _, text in items]
    assert render.apply(Document(blocks=reread.blocks)).output == once
