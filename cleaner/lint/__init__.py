"""`cleaner lint`: findings per file, filters, `--fix`, the signed cache, report formats.

Names are imported from their modules on first use: a command loads only what it needs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core import lazy_names

if TYPE_CHECKING:
    from ._cache import RunCache, cache_folder, prune
    from ._filters import FindingFilter, unknown_patterns
    from ._lint import lint_file, rules_fingerprint
    from ._report import FORMATS, ExitCode, plural, print_error, print_file_error, render, safe_text, summary
    from ._results import FileLint, LintJob

__all__ = [
    "ExitCode",
    "FORMATS",
    "FileLint",
    "FindingFilter",
    "LintJob",
    "RunCache",
    "cache_folder",
    "lint_file",
    "plural",
    "print_error",
    "print_file_error",
    "prune",
    "render",
    "rules_fingerprint",
    "safe_text",
    "summary",
    "unknown_patterns",
]

__getattr__ = lazy_names(
    __name__,
    {
        "RunCache": "._cache",
        "cache_folder": "._cache",
        "prune": "._cache",
        "FindingFilter": "._filters",
        "unknown_patterns": "._filters",
        "FileLint": "._results",
        "LintJob": "._results",
        "lint_file": "._lint",
        "rules_fingerprint": "._lint",
        "FORMATS": "._report",
        "ExitCode": "._report",
        "plural": "._report",
        "print_error": "._report",
        "print_file_error": "._report",
        "render": "._report",
        "safe_text": "._report",
        "summary": "._report",
    },
)
