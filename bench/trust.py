#!/usr/bin/env python3
"""How often cleaner changes words that were right: already-edited text, side by side with codespell.

    python -m bench.trust [--bench ../shared/bench] [--show 40] [--skip-full] [--skip-codespell]

- BBC News (`clean-text/bbc/`, edited text with a list of its known typos):
  `cleaner clean --only fix_spelling,normalize_names` and the full chain, each
  as one whole process over the folder. Every word the output changes is found
  by aligning input and output words; a change that fixes a known typo counts
  as a fix, one listed in `tests/data/bbc-more-typos.tsv` (real typos we found
  by eye) as an extra fix, any other is presumed wrong and shown with context.
- JFLEG dev (learner sentences with four human corrections each): a change is
  right when some reference makes it, wrong when a reference has something else
  in its place (see `score_jfleg`); a typo is a word the vendored SCOWL lists do
  not know that some reference replaces by a word at most two edits away (three
  for long words), and recall is the share of those put right.
- Published article bodies (the gold texts of `extraction/` and `readability/`,
  some not in English): edited text whose real typos we listed by eye in
  `tests/data/published-typos.tsv`; every other change is presumed wrong.
- codespell (a maintained list of common misspellings) on the same texts.
"""

from __future__ import annotations

import argparse
import csv
import difflib
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from cleaner.readers import read_string

ROOT = Path(__file__).resolve().parent.parent

_TOKEN = re.compile(r"\w+(?:[-'’]\w+)*")
_SAME = str.maketrans({"’": "'", "‘": "'"})
MORE_TYPOS = ROOT / "tests" / "data" / "bbc-more-typos.tsv"
PUBLISHED_TYPOS = ROOT / "tests" / "data" / "published-typos.tsv"  # real typos in the published bodies, found by eye


@dataclass(frozen=True)
class Change:
    file: str
    before: str
    after: str
    context: str


def tokens(text: str) -> list[tuple[str, int]]:
    """Words with their offsets; HTML entities are read as the characters they stand for."""
    text = html.unescape(text)
    return [(m.group(0).translate(_SAME), m.start()) for m in _TOKEN.finditer(text)]


def word_changes(name: str, before: str, after: str) -> list[Change]:
    """Each run of words the output replaced, dropped or added, with the input around it."""
    old, new = tokens(before), tokens(after)
    matcher = difflib.SequenceMatcher(None, [t for t, _ in old], [t for t, _ in new], autojunk=False)
    changes = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        if op == "replace" and i2 - i1 == j2 - j1:
            pairs = [((i, i + 1), (j, j + 1)) for i, j in zip(range(i1, i2), range(j1, j2))]
        else:
            pairs = [((i1, i2), (j1, j2))]
        for (a, b), (c, d) in pairs:
            at = old[a][1] if a < len(old) else len(before)
            context = html.unescape(before)[max(0, at - 50) : at + 60].replace("\n", " ")
            changes.append(Change(name, " ".join(t for t, _ in old[a:b]), " ".join(t for t, _ in new[c:d]), context))
    return changes


def output_text(markdown: str) -> str:
    """The words of a cleaned article: its title (wherever it went), then its body."""
    document = read_string(markdown, format="markdown")
    title = document.metadata.title
    return (title + "\n\n" if title else "") + document.body_text()


