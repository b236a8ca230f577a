"""What a rule is, whatever its stage: the common keys, where it was defined, its own examples."""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any, ClassVar, Literal, Protocol
from urllib.parse import urlsplit

from ..core import Document, Severity, guess_language
from ._schema import option


@dataclass(frozen=True, kw_only=True)
class Example:
    """A rule's own test case; `cleaner rules test` and pytest run every one."""

    input: str | None = option(None, "text given to the stage", key="in")
    out: str | None = option(None, "expected text after the stage (a fix)")
    keep: str | None = option(None, "text the rule must leave alone, with no findings")
    flags: int | None = option(
        None, "number of findings expected while the text stays the same (with `keep`: reports, none a change)"
    )
    metadata: dict[str, str] | None = option(None, "metadata fields expected after the stage")
    xfail: str | None = option(None, "why this example is a known failure (it must fail)")
    options: dict[str, Any] | None = option(None, "stage options to set for this example only")
    encoding: str | None = option(None, "encode `in` with this encoding and read it back as a file would be")
    format: Literal["text", "markdown", "html"] | None = option(
        None, "read `in` as this kind of input (default: the stage's own); an HTML page is parsed by parse_html first"
    )

    def validate(self) -> list[tuple[str, str]]:
        if (self.input is None) == (self.keep is None):
            return [("in", "an example needs exactly one of 'in' or 'keep'")]
        if self.encoding is not None:
            try:
                (self.input or self.keep or "").encode(self.encoding)
            except LookupError:
                return [("encoding", f"unknown encoding {self.encoding!r}")]
            except (UnicodeError, ValueError) as error:
                return [("encoding", f"the example's text cannot be written in {self.encoding}: {error}")]
        if self.input is not None and self.out is None and self.flags is None and self.metadata is None:
            return [("in", "an 'in' example needs 'out', 'flags' or 'metadata'")]
        return []


@dataclass(frozen=True)
class Origin:
    """Where a rule was defined: file and line, shown by `rules list` and in errors."""

    path: str = "<built-in>"
    line: int = 0

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


@dataclass(frozen=True, kw_only=True)
class RuleBase:
    """Keys every rule has, whatever its stage."""

    id: str = option(doc="unique id, `pack/kebab-slug`; the same id in a user file overrides a default")
    description: str = option("", "what the rule finds and why")
    enabled: bool = option(True, "false switches the rule off")
    severity: Severity | None = option(None, "error, warning or info; default depends on the stage")
    apply: Literal["auto", "suggest"] | None = option(
        None, "auto: make the rule's changes; suggest: only report them, with what they would be (default: the stage's)"
    )
    files: tuple[str, ...] = option((), "only apply to input paths matching one of these globs")
    sources: tuple[str, ...] = option((), "only apply to articles whose source URL or host matches a glob")
    languages: tuple[str, ...] = option(
        (),
        "only apply to articles in these languages (ISO 639-1: en, fr, de, es, it, pt, nl, pl) "
        "or in one cleaner cannot tell",
    )
    examples: tuple[Example, ...] = option((), "test cases run by `cleaner rules test`")
    origin: Origin = field(default=Origin(), metadata={"internal": True})

    # Keys that select what the rule does; an override naming none of them patches the old rule.
    matcher_keys: ClassVar[tuple[str, ...]] = ()

    def validate(self) -> list[tuple[str, str]]:
        problems = []
        if "/" not in self.id:
            problems.append(("id", "the id should look like 'pack/kebab-slug'"))
        given = [key for key in self.matcher_keys if getattr(self, key) not in (None, (), "", {}, False)]
        if self.matcher_keys and len(given) != 1:
            wanted = ", ".join(self.matcher_keys)
            problems.append(("id", f"needs exactly one of: {wanted} (got {', '.join(given) or 'none'})"))
        return problems

    def applies_to(self, document: Document) -> bool:
        if self.files and not _matches_path(document.source.path, self.files):
            return False
        if self.languages:
            language = guess_language(_opening(document))
            if language is not None and language not in self.languages:
                return False
        if self.sources:
            url = document.metadata.url or ""
            host = urlsplit(url).hostname or ""
            if not any(fnmatch.fnmatch(url, glob) or fnmatch.fnmatch(host, glob) for glob in self.sources):
                return False
        return True


def _opening(document: Document, size: int = 6000) -> str:
    """The start of the article's text, enough to tell its language."""
    parts, total = [], 0
    for block in document.blocks:
        parts.append(block.text)
        total += len(block.text)
        if total >= size:
            break
    return "\n\n".join(parts)


def _matches_path(path: str, globs: tuple[str, ...]) -> bool:
    pure = PurePath(path)
    return any(pure.match(glob) or fnmatch.fnmatch(path, glob) for glob in globs)


class StageSchema(Protocol):
    """What the rule book needs to know of a stage class to read its part of a rule file."""

    Options: type[Any]
    Rule: type[RuleBase]
    Section: tuple[str, type[Any]] | None

    @classmethod
    def entry_key(cls, entry: Any) -> str: ...

    @classmethod
    def check_entries(cls, entries: tuple[Any, ...]) -> list[tuple[Any, str]]: ...
