"""The import benchmark (benchmarks/import_vs_loaddata.py) runs; here on a tiny fixture."""

import re

from benchmarks.import_vs_loaddata import build_fixture, main


def test_the_synthetic_fixture_has_the_size_asked_and_natural_keys_only():
    records = build_fixture(1234)
    assert len(records) == 1234
    assert all(set(record) == {"model", "fields"} for record in records)
    assert len({record["model"] for record in records}) >= 10


def test_the_benchmark_times_both_commands_on_the_same_file(capsys):
    assert main(["--records", "120"]) == 0
    out = capsys.readouterr().out
    loaddata = float(re.search(r"loaddata:\s+([\d.]+) s", out).group(1))
    imported = float(re.search(r"import_report:\s+([\d.]+) s", out).group(1))
    ratio = float(re.search(r"ratio:\s+([\d.]+)x", out).group(1))
    assert loaddata > 0 and imported > 0
    assert abs(ratio - loaddata / imported) < 0.1
