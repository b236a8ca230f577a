"""What cleaner writes for every dev page stays byte-identical unless regenerated on purpose.

A refactor must not change one byte of output; a change in behaviour shows here
first and is accepted by `python -m tests.regenerate` (and a note in the commit).
"""

from __future__ import annotations

import json

import pytest

from .output_digests import DIGESTS, available_sets, clean_and_digest


@pytest.mark.slow
@pytest.mark.parametrize("name", available_sets() or [pytest.param("none", marks=pytest.mark.skip("no dev sets here"))])
def test_cleaned_dev_pages_are_byte_identical_to_the_recorded_outputs(name: str) -> None:
    recorded = {
        path: digest
        for path, digest in json.loads(DIGESTS.read_text(encoding="utf-8")).items()
        if path.startswith(name + "/")
    }
    assert recorded, f"no recorded outputs for {name}: run python -m tests.regenerate"
    produced = clean_and_digest(name)
    changed = sorted(path for path in recorded.keys() | produced.keys() if recorded.get(path) != produced.get(path))
    assert not changed, f"{len(changed)} outputs differ, e.g. {changed[:5]}"
