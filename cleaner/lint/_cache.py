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

from ..batch._files import InputFile, write_atomic
from ..core import CleanerError, Finding, Severity, code_fingerprint, user_cache_folder
from ..pipeline._settings import Settings
from ..readers import load
from ..rulebook import default_rules_dir, rule_files

_FORMAT = "lint-v3"
_RUNS = "lint-runs-v1"  # whole runs, beside the per-file entries
_KEEP_RUNS = 16
_MAX_ENTRY_BYTES = 32 * 2**20
_KEY_BYTES = 32
_FIX_KINDS = ("edit", "reencode", "newlines")


@lru_cache(maxsize=1)
def signing_key() -> bytes | None:
    """This user's key for signing cache entries, made on first use; None when it cannot be kept."""
    home = user_cache_folder()
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

    def key(self, data: bytes, path: str) -> str:
        digest = hashlib.sha256(self.folder.name.encode() + b"\0" + self.batch.encode() + b"\0")
        digest.update(path.encode("utf-8", "surrogateescape") + b"\0")
        digest.update(data)
        return digest.hexdigest()

    def get(self, key: str) -> tuple[tuple[Finding, ...], dict | None] | None:
        """The findings and batch observations stored for `key`, or None."""
        entry = _read_signed(self.folder / key[:2] / f"{key}.json", key)
        try:
            findings = tuple(_finding(item) for item in entry["findings"])  # type: ignore[index]
            observed = entry["observed"]  # type: ignore[index]
        except (ValueError, TypeError, KeyError, AttributeError):
            return None
        if not isinstance(observed, (dict, type(None))):
            return None
        return findings, observed

    def put(self, key: str, findings: tuple[Finding, ...], observed: dict | None = None) -> None:
        entry = {"findings": [_stored(f) for f in findings], "observed": observed}  # observations are plain JSON
        _write_signed(self.root, self.folder / key[:2] / f"{key}.json", key, entry)


class RunCache:
    """Whole lint runs: a group of files linted again with the same bytes, rules, filters and code gets the
    findings of the run before at once, without reading a rule or building the pipeline."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.folder = root / _RUNS

    def key(self, settings: Settings, finding_filter: object, items: list[InputFile]) -> str | None:
        """What the findings of these files depend on, or None when a file cannot be read (it is reported)."""
        digest = hashlib.sha256(f"{_RUNS}\0{code_fingerprint()}\0{settings!r}\0{finding_filter!r}\0".encode())
        for name, value in sorted(os.environ.items()):
            if name.startswith("CLEANER_"):  # e.g. the LanguageTool server a rule may ask
                digest.update(f"{name}={value}\0".encode())
        sources = rule_files(default_rules_dir()) if settings.include_defaults else []
        for path in settings.rule_paths:
            sources += rule_files(Path(path))
        try:
            for source in sources:
                digest.update(str(source).encode() + b"\0" + hashlib.sha256(source.read_bytes()).digest())
            for item in items:
                data = load(item.path, item.shown, settings.max_file_bytes)
                digest.update(item.shown.encode("utf-8", "surrogateescape") + b"\0" + hashlib.sha256(data).digest())
        except (OSError, CleanerError):
            return None
        return digest.hexdigest()

    def get(self, key: str) -> dict[str, list[Finding]] | None:
        entry = _read_signed(self.folder / f"{key}.json", key)
        try:
            return {shown: [_finding(item) for item in found] for shown, found in entry["files"].items()}  # type: ignore[index]
        except (ValueError, TypeError, KeyError, AttributeError):
            return None

    def put(self, key: str, files: dict[str, list[Finding]]) -> None:
        entry = {"files": {shown: [_stored(f) for f in found] for shown, found in files.items()}}
        _write_signed(self.root, self.folder / f"{key}.json", key, entry)
        try:
            runs = sorted(self.folder.glob("*.json"), key=lambda path: path.stat().st_mtime, reverse=True)
            for stale in runs[_KEEP_RUNS:]:
                stale.unlink(missing_ok=True)
        except OSError:
            pass


def _stored(finding: Finding) -> dict:
    return {**asdict(finding), "severity": finding.severity.value}


def _read_signed(path: Path, key: str) -> object:
    """The JSON body of a signed entry, or None when it is missing, too large, or its signature is off."""
    signing = signing_key()
    if signing is None:
        return None
    raw = _read_regular(path, _MAX_ENTRY_BYTES + 1)
    if raw is None or len(raw) > _MAX_ENTRY_BYTES:
        return None
    signature, _, body = raw.partition(b"\n")
    if not hmac.compare_digest(signature, _sign(signing, key, body).encode()):
        return None
    try:
        return json.loads(body)
    except ValueError:
        return None


def _write_signed(root: Path, path: Path, key: str, entry: dict) -> None:
    signing = signing_key()
    if signing is None:
        return
    body = json.dumps(entry, ensure_ascii=False).encode("utf-8")
    try:
        _ignore_in_git(root)
        write_atomic(path, _sign(signing, key, body).encode() + b"\n" + body)
    except OSError:
        pass  # a read-only tree still lints, only slower


def _sign(signing: bytes, key: str, body: bytes) -> str:
    return hmac.new(signing, key.encode() + b"\0" + body, hashlib.sha256).hexdigest()


def _ignore_in_git(root: Path) -> None:
    marker = root / ".gitignore"
    if not marker.exists():
        root.mkdir(parents=True, exist_ok=True)
        write_atomic(marker, "# made by cleaner: its lint cache is local to this machine\n*\n")


def prune(root: Path, keep: set[Path]) -> None:
    """Remove the entries of every rule set and tool version but those of this run."""
    for folder in (root / _FORMAT).glob("*"):
        if folder not in keep and folder.is_dir() and not folder.is_symlink():
            shutil.rmtree(folder, ignore_errors=True)


_FINDING_FIELDS = frozenset(f.name for f in fields(Finding))
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
    if item.keys() != _FINDING_FIELDS:
        raise KeyError("fields")
    for name, kind in _FINDING_TYPES.items():
        if not isinstance(item[name], kind) or (kind is int and isinstance(item[name], bool)):
            raise TypeError(name)
    if item["fix"] not in _FIX_KINDS or not all(isinstance(s, str) for s in item["suggestions"]):
        raise TypeError("fix")
    if min(item["line"], item["column"], item["end_line"], item["end_column"]) < 1:
        raise ValueError("position")
    return Finding(**{**item, "severity": Severity(item["severity"]), "suggestions": tuple(item["suggestions"])})