def run_cleaner(source: Path, out: Path, only: str | None) -> float:
    command = [sys.executable, "-m", "cleaner", "clean", str(source), "-o", str(out)]
    if only:
        command += ["--only", only]
    started = time.perf_counter()
    subprocess.run(command, check=True, cwd=ROOT, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def run_codespell(source: Path, copy: Path) -> float:
    shutil.copytree(source, copy)
    started = time.perf_counter()
    subprocess.run(
        ["codespell", "--write-changes", "--quiet-level", "3", str(copy)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def read_known(path: Path) -> set[tuple[str, str, str]]:
    """(file, wrong words, right words) of each listed typo, as the alignment will see them."""
    if not path.exists():
        return set()
    with path.open(encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream, delimiter="\t"))
    known = set()
    for row in rows:
        for change in word_changes(row["file"], row["before"], row["after"]):
            known.add((row["file"], change.before, change.after))
    return known


@dataclass
class BbcScore:
    label: str
    seconds: float
    changes: list[Change]
    known_fixed: set[tuple[str, str, str]]
    more_fixed: list[Change]
    wrong: list[Change]


def score_bbc(label: str, seconds: float, source: Path, outputs: dict[str, str], known, more) -> BbcScore:
    changes = []
    for path in sorted(source.glob("*.txt")):
        if path.stem not in outputs:
            continue
        changes += word_changes(path.name, path.read_text(encoding="utf-8"), outputs[path.stem])
    known_fixed, more_fixed, wrong = set(), [], []
    for change in changes:
        key = (change.file, change.before, change.after)
        if key in known:
            known_fixed.add(key)
        elif key in more:
            more_fixed.append(change)
        else:
            wrong.append(change)
    return BbcScore(label, seconds, changes, known_fixed, more_fixed, wrong)


def write_published(bench: Path, folder: Path) -> Path:
    """The gold article bodies of two extraction suites as text files (headline first, when given)."""
    folder.mkdir(parents=True)
    for suite in ("extraction", "readability"):
        gold = json.loads((bench / suite / "ground-truth.json").read_text(encoding="utf-8"))
        for name, entry in gold.items():
            body = "\n\n".join(line.strip() for line in entry["articleBody"].split("\n") if line.strip())
            headline = (entry.get("headline") or "").strip()
            (folder / f"{suite}-{name[:16]}.txt").write_text(
                (headline + "\n\n" if headline else "") + body + "\n", encoding="utf-8"
            )
    return folder


def bbc_outputs_cleaner(out: Path) -> dict[str, str]:
    return {path.stem: output_text(path.read_text(encoding="utf-8")) for path in out.glob("*.md")}


def bbc_outputs_plain(out: Path) -> dict[str, str]:
    return {path.stem: path.read_text(encoding="utf-8") for path in out.glob("*.txt")}


# JFLEG ----------------------------------------------------------------------------------------


def osa(a: str, b: str) -> int:
    from rapidfuzz.distance import OSA

    return OSA.distance(a, b)


def aligned(source: list[str], target: list[str]) -> dict[int, str]:
    """Source index -> the target word it became, where the alignment is one word for one."""
    matcher = difflib.SequenceMatcher(None, [w.lower() for w in source], [w.lower() for w in target], autojunk=False)
    mapping = {}
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal" or (op == "replace" and i2 - i1 == j2 - j1):
            for offset in range(i2 - i1):
                mapping[i1 + offset] = target[j1 + offset]
    return mapping


def scowl_words() -> frozenset[str]:
    from cleaner.spelling import lexicon

    words = lexicon()
    return frozenset(w.lower() for w in words.words)


def jfleg_gold(sources: list[list[str]], references: list[list[list[str]]]) -> list[dict[int, set[str]]]:
    """Per sentence: typo index -> the corrections the references give it."""
    known = scowl_words()
    gold = []
    for position, source in enumerate(sources):
        typos: dict[int, set[str]] = {}
        for reference in references:
            for index, word in aligned(source, reference[position]).items():
                wrong = source[index]
                if not wrong.isalpha() or wrong.lower() in known or word.lower() == wrong.lower():
                    continue
                if osa(wrong.lower(), word.lower()) <= (3 if len(wrong) >= 8 else 2):
                    typos.setdefault(index, set()).add(word.lower())
        gold.append(typos)
    return gold


def same_word(a: str, b: str) -> bool:
    """The same word, perhaps in another inflection (concentrate/concentrates, science/sciences)."""
    a, b = a.lower(), b.lower()
    shared = len(os.path.commonprefix([a, b]))
    return a == b or shared >= max(4, max(len(a), len(b)) - 3)


def _more_often(new: str, old: str, source: list[str], reference: list[str]) -> bool:
    """The reference has the new word once more and the old one once less than the source: the
    same change, where the reference was reworded too much to align."""
    count = lambda word, words: sum(w.lower() == word.lower() for w in words)  # noqa: E731
    return count(new, reference) > count(new, source) and count(old, reference) < count(old, source)


def score_jfleg(sources, references, outputs: list[str]) -> dict:
    """Changes judged against the references, and typo recall.

    A one-word change is right when a reference makes it (exactly, in another
    inflection, or reworded so that the new word replaces the old one), wrong
    when a reference has something else in its place (keeps the word, or puts
    another word there), and cannot be judged when every reference rewrote
    the passage so that nothing lines up with it. Precision is right / (right +
    wrong); "strict" counts only exact matches over all changes.
    """
    gold = jfleg_gold(sources, references)
    changed = strict = right = wrong = typos = fixed = 0
    wrong_changes, unjudged = [], []
    for position, (source, output) in enumerate(zip(sources, outputs)):
        words = [t for t, _ in tokens(output)]
        accepted = [aligned(source, reference[position]) for reference in references]
        typos += len(gold[position])
        matcher = difflib.SequenceMatcher(None, source, words, autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal":
                continue
            one_for_one = op == "replace" and i2 - i1 == j2 - j1
            spans = (
                [(i, i + 1, j, j + 1) for i, j in zip(range(i1, i2), range(j1, j2))]
                if one_for_one
                else [(i1, i2, j1, j2)]
            )
            for a, b, c, d in spans:
                changed += 1
                after = " ".join(words[c:d]).lower()
                context = (" ".join(source[a:b]), after, " ".join(source[max(0, a - 6) : b + 6]))
                if one_for_one:
                    exact = any(after == ref.get(a, "").lower() for ref in accepted)
                    ok = (
                        exact
                        or any(
                            same_word(after, ref.get(a, "")) and ref.get(a, "").lower() != source[a].lower()
                            for ref in accepted
                        )
                        or any(_more_often(after, source[a], source, reference[position]) for reference in references)
                    )
                    contradicted = not ok and any(a in ref for ref in accepted)
                else:  # a split or a merge: right when some reference has the same words
                    exact = ok = any(f" {after} " in f" {' '.join(ref[position]).lower()} " for ref in references)
                    contradicted = not ok
                strict += exact
                right += ok
                wrong += contradicted
                if one_for_one and a in gold[position] and ok:
                    fixed += 1
                if contradicted:
                    wrong_changes.append(context)
                elif not ok:
                    unjudged.append(context)
    return {
        "changed": changed,
        "strict": strict,
        "right": right,
        "wrong": wrong,
        "typos": typos,
        "fixed": fixed,
        "wrong_changes": wrong_changes,
        "unjudged": unjudged,
        "strict_precision": strict / changed if changed else 1.0,
        "precision": right / (right + wrong) if right + wrong else 1.0,
        "recall": fixed / typos if typos else 0.0,
    }


_SPLIT_CLITICS = (
    (" ca n't", " can't"),
    (" wo n't", " won't"),
    (" n't", "n't"),
    (" 's ", "'s "),
    (" 're ", "'re "),
    (" 've ", "'ve "),
    (" 'll ", "'ll "),
    (" 'm ", "'m "),
    (" 'd ", "'d "),
)


def jfleg_lines(bench: Path, name: str) -> list[str]:
    """JFLEG's sentences with its tokeniser's split clitics ("do n't", "it 's") joined again."""
    lines = (bench / "clean-text" / "jfleg-dev" / name).read_text(encoding="utf-8").splitlines()
    for split, joined in _SPLIT_CLITICS:
        lines = [f" {line} ".replace(split, joined).strip() for line in lines]
    return lines


def words_of(lines: list[str]) -> list[list[str]]:
    return [[t for t, _ in tokens(line)] for line in lines]


def write_sentences(lines: list[str], folder: Path) -> None:
    folder.mkdir(parents=True)
    for number, line in enumerate(lines):
        (folder / f"{number:04d}.txt").write_text(line.strip() + "\n", encoding="utf-8")


# Report ---------------------------------------------------------------------------------------


def print_bbc(title: str, scores: list[BbcScore], words: int, known_total: int | None, show: int) -> None:
    print(
        f"{title} ({words:,} words"
        + (f", {known_total} known typos)" if known_total is not None else ", no typo list)")
    )
    columns = zip(("changes", "known fixed", "more fixed", "wrong", "wrong/1k", "seconds"), (8, 12, 11, 6, 9, 8))
    print(f"  {'run':44s} " + " ".join(f"{name:>{width}s}" for name, width in columns))
    for s in scores:
        print(
            f"  {s.label:44s} {len(s.changes):8d} {len(s.known_fixed):12d} {len(s.more_fixed):11d} "
            f"{len(s.wrong):6d} {1000 * len(s.wrong) / words:9.3f} {s.seconds:8.1f}"
        )
    for s in scores:
        if not s.wrong or not show:
            continue
        print(f"\n  presumed wrong, {s.label} ({len(s.wrong)}; most frequent first):")
        counted = Counter((c.before, c.after) for c in s.wrong)
        firsts = {}
        for change in s.wrong:
            firsts.setdefault((change.before, change.after), change)
        for (before, after), count in counted.most_common(show):
            change = firsts[(before, after)]
            times = f" ×{count}" if count > 1 else ""
            print(f"    {change.file}: {before!r} -> {after!r}{times}   …{change.context}…")


def print_jfleg(rows: list[tuple[str, dict]], show: int) -> None:
    print(f"\nJFLEG dev (754 sentences, {rows[0][1]['typos']} typos by the definition above)")
    print(
        f"  {'run':44s} {'changes':>8s} {'right':>6s} {'wrong':>6s} {'unjudged':>9s} {'precision':>10s} {'strict':>7s} "
        f"{'typos fixed':>12s} {'recall':>7s}"
    )
    for label, r in rows:
        print(
            f"  {label:44s} {r['changed']:8d} {r['right']:6d} {r['wrong']:6d} {len(r['unjudged']):9d} "
            f"{r['precision']:10.3f} {r['strict_precision']:7.3f} {r['fixed']:12d} {r['recall']:7.3f}"
        )
    for label, r in rows:
        for title, items in (
            ("a reference has something else there", r["wrong_changes"]),
            ("every reference rewrote the passage", r["unjudged"]),
        ):
            if items and show:
                print(f"\n  {title}, {label}:")
                for before, after, context in items[:show]:
                    print(f"    {before!r} -> {after!r}   …{context}…")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench")
    parser.add_argument("--show", type=int, default=40, help="list this many presumed-wrong changes per run")
    parser.add_argument("--skip-full", action="store_true", help="only the fix_spelling,normalize_names run")
    parser.add_argument("--skip-codespell", action="store_true")
    parser.add_argument("--part", choices=("all", "bbc", "published", "jfleg"), default="all")
    args = parser.parse_args()
    bbc = args.bench / "clean-text" / "bbc"
    known = read_known(args.bench / "clean-text" / "bbc-known-typos.tsv")
    more = read_known(MORE_TYPOS)
    words = sum(len(tokens(p.read_text(encoding="utf-8"))) for p in bbc.glob("*.txt"))
    lines = jfleg_lines(args.bench, "dev.src")
    sources = words_of(lines)
    references = [words_of(jfleg_lines(args.bench, f"dev.ref{k}")) for k in range(4)]
    codespell = shutil.which("codespell") and not args.skip_codespell
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        scores = []
        runs = [("cleaner --only fix_spelling,normalize_names", "fix_spelling,normalize_names")]
        if not args.skip_full:
            runs.append(("cleaner, full chain", None))
        for number, (label, only) in enumerate(runs if args.part in ("all", "bbc") else []):
            out = folder / f"bbc-{number}"
            seconds = run_cleaner(bbc, out, only)
            scores.append(score_bbc(label, seconds, bbc, bbc_outputs_cleaner(out), known, more))
        if codespell and args.part in ("all", "bbc"):
            seconds = run_codespell(bbc, folder / "bbc-codespell")
            scores.append(
                score_bbc("codespell", seconds, bbc, bbc_outputs_plain(folder / "bbc-codespell"), known, more)
            )
        if scores:
            print_bbc("BBC News", scores, words, len(known), args.show)
        if args.part in ("all", "published"):
            published = write_published(args.bench, folder / "published")
            published_typos = read_known(PUBLISHED_TYPOS)
            published_words = sum(len(tokens(p.read_text(encoding="utf-8"))) for p in published.glob("*.txt"))
            scores = []
            for number, (label, only) in enumerate(runs):
                out = folder / f"published-{number}"
                seconds = run_cleaner(published, out, only)
                scores.append(score_bbc(label, seconds, published, bbc_outputs_cleaner(out), set(), published_typos))
            if codespell:
                seconds = run_codespell(published, folder / "published-codespell")
                scores.append(
                    score_bbc(
                        "codespell",
                        seconds,
                        published,
                        bbc_outputs_plain(folder / "published-codespell"),
                        set(),
                        published_typos,
                    )
                )
            print_bbc(
                f"\nPublished article bodies ({len(list(published.glob('*.txt')))} texts)",
                scores,
                published_words,
                None,
                args.show,
            )
        if args.part not in ("all", "jfleg"):
            return 0

        write_sentences(lines, folder / "jfleg")
        run_cleaner(folder / "jfleg", folder / "jfleg-out", "fix_spelling,normalize_names")
        outputs = [
            output_text((folder / "jfleg-out" / f"{n:04d}.md").read_text(encoding="utf-8")) for n in range(len(sources))
        ]
        rows = [("cleaner --only fix_spelling,normalize_names", score_jfleg(sources, references, outputs))]
        if codespell:
            run_codespell(folder / "jfleg", folder / "jfleg-codespell")
            plain = [
                (folder / "jfleg-codespell" / f"{n:04d}.txt").read_text(encoding="utf-8") for n in range(len(sources))
            ]
            rows.append(("codespell", score_jfleg(sources, references, plain)))
        print_jfleg(rows, args.show)
    return 0


if __name__ == "__main__":
    sys.exit(main())
