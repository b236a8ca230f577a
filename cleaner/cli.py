"""The `cleaner` command: clean, lint and rules. Thin: parse options, call the library, print."""
from __future__ import annotations

import difflib
import json
import sys
from contextlib import nullcontext
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import __version__
from .config import find_config, load_config
from .errors import CleanerError
from .files import collect_inputs, output_path, write_atomic
from .pipeline import Settings
from .report import ExitCode, format_finding, plural, print_error
from .rules import load_rules, rule_files
from .runner import run_batch

app = typer.Typer(no_args_is_help=True, add_completion=False, help="Turn scraped news articles into clean Markdown.")
rules_app = typer.Typer(no_args_is_help=True, help="List and test rules.")
app.add_typer(rules_app, name="rules")

RulesOption = Annotated[
    Optional[list[Path]], typer.Option("--rules", help="Extra rule file or folder (repeatable); same id overrides a default.")
]
ConfigOption = Annotated[
    Optional[Path], typer.Option("--config", help="Project config (cleaner.yaml or pyproject.toml); default: nearest one.")
]


def _names(value: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in value.split(",") if name.strip())


def _settings(rules: list[Path] | None, config: Path | None, only: str = "", skip: str = "") -> tuple[Settings, int]:
    project = load_config(config if config else find_config(Path.cwd()))
    settings = Settings(
        rule_paths=project.rule_paths() + tuple(path.resolve() for path in rules or ()),
        only=_names(only),
        skip=_names(skip) + project.skip,
    )
    return settings, project.jobs


def _fail(error: CleanerError) -> typer.Exit:
    print_error(sys.stderr, str(error))
    return typer.Exit(ExitCode.USAGE)


def _version(value: bool) -> None:
    if value:
        print(f"cleaner {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")] = False,
) -> None:
    """Turn scraped news articles into clean Markdown."""


@app.command()
def clean(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (*.txt, *.md, searched recursively).")],
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Folder for the Markdown files.")] = None,
    only: Annotated[str, typer.Option(help="Run only these stages (comma-separated).")] = "",
    skip: Annotated[str, typer.Option(help="Skip these stages (comma-separated).")] = "",
    diff: Annotated[bool, typer.Option("--diff", help="Print what would change instead of writing.")] = False,
    rules: RulesOption = None,
    config: ConfigOption = None,
    jobs: Annotated[int, typer.Option(help="Worker processes (0: one per core).")] = 0,
) -> None:
    """Clean articles into Markdown with front matter."""
    try:
        settings, config_jobs = _settings(rules, config, only, skip)
        items = collect_inputs(paths)
        if output is None and not diff and (len(items) != 1 or any(p.is_dir() for p in paths)):
            raise CleanerError("give -o OUTDIR when cleaning a folder or several files (or --diff)")
        outcomes = run_batch(items, settings, jobs or config_jobs)
        inputs = {item.path.resolve() for item in items}
        failures = findings = 0
        with _progress(len(items)) as bar:
            for outcome in outcomes:
                bar.update(1)
                shown = outcome.item.shown
                if outcome.error:
                    failures += 1
                    print_error(sys.stderr, f"{shown}: {outcome.error}")
                    continue
                findings += len(outcome.findings)
                if diff:
                    sys.stdout.writelines(_unified_diff(outcome.source_text, outcome.markdown, shown))
                elif output is None:
                    sys.stdout.write(outcome.markdown)
                else:
                    target = output_path(output, outcome.item)
                    if target.resolve() in inputs:
                        failures += 1
                        print_error(sys.stderr, f"{shown}: output {target} would overwrite an input; not written")
                        continue
                    write_atomic(target, outcome.markdown)
    except CleanerError as error:
        raise _fail(error) from None
    if len(items) > 1 or failures:
        summary = f"cleaned {plural(len(items) - failures, 'file')}: {plural(findings, 'finding')}, {failures} failed"
        print(summary, file=sys.stderr)
    raise typer.Exit(ExitCode.FINDINGS if failures else ExitCode.OK)


def _progress(total: int):
    if total > 1 and sys.stderr.isatty():
        return typer.progressbar(length=total, label="cleaning", file=sys.stderr)
    return nullcontext(_NoBar())


class _NoBar:
    def update(self, _: int) -> None:
        pass


def _unified_diff(before: str, after: str, path: str) -> list[str]:
    return list(
        difflib.unified_diff(
            before.splitlines(keepends=True), after.splitlines(keepends=True), fromfile=f"a/{path}", tofile=f"b/{path}"
        )
    )


@rules_app.command("list")
def rules_list(
    rules: RulesOption = None,
    config: ConfigOption = None,
    format: Annotated[str, typer.Option("--format", help="text or json")] = "text",
) -> None:
    """List the stages in order, their rules, and where each rule was loaded from."""
    try:
        settings, _ = _settings(rules, config)
        ruleset = load_rules(settings.rule_paths)
    except CleanerError as error:
        raise _fail(error) from None
    if format == "json":
        entries = [
            {
                "stage": stage,
                "id": rule.id,
                "description": rule.description,
                "enabled": rule.enabled,
                "severity": (rule.severity.value if rule.severity else None),
                "origin": str(rule.origin),
            }
            for stage, rule in ruleset.all_rules()
        ]
        print(json.dumps(entries, indent=2, ensure_ascii=False))
        return
    for stage in ruleset.order:
        print(stage)
        for rule in ruleset.rules.get(stage, ()):
            state = "" if rule.enabled else " (disabled)"
            print(f"  {rule.id}{state}  {rule.origin}")
            if rule.description:
                print(f"      {' '.join(rule.description.split())}")


@rules_app.command("reference")
def rules_reference() -> None:
    """Print the rule reference (every key of every stage) as Markdown."""
    from .reference import rules_reference_markdown

    print(rules_reference_markdown(), end="")


@rules_app.command("test")
def rules_test(
    paths: Annotated[Optional[list[Path]], typer.Argument(help="Rule files or folders to test (default: all rules).")] = None,
    config: ConfigOption = None,
) -> None:
    """Run the examples inside rules: fixes, must-not-change cases and known failures."""
    from .testing import example_cases, missing_examples, run_case

    try:
        settings, _ = _settings(paths, config)
        ruleset = load_rules(settings.rule_paths)
    except CleanerError as error:
        raise _fail(error) from None
    files = {f.resolve() for p in paths for f in rule_files(p)} if paths else None
    failed = 0
    cases = example_cases(ruleset, files)
    for case in cases:
        outcome = run_case(case, ruleset)
        if not outcome.passed:
            failed += 1
            print(f"FAIL {case.test_id}: {outcome.message}")
    gaps = [] if files else missing_examples(ruleset)
    for gap in gaps:
        print(f"MISSING {gap}")
    print(f"{plural(len(cases), 'example')}: {len(cases) - failed} passed, {failed} failed")
    raise typer.Exit(ExitCode.FINDINGS if failed or gaps else ExitCode.OK)
