"""The README's rule reference is the generated one, so it cannot go stale."""
from __future__ import annotations

from cleaner.reference import rules_reference_markdown

from .conftest import ROOT


def test_readme_rule_reference_is_current() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("-->\n", readme.index("<!-- reference:start")) + len("-->\n")
    end = readme.index("<!-- reference:end -->")
    assert readme[start:end] == rules_reference_markdown(), "run `cleaner rules reference` and paste it into the README"


def test_readme_names_the_ci_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    command = "python3 -m venv .venv && . .venv/bin/activate && pip install -e '.[test]' && python -m pytest"
    assert command in readme and command in ci


def test_readme_example_rule_files_load_and_their_examples_pass(tmp_path) -> None:
    from cleaner.rules import load_rules
    from cleaner.testing import example_cases, run_case

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    names = []
    for block in readme.split("```yaml\n# ")[1:]:
        name, text = block.split("\n", 1)
        rule_file = tmp_path / name
        rule_file.write_text(text[: text.index("```")], encoding="utf-8")
        ruleset = load_rules([rule_file])
        cases = example_cases(ruleset, {rule_file.resolve()})
        assert cases and all(run_case(case, ruleset).passed for case in cases), name
        names.append(name)
        if name == "my-site.yaml":
            assert not next(rule for _, rule in ruleset.all_rules() if rule.id == "debris/image-id").enabled
    assert {"my-site.yaml", "my-spelling.yaml"} <= set(names)
