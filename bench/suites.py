#!/usr/bin/env python3
"""Every extraction figure of the dev suites in one table, cleaner beside trafilatura and readability-lxml.

    pip install -e '.[bench]'
    python -m bench.suites [--bench ../shared/bench] [--jobs 2]

Each tool runs as a whole process over each suite's pages: extraction/html (61
pages, gold text; cleaner with its `# title` in the body), readability/pages
(65 of Mozilla Readability's test pages, gold text) and snippets/pages (495
pages of trafilatura's evaluation, must-keep and must-drop snippets), scored by
the suites' own scorers. cleaner alone also reads the article-region and
whole-page text forms (extraction/region, extraction/text), which the others do
not take. Then: pages where a tool wrote nothing while trafilatura found text;
metadata against readability/metadata.json (title exact after collapsing
spaces, and again counting a title right when Readability's only adds the
site's name after or before a separator; byline right when the names agree, ignoring case and a leading "By";
date right when the day agrees; a page with no byline or date in the gold is
right when the tool gives none, and the share in brackets counts only pages
whose gold has a value); and the content model's own cost per page,
in-process, beside parse_html's.
"""

from __future__ import annotations

import argparse
import copy
import importlib.util
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from .extraction import PEER_MODULES, PEERS
from .scoring import DEFAULT_BENCH, ROOT

# A peer writes NAME.txt per page and one JSON line of metadata per page to metadata.jsonl.
PEER_RUN = """
import gzip, json, sys
from pathlib import Path
{setup}
{metadata}
source, target = Path(sys.argv[1]), Path(sys.argv[2])
with open(target / "metadata.jsonl", "w", encoding="utf-8") as lines:
    for path in sorted(source.glob("*.html.gz")):
        stem = path.name[: -len(".html.gz")]
        html = gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
        try:
            text = extract(html) or ""
        except Exception:
            text = ""
        try:
            found = metadata(html)
        except Exception:
            found = {{}}
        (target / (stem + ".txt")).write_text(text, encoding="utf-8")
        lines.write(json.dumps({{"page": stem, **found}}) + "\\n")
"""
PEER_METADATA = {
    "trafilatura": """
def metadata(html):
    found = trafilatura.bare_extraction(html, with_metadata=True, only_with_metadata=False)
    found = found.as_dict() if hasattr(found, "as_dict") else (found or {})
    return {"title": found.get("title"), "author": found.get("author"), "date": found.get("date")}
""",
    "readability-lxml": """
def metadata(html):
    return {"title": Document(html).title()}
""",
    "newspaper4k": """
def metadata(html):
    return {}
""",
}
SUITES = {  # name: (pages, gold file, scorer)
    "extraction": ("extraction/html", "extraction/ground-truth.json", "gold"),
    "readability": ("readability/pages", "readability/ground-truth.json", "gold"),
    "snippets": ("snippets/pages", "snippets/snippets.json", "snippets"),
}
TOOLS = ("cleaner", "trafilatura", "readability-lxml")
TARGETS = {"extraction": 0.975, "readability": 0.96, "snippets": 0.94, "region": 0.97, "text": 0.93}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", type=Path, default=DEFAULT_BENCH)
    parser.add_argument("--jobs", type=int, default=2, help="worker processes for cleaner")
    args = parser.parse_args()
    bench: Path = args.bench
    tools = [tool for tool in TOOLS if tool == "cleaner" or importlib.util.find_spec(PEER_MODULES[tool])]
    rows: list[tuple[str, dict[str, str], str]] = []
    with tempfile.TemporaryDirectory() as scratch:
        outputs: dict[tuple[str, str], Path] = {}
        seconds: dict[tuple[str, str], float] = {}
        for suite, (pages, _, _) in SUITES.items():
            for tool in tools:
                out = Path(scratch) / f"{tool}-{suite}"
                out.mkdir()
                seconds[tool, suite] = _run(tool, bench / pages, out, args.jobs)
                outputs[tool, suite] = out
        for suite, (pages, gold, kind) in SUITES.items():
            cells = {}
            for tool in tools:
                f1, precision, recall = _score(bench, kind, bench / gold, outputs[tool, suite])
                count = len(list((bench / pages).glob("*.html.gz")))
                cells[tool] = f"{f1:.3f} ({precision:.3f}/{recall:.3f}), {count / seconds[tool, suite]:.0f} p/s"
            rows.append((f"{suite}: F1 (P/R), pages/s", cells, f"F1 >= {TARGETS[suite]}"))
        for form in ("region", "text"):
            out = Path(scratch) / f"cleaner-{form}"
            _run("cleaner", bench / "extraction" / form, out, args.jobs)
            f1, precision, recall = _score(bench, "gold", bench / "extraction" / "ground-truth.json", out)
            cells = {"cleaner": f"{f1:.3f} ({precision:.3f}/{recall:.3f})"}
            target = f"F1 >= {TARGETS[form]}" + (", R >= 0.99" if form == "region" else "")
            rows.append((f"{form} text: F1 (P/R)", cells, target))
        for suite in SUITES:
            empty = {tool: _empty(outputs[tool, suite]) for tool in tools}
            found = set(_stems(outputs["trafilatura", suite])) - empty.get("trafilatura", set())
            cells = {tool: str(len(empty[tool] & found)) for tool in tools}
            rows.append((f"{suite}: pages without output (trafilatura has text)", cells, "0"))
        gold_metadata = json.loads((bench / "readability" / "metadata.json").read_text(encoding="utf-8"))
        metadata = {tool: _metadata(tool, outputs[tool, "readability"]) for tool in tools}
        for field, target in (("title", ">= 90%"), ("byline", ">= 85%"), ("date", ">= 85%")):
            cells = {tool: _share_right(field, gold_metadata, metadata[tool]) for tool in tools}
            rows.append((f"readability metadata: {field} right (where the gold has one)", cells, target))
        cells = {tool: _share_right("title_or_site", gold_metadata, metadata[tool]) for tool in tools}
        rows.append(("readability metadata: title, or it without the site name Readability keeps", cells, ""))
    model_ms, parse_ms = _model_cost(bench)
    rows.append(("content model cost, ms/page (parse_html)", {"cleaner": f"{model_ms:.2f} ({parse_ms:.1f})"}, "<= 3"))
    _print(rows, tools)
    print(
        "\nThe shipped content model was trained on these pages: cleaner's three page-suite rows are training-set "
        "figures; `python -m bench.train_content` prints the cross-validated ones."
    )
    return 0


