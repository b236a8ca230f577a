#!/usr/bin/env python3
"""Web archive to Parquet, beside the same pages as files, on one worker and on a 2-worker LocalCluster.

    pip install -e '.[bench]'
    python -m bench.scale [--bench ../shared/bench] [--pages 1000] [--runs 2]

Builds a WARC.gz of `--pages` HTML responses from the dev pages (the 621 pages
of extraction/, readability/ and snippets/, taken in turn until there are
enough; each response follows its request record, as crawlers write them) and
the same pages as a folder of `.html` files. Then, round after round so that a
noisy moment touches every command alike, as whole processes:

  files      cleaner clean FOLDER -o md --jobs 1
  warc       cleaner clean crawl.warc.gz -o data --format parquet --jobs 1
  dask 1     the same with --dask local --jobs 1 (one worker process)
  dask 2     the same with --dask local --jobs 2

It prints seconds (min, median), pages per second at the median, the ratios the
targets are stated in (warc / files >= 0.90, dask 2 / dask 1 >= 1.7), and the
largest resident size of the client process alone for the cluster runs, on
this archive and on one a quarter its size: the client must not grow with the
number of pages.
"""

from __future__ import annotations

import argparse
import gzip
import io
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import psutil

from .scoring import DEFAULT_BENCH, ROOT, dev_pages


def build(bench: Path, pages: int, folder: Path) -> tuple[Path, Path]:
    """The archive and the folder of the same pages."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    sources = [path for _, _, path, _ in dev_pages(bench)]
    files = folder / "pages"
    files.mkdir(parents=True)
    archive = folder / "crawl.warc.gz"
    with archive.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for number in range(pages):
            body = gzip.decompress(sources[number % len(sources)].read_bytes())
            url = f"https://news.example/{number:05d}/{quote(sources[number % len(sources)].name[:-8])}"
            request = f"GET /{number:05d} HTTP/1.1\r\nHost: news.example\r\n\r\n".encode()
            writer.write_record(writer.create_warc_record(url, "request", payload=io.BytesIO(request)))
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http))
            (files / f"{number:05d}.html").write_bytes(body)
    return archive, files


def run(command: list[str], watch_client: bool = False) -> tuple[float, float]:
    """Wall seconds, and the largest resident size (MB) of the process itself (its children left out)."""
    started = time.perf_counter()
    process = psutil.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    largest = 0.0
    while process.poll() is None:
        if watch_client:
            try:
                largest = max(largest, process.memory_info().rss / 2**20)
            except psutil.Error:
                pass
        time.sleep(0.05)
    elapsed = time.perf_counter() - started
    if process.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command[3:6])}... exited with {process.returncode}: {process.stderr.read()}")
    return elapsed, largest


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bench", type=Path, default=DEFAULT_BENCH)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=2)
    options = parser.parse_args()
    clean = [sys.executable, "-m", "cleaner", "clean"]
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        archive, files = build(options.bench, options.pages, folder)
        small, _ = build(options.bench, options.pages // 4, folder / "small")
        print(f"{options.pages} pages: archive {archive.stat().st_size / 2**20:.1f} MB (gzip), {options.runs} rounds")
        arms = {
            "files": clean + [str(files), "-o", str(folder / "md"), "--jobs", "1"],
            "warc": clean + [str(archive), "-o", str(folder / "w"), "--format", "parquet", "--jobs", "1"],
            "dask 1": clean
            + [str(archive), "-o", str(folder / "d1"), "--format", "parquet", "--dask", "local"]
            + ["--jobs", "1"],
            "dask 2": clean
            + [str(archive), "-o", str(folder / "d2"), "--format", "parquet", "--dask", "local"]
            + ["--jobs", "2"],
        }
        seconds: dict[str, list[float]] = {name: [] for name in arms}
        client: dict[str, float] = {}
        for _ in range(options.runs):
            for name, command in arms.items():
                elapsed, largest = run(command, watch_client=name.startswith("dask"))
                seconds[name].append(elapsed)
                client[name] = max(client.get(name, 0.0), largest)
        small_command = clean + [str(small), "-o", str(folder / "d3"), "--format", "parquet", "--dask", "local"]
        _, client_small = run(small_command + ["--jobs", "2"], watch_client=True)
    rate = {name: options.pages / statistics.median(values) for name, values in seconds.items()}
    print(f"{'':8} {'min s':>7} {'median s':>9} {'pages/s':>8}")
    for name, values in seconds.items():
        print(f"{name:8} {min(values):7.1f} {statistics.median(values):9.1f} {rate[name]:8.1f}")
    print(f"warc -> parquet / files, one worker: {rate['warc'] / rate['files']:.2f} (target 0.90)")
    print(f"dask 1 / warc (the cluster's cost on one worker): {rate['dask 1'] / rate['warc']:.2f}")
    print(f"dask 2 / dask 1: {rate['dask 2'] / rate['dask 1']:.2f} (target 1.7)")
    print(f"pages per hour per core (warc, one worker): {rate['warc'] * 3600:,.0f}")
    print(
        f"client process, largest resident size: {client['dask 2']:.0f} MB for {options.pages} pages, "
        f"{client_small:.0f} MB for {options.pages // 4}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
