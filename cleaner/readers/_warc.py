"""The HTML pages of a web archive (WARC or WARC.gz), read with warcio.

A crawl's archive holds far more than pages: requests, metadata, images,
scripts, revisits (a page seen unchanged, stored once) and records a crawler
cut short. Each record becomes either a page to clean (its URL, fetch date,
HTTP charset and body) or a skip saying why, so a batch can count them; a
broken gzip member ends the archive with a skip instead of an exception.
warcio is an optional dependency (`pip install 'cleaner[scale]'`).
"""

from __future__ import annotations

import io
import logging
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import IO

from ..core import CleanerError

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
WARC_SUFFIXES = (".warc", ".warc.gz")
_RECORD_END = b"\r\n\r\n"  # follows each record; in an uncompressed file it lies past the record's length


@dataclass(frozen=True)
class WarcPage:
    """One HTML response of an archive."""

    record_id: str
    url: str
    fetched: str  # the record's WARC-Date, ISO 8601
    charset: str | None  # from the HTTP Content-Type, when it names one
    body: bytes  # the HTTP payload, transfer and content encodings undone
    offset: int  # where the record starts in the archive file


@dataclass(frozen=True)
class WarcSkip:
    """A record that is not a page to clean, and why."""

    record_id: str
    url: str
    offset: int
    why: str


def is_warc(name: str) -> bool:
    return name.lower().endswith(WARC_SUFFIXES)


def warc_records(
    stream: IO[bytes], max_bytes: int, start: int = 0, stop: int | None = None
) -> Iterator[WarcPage | WarcSkip]:
    """Every record of the archive in `stream`, as a page or a skip; `max_bytes` bounds one page's body.

    With `start` and `stop`, only the records that start in [start, stop): `start` must be where a
    record starts, and so a cluster's tasks can share one archive by ranges of it.
    """
    try:
        from warcio.archiveiterator import ArchiveIterator
        from warcio.exceptions import ArchiveLoadFailed
    except ImportError as error:
        raise CleanerError("reading web archives needs warcio: pip install 'cleaner[scale]'") from error
    # warcio logs a warning for each URL with a space in it (and mends it): a crawl may hold thousands.
    logging.getLogger("warcio").setLevel(logging.ERROR)
    if start:
        stream.seek(start)
    records = ArchiveIterator(stream)
    end = start  # where the last whole record ended
    try:
        for record in records:
            found = _page_or_skip(record, max_bytes)
            # Asked after the body is read: warcio reads to the record's end to know where it began.
            offset = records.get_record_offset()
            if stop is not None and offset >= stop:
                return
            end = offset + records.get_record_length()
            yield replace(found, offset=offset)
    except (ArchiveLoadFailed, zlib.error, EOFError, OSError) as error:
        if stop is None or end < stop:
            yield WarcSkip("", "", end, f"the archive is broken after this point ({_first_line(error)})")
        return
    if stream.seekable() and stream.seek(0, io.SEEK_END) > end + len(_RECORD_END):
        # warcio stops quietly when the file ends inside a record (a crawl cut off mid-write).
        yield WarcSkip("", "", end, "the archive ends inside a record (cut short)")


def page_boundaries(stream: IO[bytes], max_bytes: int, pages: int) -> list[int]:
    """Where to cut the archive so that each range holds about `pages` pages: [0, b1, b2, ...]."""
    cuts, count = [0], 0
    for found in warc_records(stream, max_bytes):
        if isinstance(found, WarcPage):
            if count == pages:
                cuts.append(found.offset)
                count = 0
            count += 1
    return cuts


def warc_record_at(stream: IO[bytes], offset: int, max_bytes: int) -> WarcPage | WarcSkip:
    """The one record that starts at `offset` (each record of a WARC.gz is its own gzip member, so a
    worker can seek straight to it)."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    stream.seek(offset)
    try:
        record = next(iter(ArchiveIterator(stream)), None)
        found = _page_or_skip(record, max_bytes) if record is not None else None
    except (ArchiveLoadFailed, zlib.error, EOFError, OSError) as error:
        return WarcSkip("", "", offset, f"no readable record here ({_first_line(error)})")
    if found is None:
        return WarcSkip("", "", offset, "no record here (the archive ends first)")
    return replace(found, offset=offset)


def _page_or_skip(record, max_bytes: int) -> WarcPage | WarcSkip:
    headers = record.rec_headers
    record_id = headers.get_header("WARC-Record-ID") or ""
    url = headers.get_header("WARC-Target-URI") or ""

    def skip(why: str) -> WarcSkip:
        return WarcSkip(record_id, url, 0, why)

    if record.rec_type == "revisit":
        return skip("a revisit record (the page is stored elsewhere)")
    if record.rec_type != "response":
        return skip(f"a {record.rec_type} record, not a response")
    if headers.get_header("WARC-Truncated"):
        return skip(f"truncated by the crawler ({headers.get_header('WARC-Truncated')})")
    http = record.http_headers
    if http is None:
        return skip("a response without HTTP headers")
    content_type = (http.get_header("Content-Type") or "").lower()
    if not content_type.startswith(_HTML_TYPES):
        return skip(f"not HTML ({content_type.split(';')[0].strip() or 'no content type'})")
    status = http.get_statuscode() or ""
    if not status.startswith("2"):
        return skip(f"HTTP status {status or 'unknown'}")
    body = record.content_stream().read(max_bytes + 1)
    if len(body) > max_bytes:
        return skip(f"larger than {max_bytes} bytes")
    if getattr(record.raw_stream, "limit", 0) > 0:  # the file ended before the record's Content-Length
        return skip("cut short: the archive ends inside this record")
    if not body.strip():
        return skip("an empty page")
    charset = _CHARSET.search(content_type)
    return WarcPage(
        record_id, url, headers.get_header("WARC-Date") or "", charset.group(1) if charset else None, body, 0
    )


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__
