"""Edit-to-reload: time from saving a page to the rebuilt page being served by `make serve`.

The preview server runs on 127.0.0.1 in a copy of the project; each edit appends a unique word
to one page, and the served page is polled until the word appears.
"""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

from sitegen.editor import stop_process_group

from builds import build_env
from measure import free_port, median, poll

START_TIMEOUT = 300
RELOAD_TIMEOUT = 180
POLL_INTERVAL = 0.02
SETTLE_SECONDS = 1.5  # let the server finish its livereload round before the next edit
IDLE_SECONDS = 20  # after start-up, nobody edits: a stable preview rebuilds nothing meanwhile
BUILD_STARTED = "Building documentation"
EDITED_PAGE = "faq"


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", errors="replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def start_serve(project: Path, port: int, env: dict, log: Path) -> subprocess.Popen:
    """`make serve` (scripts/docs.py serve) in its own process group, so it can be stopped whole."""
    command = [sys.executable, str(project / "scripts" / "docs.py"), "serve",
               "--address", f"127.0.0.1:{port}"]
    with log.open("ab") as output:
        return subprocess.Popen(command, cwd=project, env=env, stdout=output,
                                stderr=subprocess.STDOUT, start_new_session=True)


def time_one_edit(page: Path, url: str, number: int) -> float:
    marker = f"benchmark-edit-{number}-{uuid.uuid4().hex}"
    with page.open("a", encoding="utf-8") as source:
        source.write(f"\n\n{marker}\n")
    started = time.perf_counter()
    poll(lambda: marker in (fetch(url) or ""), RELOAD_TIMEOUT, POLL_INTERVAL)
    return round(time.perf_counter() - started, 3)


def builds_logged(log: Path) -> int:
    return log.read_text(encoding="utf-8", errors="replace").count(BUILD_STARTED)


def measure_reload(project: Path, default_language: str, repetitions: int, log: Path,
                   only_language: str | None = None) -> dict:
    """Median edit-to-reload time of the default language's FAQ page under `make serve`.

    Also counts the rebuilds the server starts on its own while nobody edits (`log` must be
    this server's own log).
    """
    port = free_port()
    env = build_env(f"http://127.0.0.1:{port}/")
    if only_language:
        env["DOCS_LANGUAGE"] = only_language
    url = f"http://127.0.0.1:{port}/{EDITED_PAGE}/"
    page = project / "docs" / f"{EDITED_PAGE}.{default_language}.md"
    original = page.read_text(encoding="utf-8")
    started = time.perf_counter()
    process = start_serve(project, port, env, log)
    try:
        poll(lambda: fetch(url), START_TIMEOUT, 0.2)
        startup = round(time.perf_counter() - started, 3)
        before_idle = builds_logged(log)
        time.sleep(IDLE_SECONDS)
        idle_rebuilds = builds_logged(log) - before_idle
        times = []
        for number in range(repetitions):
            times.append(time_one_edit(page, url, number))
            time.sleep(SETTLE_SECONDS)
    finally:
        stop_process_group(process, timeout=15)
        page.write_text(original, encoding="utf-8")
    return {"edited_page": str(page.relative_to(project)), "only_language": only_language,
            "startup_seconds": startup, "idle_seconds": IDLE_SECONDS, "rebuilds_while_idle": idle_rebuilds,
            "seconds": times, "median_seconds": median(times)}
