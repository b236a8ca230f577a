"""cleaner: turn scraped news articles into clean Markdown, with a finding for every change."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .document import Metadata
from .findings import Finding
from .pipeline import Pipeline, Settings
from .readers import read_string

__all__ = ["Result", "Settings", "clean_text", "load_pipeline"]
__version__ = "0.1.0"


@dataclass(frozen=True)
class Result:
    markdown: str
    metadata: Metadata
    findings: tuple[Finding, ...]


@lru_cache(maxsize=8)
def load_pipeline(settings: Settings = Settings()) -> Pipeline:
    """Build a pipeline once per process for these settings (rules are compiled here)."""
    return Pipeline.from_settings(settings)


def clean_text(text: str, config: Settings | None = None, *, path: str = "<text>", format: str = "text") -> Result:
    """Clean one article given as a string; `format` is "text" or "markdown"."""
    pipeline = load_pipeline(config or Settings())
    result = pipeline.run(read_string(text, path, format))
    return Result(result.markdown, result.document.metadata, result.findings)
