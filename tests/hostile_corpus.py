"""Write a folder of real-world junk for the robustness tests (and for anyone to try by hand).

    python -m tests.hostile_corpus DIR

Every file claims to be an article; few are what they claim. `GOOD` lists the
files that must be cleaned (and what must be true of the result); `BAD`, the
ones that must be reported by name and reason while the batch goes on.
"""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path

BODY = "The council met on Tuesday and voted to close the old library, which has served the town for ninety years.\n\n"

# file -> (a substring the Markdown must contain, substrings it must not contain)
GOOD = {
    "latin1.txt": ("Café au lait and naïve résumé", ["Caf\ufffd"]),
    "utf16-bom.txt": ("Зелёный чай 🙂", []),
    "mojibake.txt": ("The council’s decision was “final”", ["â€"]),
    "nul-bytes.txt": ("Beforeafter NUL bytes", ["\x00"]),
    "crlf.txt": ("ninety years.", ["\r"]),
    "zero-width.txt": ("zerowidth words and 北京 and مرحبا and 👨\u200d👩\u200d👧 family", ["\u200b"]),
    "long-line.txt": ("word word word", []),
    "deep.html": ("Deep text survives", []),
    "unclosed.html": ("Another paragraph about the library", []),
    "loop/article.txt": ("ninety years", []),
}
# file -> a word the error line must hold
BAD = {"picture.txt": "not text", "empty.txt": "empty", "huge.txt": "too large", "bomb.html.gz": "unpacks to more than"}


def write_corpus(folder: Path, huge_mb: int = 50) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(1)
    (folder / "picture.txt").write_bytes(
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(rng.randrange(256) for _ in range(4000))
    )
    (folder / "empty.txt").write_bytes(b"")
    (folder / "latin1.txt").write_bytes(
        ("Café au lait and naïve résumé were on the menu. " * 3 + "\n\n" + BODY).encode("latin-1")
    )
    (folder / "utf16-bom.txt").write_bytes(("Зелёный чай 🙂 was served. " + BODY).encode("utf-16"))
    (folder / "mojibake.txt").write_text(
        "The councilâ€™s decision was â€œfinalâ€\x9d, said the mayor.\n\n" + BODY, encoding="utf-8"
    )
    (folder / "nul-bytes.txt").write_bytes(b"Before\x00after NUL bytes in the text.\n\n" + BODY.encode())
    (folder / "crlf.txt").write_bytes(BODY.replace("\n", "\r\n").encode())
    (folder / "zero-width.txt").write_text(
        "zero\u200bwidth words and 北京 and مرحبا and 👨\u200d👩\u200d👧 family.\n\n" + BODY, encoding="utf-8"
    )
    (folder / "long-line.txt").write_text("word " * 2_000_000, encoding="utf-8")  # 10 MB, no newline
    with (folder / "huge.txt").open("w", encoding="utf-8") as stream:
        chunk = BODY * 1000
        for _ in range(huge_mb * 2**20 // len(chunk) + 1):
            stream.write(chunk)
    (folder / "deep.html").write_text(
        "<html><body>"
        + "<div>" * 20_000
        + "<p>Deep text survives twenty thousand levels down.</p>"
        + "</div>" * 20_000
        + "</body></html>",
        encoding="utf-8",
    )
    (folder / "unclosed.html").write_text(
        "<html><body><article><p>The council met on Tuesday and voted to close the old library"
        "<p>Another paragraph about the library and its ninety years of service to the town<div><span>",
        encoding="utf-8",
    )
    (folder / "no-body.html").write_text("<html><head><title>Only a title</title></head></html>", encoding="utf-8")
    import gzip

    (folder / "bomb.html.gz").write_bytes(gzip.compress(b"<p>" + b" " * (40 * 2**20) + b"</p>", 9))
    loop = folder / "loop"
    loop.mkdir(exist_ok=True)
    (loop / "article.txt").write_text(BODY, encoding="utf-8")
    if not (loop / "back").exists():
        os.symlink("..", loop / "back")  # a folder that contains itself
    return folder


if __name__ == "__main__":
    print(write_corpus(Path(sys.argv[1] if len(sys.argv) > 1 else "hostile")))
