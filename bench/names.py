#!/usr/bin/env python3
"""Score `normalize_names` on the names test set, and time it against registry size.

    python -m bench.names [--cases tests/names_cases.yaml] [--show 10]

Each case is a sentence with its expected form. A sentence is "changed" when
the stage changes it; precision is the share of changed sentences that came
out exactly as expected; recall ("fixed") is the share of sentences with a
misspelt registry name (near misses, variants, transliterations) that came out
right, and "found" also counts a slip onto a place that the stage only reports,
with the right suggestion.
The timing part builds registries of 100, 1,000 and 10,000 entries (the
default registry plus generated entries) and times matching one article.
"""

from __future__ import annotations

import argparse
import random
import string
import sys
import time
from collections import Counter, defaultdict
from dataclasses import replace
from pathlib import Path

import yaml

from cleaner import Settings, load_pipeline
from cleaner.names import RegistryEntry
from cleaner.pipeline import load_rules
from cleaner.readers import read_string
from cleaner.stages.normalize_names import NormalizeNames

ROOT = Path(__file__).resolve().parent.parent

MISSPELT = ("near-miss", "variant", "transliteration")


def score(cases: list[dict], show: int = 0) -> dict:
    pipeline = load_pipeline(Settings(only=("normalize_names",)))
    counts: dict[str, Counter] = defaultdict(Counter)
    wrong: list[str] = []
    for case in cases:
        result = pipeline.run(read_string(case["text"]))
        got = result.document.body_text()
        kind = case["kind"]
        changed = got != case["text"]
        right = got == case["expected"]
        # A slip onto a place is only reported: found when taking its suggestion gives the expected text.
        suggested = got
        for finding in result.findings:
            if not finding.fixable and finding.suggestions:
                suggested = suggested.replace(finding.before, finding.suggestions[0], 1)
        reported = not right and suggested != got and suggested == case["expected"]
        counts[kind]["cases"] += 1
        counts[kind]["changed"] += changed
        counts[kind]["right_change"] += changed and right
        counts[kind]["right"] += right
        counts[kind]["reported"] += reported
        counts[kind]["wrong_report"] += not right and suggested != got and suggested != case["expected"]
        if not right and not reported:
            wrong.append(f"  [{kind}] {case['text']}\n      got:      {got}\n      expected: {case['expected']}")
    changed = sum(c["changed"] for c in counts.values())
    right_changes = sum(c["right_change"] for c in counts.values())
    misspelt = sum(counts[k]["cases"] for k in MISSPELT)
    fixed = sum(counts[k]["right"] for k in MISSPELT)
    found = fixed + sum(counts[k]["reported"] for k in MISSPELT)
    near = counts["near-miss"]
    result = {
        "precision": right_changes / changed if changed else 1.0,
        "recall": fixed / misspelt if misspelt else 1.0,
        "found": found / misspelt if misspelt else 1.0,
        "near_miss_recall": (near["right"] + near["reported"]) / near["cases"] if near["cases"] else 1.0,
        "near_miss_fixed": near["right"] / near["cases"] if near["cases"] else 1.0,
        "wrong_reports": sum(c["wrong_report"] for c in counts.values()),
        "by_kind": {k: dict(v) for k, v in counts.items()},
    }
    for line in wrong[:show]:
        print(line)
    return result


def timing() -> None:
    ruleset = load_rules()
    base = ruleset.entries["normalize_names"]
    options, rules = ruleset.options["normalize_names"], ruleset.rules["normalize_names"]
    article = (ROOT / "seeds" / "000_c6140b535fe491f8.txt").read_text(encoding="utf-8")
    document = read_string(article)
    rng = random.Random(7)
    print("registry entries   ms per article (median of 30)")
    baseline = None
    for size in (100, 1_000, 10_000):
        entries = list(base[:size])
        while len(entries) < size:
            given = "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(4, 8))).title()
            surname = "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(5, 10))).title()
            entries.append(RegistryEntry(name=f"{given} {surname}", kind="person"))
        stage = NormalizeNames(options, rules, tuple(entries))
        stage.apply(document)  # warm: the lexicon loads once per process
        times = []
        for repeat in range(30):
            # a new path each time: the stage's per-article memo must not answer for it
            fresh = replace(document, source=replace(document.source, path=f"article-{size}-{repeat}"))
            started = time.perf_counter()
            stage.apply(fresh)
            times.append(time.perf_counter() - started)
        median = sorted(times)[len(times) // 2] * 1000
        baseline = baseline or median
        print(f"{size:>16,}   {median:8.2f}   ({median / baseline:.2f}x the 100-entry time)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=Path, default=ROOT / "tests" / "names_cases.yaml")
    parser.add_argument("--show", type=int, default=0)
    args = parser.parse_args()
    cases = yaml.safe_load(args.cases.read_text(encoding="utf-8"))
    result = score(cases, args.show)
    print(
        f"{len(cases)} sentences: precision {result['precision']:.3f} (no wrong merges = 1.000), "
        f"fixed {result['recall']:.3f} and found (fixed or reported with the right suggestion) {result['found']:.3f} "
        f"of misspelt registry names; near misses found {result['near_miss_recall']:.3f}, "
        f"fixed {result['near_miss_fixed']:.3f}; "
        f"reports suggesting something wrong: {result['wrong_reports']}"
    )
    for kind, counts in sorted(result["by_kind"].items()):
        print(
            f"  {kind:16s} {counts['cases']:4d} sentences, {counts['right']:4d} right, {counts['changed']:4d} changed, "
            f"{counts['reported']:4d} reported"
        )
    timing()
    return 0


if __name__ == "__main__":
    sys.exit(main())
