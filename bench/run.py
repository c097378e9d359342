"""Benchmarks of the register (issue "Register", point 8): build a synthetic register, then time the
application's answer beside hand-written SQL for the same answer on the same data, and print the ratios.

    .venv/bin/python bench/run.py [--members 1000000]      # SQLite file in bench/out/
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dangvu_bench .venv/bin/python bench/run.py
    .venv/bin/python bench/run.py --members 200000 --cases search,stats   # some cases only

The register is built once per database and size, then reused."""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))


def best_of(fn, repeat: int = 5) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return min(times), result


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--import-rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--cases", default="", help="comma-separated case names (default: every case), "
                        "e.g. search,stats")
    args = parser.parse_args()

    out = HERE / "out"
    out.mkdir(exist_ok=True)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{out}/bench-{args.members}.sqlite3")
    os.environ.setdefault("DANGVU_DATA_DIR", str(out))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangvu.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from dangvu.organizations.models import Organization

    call_command("migrate", verbosity=0)
    print(f"# dangvu benchmarks — {connection.vendor}, {platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}")
    if not Organization.objects.filter(code="BENCH").exists():
        from bench.synth import build

        print(f"building a register of {args.members:,} members …")
        sizes = build(args.members)
        print(f"built: {sizes['units']:,} units, {sizes['members']:,} members, {sizes['events']:,} events, "
              f"{sizes['spans']:,} spans in {sizes['seconds']:.0f} s")
    from bench import cases

    chosen = [name.strip() for name in args.cases.split(",") if name.strip()]
    by_name = {case.__name__: case for case in cases.ALL}
    if unknown := sorted(set(chosen) - set(by_name)):
        parser.error(f"unknown case(s) {', '.join(unknown)}; known: {', '.join(by_name)}")
    results = []
    for case in [by_name[name] for name in chosen] if chosen else cases.ALL:
        outcome = case(repeat=args.repeat, import_rows=args.import_rows)
        if outcome:
            results.extend(outcome)
    print()
    print(f"{'case':<44} {'app (ms)':>10} {'hand SQL (ms)':>14} {'ratio':>7}  aim")
    for name, app_s, base_s, aim in results:
        ratio = app_s / base_s if base_s else float("nan")
        base = f"{base_s * 1000:14.1f}" if base_s else f"{'—':>14}"
        print(f"{name:<44} {app_s * 1000:10.1f} {base} {ratio:7.2f}  {aim}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
