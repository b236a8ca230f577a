"""LanguageTool through language-tool-python: a server URL, or a local server it starts.

The server is asked once per process; when it cannot be reached the engine
raises EngineUnavailable and `fix_spelling` reports that once and goes on.
"""
from __future__ import annotations

import os
from functools import lru_cache

from . import EngineUnavailable, Issue

SERVER_VARIABLE = "CLEANER_LANGUAGETOOL_SERVER"
_SPELLING_TYPES = {"misspelling"}


class LanguageToolEngine:
    def __init__(self, language: str, remote_server: str = "") -> None:
        self.language = language
        self.remote_server = os.environ.get(SERVER_VARIABLE) or remote_server
        self._tool = None
        self._failure: str | None = None

    def check(self, text: str) -> list[Issue]:
        tool = self._connect()
        try:
            matches = tool.check(text)
        except Exception as error:  # the client raises its own and requests' errors
            raise EngineUnavailable(f"LanguageTool at {self.where}: {error}") from None
        return [
            Issue(
                start=match.offset,
                end=match.offset + match.error_length,
                rule_id=match.rule_id,
                kind="spelling" if match.rule_issue_type in _SPELLING_TYPES else "grammar",
                message=match.message,
                suggestions=tuple(match.replacements[:5]),
            )
            for match in matches
        ]

    @property
    def where(self) -> str:
        return self.remote_server or "a local server"

    def _connect(self):
        if self._failure:
            raise EngineUnavailable(self._failure)
        if self._tool is None:
            try:
                import language_tool_python

                if self.remote_server:
                    self._tool = language_tool_python.LanguageTool(self.language, remote_server=self.remote_server)
                else:
                    self._tool = language_tool_python.LanguageTool(self.language)
            except Exception as error:  # no Java, no download, connection refused...
                self._failure = f"LanguageTool at {self.where} is not reachable ({type(error).__name__}: {error})"
                raise EngineUnavailable(self._failure) from None
        return self._tool


@lru_cache(maxsize=4)
def languagetool_engine(language: str, remote_server: str) -> LanguageToolEngine:
    """One engine (one connection) per process for each language and server."""
    return LanguageToolEngine(language, remote_server)
