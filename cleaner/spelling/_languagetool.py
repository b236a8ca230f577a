"""LanguageTool: a server's `/v2/check` API, asked within bounds; never downloaded.

The server is a configured URL (`remote_server`, or CLEANER_LANGUAGETOOL_SERVER),
or a LanguageTool that language-tool-python finds already installed here (it
starts it). Nothing is ever downloaded: without either, the engine is
unavailable and `fix_spelling` says how to set one up.

Every request has a time limit, so does each file and the whole run; an answer
is read up to a size limit and checked (offsets inside the text, suggestions
that are short strings). A server that failed once is not asked again in this
process: the outage is reported, and `lint` does not keep the result.
"""

from __future__ import annotations

import json
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from functools import lru_cache
from typing import TYPE_CHECKING

from ._engine import EngineUnavailable, Issue

if TYPE_CHECKING:
    from language_tool_python import LanguageTool

SERVER_VARIABLE = "CLEANER_LANGUAGETOOL_SERVER"
_SPELLING_TYPES = {"misspelling"}
REQUEST_SECONDS = 15.0  # one request
FILE_SECONDS = 30.0  # every request for one file
RUN_SECONDS = 300.0  # every request of this process
MAX_ANSWER_BYTES = 4 * 2**20
MAX_SUGGESTION_CHARS = 200
MAX_SUGGESTIONS = 5


class LanguageToolEngine:
    def __init__(self, language: str, remote_server: str = "") -> None:
        self.language = language
        self.remote_server = os.environ.get(SERVER_VARIABLE) or remote_server
        self._url: str | None = None
        self._local: LanguageTool | None = None  # language-tool-python's handle on a local installation it started
        self._failure: str | None = None
        self._spent = 0.0

    @property
    def where(self) -> str:
        return self.remote_server or "a local LanguageTool"

    def check(self, text: str, started: float | None = None, file_seconds: float = FILE_SECONDS) -> list[Issue]:
        """The server's issues with `text`; `started` is when this file's checks began (for its time limit)."""
        url = self._connect()
        now = time.monotonic()
        left = min(REQUEST_SECONDS, RUN_SECONDS - self._spent, file_seconds - (now - started if started else 0.0))
        if left <= 0:
            raise self._fail(
                f"LanguageTool at {self.where} took all the time it may have "
                f"({file_seconds:g} s a file, {RUN_SECONDS:g} s a run)"
            )
        form = urllib.parse.urlencode({"language": self.language, "text": text}).encode("utf-8")
        try:
            with urllib.request.urlopen(urllib.request.Request(url + "/v2/check", data=form), timeout=left) as answer:
                body = answer.read(MAX_ANSWER_BYTES + 1)
        except (urllib.error.URLError, OSError, ValueError) as error:
            raise self._fail(f"LanguageTool at {self.where} is not reachable ({_reason(error)})") from None
        finally:
            self._spent += time.monotonic() - now
        if len(body) > MAX_ANSWER_BYTES:
            raise self._fail(f"LanguageTool at {self.where} answered with more than {MAX_ANSWER_BYTES // 2**20} MB")
        try:
            matches = json.loads(body)["matches"]
            return [issue for match in matches if (issue := _issue(match, len(text))) is not None]
        except (ValueError, KeyError, TypeError) as error:
            raise self._fail(f"LanguageTool at {self.where} gave an answer that is not its API's ({error})") from None

    def _connect(self) -> str:
        if self._failure:
            raise EngineUnavailable(self._failure)
        if self._url is None:
            if self.remote_server:
                self._url = self.remote_server.rstrip("/")
            else:
                self._url = self._start_local()
        return self._url

    def _start_local(self) -> str:
        """A LanguageTool already installed here, started by language-tool-python; never a download."""
        try:
            from language_tool_python import utils

            installed = utils.find_existing_language_tool_downloads(utils.get_language_tool_download_path())
        except Exception:  # the library's own checks of its folders
            installed = []
        if not installed:
            raise self._fail(
                "LanguageTool is not installed here and no server is set; cleaner never downloads it: set "
                f"`remote_server` in the rule or {SERVER_VARIABLE} to a LanguageTool server's URL"
            )
        try:
            import language_tool_python

            self._local = language_tool_python.LanguageTool(self.language)
            return str(self._local._url).rstrip("/").removesuffix("/v2")
        except Exception as error:  # no Java, a port in use...
            raise self._fail(
                f"the LanguageTool installed here would not start ({type(error).__name__}: {error})"
            ) from None

    def _fail(self, message: str) -> EngineUnavailable:
        self._failure = message
        return EngineUnavailable(message)


def _issue(match: dict, length: int) -> Issue | None:
    """One match of the server's answer, or None when it points outside the text or is malformed."""
    offset, size = match["offset"], match["length"]
    if not (isinstance(offset, int) and isinstance(size, int) and 0 <= offset and 0 < size and offset + size <= length):
        return None
    suggestions = tuple(
        value
        for value in (
            item.get("value") for item in match.get("replacements", ())[:MAX_SUGGESTIONS] if isinstance(item, dict)
        )
        if isinstance(value, str) and len(value) <= MAX_SUGGESTION_CHARS
    )
    rule = match.get("rule") or {}
    return Issue(
        start=offset,
        end=offset + size,
        rule_id=str(rule.get("id", "LANGUAGETOOL"))[:100],
        kind="spelling" if rule.get("issueType") in _SPELLING_TYPES else "grammar",
        message=str(match.get("message", ""))[:500],
        suggestions=suggestions,
    )


def _reason(error: Exception) -> str:
    reason = getattr(error, "reason", None) or error
    return f"{type(reason).__name__}: {reason}" if not isinstance(reason, str) else reason


@lru_cache(maxsize=4)
def languagetool_engine(language: str, remote_server: str) -> LanguageToolEngine:
    """One engine (one connection) per process for each language and server."""
    return LanguageToolEngine(language, remote_server)
