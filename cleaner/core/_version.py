"""The version of cleaner, for `--version`, reports, and the fingerprint that keys kept results."""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path

VERSION = "0.1.0"


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """The tool's own code and data: an edited checkout must not reuse results of the old one."""
    digest = hashlib.sha256(VERSION.encode())
    package = Path(__file__).parent.parent
    for path in sorted(package.rglob("*.py")) + sorted((package / "data").glob("*")):
        digest.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def user_cache_folder() -> Path:
    """Where this user's kept data lives (`$XDG_CACHE_HOME/cleaner`, else `~/.cache/cleaner`); not created here."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "cleaner"
