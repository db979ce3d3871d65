"""Small measuring tools shared by the benchmarks: statistics, sizes, timed child processes.

Everything here is pure or local (127.0.0.1 only) and bounded in time, so the test suite can
check it quickly and `make bench` can never hang.
"""

from __future__ import annotations

import gzip
import os
import socket
import statistics
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, TypeVar

# The compression level a static server would use: Apache's mod_deflate default (nginx uses 1).
GZIP_LEVEL = 6

T = TypeVar("T")


def median(values: list[float]) -> float:
    """Median, because one slow run on a noisy 2-core machine must not move the figure."""
    if not values:
        raise ValueError("median of no values")
    return statistics.median(values)


def ratio(numerator: float, denominator: float) -> float | None:
    """numerator / denominator rounded for the report; None when there is nothing to divide by."""
    if not denominator:
        return None
    return round(numerator / denominator, 3)


def gzip_size(data: bytes) -> int:
    """Bytes a static server with gzip would send for this body."""
    return len(gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0))


@dataclass(frozen=True)
class Run:
    """One child process: wall-clock time, peak memory (of it and its own children), exit code."""

    seconds: float
    peak_rss_mib: float
    returncode: int


def run_timed(command: list[str], cwd: Path, env: dict, log: Path, timeout: float) -> Run:
    """Run `command`, sending its output to `log`; measure it with wait4 (this child only)."""
    with log.open("ab") as output:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=output, stderr=subprocess.STDOUT)
        watchdog = threading.Timer(timeout, process.kill)
        watchdog.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            watchdog.cancel()
        seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    # ru_maxrss is in KiB on Linux, and covers the child's own waited-for children too.
    return Run(round(seconds, 3), round(usage.ru_maxrss / 1024, 1), process.returncode)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def poll(check: Callable[[], T | None], timeout: float, interval: float) -> T:
    """Call `check` until it returns something other than None or False; TimeoutError after `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise TimeoutError(f"gave up after {timeout:.0f} s")
        time.sleep(interval)