def _run(tool: str, pages: Path, out: Path, jobs: int) -> float:
    """Seconds one whole process of `tool` takes over the folder `pages`."""
    if tool == "cleaner":
        command = [sys.executable, "-m", "cleaner", "clean", str(pages), "-o", str(out), "--jobs", str(jobs)]
    else:
        script = PEER_RUN.format(setup=PEERS[tool], metadata=PEER_METADATA[tool])
        command = [sys.executable, "-c", script, str(pages), str(out)]
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - started


def _score(bench: Path, kind: str, gold: Path, folder: Path) -> tuple[float, float, float]:
    if kind == "snippets":
        result = subprocess.run(
            [sys.executable, str(bench / "score_snippets.py"), "--gold", str(gold), "--pred", str(folder)],
            capture_output=True,
            text=True,
            check=True,
        )
        figures = dict(re.findall(r"(\w+)=([\d.]+)", result.stdout))
        return float(figures["F1"]), float(figures["precision"]), float(figures["recall"])
    summary = folder.parent / (folder.name + ".json")
    subprocess.run(
        [sys.executable, str(bench / "score_extraction.py"), "--gold", str(gold), "--pred", str(folder)]
        + ["--bootstrap", "0", "--json", str(summary)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    figures = json.loads(summary.read_text(encoding="utf-8"))
    return figures["f1"], figures["precision"], figures["recall"]


def _stems(folder: Path) -> list[str]:
    return [path.stem for path in folder.iterdir() if path.suffix in (".md", ".txt")]


def _body(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md" and text.startswith("---\n"):
        text = text.split("\n---\n", 1)[-1]
    return "\n".join(line for line in text.splitlines() if not line.startswith("# "))


def _empty(folder: Path) -> set[str]:
    return {path.stem for path in folder.iterdir() if path.suffix in (".md", ".txt") and not _body(path).strip()}


def _metadata(tool: str, folder: Path) -> dict[str, dict]:
    if tool != "cleaner":
        lines = (folder / "metadata.jsonl").read_text(encoding="utf-8").splitlines()
        return {item["page"]: item for item in map(json.loads, lines)}
    found = {}
    for path in folder.glob("*.md"):
        text = path.read_text(encoding="utf-8")
        front = yaml.safe_load(text.split("\n---\n", 1)[0][4:]) if text.startswith("---\n") else {}
        found[path.stem] = {key: str(value) for key, value in (front or {}).items()}
    return found


def _share_right(field: str, gold: dict[str, dict], found: dict[str, dict]) -> str:
    """Share of pages where the tool agrees with the gold, and, in brackets, the share of the pages whose gold
    has a value where it gives that value (Readability's own output is the gold: it gives no date or byline
    on many pages that show one)."""
    key = {"title": "title", "title_or_site": "title", "byline": "byline", "date": "publishedTime"}[field]
    agree = given = right = 0
    for page, expected in gold.items():
        mine = found.get(page, {})
        if field == "title":
            same = _spaces(mine.get("title")) == _spaces(expected.get("title"))
        elif field == "title_or_site":
            same = _same_but_site(_spaces(mine.get("title")), _spaces(expected.get("title")))
        elif field == "byline":
            same = _name(mine.get("author")) == _name(expected.get("byline"))
        else:
            same = str(mine.get("date") or "")[:10] == str(expected.get("publishedTime") or "")[:10]
        agree += same
        if expected.get(key):
            given += 1
            right += same
    return f"{agree / len(gold):.0%} ({right / max(given, 1):.0%})"


def _same_but_site(title: str, gold: str) -> bool:
    """The same title, or the gold is it with one more part before or after a separator ("Story | Site")."""
    if title == gold:
        return True
    if not title or title not in gold:
        return False
    rest = gold.replace(title, "", 1).strip()
    return bool(re.fullmatch(r"(?:[|\-–—·:»/]{1,2}\s+\S.*|.*\S\s+[|\-–—·:»/]{1,2})", rest))


def _spaces(text: str | None) -> str:
    return " ".join((text or "").split())


def _name(text: str | None) -> str:
    return re.sub(r"^by\s+", "", _spaces(text).lower())


def _model_cost(bench: Path) -> tuple[float, float]:
    """(content model, whole parse_html) milliseconds per page, in-process, best of three, over every dev page."""
    from cleaner.html import _content
    from cleaner.pipeline import Pipeline, Settings
    from cleaner.readers import read_bytes

    pipeline = Pipeline.from_settings(Settings(only=("decode", "parse_html")))
    decode, parse = pipeline.stages[0], pipeline.stages[1]
    documents = []
    for pages, _, _ in SUITES.values():
        for path in sorted((bench / pages).glob("*.html.gz")):
            document, _ = read_bytes(path.read_bytes(), str(path))
            documents.append(decode.apply(document).document)
    captured = []
    apply_model = _content.ContentFinder._apply_model

    def capture(finder, model, page, verdicts, containers):
        captured.append((finder, model, page, [copy.copy(verdict) for verdict in verdicts], containers))

    _content.ContentFinder._apply_model = capture  # type: ignore[method-assign]
    try:
        for document in documents:
            parse.apply(document)
    finally:
        _content.ContentFinder._apply_model = apply_model  # type: ignore[method-assign]

    def best(work) -> float:
        times = []
        for _ in range(3):
            started = time.perf_counter()
            work()
            times.append(time.perf_counter() - started)
        return min(times) / len(documents) * 1000

    model_ms = best(lambda: [apply_model(*item[:3], [copy.copy(v) for v in item[3]], item[4]) for item in captured])
    copy_ms = best(lambda: [[copy.copy(v) for v in item[3]] for item in captured])
    parse_ms = best(lambda: [parse.apply(document) for document in documents])
    return model_ms - copy_ms, parse_ms


def _print(rows: list[tuple[str, dict[str, str], str]], tools: list[str]) -> None:
    width = max(len(name) for name, _, _ in rows)
    print(f"{'figure':{width}}  " + "  ".join(f"{tool:30}" for tool in tools) + "  target")
    for name, cells, target in rows:
        print(f"{name:{width}}  " + "  ".join(f"{cells.get(tool, '-'):30}" for tool in tools) + f"  {target}")


if __name__ == "__main__":
    sys.exit(main())
