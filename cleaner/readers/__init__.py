"""Readers turn files into Documents; they are the only code that knows file formats."""

from __future__ import annotations

import codecs
import gzip
import os
import re
import stat
import zlib
from dataclasses import replace
from pathlib import Path
from typing import IO, cast

import charset_normalizer

from ..core import CleanerError, Document, InputError, SourceFormat, SourceInfo
from ._markdown import read_markdown
from ._text import blank_runs, line_endings, read_text, split_lines
from ._warc import WARC_SUFFIXES as WARC_SUFFIXES
from ._warc import WarcPage as WarcPage
from ._warc import WarcSkip as WarcSkip
from ._warc import is_warc as is_warc
from ._warc import page_boundaries as page_boundaries
from ._warc import warc_record_at as warc_record_at
from ._warc import warc_records as warc_records

TEXT_SUFFIXES = (".txt",)
MARKDOWN_SUFFIXES = (".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm")
_PLAIN = TEXT_SUFFIXES + MARKDOWN_SUFFIXES + HTML_SUFFIXES
SUFFIXES = _PLAIN + tuple(suffix + ".gz" for suffix in _PLAIN)  # scrapers often store pages gzipped

_DECLARATION_WINDOW = 4096  # a page declares its encoding near the top, if anywhere
_IGNORE_WORDS = re.compile(r"<!--\s*cleaner:\s*ignore-words\s+(.*?)-->", re.IGNORECASE)
_WESTERN = "cp1252"
_WESTERN_CHAOS_MARGIN = 0.2
# Labels that browsers read as a larger encoding (the WHATWG Encoding Standard): pages labelled with
# the smaller one often hold characters only the larger one has.
_BROWSER_CODECS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "ks_c_5601-1987": "cp949"}
_STRAY_BYTES = 8  # at most this many undecodable bytes (or one in 10,000 characters) are shown as U+FFFD
_LATIN_1_NAMES = ("iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii")  # browsers read these as Windows-1252

# Byte-order marks and the codec that reads what follows them; `encode_like` writes the same mark back.
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_BOM_OF = {encoding: bom for bom, encoding in _BOMS}


