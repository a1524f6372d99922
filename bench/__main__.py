"""Every benchmark in one run, one table: ``python -m bench [--quick] [--write]``.

Each benchmark runs as its own process (so one's memory or event loop never
colours another's figures) with the arguments below; its output is kept in
``bench-logs/`` and its summary line is read back into one table of metric,
value, target and verdict. ``--write`` puts the table, the machine (read off
it: cores, memory, Python, PostgreSQL) and the command into
docs/benchmarks.md. ``--quick`` runs the same benchmarks on smaller inputs
(a few minutes instead of half an hour: for a developer, not for the figures
quoted). ``--only NAME`` runs some of them. Not a test: it exits 0.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOGS = ROOT / "bench-logs"
DOC = ROOT / "docs" / "benchmarks.md"


@dataclass(frozen=True)
class Figure:
    metric: str
    value: str
    target: str
    met: bool | None  # None: no target, or not measured


Reader = Callable[[str], list[Figure]]


@dataclass(frozen=True)
class Bench:
    name: str
    module: str
    full: list[str]
    quick: list[str]
    read: Reader


def _last(pattern: str, output: str) -> re.Match[str] | None:
    found = list(re.finditer(pattern, output, re.M))
    return found[-1] if found else None


def read_checkin(output: str) -> list[Figure]:
    figures = []
    for backend in ("sqlite", "postgresql"):
        row = _last(rf"^{backend}\s+(\d+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)", output)
        if row is None:
            figures.append(Figure(f"check-in ratio vs bare PTB, {backend}", "not run", "≥ 0.5",
                                  None))
            continue
        ratio = float(row.group(4))
        figures.append(Figure(f"check-in ratio vs bare PTB, {backend}",
                              f"{ratio:.2f} ({row.group(2)} vs {row.group(3)} upd/s)",
                              "≥ 0.5", ratio >= 0.5))
    return figures


def read_scans(output: str) -> list[Figure]:
    row = _last(r"^scans: max ([\d.]+) s, max (\d+) queries", output)
    if row is None:
        return [Figure("slowest scan of the day", "not run", "≤ 2 s", None)]
    worst = float(row.group(1))
    return [Figure("slowest scan of the day", f"{worst:.2f} s ({row.group(2)} queries at most)",
                   "≤ 2 s", worst <= 2.0)]


def read_reports(output: str) -> list[Figure]:
    row = _last(r"^reports: weekly ([\d.]+) s, monthly ([\d.]+) s, (\d+) MiB", output)
    target = _last(r"^target: each <= (\d+) s, peak RSS <= (\d+) MiB", output)
    if row is None:
        return [Figure("weekly summaries + monthly recap", "not run", "", None)]
    weekly, monthly, mib = float(row.group(1)), float(row.group(2)), int(row.group(3))
    limit_s, limit_mib = (int(target.group(1)), int(target.group(2))) if target else (0, 0)
    return [Figure("weekly summaries, all heads", f"{weekly:.1f} s", f"≤ {limit_s} s",
                   weekly <= limit_s if target else None),
            Figure("monthly recap, whole province", f"{monthly:.1f} s", f"≤ {limit_s} s",
                   monthly <= limit_s if target else None),
            Figure("reports' peak memory", f"{mib} MiB", f"≤ {limit_mib} MiB",
                   mib <= limit_mib if target else None)]


def read_outbox(output: str) -> list[Figure]:
    figures = []
    for backend in ("sqlite", "postgresql"):
        row = _last(rf"^{backend}\s+(\d+)\s+(\d+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)"
                    rf"\s+([\d.]+)\s+(\d+)\s+(\d+)\s+(\d+)", output)
        if row is None:
            figures.append(Figure(f"outbox rate, {backend}", "not run", "", None))
            continue
        ratio, lost, doubled = float(row.group(6)), int(row.group(9)), int(row.group(10))
        figures.append(Figure(
            f"outbox rate / configured rate, {backend}",
            f"{ratio:.2f} ({row.group(4)} msg/s), {lost} lost, {doubled} doubled",
            "≥ 0.95, 0 lost, 0 doubled", ratio >= 0.95 and lost == 0 and doubled == 0))
    return figures


def read_faults(output: str) -> list[Figure]:
    row = _last(r"^faults: (\d+)/(\d+) survived, (\d+) lost, (\d+) doubled", output)
    if row is None:
        return [Figure("fault scenarios", "not run", "all survived, 0 lost, 0 doubled", None)]
    survived, tried, lost, doubled = (int(g) for g in row.groups())
    return [Figure("fault scenarios", f"{survived}/{tried} survived, {lost} lost, "
                   f"{doubled} doubled", "all survived, 0 lost, 0 doubled",
                   survived == tried and lost == 0 and doubled == 0)]


def read_memory(output: str) -> list[Figure]:
    row = _last(r"^memory: peak (\d+) MiB with (\d+) employees \(target <= (\d+) MiB\)", output)
    if row is None:
        return [Figure("memory with 50,000 employees", "not run", "≤ 200 MiB", None)]
    peak, people, target = (int(g) for g in row.groups())
    return [Figure(f"bot's peak memory, {people:,} employees loaded", f"{peak} MiB",
                   f"≤ {target} MiB", peak <= target)]


BENCHES = [
    Bench("checkin", "bench.checkin_throughput", ["--n", "500", "--repeat", "3"],
          ["--n", "200", "--repeat", "1", "--no-tracemalloc"], read_checkin),
    Bench("outbox", "bench.outbox_drain", ["--n", "300"], ["--n", "100"], read_outbox),
    Bench("scans", "bench.scans", ["--employees", "50000"],
          ["--employees", "5000", "--units", "50", "--days", "30"], read_scans),
    Bench("reports", "bench.reports", ["--employees", "50000", "--no-tracemalloc"],
          ["--employees", "5000", "--units", "50", "--days", "40", "--no-tracemalloc"],
          read_reports),
    Bench("memory", "bench.memory", ["--employees", "50000"],
          ["--employees", "5000", "--units", "50"], read_memory),
    Bench("faults", "bench.faults", [], ["--only", "api,downtime,pg,leader"], read_faults),
]


def run(bench: Bench, quick: bool) -> tuple[list[Figure], float]:
    args = bench.quick if quick else bench.full
    LOGS.mkdir(exist_ok=True)
    log = LOGS / f"{bench.name}.log"
    print(f"-- {bench.name}: python -m {bench.module} {' '.join(args)}  (log: {log})",
          flush=True)
    started = time.perf_counter()
    try:
        done = subprocess.run([sys.executable, "-m", bench.module, *args], cwd=ROOT,
                              capture_output=True, text=True, timeout=3600)
        output = done.stdout + done.stderr
    except subprocess.TimeoutExpired as timeout:
        output = f"{timeout.stdout or ''}\ntimed out after {timeout.timeout} s"
    log.write_text(output)
    seconds = time.perf_counter() - started
    return bench.read(output), seconds


def table(figures: list[Figure]) -> str:
    rows = [("metric", "value", "target", "met")] + [
        (f.metric, f.value, f.target, {True: "yes", False: "NO", None: "–"}[f.met])
        for f in figures]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = ["| " + " | ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) + " |"
             for row in rows]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def machine() -> str:
    memory = "?"
    with open("/proc/meminfo") as info:
        for line in info:
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 2**20:.0f} GiB"
    try:
        postgres = subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "test",
                                   "-Atc", "show server_version"], capture_output=True,
                                  text=True, timeout=10).stdout.strip() or "?"
    except (OSError, subprocess.TimeoutExpired):
        postgres = "?"
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    return (f"{os.cpu_count()} cores ({platform.machine()}), {memory} memory, "
            f"Python {platform.python_version()}, PostgreSQL {postgres}, "
            f"load average at the end {load}")


def write_doc(text: str, command: str, seconds: float) -> None:
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    DOC.write_text(
        "# Benchmarks\n\n"
        "The latest figures of `python -m bench`: every benchmark in bench/ in one run (what "
        "each measures and how: bench/README.md). Ratios against a bare python-telegram-bot "
        "bot or a configured rate are what to compare across machines; seconds depend on "
        "the machine.\n\n"
        f"- **Command:** `{command}`\n"
        f"- **Machine:** {machine()}\n"
        f"- **When:** {when}, {seconds / 60:.0f} minutes in all\n\n"
        f"{text}\n\n"
        "Each benchmark's whole output is in `bench-logs/` after a run (not committed).\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="smaller inputs: minutes, not half "
                        "an hour (not for quoting)")
    parser.add_argument("--only", action="append", choices=[b.name for b in BENCHES],
                        help="run only this benchmark (repeatable)")
    parser.add_argument("--write", action="store_true", help="write docs/benchmarks.md")
    args = parser.parse_args()
    started = time.perf_counter()
    figures: list[Figure] = []
    for bench in BENCHES:
        if args.only and bench.name not in args.only:
            continue
        found, seconds = run(bench, args.quick)
        for figure in found:
            print(f"   {figure.metric}: {figure.value}", flush=True)
        print(f"   ({seconds:.0f} s)", flush=True)
        figures += found
    text = table(figures)
    print("\n" + text)
    if args.write:
        command = "python -m bench" + (" --quick" if args.quick else "") + "".join(
            f" --only {name}" for name in args.only or [])
        write_doc(text, command, time.perf_counter() - started)
        print(f"\nwritten to {DOC.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
