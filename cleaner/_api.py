"""`clean_text`: one article in, Markdown, metadata and findings out."""

from __future__ import annotations

from dataclasses import dataclass

from .core import Finding, Metadata
from .pipeline import Settings, load_pipeline
from .readers import read_string


@dataclass(frozen=True)
class Result:
    markdown: str
    metadata: Metadata
    findings: tuple[Finding, ...]


def clean_text(text: str, config: Settings | None = None, *, path: str = "<text>", format: str = "text") -> Result:
    """Clean one article given as a string; `format` is "text" or "markdown"."""
    pipeline = load_pipeline(config or Settings())
    result = pipeline.run(read_string(text, path, format))
    return Result(result.markdown, result.document.metadata, result.findings)
