"""What the figures were measured on: machine, load, versions, commit."""

from __future__ import annotations

import datetime as dt
import os
import platform
import subprocess
from importlib import metadata
from pathlib import Path

PYTHON_PACKAGES = ("mkdocs", "mkdocs-material", "mkdocs-static-i18n", "Markdown", "pymdown-extensions",
                   "Jinja2", "PyYAML", "weasyprint", "playwright")


def _first_line(command: list[str]) -> str:
    try:
        completed = subprocess.run(command, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"not available ({error})"
    return (completed.stdout or completed.stderr).strip().splitlines()[0] if completed.returncode == 0 else "not available"


def _proc_value(path: str, key: str) -> str:
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.startswith(key):
            return line.split(":", 1)[1].strip()
    return "unknown"


def describe_machine(root: Path) -> dict:
    memory_kib = int(_proc_value("/proc/meminfo", "MemTotal").split()[0])
    return {
        "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "platform": platform.platform(),
        "cpu": _proc_value("/proc/cpuinfo", "model name"),
        "cores": os.cpu_count(),
        "memory_gib": round(memory_kib / 1024 / 1024, 1),
        "load_average_at_start": [round(value, 2) for value in os.getloadavg()],
        "commit": _first_line(["git", "-C", str(root), "rev-parse", "--short", "HEAD"]),
        "uncommitted_changes": bool(subprocess.run(
            ["git", "-C", str(root), "status", "--porcelain"], capture_output=True, text=True).stdout.strip()),
    }


def describe_versions(lighthouse_version: str) -> dict:
    versions = {"python": platform.python_version()}
    versions.update({name: metadata.version(name) for name in PYTHON_PACKAGES})
    versions["chromium"] = _first_line(["/usr/bin/chromium", "--version"])
    versions["node"] = _first_line(["node", "--version"])
    versions["lighthouse"] = lighthouse_version
    return versions
