"""Shared fixtures: one build of the real site per session, and throw-away copies of the sources."""

from __future__ import annotations

import datetime as dt
import http.server
import os
import shutil
import subprocess
import sys
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pytest
import yaml

from sitegen.browser import CHROMIUM, launch

ROOT = Path(__file__).resolve().parents[1]
LANGUAGES = ["nl", "fr", "en"]
# The test build is published "elsewhere" (example.org) but served by the tests from 127.0.0.1
# under the same sub-path: every link must work under a sub-path and on another host.
SUB_PATH = "/resettlement/"
TEST_SITE_URL = f"https://example.org{SUB_PATH}"
SOURCES = ("mkdocs.yml", "docs", "data", "overrides", "scripts", "translations.yml")
BUILD_CACHE = ".cache"  # brochures and compiled templates already made: copies reuse them
# Every test build is made "on" this day (SOURCE_DATE_EPOCH), so no test depends on the date it runs.
TODAY = dt.date(2026, 11, 27)
SOURCE_DATE_EPOCH = str(int(dt.datetime(TODAY.year, TODAY.month, TODAY.day, tzinfo=dt.timezone.utc).timestamp()))


@dataclass
class BuildResult:
    returncode: int
    output: str
    site: Path


def build(project: Path, site_dir: Path, site_url: str | None = TEST_SITE_URL,
          **environment: str | None) -> BuildResult:
    """Build `project` with its own scripts/docs.py, as `make build` does (`environment` adds to
    the variables it sees, such as DOCS_ENGINE; None removes one: site_url=None builds without a
    public address). The output is what a terminal shows, both streams in the order written."""
    env = {**os.environ, "SITE_URL": site_url, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, "PYTHONHASHSEED": "0",
           **environment}
    completed = subprocess.run(
        [sys.executable, str(project / "scripts" / "docs.py"), "build", "--site-dir", str(site_dir)],
        cwd=project, env={name: value for name, value in env.items() if value is not None},
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    return BuildResult(completed.returncode, completed.stdout, site_dir)


def copy_sources(destination: Path) -> Path:
    """A copy of everything the build reads, without generated pages: safe to break."""
    destination.mkdir(parents=True)
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, destination / name,
                            ignore=shutil.ignore_patterns("__pycache__", "models"))
        else:
            shutil.copy2(source, destination / name)
    if (ROOT / BUILD_CACHE).is_dir():
        shutil.copytree(ROOT / BUILD_CACHE, destination / BUILD_CACHE)
    return destination


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real sources built once for the whole test session."""
    result = build(ROOT, tmp_path_factory.mktemp("build") / "site")
    assert result.returncode == 0, f"the site does not build:\n{result.output}"
    return result.site


@pytest.fixture
def project_copy(tmp_path, site) -> Path:
    """Depends on `site` so that the build cache is filled before it is copied."""
    return copy_sources(tmp_path / "project")


def without_making_brochures(project: Path) -> None:
    """For a copy build that is not about the PDFs: it keeps the session build's brochures as
    they were made instead of making nine PDFs again (one to three minutes). Needs `site`."""
    models = project / "docs" / "models"
    shutil.copytree(ROOT / "docs" / "models" / "downloads", models / "downloads")
    shutil.copy(ROOT / "docs" / "models" / ".generated", models / ".generated")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("make_brochures: true", "make_brochures: false"),
                      encoding="utf-8")


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site under SUB_PATH, like a static host with an error page per language
    folder (deploy/README.md): /fr/... answers a missing address with fr/404.html."""

    site: Path

    @staticmethod
    def _in_site(path: str) -> str:
        return path.split("?", 1)[0].split("#", 1)[0].removeprefix(SUB_PATH.rstrip("/")) or "/"

    def translate_path(self, path):
        return super().translate_path(self._in_site(path))

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        folder = self._in_site(self.path).lstrip("/").split("/", 1)[0]
        language_folder = folder if folder in LANGUAGES[1:] else ""
        body = (self.site / language_folder / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@contextmanager
def serving(site: Path):
    """Base URL (with the sub-path) of `site` on a local static server, while in the block."""
    handler = type("Handler", (_SiteHandler,), {"site": site})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}{SUB_PATH}"
    finally:
        server.shutdown()


