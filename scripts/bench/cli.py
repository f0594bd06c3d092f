"""`make bench`: throughput and latency of the portal's pages under gunicorn.

For each data set (500 staff with 3 and with 30 richtlijnen, 500 staff with
the handbook's 200 for the pages that read every richtlijn, and 50,000 staff
with 30) it builds the demo data, starts gunicorn with production settings on
127.0.0.1 (PostgreSQL when DATABASE_URL is set, else a SQLite file), gives
each role a logged-in session and drives every page with wrk. It counts each
page's queries, measures the overview while eight connections sign (a
signing wave), times the HR import and, with `--compare-connections` on
PostgreSQL, the large data set with a new connection per request and with
psycopg's pool. It prints its section and writes it into
docs/performance.md, so a rerun updates the document.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from pathlib import Path

from bench.config import ROOT, data_sets
from bench.data import DataSet
from bench.extras import machine, staff_import_timing
from bench.report import write
from bench.targets import Measured

SET_NAMES = ("few", "small", "handbook", "large")


def parse(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=4, help="per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--small", type=int, default=500, help="staff, small sets")
    parser.add_argument("--large", type=int, default=50_000, help="staff, large set")
    parser.add_argument(
        "--sets",
        default=",".join(SET_NAMES),
        help=f"the data sets to measure, of {', '.join(SET_NAMES)} (default: all)",
    )
    parser.add_argument(
        "--no-extras",
        action="store_true",
        help="skip the signing wave and the HR import on the large set",
    )
    parser.add_argument(
        "--compare-connections",
        action="store_true",
        help="on PostgreSQL, also measure the large set with other connection settings",
    )
    parser.add_argument("--output", type=Path, default=ROOT / "docs/performance.md")
    parser.add_argument(
        "--note", default="", help="a sentence on the machine's load, for the page"
    )
    args = parser.parse_args(argv)
    args.set_names = [name.strip() for name in args.sets.split(",") if name.strip()]
    unknown = set(args.set_names) - set(SET_NAMES)
    if unknown or not args.set_names:
        parser.error(f"--sets takes {', '.join(SET_NAMES)}; not {args.sets!r}")
    return args


def measure_large(m: Measured, data: DataSet, postgres: bool) -> None:
    """The large set's pages, and what only the large set measures."""
    args = m.args
    m.sets["large"] = (data, data.measure(args))
    if postgres and args.compare_connections:
        for name, extra in [
            ("new connection per request (`CONN_MAX_AGE=0`)", {"CONN_MAX_AGE": "0"}),
            ("psycopg pool (`DB_POOL=1`)", {"DB_POOL": "1"}),
        ]:
            m.connections[name] = data.measure(args, extra, name.split()[0])
    if not args.no_extras:
        # Last: the wave adds signatures.
        m.wave = data.signing_wave(args)
        m.imports = staff_import_timing(data.env)


def main(argv=None) -> int:
    args = parse(argv)
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install wrk")
    postgres = "DATABASE_URL" in os.environ
    engine = "PostgreSQL" if postgres else "SQLite"
    print(
        f"Benchmark on {engine}, {args.workers} gunicorn workers, "
        f"{args.connections} connections, data sets {', '.join(args.set_names)}",
        flush=True,
    )
    started = time.monotonic()
    m = Measured(args=args, sets={}, load_before=os.getloadavg())
    specs = data_sets(args.small, args.large)
    for name in SET_NAMES:
        if name not in args.set_names:
            continue
        data = DataSet(specs[name])
        try:
            if name == "large":
                measure_large(m, data, postgres)
            else:
                m.sets[name] = (data, data.measure(args))
            if not m.machine_lines:
                m.machine_lines = machine(data.env)
        finally:
            data.cleanup()
    m.minutes = (time.monotonic() - started) / 60
    m.load_after = os.getloadavg()
    print(write(m, engine, args.output))
    return 0
