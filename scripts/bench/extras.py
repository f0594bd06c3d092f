"""What the benchmark measures beside the pages: the machine and the HR
import."""

from __future__ import annotations

import importlib.metadata
import os
import platform
import re
import subprocess
import tempfile
import time
from pathlib import Path

from bench import snippets
from bench.config import TARGET_IMPORT_SECONDS
from bench.data import manage, shell


def verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def machine(env: dict) -> list[str]:
    cpuinfo = (
        Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    )
    model = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.M)
    meminfo = (
        Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    )
    memory = re.search(r"^MemTotal:\s+(\d+) kB", meminfo, re.M)
    wrk_version = subprocess.run(
        ["wrk", "--version"], capture_output=True, text=True
    ).stdout.split(" [")[0]
    return [
        f"| CPU | {model[1] if model else platform.processor() or '?'} "
        f"({platform.machine()}) |",
        f"| cores | {os.cpu_count()}, shared by server, database and load generator |",
        f"| memory | {int(memory[1]) / 1024 / 1024:.1f} GB |"
        if memory
        else "| memory | ? |",
        f"| OS | {platform.system()} {platform.release()} |",
        f"| Python | {platform.python_version()} |",
        f"| Django | {importlib.metadata.version('django')} |",
        f"| gunicorn | {importlib.metadata.version('gunicorn')} |",
        f"| database | {shell(env, snippets.DATABASE_VERSION_CODE).strip()} |",
        f"| load generator | {wrk_version} |",
    ]


def staff_import_timing(env: dict, rows: int = 100_000) -> list[tuple[str, float]]:
    """Time `import_staff` on an HR file of `rows` new employees, then on the
    same file with every job title changed: the report's HR import rows."""
    header = "email,first_name,last_name,department,job_title,manager_email\n"
    timings = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "hr.csv"
        for title, what in (("Begeleider", "new"), ("Pleegzorgwerker", "changed")):
            with path.open("w", encoding="utf-8") as out:
                out.write(header)
                for i in range(rows):
                    manager = "hr0@bench.sterkhuis.test" if i else ""
                    out.write(
                        f"hr{i}@bench.sterkhuis.test,Voornaam{i},Achternaam{i},"
                        f"HR-afdeling {i % 200},{title},{manager}\n"
                    )
            started = time.monotonic()
            manage(env, "import_staff", str(path))
            timings.append((f"{rows:,} {what}", time.monotonic() - started))
    return timings


def import_lines(timings: list[tuple[str, float]]) -> list[str]:
    return [
        f"| `import_staff`, {what} employees | {seconds:.0f} s "
        f"| ≤ {TARGET_IMPORT_SECONDS} s: {verdict(seconds <= TARGET_IMPORT_SECONDS)} |"
        for what, seconds in timings
    ]