@pytest.fixture(scope="session")
def served_site(site) -> str:
    """Base URL (with the sub-path) of the built site on a local static server."""
    with serving(site) as base_url:
        yield base_url


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (Playwright's own browser download is not used)."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/install-system-packages.sh as root (apt package 'chromium')")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


FIXTURES = Path(__file__).parent / "fixtures" / "data"


@pytest.fixture
def data_dir(tmp_path) -> Path:
    """Small made-up data (tests/fixtures/data), plus the site's real interface words."""
    folder = tmp_path / "data"
    shutil.copytree(FIXTURES, folder)
    shutil.copy(ROOT / "data" / "ui.yml", folder / "ui.yml")
    return folder


def edit_yaml(folder: Path, name: str, change) -> None:
    """Load a YAML file of `folder`, let `change` modify it, write it back."""
    path = folder / name
    content = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(content)
    path.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False), encoding="utf-8")


def page_path(site: Path, lang: str, page: str = "") -> Path:
    """Built file of `page` ('' for home, 'faq', 'models/comparison') in `lang`."""
    prefix = site if lang == LANGUAGES[0] else site / lang
    return prefix / page / "index.html"


@dataclass
class Visit:
    """A page opened in the browser, with what happened while it loaded."""

    page: object
    console_errors: list
    requests: list


@pytest.fixture
def visit(browser, served_site):
    """visit("fr/faq/", locale="fr-BE", javascript=True, width=1280) -> Visit."""
    contexts = []

    def open_page(path: str, locale: str = "nl-BE", javascript: bool = True, width: int = 1280) -> Visit:
        context = browser.new_context(locale=locale, java_script_enabled=javascript,
                                      viewport={"width": width, "height": 900})
        contexts.append(context)
        page = context.new_page()
        errors, requests = [], []
        page.on("console", lambda message: message.type == "error" and errors.append(
            f"{message.text} ({message.location.get('url', '')})"))
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("request", lambda request: requests.append(request.url))
        page.on("requestfailed", lambda request: errors.append(f"failed: {request.url}"))
        page.goto(served_site + path, wait_until="networkidle")
        return Visit(page, errors, requests)

    yield open_page
    for context in contexts:
        context.close()


SEARCH_READY = """() => {
  const placeholder = JSON.parse(document.getElementById('__config').textContent)
    .translations['search.result.placeholder'];
  return document.querySelector('.md-search-result__meta').innerText === placeholder;
}"""


# Counts the queries the dialog sends to the search worker and the answers it gets back: the
# dialog sends one query per keystroke, and the worker answers them in order.
WATCH_WORKER = """() => {
  window.__search = {sent: 0, answered: 0, last: null};
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message) {
    if (!this.__watched) {
      this.__watched = true;
      this.addEventListener('message', (event) => { if (event.data.type === 3) window.__search.answered++; });
    }
    if (message && message.type === 2) { window.__search.sent++; window.__search.last = message.data; }
    return post.apply(this, arguments);
  };
}"""
ANSWERED = """query => window.__search.last === query && window.__search.answered === window.__search.sent
  && new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => done(true))))"""


def search_in_dialog(page, query: str) -> None:
    """Open the search dialog, wait until its index is ready (it is fetched when search opens),
    type `query` key by key as a reader does, and wait until the dialog shows its answer to the
    whole query, not to the first letters."""
    if page.is_hidden(".md-search__input"):
        page.click("label.md-search__icon[for=__search]", force=True)
    page.focus(".md-search__input")
    page.wait_for_function(SEARCH_READY)
    page.evaluate(WATCH_WORKER)
    page.locator(".md-search__input").press_sequentially(query)
    page.wait_for_function(ANSWERED, arg=query)
