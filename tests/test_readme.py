"""The README and docs stay true: generated regions current, set-up commands real, example rule files working."""

from __future__ import annotations

import pytest

from cleaner.pipeline import example_cases, load_rules, run_case

from .conftest import ROOT
from .regenerate import REGIONS, region_bounds

README = ROOT / "README.md"
DOCS = [README, *sorted((ROOT / "docs").glob("*.md"))]


@pytest.mark.parametrize(("relative", "name", "generate"), REGIONS, ids=[name for _, name, _ in REGIONS])
def test_generated_regions_of_the_docs_are_current(relative, name, generate) -> None:
    text = (ROOT / relative).read_text(encoding="utf-8")
    start, end = region_bounds(text, name)
    assert text[start:end] == generate(), "run python -m tests.regenerate"


def test_readme_is_short_and_names_the_ci_test_command() -> None:
    readme = README.read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    command = "python3 -m venv .venv && . .venv/bin/activate && pip install -e '.[test]' && python -m pytest"
    assert command in readme and command in ci
    assert len(readme.encode()) <= 10_000


def test_links_between_the_docs_lead_to_files_that_exist() -> None:
    import re

    for page in [*DOCS, ROOT / "ARCHITECTURE.md"]:
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", page.read_text(encoding="utf-8")):
            if "://" not in target:
                assert (page.parent / target).exists(), f"{page.name} links to missing {target}"


def test_example_rule_files_in_the_docs_load_and_their_examples_pass(tmp_path) -> None:
    names = []
    for page in DOCS:
        for block in page.read_text(encoding="utf-8").split("```yaml\n# ")[1:]:
            name, text = block.split("\n", 1)
            rule_file = tmp_path / name
            rule_file.write_text(text[: text.index("```")], encoding="utf-8")
            ruleset = load_rules([rule_file])
            cases = example_cases(ruleset, {rule_file.resolve()})
            assert cases and all(run_case(case, ruleset).passed for case in cases), f"{page.name}: {name}"
            names.append(name)
            if name == "my-site.yaml":
                assert not next(rule for _, rule in ruleset.all_rules() if rule.id == "debris/image-id").enabled
    assert {"my-site.yaml", "my-spelling.yaml"} <= set(names)


def test_the_tests_the_docs_name_exist() -> None:
    """docs/guarantees.md backs each promise with a test: `file.py::name`, or `::name` in the last file named."""
    import re

    text = "\n".join(page.read_text(encoding="utf-8") for page in DOCS)
    current, missing = None, []
    for match in re.finditer(r"`((?:attack/)?test_\w+\.py)?::(\w+)", text):
        current = match.group(1) or current
        path = ROOT / "tests" / str(current)
        if not path.is_file() or f"def {match.group(2)}(" not in path.read_text(encoding="utf-8"):
            missing.append(f"{current}::{match.group(2)}")
    assert not missing
