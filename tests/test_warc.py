"""Web archives: every record of a WARC is a page to clean or a counted skip, never a crash.

The archives are written here with warcio itself: HTML responses, an image, a
revisit, a request, a record the crawler truncated, an error page, a record cut
off by the end of the file and a broken gzip member.
"""

from __future__ import annotations

import io

import pytest

warcio = pytest.importorskip("warcio", reason="the scale extra (pip install 'cleaner[scale]') is not installed")
from warcio.statusandheaders import StatusAndHeaders  # noqa: E402
from warcio.warcwriter import WARCWriter  # noqa: E402

from cleaner.readers import WarcPage, WarcSkip, is_warc, read_bytes, warc_record_at, warc_records  # noqa: E402

STORY = (
    "<html><head><title>Harbour ferry to run all night</title></head><body><article>"
    "<p>The harbour ferry will run through the night from Friday, the operator said, after a summer in which "
    "the last boat left passengers stranded on the island.</p></article></body></html>"
)
LIMIT = 1_000_000


def _response(writer: WARCWriter, url: str, body: bytes, content_type: str, status: str = "200 OK", **warc_headers):
    http = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    return writer.create_warc_record(
        url, "response", payload=io.BytesIO(body), http_headers=http, warc_headers_dict=warc_headers
    )


def archive(compressed: bool = True) -> tuple[bytes, int]:
    """A small crawl, and where its last record starts."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=compressed)
    writer.write_record(
        _response(writer, "https://example.org/ferry", STORY.encode("cp1252"), "text/html; charset=windows-1252")
    )
    writer.write_record(_response(writer, "https://example.org/logo.png", b"\x89PNG\r\n\x1a\n", "image/png"))
    writer.write_record(
        writer.create_revisit_record(
            "https://example.org/ferry", "sha1:AAAA", "https://example.org/ferry", "2025-01-01T00:00:00Z"
        )
    )
    request = b"GET /ferry HTTP/1.1\r\nHost: example.org\r\n\r\n"
    writer.write_record(writer.create_warc_record("https://example.org/ferry", "request", payload=io.BytesIO(request)))
    writer.write_record(
        _response(writer, "https://example.org/long", STORY.encode(), "text/html", **{"WARC-Truncated": "length"})
    )
    writer.write_record(
        _response(writer, "https://example.org/gone", b"<p>Not found</p>", "text/html", "404 Not Found")
    )
    last = len(out.getvalue())
    writer.write_record(_response(writer, "https://example.org/xhtml", STORY.encode(), "application/xhtml+xml"))
    return out.getvalue(), last


@pytest.mark.parametrize("compressed", [True, False])
def test_every_record_is_a_page_or_a_skip_saying_why(compressed: bool) -> None:
    data, _ = archive(compressed)
    found = list(warc_records(io.BytesIO(data), LIMIT))
    pages = [item for item in found if isinstance(item, WarcPage)]
    skips = {item.url: item.why for item in found if isinstance(item, WarcSkip)}
    assert [page.url for page in pages] == ["https://example.org/ferry", "https://example.org/xhtml"]
    assert skips["https://example.org/logo.png"] == "not HTML (image/png)"
    assert any("request record" in why for why in skips.values())
    assert "truncated by the crawler" in skips["https://example.org/long"]
    assert skips["https://example.org/gone"] == "HTTP status 404"
    assert sum("revisit" in item.why for item in found if isinstance(item, WarcSkip)) == 1
    ferry = pages[0]
    assert ferry.charset == "windows-1252" and ferry.fetched.startswith("20") and ferry.record_id.startswith("<urn:")
    assert ferry.offset == 0 and pages[1].offset > 0


def test_a_page_from_an_archive_reads_like_a_saved_page() -> None:
    data, _ = archive()
    page = next(item for item in warc_records(io.BytesIO(data), LIMIT) if isinstance(item, WarcPage))
    document, text = read_bytes(page.body, "ferry.html")
    assert "stranded on the island" in text and document.source.format == "html"


@pytest.mark.parametrize("compressed", [True, False])
def test_an_archive_cut_off_inside_a_record_says_so(compressed: bool) -> None:
    data, last = archive(compressed)
    cut = data[: last + (len(data) - last) // 2]
    found = list(warc_records(io.BytesIO(cut), LIMIT))
    assert isinstance(found[-1], WarcSkip) and "cut short" in found[-1].why
    assert len([item for item in found if isinstance(item, WarcPage)]) == 1


def test_a_broken_gzip_member_ends_the_archive_with_a_skip() -> None:
    data, last = archive()
    broken = data[:last] + b"\x1f\x8b\x08\x00 this is not deflate data" + data[last:]
    found = list(warc_records(io.BytesIO(broken), LIMIT))
    assert isinstance(found[-1], WarcSkip) and "broken" in found[-1].why
    assert found[-1].offset == last
    assert [item.url for item in found if isinstance(item, WarcPage)] == ["https://example.org/ferry"]


def test_a_page_over_the_size_limit_is_skipped() -> None:
    data, _ = archive()
    found = list(warc_records(io.BytesIO(data), 100))
    assert not any(isinstance(item, WarcPage) for item in found)
    assert any("larger than 100 bytes" in item.why for item in found if isinstance(item, WarcSkip))


def test_warc_files_are_known_by_their_names() -> None:
    assert is_warc("crawl.warc.gz") and is_warc("CRAWL.WARC") and not is_warc("page.html.gz")


def test_a_worker_reads_one_record_by_seeking_to_it() -> None:
    data, last = archive()
    page = warc_record_at(io.BytesIO(data), last, LIMIT)
    assert isinstance(page, WarcPage) and page.url == "https://example.org/xhtml" and page.offset == last
    assert isinstance(warc_record_at(io.BytesIO(data), len(data), LIMIT), WarcSkip)
    # Inside a record (here, in its gzip member) there is no page, whatever warcio makes of the bytes.
    for offset in (3, 17, last - 5):
        assert isinstance(warc_record_at(io.BytesIO(data), offset, LIMIT), WarcSkip)


def test_the_http_charset_wins_over_the_page_s_own_declaration() -> None:
    body = '<html><head><meta charset="utf-8"></head><body><p>Café owners in Zürich</p></body></html>'
    document, text = read_bytes(body.encode("cp1252"), "page.html", "html", transport_charset="windows-1252")
    assert "Café owners in Zürich" in text and document.source.encoding == "windows-1252"
    # Servers often name ISO-8859-1 by default: bytes that are valid UTF-8 are read as UTF-8.
    _, text = read_bytes(body.encode("utf-8"), "page.html", "html", transport_charset="iso-8859-1")
    assert "Café owners in Zürich" in text
    # A charset the bytes are not in (or no codec knows) is not believed.
    declared = body.replace("utf-8", "windows-1252").encode("cp1252")
    _, text = read_bytes(declared, "page.html", "html", transport_charset="x-no-such-charset")
    assert "Café owners in Zürich" in text