def decode_bytes(data: bytes, path: str) -> tuple[str, str, bool]:
    """Text, encoding name ("utf-16-le+bom" when a byte-order mark says so) and whether the encoding was guessed."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding), encoding + "+bom", False
            except UnicodeDecodeError as error:
                raise InputError(
                    path, f"starts with a {encoding} byte-order mark but is not {encoding}: {error.reason}"
                ) from None
    try:
        return data.decode("utf-8"), "utf-8", False
    except UnicodeDecodeError:
        pass
    matches = list(charset_normalizer.from_bytes(data))
    if not matches:
        raise InputError(path, "not text: no encoding decodes it (binary file?)")
    best = matches[0]
    # On short Western text the detector often ranks a Baltic or Central European
    # code page first by a hair; legacy news pages are far more often Windows-1252.
    for match in matches:
        if match.encoding == _WESTERN and match.chaos <= best.chaos + _WESTERN_CHAOS_MARGIN:
            best = match
            break
    return str(best), best.encoding, True


DEFAULT_MAX_BYTES = 16 * 2**20


_KINDS = {
    stat.S_IFIFO: "a FIFO",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
    stat.S_IFDIR: "a folder",
}
_CHUNK = 1 << 20
# Never articles, whatever links to them: the process's environment, devices, kernel state.
SYSTEM_FOLDERS = ("/proc/", "/sys/", "/dev/")


def load(path: Path, shown: str, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """A regular file's bytes, at most `max_bytes` of them (memory stays bounded).

    Opened without blocking and checked after opening, so that a FIFO, a device
    or a socket named like an article is refused, never read; the size is
    counted while reading, since `/dev/zero` or `/proc` files report none.
    """
    if os.path.realpath(path).startswith(SYSTEM_FOLDERS):
        raise InputError(shown, "is (or links to) a file of the running system (/proc, /sys, /dev); not read")
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise InputError(shown, error.strerror or str(error)) from None
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            raise InputError(shown, f"not a regular file ({_KINDS.get(stat.S_IFMT(mode), 'a special file')}); not read")
        chunks, size = [], 0
        while size <= max_bytes:
            chunk = os.read(descriptor, min(_CHUNK, max_bytes + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as error:
        raise InputError(shown, error.strerror or str(error)) from None
    finally:
        os.close(descriptor)
    if size > max_bytes:
        raise InputError(shown, f"too large: more than {max_bytes / 2**20:g} MB (`max_file_mb` in cleaner.yaml)")
    return b"".join(chunks)


def is_url(location: str) -> bool:
    """An object-storage URL (s3://, gs://, memory://), read through fsspec; file:// is a local path."""
    return "://" in location and not location.startswith("file://")


def local_path(location: str) -> str:
    return location.removeprefix("file://")


def import_fsspec():
    try:
        import fsspec
    except ImportError as error:
        raise CleanerError("reading or writing URLs needs fsspec: pip install 'cleaner[scale]'") from error
    return fsspec


def open_location(location: str) -> IO[bytes]:
    """A seekable binary stream over a local path or an fsspec URL; the caller closes it."""
    if is_url(location):
        return import_fsspec().open(location, "rb").open()
    return open(local_path(location), "rb")


def load_location(location: str, shown: str, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """`load` for an fsspec URL: at most `max_bytes` of the object's bytes."""
    if not is_url(location):
        return load(Path(local_path(location)), shown, max_bytes)
    try:
        with open_location(location) as stream:
            data = stream.read(max_bytes + 1)
    except CleanerError:
        raise
    except Exception as error:  # each storage backend raises its own errors
        raise InputError(shown, f"cannot read it ({type(error).__name__}: {error})") from None
    if len(data) > max_bytes:
        raise InputError(shown, f"too large: more than {max_bytes / 2**20:g} MB (`max_file_mb` in cleaner.yaml)")
    return data


def gunzip(data: bytes, path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Unpack every member of a .gz file, but never past `max_bytes` (a small file may unpack to gigabytes).

    A file cut short, or with bytes after its last member that are not gzip, is an error on that file.
    """
    parts: list[bytes] = []
    size = 0
    rest = data
    while rest:
        unpacker = zlib.decompressobj(wbits=31)
        try:
            part = unpacker.decompress(rest, max_bytes + 1 - size)
        except zlib.error as error:
            raise InputError(path, f"not a readable gzip file ({error})") from None
        size += len(part)
        parts.append(part)
        if size > max_bytes or unpacker.unconsumed_tail:
            raise InputError(path, f"unpacks to more than {max_bytes / 2**20:g} MB (`max_file_mb` in cleaner.yaml)")
        if not unpacker.eof:
            raise InputError(path, "truncated gzip file: it ends before its data does")
        rest = unpacker.unused_data
    return b"".join(parts)


def decode_html(data: bytes, path: str, transport: str | None = None) -> tuple[str, str, bool]:
    """HTML decoded as the page says (byte-order mark, <meta charset>, XML declaration), else as UTF-8, else guessed.

    `transport` is the charset the HTTP response named; as in browsers, it wins over the page's own
    declaration, except for bytes that are valid UTF-8: servers often name ISO-8859-1 by default for
    pages written in UTF-8, and non-ASCII text in another encoding is almost never valid UTF-8.
    """
    if data.startswith(codecs.BOM_UTF8) or not data:
        return decode_bytes(data, path)
    if transport and not any(data.startswith(bom) for bom, _ in _BOMS):
        codec = _WESTERN if transport.lower() in _LATIN_1_NAMES else transport.lower()
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            try:
                return data.decode(codec), codec, False
            except (LookupError, UnicodeDecodeError):
                pass  # the server named a charset the page is not in: read it as if it named none
        else:
            return decode_bytes(data, path)
    from bs4.dammit import EncodingDetector  # Beautiful Soup reads declarations the way browsers do

    declared = EncodingDetector.find_declared_encoding(
        data[:_DECLARATION_WINDOW], is_html=True, search_entire_document=True
    )
    if declared and declared.startswith(("utf-16", "utf-32")):
        declared = "utf-8"  # found in ASCII bytes, so not true; browsers read such pages as UTF-8 too
    if declared:
        declared = _BROWSER_CODECS.get(declared.lower(), declared)
        try:
            return data.decode(declared), declared, False
        except LookupError:
            pass  # no codec of that name: fall back to the usual detection
        except UnicodeDecodeError:
            # A stray bad byte in a page that is otherwise in its declared encoding: browsers show it as
            # U+FFFD and read the rest as declared. Many bad bytes mean the declaration is wrong.
            text = data.decode(declared, errors="replace")
            if text.count("\ufffd") <= max(_STRAY_BYTES, len(text) // 10_000):
                return text, declared, False
    return decode_bytes(data, path)


def encode_like(text: str, encoding: str, gzipped: bool) -> bytes:
    """Text as the file it came from was written: its encoding, its byte-order mark, gzipped or not."""
    name, _, mark = encoding.partition("+")
    data = (_BOM_OF[name] if mark == "bom" else b"") + text.encode(name)
    return gzip.compress(data, mtime=0) if gzipped else data


def format_of(path: Path | str) -> SourceFormat:
    name = str(path).lower().removesuffix(".gz")
    if name.endswith(MARKDOWN_SUFFIXES):
        return "markdown"
    if name.endswith(HTML_SUFFIXES):
        return "html"
    return "text"


def read_bytes(
    data: bytes,
    path: str,
    format: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    transport_charset: str | None = None,
) -> tuple[Document, str]:
    """Decode and parse one input: the Document and the decoded text it came from.

    Gzipped input (`.gz`) is unpacked first; `transport_charset` is an HTTP response's charset.
    Raises InputError naming the file when it is empty or cannot be unpacked, decoded or parsed.
    """
    if str(path).lower().endswith(".gz"):
        data = gunzip(data, path, max_bytes)
    format = format or format_of(path)
    if format == "html":
        text, encoding, detected = decode_html(data, path, transport_charset)
    else:
        text, encoding, detected = decode_bytes(data, path)
    if not text.strip():
        raise InputError(path, "empty: no text to clean")
    return read_string(text, path, format, encoding=encoding, detected=detected), text


def read_string(text: str, path: str = "<text>", format: str = "text", **source_facts) -> Document:
    source = SourceInfo(  # `format` is one of format_of's names: the API takes a plain str
        path=path,
        format=cast(SourceFormat, format),
        line_endings=line_endings(text),
        blank_runs=blank_runs(split_lines(text)),
        ignore_words=tuple(word for match in _IGNORE_WORDS.finditer(text) for word in match.group(1).split()),
        **_source_fields(source_facts),
    )
    if format == "markdown":
        document = read_markdown(text, source)
    elif format == "html":
        document = Document(blocks=(), source=source, html=text)
    else:
        document = read_text(text, source)
    return replace(document, metadata=replace(document.metadata, source=document.metadata.source or path))


def _source_fields(facts: dict) -> dict:
    fields = {}
    if "encoding" in facts:
        fields["encoding"] = facts["encoding"]
    if "detected" in facts:
        fields["encoding_detected"] = facts["detected"]
    return fields
