"""Lint results of unchanged files, keyed by file content, rule set and tool version; signed.

The cache folder usually sits in the project, where anyone who can open a pull
request can write to it. So each entry is signed with an HMAC whose key lives
outside the project, in the user's cache folder (`~/.cache/cleaner/cache-key`,
made on first use, readable by its owner only). An entry whose signature,
shape or types are off, a file that is not a regular file (a FIFO, a symlink,
a device) or one too large is a miss, never an error: the file is simply
checked again. A `.gitignore` in the cache folder keeps it out of commits;
each run removes the entries of other rule sets and tool versions.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import shutil
import stat
from dataclasses import asdict, fields
from functools import lru_cache
from pathlib import Path

from ..batch import write_atomic
from ..core import Finding, Severity, code_fingerprint

_FORMAT = "lint-v3"
_MAX_ENTRY_BYTES = 32 * 2**20
_KEY_BYTES = 32
_FIX_KINDS = ("edit", "reencode", "newlines")


@lru_cache(maxsize=1)
def signing_key() -> bytes | None:
    """This user's key for signing cache entries, made on first use; None when it cannot be kept."""
    home = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "cleaner"
    path = home / "cache-key"
    try:
        home.mkdir(parents=True, exist_ok=True)
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            key = _read_regular(path, _KEY_BYTES + 1)
            return key if key is not None and len(key) == _KEY_BYTES else None
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(secrets.token_bytes(_KEY_BYTES))
        return _read_regular(path, _KEY_BYTES + 1)
    except OSError:
        return None


def _read_regular(path: Path, limit: int) -> bytes | None:
    """At most `limit` bytes of a regular file that is not a symlink; None for anything else."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            return None
        return os.read(descriptor, limit)
    except OSError:
        return None
    finally:
        os.close(descriptor)


def cache_folder(root: Path, rules: str) -> Path:
    """Where the entries of one rule set (its fingerprint and stages) and this tool version go."""
    return root / _FORMAT / hashlib.sha256((rules + code_fingerprint()).encode()).hexdigest()[:20]


class LintCache:
    def __init__(self, root: Path, rules: str, batch: str = "") -> None:
        self.root = root
        self.folder = cache_folder(root, rules)
        self.batch = batch  # what the other files of the run showed matters too
        self.key_bytes = signing_key()

    def key(self, data: bytes, path: str) -> str:
        digest = hashlib.sha256(self.folder.name.encode() + b"\0" + self.batch.encode() + b"\0")
        digest.update(path.encode("utf-8", "surrogateescape") + b"\0")
        digest.update(data)
        return digest.hexdigest()

    def get(self, key: str) -> tuple[tuple[Finding, ...], dict | None] | None:
        """The findings and batch observations stored for `key`, or None."""
        if self.key_bytes is None:
            return None
        raw = _read_regular(self.folder / key[:2] / f"{key}.json", _MAX_ENTRY_BYTES + 1)
        if raw is None or len(raw) > _MAX_ENTRY_BYTES:
            return None
        signature, _, body = raw.partition(b"\n")
        if not hmac.compare_digest(signature, self._sign(key, body).encode()):
            return None
        try:
            entry = json.loads(body)
            findings = tuple(_finding(item) for item in entry["findings"])
            observed = entry["observed"]
        except (ValueError, TypeError, KeyError, AttributeError):
            return None
        if not isinstance(observed, (dict, type(None))):
            return None
        return findings, observed

    def put(self, key: str, findings: tuple[Finding, ...], observed: dict | None = None) -> None:
        if self.key_bytes is None:
            return
        body = json.dumps(
            {
                "findings": [{**asdict(f), "severity": f.severity.value} for f in findings],
                "observed": observed,  # stages keep their observations to plain JSON data
            },
            ensure_ascii=False,
        ).encode("utf-8")
        try:
            self._ignore_in_git()
            write_atomic(self.folder / key[:2] / f"{key}.json", self._sign(key, body).encode() + b"\n" + body)
        except OSError:
            pass  # a read-only tree still lints, only slower

    def _sign(self, key: str, body: bytes) -> str:
        return hmac.new(self.key_bytes or b"", key.encode() + b"\0" + body, hashlib.sha256).hexdigest()

    def _ignore_in_git(self) -> None:
        marker = self.root / ".gitignore"
        if not marker.exists():
            self.root.mkdir(parents=True, exist_ok=True)
            write_atomic(marker, "# made by cleaner: its lint cache is local to this machine\n*\n")


def prune(root: Path, keep: set[Path]) -> None:
    """Remove the entries of every rule set and tool version but those of this run."""
    for folder in (root / _FORMAT).glob("*"):
        if folder not in keep and folder.is_dir() and not folder.is_symlink():
            shutil.rmtree(folder, ignore_errors=True)


_FINDING_TYPES: dict[str, type | tuple[type, ...]] = {
    "rule_id": str,
    "stage": str,
    "severity": str,
    "message": str,
    "line": int,
    "column": int,
    "end_line": int,
    "end_column": int,
    "before": str,
    "after": (str, type(None)),
    "fixable": bool,
    "fix": str,
    "suggestions": list,
}


def _finding(item: dict) -> Finding:
    """A stored finding, checked field by field; anything off raises and makes the entry a miss."""
    if set(item) != {f.name for f in fields(Finding)}:
        raise KeyError("fields")
    for name, kind in _FINDING_TYPES.items():
        if not isinstance(item[name], kind) or (kind is int and isinstance(item[name], bool)):
            raise TypeError(name)
    if item["fix"] not in _FIX_KINDS or not all(isinstance(s, str) for s in item["suggestions"]):
        raise TypeError("fix")
    if min(item["line"], item["column"], item["end_line"], item["end_column"]) < 1:
        raise ValueError("position")
    return Finding(**{**item, "severity": Severity(item["severity"]), "suggestions": tuple(item["suggestions"])})
