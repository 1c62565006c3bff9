"""What every measurement receives, and the shared pieces of the cases."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

# First letter of Quang, Quân, Quốc, Quyên...: a real first keystroke that narrows the list.
SEARCH_KEY = "q"


class Unavailable(Exception):
    """What a case needs does not exist (yet); the message goes in the results table."""


@dataclass
class Context:
    """One measurement: the data, how many runs, where outputs go, and notes for the table."""

    db_path: Path
    reps: int
    warmup: int
    out_dir: Path
    workbook: Path | None = None
    notes: list[str] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)  # CPU seconds of every run, warm-up included
    first_peak_kb: int | None = None  # peak memory when the first run ended: one run's peak
    extra: dict = field(default_factory=dict)  # further medians a case reports (seconds)

    def note(self, text: str) -> None:
        """A remark shown beside the figure (rows shown, findings, output size...)."""
        if text not in self.notes:
            self.notes.append(text)


    def start(self) -> tuple[float, float]:
        """Begin one run: (wall, CPU) clocks now."""
        return time.perf_counter(), time.process_time()

    def stop(self, started: tuple[float, float]) -> float:
        """End one run: record its CPU time (the machine may be shared) and return its wall time."""
        wall, cpu = started
        elapsed = time.perf_counter() - wall
        self.cpu.append(time.process_time() - cpu)
        if self.first_peak_kb is None:
            self.first_peak_kb = peak_rss_kb()
        return elapsed


SHORT = 0.05  # a run this quick is repeated more, so its median is not one timer tick's noise
SHORT_FACTOR = 5


def timed(ctx: Context, action) -> list[float]:
    """Run `action(rep)` warm-up + reps times; the timed runs' wall durations in seconds.

    When the first run takes less than SHORT, the timed runs are SHORT_FACTOR
    times as many: milliseconds cost nothing to repeat and are the noisiest.
    """
    times: list[float] = []
    total = ctx.warmup + ctx.reps
    rep = 0
    while rep < total:
        started = ctx.start()
        action(rep)
        times.append(ctx.stop(started))
        if rep == 0 and times[0] < SHORT:
            total = ctx.warmup + ctx.reps * SHORT_FACTOR
        rep += 1
    return times[ctx.warmup:]


def peak_rss_kb() -> int:
    """Peak resident memory of this process in KB: VmHWM from /proc/self/status.

    Not ru_maxrss: on Linux a child's ru_maxrss starts at its parent's RSS at
    spawn time (the high-water mark is carried across fork and exec), so it
    would report the bench's own memory. Elsewhere fall back to ru_maxrss.
    """
    try:
        for line in open("/proc/self/status", encoding="ascii"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def run_stamp(what: str) -> str:
    """The first line of an interleaved run's output: time, commit and load average."""
    import os
    import subprocess

    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                            cwd=Path(__file__).resolve().parents[1], check=False).stdout.strip()
    load = os.getloadavg()
    return (f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, commit {commit}, load average "
            f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; {what}")


def load_line() -> str:
    """The last line of an interleaved run's output: the load average then."""
    import os

    load = os.getloadavg()
    return f"load average at the end {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
