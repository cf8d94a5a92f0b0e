"""scripts/loadtest.py with writes: analysts' status updates go through the item's form
and are counted, read-only and with writes each measured (here for a second or so)."""

import importlib.util
import json
from pathlib import Path

import pytest

from summits.models import StatusUpdate

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "loadtest.py"


def _loadtest():
    spec = importlib.util.spec_from_file_location("loadtest_script", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_analysts_writes_are_recorded_and_reported_beside_the_read_only_run(
    live_server, seed, tmp_path, capsys
):
    output = tmp_path / "loadtest.json"
    code = _loadtest().main(
        [
            f"--url={live_server.url}",
            # One user: the live server's threads share SQLite's in-memory test database,
            # which answers "table is locked" at once to a second writer, not after a wait.
            "--users=1",
            "--analysts=1",
            "--duration=1.5",
            "--warm-up=0.2",
            "--write-share=0.4",
            f"--output={output}",
        ]
    )
    assert code == 0, capsys.readouterr().out
    read_only, with_writes = json.loads(output.read_text())
    assert read_only["write_share"] == 0 and "write" not in read_only["by_kind"]
    assert with_writes["write_share"] == 0.4 and with_writes["analysts"] == 1
    assert read_only["errors"] == with_writes["errors"] == 0
    assert read_only["requests"] > 0 and read_only["requests_per_second"] > 0
    writes = with_writes["by_kind"]["write"]["requests"]
    assert writes > 0
    # Each write a status update recorded by the analyst through the form.
    recorded = StatusUpdate.objects.filter(note__startswith="Load test:")
    assert recorded.count() == writes
    assert set(recorded.values_list("author__username", flat=True)) == {"loadtest-01"}
    out = capsys.readouterr().out
    assert "of the read-only throughput" in out and "write" in out
