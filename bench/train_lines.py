#!/usr/bin/env python3
"""Train the line model on the dev texts, print cross-validated figures per form, write the weights.

    pip install -e '.[bench]'
    python -m bench.train_lines [--bench ../shared/bench] [--folds 5] [--seed 7] [--write]

Texts: extraction/region and extraction/text (61 pages each, gold text), and the
same two forms rendered from readability/ (gold text) and snippets/ pages
(must-keep and must-drop snippets) by bench/render_text.py. Each is read as
cleaner reads a `.txt` (decode, extract_metadata, strip_debris with the line
model off); every line no rule removes gets its feature row
(cleaner/text/_lines.py) and a label: for gold-text pages, whether most of its
word 4-grams are in the gold text; for snippet pages, whether it holds a
must-keep (1) or a must-drop (0) snippet (other lines are not labelled).
Pages are split into folds (seeded; both forms of a page in the same fold); for
each fold gradient-boosted trees (and, for comparison, a logistic model) are
trained on the others and judge that fold's lines. The output (title, then the lines kept; texts in which rules removed
under 5% of the lines are left whole, as cleaner does) is scored as each suite's scorer
does, with the rules alone and with the model at several thresholds; the last
column counts the lines the model would wrongly take from the already-edited
BBC articles (clean-text/bbc, also in the folds).
`--write` fits on every text and writes cleaner/data/line-model.json.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression

from cleaner.pipeline import Pipeline, Settings
from cleaner.readers import read_string
from cleaner.text import DEFAULT_LINE_MODEL, LineModel, line_feature_names, line_features

from . import render_text
from .scoring import DEFAULT_BENCH, dev_pages, shingle_share, snippet_label
from .train_content import _scorer

_WORD = re.compile(r"\w+")
THRESHOLDS = (0.1, 0.2, 0.3)
FURNITURE_SHARE = 0.05  # strip_debris's option line_model_furniture_share


@dataclass
class Text:
    suite: str  # extraction, readability, snippets
    form: str  # region, page
    name: str
    title: str
    lines: list[str]  # lines no rule removes, in order
    rows: list[list[float]]
    furniture: float  # the share of the lines rules remove: the model judges the text from 5% (as cleaner does)
    labels: list[float | None] = field(default_factory=list)
    gold: str = ""
    keep: list[str] = field(default_factory=list)
    drop: list[str] = field(default_factory=list)


def _reader():
    pipeline = Pipeline.from_settings(Settings(only=("decode", "extract_metadata", "strip_debris")))
    decode, metadata, strip = pipeline.stages[:3]
    without_model = type(strip)(strip.options, tuple(r for r in strip.rules if not r.line_model), strip.entries)

    def read(text: str, name: str) -> tuple[str, list[str], list, float]:
        document = read_string(text, name + ".txt", "text")
        document = metadata.apply(decode.apply(document).document).document
        reading = without_model.read_lines(document)
        asked = [index for index, line in enumerate(reading.texts) if line]
        rows = line_features(
            [reading.texts[index] for index in asked],
            [reading.positions[index][0] for index in asked],
            [index in reading.owner for index in asked],
        )
        kept = [k for k, index in enumerate(asked) if index not in reading.owner]
        title = document.metadata.title or ""
        share = len(reading.owner) / len(asked) if asked else 0.0
        return title, [reading.texts[asked[k]] for k in kept], [rows[k] for k in kept], share

    return read


def read_texts(bench: Path) -> list[Text]:
    read = _reader()
    texts: list[Text] = []
    extraction = json.loads((bench / "extraction" / "ground-truth.json").read_text(encoding="utf-8"))
    for form, folder in (("region", "region"), ("page", "text")):
        for path in sorted((bench / "extraction" / folder).glob("*.txt")):
            title, lines, rows, furniture = read(path.read_text(encoding="utf-8"), path.stem)
            gold = extraction[path.stem]["articleBody"]
            texts.append(Text("extraction", form, path.stem, title, lines, rows, furniture, gold=gold))
    for suite, stem, path, gold in dev_pages(bench, ("readability", "snippets")):
        root = render_text.parse(gzip.decompress(path.read_bytes()))
        if root is None:
            continue
        if suite == "snippets":
            keep, drop, body = gold["with"], gold["without"], ""
            found = render_text.region(root, snippets=tuple(keep))
        else:
            keep, drop, body = [], [], gold["articleBody"]
            found = render_text.region(root, gold=body)
        forms = [("page", root.find("body") if root.find("body") is not None else root)]
        if found is not None:
            forms.append(("region", found))
        for form, element in forms:
            title, lines, rows, furniture = read(render_text.render(element), stem)
            texts.append(Text(suite, form, stem, title, lines, rows, furniture, gold=body, keep=keep, drop=drop))
    # Already-edited articles: every line is the article's, so the model learns what it must leave alone.
    for path in sorted((bench / "clean-text" / "bbc").glob("*.txt")):
        title, lines, rows, furniture = read(path.read_text(encoding="utf-8"), path.stem)
        texts.append(Text("clean", "article", path.stem, title, lines, rows, furniture, labels=[1.0] * len(lines)))
    for text in texts:
        if text.suite != "clean":
            _label(text)
    return texts


def _label(text: Text) -> None:
    if text.suite == "snippets":
        text.labels = [snippet_label(line, text.keep, text.drop) for line in text.lines]
        return
    gold_words = _WORD.findall(text.gold.lower())
    shingles = {tuple(gold_words[i : i + 4]) for i in range(len(gold_words) - 3)}
    # A short line is the article's only when it is a line of the gold text: "China" as a tag
    # is not the article's because the word appears in it.
    gold_lines = {" ".join(_WORD.findall(line.lower())) for line in text.gold.split("\n")}
    for line in text.lines:
        words = _WORD.findall(line.lower())
        if len(words) >= 4:
            share = shingle_share(words, shingles)
        else:
            share = float(" ".join(words) in gold_lines)
        text.labels.append(float(share >= 0.5))


def _matrix(texts: list[Text]):
    """Every labelled line counts the same (weighting lines by their words measured no better)."""
    rows, labels = [], []
    for text in texts:
        for row, label in zip(text.rows, text.labels):
            if label is not None:
                rows.append(row)
                labels.append(label)
    return np.array(rows), np.array(labels)


def fit(texts: list[Text], args) -> HistGradientBoostingClassifier:
    rows, labels = _matrix(texts)
    model = HistGradientBoostingClassifier(
        max_iter=args.trees, max_depth=args.depth, learning_rate=args.rate, random_state=args.seed
    )
    return model.fit(rows, labels)


def fit_logistic(texts: list[Text]) -> LogisticRegression:
    rows, labels = _matrix(texts)
    return LogisticRegression(C=0.3, max_iter=5000).fit(rows, labels)


def chances(text: Text, model) -> list[float]:
    if not text.rows:
        return []
    return [float(c) for c in model.predict_proba(np.array(text.rows))[:, 1]]


def exported(model: HistGradientBoostingClassifier) -> dict:
    """The trees as plain lists: (feature, threshold, left, right) per split, (-1, value, 0, 0) per leaf."""
    trees = []
    for (predictor,) in model._predictors:
        nodes = []
        for node in predictor.nodes:
            if node["is_leaf"]:
                nodes.append([-1, round(float(node["value"]), 6), 0, 0])
            else:
                nodes.append(
                    [int(node["feature_idx"]), float(node["num_threshold"]), int(node["left"]), int(node["right"])]
                )
        trees.append(nodes)
    return {"baseline": float(model._baseline_prediction.ravel()[0]), "trees": trees}


def output(text: Text, kept: list[bool]) -> str:
    body = "\n".join(line for line, keep in zip(text.lines, kept) if keep)
    return (text.title + "\n\n" + body) if text.title else body


def score(texts: list[Text], outputs: list[str], scorer) -> dict[tuple[str, str], tuple[float, float, float]]:
    """(F1, precision, recall) per suite and form, counted as that suite's scorer counts."""
    figures = {}
    for suite in ("extraction", "readability", "snippets"):
        for form in ("region", "page"):
            chosen = [(text, out) for text, out in zip(texts, outputs) if text.suite == suite and text.form == form]
            if not chosen:
                continue
            if suite == "snippets":
                tp = fp = fn = 0
                for text, out in chosen:
                    flat = " ".join(out.split())
                    found = sum(" ".join(s.split()) in flat for s in text.keep)
                    tp, fn = tp + found, fn + len(text.keep) - found
                    fp += sum(" ".join(s.split()) in flat for s in text.drop)
                p, r = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
            else:
                ps, rs = [], []
                for text, out in chosen:
                    precision, recall, _ = scorer.page_scores(text.gold, out)
                    if precision is not None:
                        ps.append(precision)
                    if recall is not None:
                        rs.append(recall)
                p, r = sum(ps) / len(ps), sum(rs) / len(rs)
            figures[(suite, form)] = (2 * p * r / (p + r) if p + r else 0.0, p, r)
    return figures


