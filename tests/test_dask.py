"""The same pipeline on a Dask cluster: a LocalCluster of 2 workers writes exactly what a run here writes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("distributed", reason="the scale extra (pip install 'cleaner[scale]') is not installed")
pytest.importorskip("warcio", reason="the scale extra is not installed")
parquet = pytest.importorskip("pyarrow.parquet", reason="the scale extra is not installed")

from cleaner.batch import InputFile  # noqa: E402
from cleaner.dask import ArchiveRange, ShippedRules, clean_bag, coarser, split  # noqa: E402
from cleaner.pipeline import Settings, load_pipeline  # noqa: E402

from .conftest import ROOT, SEEDS  # noqa: E402
from .test_datasets import _crawl  # noqa: E402

PAGES = ROOT / "tests" / "pages"


def _clean(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cleaner", "clean", *map(str, args)], capture_output=True, text=True, timeout=900
    )


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Seeds, real pages, a web archive, a file that is not text, and three files a batch revises."""
    folder = tmp_path_factory.mktemp("inputs")
    for path in [*SEEDS.glob("*.txt"), *PAGES.glob("*.html")]:
        (folder / path.name).write_bytes(path.read_bytes())
    _crawl(folder / "crawl.warc.gz")
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02\xff\xfe binary")
    names = folder / "names"
    names.mkdir()
    for number, opening in enumerate(["Jane Smyth spoke", "Jane Smith said", "Jane Smith answered"]):
        (names / f"{number}.txt").write_text(f"{opening} about the budget on Monday.\n", encoding="utf-8")
    return folder


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_a_local_cluster_of_two_workers_writes_exactly_what_a_run_here_writes(inputs: Path, tmp_path: Path) -> None:
    here = _clean(inputs, "-o", tmp_path / "here")
    there = _clean(inputs, "-o", tmp_path / "there", "--dask", "local", "--jobs", "2")
    assert here.returncode == there.returncode == 1  # broken.txt, in both
    written_here = _tree(tmp_path / "here")
    written_here.pop(".cleaner-run.jsonl")  # the journal of --resume, a run here only
    assert written_here == _tree(tmp_path / "there")
    assert len(written_here) == 4 + 3 + 5 + 3
    assert "names/consistency" not in written_here["names/0.md"].decode()  # reported, not written
    for said in (here.stderr, there.stderr):
        assert f"error: {inputs / 'broken.txt'}: " in said
        assert "crawl.warc.gz: 5 pages; left out 5 records" in said
    summary = here.stderr.strip().splitlines()[-1]
    assert there.stderr.strip().splitlines()[-1].startswith(summary)  # the same counts, then the partitions


@pytest.mark.slow
def test_a_parquet_dataset_from_the_cluster_has_the_rows_of_a_run_here(inputs: Path, tmp_path: Path) -> None:
    here = _clean(inputs, "-o", tmp_path / "here", "--format", "parquet")
    there = _clean(inputs, "-o", tmp_path / "there", "--format", "parquet", "--dask", "local", "--jobs", "2")
    assert here.returncode == there.returncode == 1
    parts = sorted((tmp_path / "there").iterdir())
    assert [p.name for p in parts] == ["part-00000.parquet", "part-00001.parquet"]  # the archive has its own

    def rows(folder: Path) -> list[dict]:
        found = [row for part in sorted(folder.iterdir()) for row in parquet.read_table(part).to_pylist()]
        return sorted(found, key=lambda row: row["id"])

    assert rows(tmp_path / "here") == rows(tmp_path / "there")
    revised = next(row for row in rows(tmp_path / "there") if row["id"].endswith("names/0.txt"))
    assert dict(revised["findings"]) == {"names/consistency": 1}  # the second pass ran on the cluster


