"""How long the report drafter takes on large and hostile texts, and how well it reads.

usage (from the project's root): .venv/bin/python benchmarks/drafting.py [--megabytes 1]

Prints, per input of the given size, the seconds `report_draft` takes (the gazetteer is
loaded once per process beforehand, and timed apart). The goal: 1 MB of any text in under
10 s. How well the drafter reads is measured by tests/drafting/test_drafting_reports.py and
../shared/tools/draft_score.py.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _inputs(size: int) -> dict[str, str]:
    reports = "\n\n".join(
        p.read_text(encoding="utf-8")
        for p in sorted((ROOT / "tests" / "data" / "drafting" / "dev").glob("*.txt"))
    )
    names = ", ".join(
        f"Minister Ana Silva{chr(65 + i % 26)}{chr(65 + i // 26 % 26)}" for i in range(size // 20)
    )
    return {
        "reports, repeated": (reports * (size // len(reports) + 1))[:size],
        "'Dr. ' repeated": ("Dr. " * (size // 4 + 1))[:size],
        "one word": "A" * size,
        "one sentence of names": names[:size],
        "the same meeting, repeated": (
            "Minister Ana Silva met President Lula on Monday in Paris. " * (size // 58 + 1)
        )[:size],
        "markup, RTL marks, NUL": ("\u202e<script>alert(1)</script>\x00 " * (size // 30 + 1))[
            :size
        ],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=1.0)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="draft-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/db.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from summits.drafting import report_draft
    from summits.drafting.places import gazetteer

    started = time.perf_counter()
    gazetteer()
    print(f"gazetteer loaded once per process: {time.perf_counter() - started:.2f} s")
    size = int(args.megabytes * 1_000_000)
    print(f"{'input':30s} {'MB':>5s} {'seconds':>8s} {'records':>8s}")
    for name, text in _inputs(size).items():
        started = time.perf_counter()
        records = report_draft(text=text)
        seconds = time.perf_counter() - started
        print(f"{name:30s} {len(text) / 1e6:5.2f} {seconds:8.2f} {len(records):8d}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