def removed_from_clean(texts: list[Text], kept: list[list[bool]]) -> tuple[int, int]:
    """Lines and words the model would remove from the already-edited articles: every one is wrong."""
    lines = words = 0
    for text, keep in zip(texts, kept):
        if text.suite == "clean":
            for line, kept_line in zip(text.lines, keep):
                if not kept_line:
                    lines += 1
                    words += len(_WORD.findall(line))
    return lines, words


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", type=Path, default=DEFAULT_BENCH)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--trees", type=int, default=200)
    parser.add_argument("--depth", type=int, default=4)
    parser.add_argument("--rate", type=float, default=0.1, help="learning rate")
    parser.add_argument("--threshold", type=float, default=0.2, help="the shipped model's threshold")
    parser.add_argument("--write", action="store_true", help=f"fit on every text and write {DEFAULT_LINE_MODEL.name}")
    args = parser.parse_args()
    started = time.perf_counter()
    texts = read_texts(args.bench)
    scorer = _scorer(args.bench)
    lines = sum(len(text.lines) for text in texts)
    print(f"{len(texts)} texts ({lines} lines) read and labelled in {time.perf_counter() - started:.0f} s")
    pages = sorted({(text.suite, text.name) for text in texts})
    random.Random(args.seed).shuffle(pages)
    fold_of = {page: number % args.folds for number, page in enumerate(pages)}
    predicted: list[list[float]] = [[] for _ in texts]
    logistic: list[list[float]] = [[] for _ in texts]
    for fold in range(args.folds):
        training = [text for text in texts if fold_of[(text.suite, text.name)] != fold]
        trees, linear = fit(training, args), fit_logistic(training)
        for index, text in enumerate(texts):
            if fold_of[(text.suite, text.name)] == fold:
                predicted[index], logistic[index] = chances(text, trees), chances(text, linear)
    table = {"rules alone": score(texts, [output(t, [True] * len(t.lines)) for t in texts], scorer)}
    wrong = {"rules alone": (0, 0)}
    for name, chosen in (("logistic", logistic), ("trees", predicted)):
        for threshold in THRESHOLDS:
            kept = [[c >= threshold or t.furniture < FURNITURE_SHARE for c in p] for t, p in zip(texts, chosen)]
            row = f"{name}, CV, threshold {threshold}"
            table[row] = score(texts, [output(t, k) for t, k in zip(texts, kept)], scorer)
            wrong[row] = removed_from_clean(texts, kept)
    columns = list(table["rules alone"])
    header = " ".join(f"{suite[:5]} {form:>6} F1/P/R".rjust(20) for suite, form in columns)
    print(f"{'':32} {header} {'clean: lines/words removed':>27}")
    for name, figures in table.items():
        cells = " ".join(f"{f:6.3f}/{p:.3f}/{r:.3f}".rjust(20) for f, p, r in figures.values())
        lines_wrong, words_wrong = wrong[name]
        print(f"{name:32} {cells} {f'{lines_wrong} / {words_wrong}':>27}")
    if args.write:
        model = fit(texts, args)
        data = {
            "about": "cleaner's line model: gradient-boosted trees over cleaner/text/_lines.py's features; "
            "written by bench/train_lines.py from the dev texts",
            "seed": args.seed,
            "trees_depth_rate": [args.trees, args.depth, args.rate],
            "threshold": args.threshold,
            "features": line_feature_names(),
            **exported(model),
        }
        DEFAULT_LINE_MODEL.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
        _check(model, texts)
        print(f"wrote {DEFAULT_LINE_MODEL}")
    return 0


def _check(model: HistGradientBoostingClassifier, texts: list[Text]) -> None:
    """The shipped file gives the chances scikit-learn gives."""
    shipped = LineModel._read(DEFAULT_LINE_MODEL)
    rows = [row for text in texts[:50] for row in text.rows]
    expected = model.predict_proba(np.array(rows))[:, 1]
    worst = max(abs(a - b) for a, b in zip(shipped.chances(rows), expected))
    assert worst < 1e-4, worst


if __name__ == "__main__":
    sys.exit(main())
