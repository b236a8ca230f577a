"""Regenerate what the tests compare against: the docs' generated regions, the rule schema, golden files
and the recorded outputs of the dev pages.

    python -m tests.regenerate
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleaner import clean_text  # noqa: E402
from cleaner.pipeline import default_rules_catalogue, rules_json_schema, rules_reference_markdown  # noqa: E402
from tests.output_digests import write_digests  # noqa: E402

# Generated regions of the docs: file, marker name, generator.
REGIONS = (
    ("docs/reference.md", "reference", rules_reference_markdown),
    ("docs/rules.md", "catalogue", default_rules_catalogue),
)


def region_bounds(text: str, name: str) -> tuple[int, int]:
    """Where the generated text between `<!-- name:start ... -->` and `<!-- name:end -->` lies."""
    start = text.index("-->\n", text.index(f"<!-- {name}:start")) + len("-->\n")
    return start, text.index(f"<!-- {name}:end -->")


def main() -> None:
    for relative, name, generate in REGIONS:
        path = ROOT / relative
        text = path.read_text(encoding="utf-8")
        start, end = region_bounds(text, name)
        path.write_text(text[:start] + generate() + text[end:], encoding="utf-8")
    schema = json.dumps(rules_json_schema(), indent=2, ensure_ascii=False) + "\n"
    (ROOT / "schema" / "rules.schema.json").write_text(schema, encoding="utf-8")
    for seed in sorted((ROOT / "seeds").glob("*.txt")):
        markdown = clean_text(seed.read_text(encoding="utf-8"), path=f"seeds/{seed.name}").markdown
        (ROOT / "tests" / "golden" / f"{seed.stem}.md").write_text(markdown, encoding="utf-8")
    if "--outputs" in sys.argv:  # minutes: only when behaviour was meant to change
        write_digests()


if __name__ == "__main__":
    main()
