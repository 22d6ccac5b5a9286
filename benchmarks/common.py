"""Shared pieces of the benchmarks: synthetic extracts by size, timing child processes, the
CPU and memory of a process group."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
SIZES = {"10k": 10_000, "100k": 100_000, "1M": 1_000_000, "10M": 10_000_000}
# Financial years an extract spans: the national scale of issue 16 (every force's records, about
# ten years) at 10M crimes; the generator's default (five) below that.
YEARS = {"10M": 10}


def extract(size: str) -> Path:
    """A synthetic extract of the given size, generated once (seeded) and kept in out/."""
    folder = OUT / f"extract-{size}"
    if not (folder / "flightdeck-synth.json").exists():
        from dashboard.synth import generator

        years = YEARS.get(size, generator.YEARS)
        generator.generate(folder, crimes=SIZES[size], seed=11, years=years)
    return folder


def unmarked(size: str) -> Path:
    """The extract's CSV files without its synth marker (hard links), as real data comes: an
    ingest of them is timed without the proof that runs `flightdeck synth` again (about 21 s
    at 1M crimes, only when a marker is present; see docs/access-and-audit.md)."""
    folder, plain = extract(size), OUT / f"extract-{size}-unmarked"
    plain.mkdir(exist_ok=True)
    for csv in sorted(folder.glob("*.csv")):
        (plain / csv.name).unlink(missing_ok=True)
        os.link(csv, plain / csv.name)
    return plain


def run_child(args: list[str], env: dict | None = None) -> tuple[float, float, str]:
    """(seconds, peak resident MB, stdout) of one child process."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        args,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
        cwd=ROOT,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    out = proc.stdout.read()
    err = proc.stderr.read()
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(args)} failed: {err[-2000:]}")
    return seconds, usage.ru_maxrss / 1024, out


def median(values: list[float]) -> float:
    return statistics.median(values)


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GiB, Python {platform.python_version()},"
        f" {platform.system()} {platform.release()}"
    )


PY = sys.executable


def process_group(pgid: int) -> list[tuple[list[str], Path]]:
    """(the fields of `/proc/<pid>/stat` after the command's name, the process's /proc folder)
    for every process of the process group (field 5 of stat: the group); processes that end
    while they are read are left out."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) == pgid:
                found.append((fields, entry))
        except (OSError, IndexError, ValueError):
            continue
    return found


def group_cpu(pgid: int) -> float:
    """CPU seconds (user + system) of every process in the process group."""
    ticks = sum(int(fields[11]) + int(fields[12]) for fields, _ in process_group(pgid))
    return ticks / os.sysconf("SC_CLK_TCK")


def busy_cpu() -> float:
    """CPU seconds the whole machine has been busy (every core; not idle, not waiting for I/O),
    from /proc/stat: what any process, of this benchmark or not, has taken."""
    with open("/proc/stat", encoding="ascii") as stat:
        fields = [int(v) for v in stat.readline().split()[1:]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields[:8]
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def group_rss_mb(pgid: int) -> float:
    """Resident memory (MB) of every process in the process group."""
    pages = 0
    for _, folder in process_group(pgid):
        try:
            pages += int((folder / "statm").read_text().split()[1])
        except (OSError, IndexError, ValueError):
            continue
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def group_peak_mb(pgid: int) -> float:
    """The largest resident memory (MB) each process of the group has had, added up (VmHWM)."""
    kb = 0
    for _, folder in process_group(pgid):
        try:
            status = (folder / "status").read_text()
            kb += int(status.split("VmHWM:", 1)[1].split()[0])
        except (OSError, IndexError, ValueError):
            continue
    return kb / 1024
