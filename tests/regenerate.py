"""Regenerate what the tests compare against: README rule reference, rule schema, golden files.

    python -m tests.regenerate
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleaner import clean_text  # noqa: E402
from cleaner.reference import rules_json_schema, rules_reference_markdown  # noqa: E402


def main() -> None:
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    start = text.index("-->\n", text.index("<!-- reference:start")) + len("-->\n")
    end = text.index("<!-- reference:end -->")
    readme.write_text(text[:start] + rules_reference_markdown() + text[end:], encoding="utf-8")
    (ROOT / "schema" / "rules.schema.json").write_text(json.dumps(rules_json_schema(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    for seed in sorted((ROOT / "seeds").glob("*.txt")):
        markdown = clean_text(seed.read_text(encoding="utf-8"), path=f"seeds/{seed.name}").markdown
        (ROOT / "tests" / "golden" / f"{seed.stem}.md").write_text(markdown, encoding="utf-8")


if __name__ == "__main__":
    main()
