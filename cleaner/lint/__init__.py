"""`cleaner lint`: findings per file, filters, `--fix`, the signed cache, report formats."""

from __future__ import annotations

from ._cache import cache_folder, prune
from ._filters import FindingFilter, unknown_patterns
from ._lint import FileLint, LintJob, lint_file, rules_fingerprint
from ._report import FORMATS, ExitCode, plural, print_error, print_file_error, render, safe_text, summary

__all__ = [
    "ExitCode",
    "FORMATS",
    "FileLint",
    "FindingFilter",
    "LintJob",
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
