"""The three stability checks over every page of the extraction dev set, in all three forms.

For each page as HTML, as whole-page text and as article-region text: cleaning never
raises, cleaning the output again changes nothing, and no word the readers gave the
chain disappears unless a finding accounts for it. The dev set lives beside the
repository (`../shared/bench/extraction`, or CLEANER_BENCH_DIR); without it these
tests are skipped.
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

import pytest

from cleaner import Settings, load_pipeline
from cleaner.readers import read_bytes, read_string

from .conftest import ROOT

BENCH = Path(os.environ.get("CLEANER_BENCH_DIR", ROOT.parent / "shared" / "bench" / "extraction"))
FORMS = {"html": "*.html.gz", "text": "*.txt", "region": "*.txt"}


def _pages(form: str) -> list[Path]:
    folder = BENCH / form
    return sorted(folder.glob(FORMS[form])) if folder.is_dir() else []


PAGES = [pytest.param(path, id=f"{form}/{path.name[:12]}") for form in FORMS for path in _pages(form)]


@pytest.mark.skipif(not PAGES, reason=f"no extraction dev set at {BENCH}")
@pytest.mark.parametrize("path", PAGES)
def test_page_cleans_stably_and_loses_no_word_silently(path: Path) -> None:
    pipeline = load_pipeline()
    document, _ = read_bytes(path.read_bytes(), str(path))
    if document.html is not None:
        # What the reader gives for HTML is the page; the words to keep are what parse_html chose.
        document = load_pipeline(Settings(only=("decode", "parse_html"))).run(document).document
    result = pipeline.run(document)

    again = pipeline.run(read_string(result.markdown, str(path.with_suffix(".md")), "markdown"))
    assert again.markdown == result.markdown

    kept = (
        read_string(result.markdown, format="markdown").body_text()
        + " "
        + " ".join(value for value in (result.document.metadata.title, result.document.metadata.author) if value)
    )
    accounted = " ".join(finding.before for finding in result.findings)
    # decode's NFC finding composes letters everywhere: compare composed words.
    words = set(re.findall(r"\w+", unicodedata.normalize("NFC", document.body_text())))
    lost = [word for word in words if word not in kept and word not in accounted]
    assert not lost, lost[:20]
