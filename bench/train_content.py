#!/usr/bin/env python3
"""Train the content model on the dev pages, print cross-validated figures per suite, write the weights.

    pip install -e '.[bench]'
    python -m bench.train_content [--bench ../shared/bench] [--folds 5] [--seed 7] [--write]

Every page of the three dev suites (extraction/html with gold text, readability/ with
gold text, snippets/ with must-keep and must-drop snippets) is read by cleaner's own
decode and parse_html stages with the model off; each block gets its feature row
(cleaner/html/_model.py) and a label: for gold-text pages, whether most of its word
4-grams are in the gold text; for snippet pages, whether it holds a must-keep (1) or a
must-drop (0) snippet (other blocks there are not labelled). Blocks a rule decided (a
drop, keep, furniture or related rule) are left out: the model is never asked about them.
Pages are split into
folds (seeded); for each fold a logistic model is trained on the others and decides
that fold's pages, which are scored as each suite's scorer does (block text joined,
the title first). The table shows the hand-written finder and the model side by side
at several thresholds. `--write` fits on every page and writes cleaner/data/content-model.json.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import random
import re
import sys
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from cleaner.html._model import DEFAULT_MODEL, DENSE, HASH_BUCKETS, feature_names
from cleaner.pipeline import Pipeline, Settings
from cleaner.readers import read_bytes

from .scoring import DEFAULT_BENCH, dev_pages, shingle_share, snippet_label

_WORD = re.compile(r"\w+")
THRESHOLDS = (0.3, 0.4, 0.5, 0.6)


@dataclass
class PageData:
    suite: str
    name: str
    title: str
    texts: list[str]
    hard_dropped: list[bool]  # by a rule (drop, furniture, related, keep): the model is not asked
    hand_kept: list[bool]
    rows: list[tuple[list[float], list[int]]]
    labels: list[float | None] = field(default_factory=list)
    weights: list[float] = field(default_factory=list)
    gold: str = ""  # gold text pages
    keep: list[str] = field(default_factory=list)  # snippet pages
    drop: list[str] = field(default_factory=list)
    parents: list[int] = field(default_factory=list)  # per block, which element holds it (by number)


def _scorer(bench: Path):
    spec = importlib.util.spec_from_file_location("score_extraction", bench / "score_extraction.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read_suites(bench: Path) -> list[PageData]:
    pipeline = Pipeline.from_settings(Settings(only=("decode", "parse_html")))
    decode, parse = pipeline.stages[0], pipeline.stages[1]
    parse = type(parse)(replace(parse.options, content_model="off"), parse.rules, parse.entries)
    pages: list[PageData] = []
    for suite, stem, path, gold in dev_pages(bench):
        document, _ = read_bytes(path.read_bytes(), str(path))
        document = decode.apply(document).document
        reading = parse.judge(document)
        metadata, page, containers, verdicts, finder = (
            reading.metadata,
            reading.page,
            reading.containers,
            reading.verdicts,
            reading.finder,
        )
        data = PageData(
            suite,
            stem,
            metadata.title or "",
            [verdict.block.text for verdict in verdicts],
            [verdict.by_rule for verdict in verdicts],
            [not verdict.reason for verdict in verdicts],
            finder.rows(page, verdicts, containers),
        )
        numbers = {id(node): number for number, node in enumerate(page.nodes)}
        data.parents = [numbers[id(verdict.block.node)] for verdict in verdicts]
        if suite == "snippets":
            data.keep, data.drop = gold["with"], gold["without"]
        else:
            data.gold = gold["articleBody"]
        _label(data)
        pages.append(data)
    return pages


def _label(page: PageData) -> None:
    if page.suite == "snippets":
        page.labels = [snippet_label(text, page.keep, page.drop) for text in page.texts]
        page.weights = [1.0] * len(page.texts)
        return
    gold_words = _WORD.findall(page.gold)
    shingles = {tuple(gold_words[i : i + 4]) for i in range(len(gold_words) - 3)}
    joined = " " + " ".join(gold_words) + " "
    total = max(len(gold_words), 50)
    for text in page.texts:
        words = _WORD.findall(text)
        if not words:
            page.labels.append(None)
            page.weights.append(0.0)
            continue
        if len(words) >= 4:
            share = shingle_share(words, shingles)
        else:
            share = float(" " + " ".join(words) + " " in joined)
        page.labels.append(float(share >= 0.5))
        page.weights.append(30.0 * len(words) / total)


def _matrix(pages: list[PageData], labelled: bool):
    rows, labels, weights = [], [], []
    for page in pages:
        for index, (dense, hashed) in enumerate(page.rows):
            if page.hard_dropped[index] or (labelled and page.labels[index] is None):
                continue
            row = np.zeros(DENSE + 3 * HASH_BUCKETS)
            row[:DENSE] = dense
            for bucket in hashed:
                row[DENSE + bucket] = 1.0
            rows.append(row)
            labels.append(page.labels[index] if labelled else 0.0)
            weights.append(page.weights[index] if labelled else 0.0)
    return np.array(rows), np.array(labels), np.array(weights)


def fit(pages: list[PageData], strength: float) -> np.ndarray:
    rows, labels, weights = _matrix(pages, True)
    model = LogisticRegression(C=strength, max_iter=3000, fit_intercept=False)
    model.fit(rows, labels, sample_weight=weights)
    return model.coef_[0]


def chances(page: PageData, weights: np.ndarray) -> list[float]:
    result = []
    for index, (dense, hashed) in enumerate(page.rows):
        if page.hard_dropped[index]:
            result.append(0.0)
            continue
        total = float(np.dot(dense, weights[:DENSE])) + sum(weights[DENSE + b] for b in hashed)
        result.append(1.0 / (1.0 + np.exp(-total)))
    return result


def output(page: PageData, kept: list[bool]) -> str:
    body = "\n\n".join(text for text, keep in zip(page.texts, kept) if keep)
    return (page.title + "\n\n" + body) if page.title else body


def score(pages: list[PageData], outputs: dict[str, str], scorer) -> dict[str, tuple[float, float, float]]:
    """(F1, precision, recall) per suite, counted as that suite's scorer counts."""
    figures = {}
    for suite in ("extraction", "readability", "snippets"):
        chosen = [page for page in pages if page.suite == suite]
        if suite == "snippets":
            tp = fp = fn = 0
            for page in chosen:
                text = " ".join(outputs[page.name].split())
                found = sum(" ".join(s.split()) in text for s in page.keep)
                tp, fn = tp + found, fn + len(page.keep) - found
                fp += sum(" ".join(s.split()) in text for s in page.drop)
            p, r = tp / (tp + fp), tp / (tp + fn)
        else:
            rows = []
            for page in chosen:
                precision, recall, _ = scorer.page_scores(page.gold, outputs[page.name])
                rows.append({"p": precision, "r": recall})
            ps = [row["p"] for row in rows if row["p"] is not None]
            rs = [row["r"] for row in rows if row["r"] is not None]
            p, r = sum(ps) / len(ps), sum(rs) / len(rs)
        figures[suite] = (2 * p * r / (p + r) if p + r else 0.0, p, r)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", type=Path, default=DEFAULT_BENCH)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--strength", type=float, default=0.1, help="inverse regularisation (C) of the model")
    parser.add_argument("--threshold", type=float, default=0.5, help="the shipped model's threshold")
    parser.add_argument("--write", action="store_true", help=f"fit on every page and write {DEFAULT_MODEL.name}")
    args = parser.parse_args()
    started = time.perf_counter()
    pages = read_suites(args.bench)
    scorer = _scorer(args.bench)
    print(f"{len(pages)} pages read and labelled in {time.perf_counter() - started:.0f} s")
    order = sorted(pages, key=lambda page: page.name)
    random.Random(args.seed).shuffle(order)
    fold_of = {page.name: number % args.folds for number, page in enumerate(order)}
    predicted: dict[str, list[float]] = {}
    for fold in range(args.folds):
        training = [page for page in pages if fold_of[page.name] != fold]
        weights = fit(training, args.strength)
        for page in pages:
            if fold_of[page.name] == fold:
                predicted[page.name] = chances(page, weights)
    table = {"hand-written finder": score(pages, {p.name: output(p, p.hand_kept) for p in pages}, scorer)}
    for threshold in THRESHOLDS:
        outputs = {p.name: output(p, [c >= threshold for c in predicted[p.name]]) for p in pages}
        table[f"model, {args.folds}-fold CV, threshold {threshold}"] = score(pages, outputs, scorer)
    for low, high in ((0.2, 0.7), (0.3, 0.5)):  # the hand verdict stands unless the model is sure
        outputs = {
            p.name: output(p, [c >= high or (k and c >= low) for c, k in zip(predicted[p.name], p.hand_kept)])
            for p in pages
        }
        table[f"hybrid {low}/{high}"] = score(pages, outputs, scorer)
    print(f"{'':42} {'extraction F1/P/R':>20} {'readability F1/P/R':>20} {'snippets F1/P/R':>20}")
    for name, figures in table.items():
        cells = " ".join(f"{f:6.3f}/{p:.3f}/{r:.3f}" for f, p, r in figures.values())
        print(f"{name:42} {cells}")
    if args.write:
        weights = fit(pages, args.strength)
        model = {
            "about": "cleaner's content model: logistic weights over cleaner/html/_model.py's features; "
            "written by bench/train_content.py from the dev pages",
            "seed": args.seed,
            "strength": args.strength,
            "threshold": args.threshold,
            "features": feature_names(),
            "hash_buckets": HASH_BUCKETS,
            "weights": [round(float(w), 5) for w in weights],
        }
        DEFAULT_MODEL.write_text(json.dumps(model, separators=(",", ":")) + "\n", encoding="utf-8")
        print(f"wrote {DEFAULT_MODEL}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
