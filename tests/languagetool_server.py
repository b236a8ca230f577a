"""A local stand-in for a LanguageTool server: `/v2/languages` and `/v2/check` on 127.0.0.1.

It answers in the real server's JSON shape (the fields language-tool-python
reads, and the ones around them) from a small table of known errors, so the
real client can be driven without Java or network.
"""

from __future__ import annotations

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

LANGUAGES = [
    {"name": "English", "code": "en", "longCode": "en"},
    {"name": "English (US)", "code": "en", "longCode": "en-US"},
    {"name": "English (GB)", "code": "en", "longCode": "en-GB"},
    {"name": "German (Germany)", "code": "de", "longCode": "de-DE"},
]
MISSPELLINGS = {"de-escalinate": ["de-escalate", "de-escalated"], "recieve": ["receive"], "goverment": ["government"]}


def _match(text: str, start: int, end: int, rule: dict, message: str, replacements: list[str]) -> dict:
    sentence_start = max(text.rfind(".", 0, start) + 1, 0)
    return {
        "message": message,
        "shortMessage": "",
        "replacements": [{"value": value} for value in replacements],
        "offset": start,
        "length": end - start,
        "context": {"text": text[max(0, start - 40) : end + 40], "offset": min(start, 40), "length": end - start},
        "sentence": text[sentence_start:].strip(),
        "type": {"typeName": "Other"},
        "rule": rule,
        "ignoreForIncompleteSentence": False,
        "contextForSureMatch": 0,
    }


def check(text: str, language: str) -> dict:
    matches = []
    for word in re.finditer(r"[\w'-]+", text):
        if word.group(0).lower() in MISSPELLINGS:
            rule = {
                "id": "MORFOLOGIK_RULE_EN_US",
                "description": "Possible spelling mistake",
                "issueType": "misspelling",
                "category": {"id": "TYPOS", "name": "Possible Typo"},
            }
            matches.append(
                _match(
                    text,
                    word.start(),
                    word.end(),
                    rule,
                    "Possible spelling mistake found.",
                    MISSPELLINGS[word.group(0).lower()],
                )
            )
    for start in re.finditer(r"[.!?][\"”’]? ([a-z]\w*)", text):
        rule = {
            "id": "UPPERCASE_SENTENCE_START",
            "description": "Checks that a sentence starts with an uppercase letter",
            "issueType": "typographical",
            "category": {"id": "CASING", "name": "Capitalization"},
        }
        word = start.group(1)
        matches.append(
            _match(
                text,
                start.start(1),
                start.end(1),
                rule,
                "This sentence does not start with an uppercase letter.",
                [word[0].upper() + word[1:]],
            )
        )
    matches.sort(key=lambda m: m["offset"])
    return {
        "software": {
            "name": "LanguageTool",
            "version": "6.6",
            "buildDate": "2025-03-27 19:21:00 +0000",
            "apiVersion": 1,
            "premium": False,
            "premiumHint": "",
            "status": "",
        },
        "warnings": {"incompleteResults": False},
        "language": {
            "name": "English (US)",
            "code": language,
            "detectedLanguage": {"name": "English (US)", "code": "en-US", "confidence": 0.99, "source": "ngram"},
        },
        "matches": matches,
        "sentenceRanges": [],
    }


class _Handler(BaseHTTPRequestHandler):
    requests: list[dict] = []
    # How the server misbehaves, for the attack tests: "" (it does not), "silent" (never answers),
    # "huge" (answers with megabytes), "outside" (offsets past the text's end).
    mode = ""

    def log_message(self, *args) -> None:  # keep test output quiet
        pass

    def _send(self, payload, status: int = 200) -> None:
        body = json.dumps(payload).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client stopped reading (it caps answers): what the attack tests want

    def do_GET(self) -> None:
        if self.path.startswith("/v2/languages"):
            self._send(LANGUAGES)
        else:
            self._send({"error": "not found"}, 404)

    def do_POST(self) -> None:
        if not self.path.startswith("/v2/check"):
            self._send({"error": "not found"}, 404)
            return
        length = int(self.headers.get("Content-Length", 0))
        form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode("utf-8")).items()}
        type(self).requests.append(form)
        answer = check(form.get("text", ""), form.get("language", "en-US"))
        if self.mode == "silent":
            time.sleep(60)
            return
        if self.mode == "huge":
            answer["padding"] = "x" * (20 * 2**20)
        if self.mode == "outside":
            for match in answer["matches"]:
                match["offset"] += 10_000
        self._send(answer)


class LanguageToolStub:
    """Context manager: a running stub server; `.url` is its base URL."""

    def __init__(self, mode: str = "") -> None:
        self.mode = mode

    def __enter__(self) -> LanguageToolStub:
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.server.daemon_threads = True
        _Handler.requests = []
        _Handler.mode = self.mode
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        return self

    @property
    def requests(self) -> list[dict]:
        return _Handler.requests

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
