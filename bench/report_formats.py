"""The demo's annual report (Hương Trà town, 2017 up to 30 November) in each format, timed (issue
"Reports", point 6: each format under 2 s). Loads the demo into a scratch SQLite database (kept in
bench/out/ and reused), then prints the first (cold) and the best of N renders of each format, the
figures and the prose included in every run.

    .venv/bin/python bench/report_formats.py [--repeat 5] [--fresh]"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--fresh", action="store_true", help="rebuild the scratch database")
    args = parser.parse_args()
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    path = out / "report-demo.sqlite3"
    if args.fresh:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DANGVU_DATA_DIR", str(out))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangvu.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from dangvu.organizations.models import Organization
    from dangvu.reports import annual, fonts, renderers

    call_command("migrate", verbosity=0)
    if not Organization.objects.filter(code="HT").exists():
        started = time.perf_counter()
        call_command("demo", stdout=io.StringIO())
        print(f"demo loaded in {time.perf_counter() - started:.1f} s")
    period = annual.resolve("HT", 2017, dt.date(2017, 11, 30))
    print(f"# annual report HT 2017-01-01..2017-11-30, font {fonts.document_font()}")
    print(f"{'format':<8} {'first (s)':>10} {'best (s)':>10} {'bytes':>9}  aim")
    for fmt in renderers.FORMATS:
        times, size = [], 0
        for _ in range(max(1, args.repeat)):
            started = time.perf_counter()
            size = len(renderers.render(annual.build(period), fmt))
            times.append(time.perf_counter() - started)
        print(f"{fmt:<8} {times[0]:10.3f} {min(times):10.3f} {size:9,}  < 2 s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
