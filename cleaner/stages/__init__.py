"""STAGES: stage name -> class. The same name is the module and `stage:` in YAML."""

from __future__ import annotations

from .base import Stage
from .decode import Decode
from .extract_metadata import ExtractMetadata
from .fix_spelling import FixSpelling
from .normalize_names import NormalizeNames
from .normalize_typography import NormalizeTypography
from .parse_html import ParseHtml
from .render_markdown import RenderMarkdown
from .strip_debris import StripDebris

STAGES: dict[str, type[Stage]] = {
    "decode": Decode,
    "parse_html": ParseHtml,
    "extract_metadata": ExtractMetadata,
    "strip_debris": StripDebris,
    "fix_spelling": FixSpelling,
    "normalize_names": NormalizeNames,
    "normalize_typography": NormalizeTypography,
    "render_markdown": RenderMarkdown,
}