def test_bad_rules_stop_the_run_on_the_client_before_any_work(tmp_path: Path) -> None:
    rules = tmp_path / "bad.yaml"
    rules.write_text((ROOT / "tests" / "bad_rules" / "bad_regex.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    result = _clean(SEEDS, "-o", tmp_path / "out", "--dask", "tcp://127.0.0.1:9", "--rules", rules)
    assert result.returncode == 2
    assert str(rules) in result.stderr and "cannot reach the scheduler" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_an_unreachable_scheduler_is_a_one_line_usage_error(tmp_path: Path) -> None:
    result = _clean(SEEDS, "-o", tmp_path / "out", "--dask", "tcp://127.0.0.1:9")
    assert result.returncode == 2 and "cannot reach the scheduler" in result.stderr
    assert "Traceback" not in result.stderr


def test_clean_bag_puts_the_pipeline_into_a_dask_graph(inputs: Path) -> None:
    import dask.bag

    given = [str(inputs / "crawl.warc.gz"), str(SEEDS / "000_c6140b535fe491f8.txt"), str(inputs / "broken.txt")]
    rows = clean_bag(dask.bag.from_sequence(given, npartitions=2)).compute(scheduler="synchronous")
    assert [row["id"].rsplit("/", 1)[-1] for row in rows][-2:] == ["000_c6140b535fe491f8.txt", "broken.txt"]
    assert sum("#" in row["id"] for row in rows) == 5 and all(row["url"] for row in rows if "#" in row["id"])
    assert "de-escalate" in rows[-2]["text"] and rows[-2]["error"] is None
    assert rows[-1]["error"] and "text" not in rows[-1]


def test_rules_a_worker_does_not_have_are_shipped_to_it(tmp_path: Path) -> None:
    folder = tmp_path / "site-rules"
    folder.mkdir()
    rule = "stage: strip_debris\nrules:\n  - id: site/promo\n    lines: ['Subscribe now']\n"
    (folder / "promo.yaml").write_text(rule, encoding="utf-8")
    single = tmp_path / "one.yaml"
    single.write_text(rule.replace("promo", "promo2"), encoding="utf-8")
    settings = Settings(rule_paths=(folder, single))
    shipped = ShippedRules.of(settings)
    assert shipped.here() == settings  # the same files at the same paths: nothing to write
    (folder / "promo.yaml").unlink()
    single.unlink()
    rebuilt = shipped.here()
    assert rebuilt.rule_paths != settings.rule_paths and all(path.exists() for path in rebuilt.rule_paths)
    ids = {rule.id for _, rule in load_pipeline(rebuilt).ruleset.all_rules()}
    assert {"site/promo", "site/promo2"} <= ids


def test_archive_ranges_are_partitions_of_their_own_and_files_go_in_groups() -> None:
    files = [InputFile(Path(f"{n}.txt"), Path(f"{n}.txt")) for n in range(5)]
    archive = InputFile(Path("a.warc.gz"), Path("a.warc.gz"))
    partitions = split([*files[:3], archive, *files[3:]], {archive: [0, 700, 1400]}, size=2)
    ranges = [[ArchiveRange(archive, 0, 700)], [ArchiveRange(archive, 700, 1400)], [ArchiveRange(archive, 1400)]]
    assert partitions == [files[:2], *ranges, files[2:4], files[4:]]


def test_the_ranges_of_an_archive_hold_each_of_its_records_once(tmp_path: Path) -> None:
    from cleaner.batch import ArchiveScan
    from cleaner.readers import page_boundaries

    crawl = _crawl(tmp_path / "crawl.warc.gz")
    with crawl.open("rb") as stream:
        cuts = page_boundaries(stream, 10**7, 2)
    assert len(cuts) == 3  # 5 pages, 2 a range
    whole = ArchiveScan(str(crawl), 10**7)
    every = [page.offset for page in whole.pages()]
    pieces, skipped = [], 0
    for start, stop in zip(cuts, [*cuts[1:], None]):
        scan = ArchiveScan(str(crawl), 10**7, start, stop)
        pieces += [page.offset for page in scan.pages()]
        skipped += sum(scan.skipped.values())
    assert pieces == every and skipped == sum(whole.skipped.values()) == 5


@pytest.mark.slow
def test_jsonl_rows_from_the_cluster_are_one_object_a_line(inputs: Path, tmp_path: Path) -> None:
    result = _clean(SEEDS, "-o", tmp_path / "out", "--format", "jsonl", "--dask", "local", "--jobs", "1")
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in (tmp_path / "out" / "part-00000.jsonl").read_text().splitlines()]
    assert len(rows) == 4 and all(row["text"] for row in rows)


def test_an_archive_is_cut_finer_when_the_cluster_has_more_threads_than_ranges() -> None:
    archive = InputFile(Path("a.warc.gz"), Path("a.warc.gz"))
    cuts = {archive: list(range(0, 100_000, 1000))}  # a cut every 10 pages: 1,000 pages
    assert coarser(cuts, threads=1)[archive] == cuts[archive][::10]  # ranges of 100 pages
    assert coarser(cuts, threads=2)[archive] == cuts[archive][::6]  # 17 ranges: 8 or more a thread
    assert coarser(cuts, threads=64)[archive] == cuts[archive]  # never below the grain


def test_an_archive_that_cannot_be_opened_is_one_failure_not_a_crash(tmp_path: Path) -> None:
    from cleaner.dask import _cuts, _Destination, clean_partition

    missing = InputFile(tmp_path / "gone.warc.gz", Path("gone.warc.gz"))
    assert _cuts(missing, 10**6) == [0]
    shipped = ShippedRules.of(Settings())
    result = clean_partition(0, [ArchiveRange(missing)], shipped, _Destination(str(tmp_path / "out"), "md"))
    assert result.cleaned == 0 and len(result.failures) == 1
    shown, why = result.failures[0]
    assert shown == str(tmp_path / "gone.warc.gz") and why.startswith("cannot open it")
