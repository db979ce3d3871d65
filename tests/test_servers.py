"""The site on real web servers, with the configurations that ship in deploy/.

nginx and Apache httpd (Debian's packages) are started on free local ports, each with its
shipped file, in which only the site's folder (and nginx's port) is replaced, serving the
session's build under the sub-path. Chromium then visits every page once per server (every
index.html of every language, and an unknown address in each language) and records every
request, console message and Content-Security-Policy violation; every same-origin link and
asset the pages name is fetched as well, to read its status and headers.
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag

import pytest
import yaml
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from conftest import LANGUAGES, ROOT, SUB_PATH

DEPLOY = ROOT / "deploy"
NGINX = Path("/usr/sbin/nginx")
APACHE = Path("/usr/sbin/apache2")
APACHE_MODULES = Path("/usr/lib/apache2/modules")
# Where the shipped files expect the site; the tests put their own copy there instead.
SHIPPED_SITE_FOLDER = "/var/www/resettlement"
LANGUAGE_ROOT = {"nl": "", "fr": "fr/", "en": "en/"}
# One unknown address per language; the Dutch one is deeper, as a mistyped link can be.
UNKNOWN_ADDRESS = {"nl": "no/such/page/", "fr": "fr/no-such-page/", "en": "en/no-such-page/"}
SEARCH_WORD = "fedasil"
FINGERPRINTED = re.compile(r"/assets/.+\.[0-9a-f]{8}\.min\.(js|css)$")
SECURITY_HEADERS = ("Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy",
                    "Permissions-Policy")
COMPRESSIBLE = ("text/html", "text/css", "text/javascript", "application/javascript", "application/json",
                "image/svg+xml")
# Sends every securitypolicyviolation event of every page to the test (exposed below).
RECORD_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", event => window.reportPolicyViolation({
  page: location.href, directive: event.effectiveDirective, blocked: event.blockedURI,
  source: event.sourceFile, line: event.lineNumber, sample: event.sample}));
"""
NAMED_URLS = """() => [...document.querySelectorAll("[href], [src]")]
  .filter(element => !(element.localName === "link" && /canonical|alternate/.test(element.rel)))
  .map(element => new URL(element.getAttribute("href") || element.getAttribute("src"), document.baseURI).href)"""
STYLES_WORK = """() => {
  const sheets = [...document.querySelectorAll("link[rel=stylesheet]")];
  return sheets.length > 0 && sheets.every(link => link.sheet && link.sheet.cssRules.length > 0)
    && getComputedStyle(document.querySelector(".md-header")).position === "sticky";
}"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _shipped(name: str, replacements: dict[str, str]) -> str:
    """A shipped configuration with the test's folder and port: every replaced text must be there,
    so the test always runs the file an administrator installs."""
    text = (DEPLOY / name).read_text(encoding="utf-8")
    for old, new in replacements.items():
        assert old in text, f"deploy/{name} no longer contains {old!r}: update tests/test_servers.py"
        text = text.replace(old, new)
    return text


def _nginx_config(folder: Path, site: Path, port: int) -> list[str]:
    """Debian's nginx.conf reduced to what the shipped server block needs, writing only in `folder`."""
    (folder / "resettlement.conf").write_text(_shipped("nginx/resettlement.conf", {
        f"{SHIPPED_SITE_FOLDER}/": f"{site}/", "listen 80;": f"listen 127.0.0.1:{port};"}))
    temporary = " ".join(f"{kind}_temp_path {folder / kind};" for kind in ("client_body", "proxy", "fastcgi",
                                                                              "uwsgi", "scgi"))
    (folder / "nginx.conf").write_text(f"""
user www-data;
worker_processes 1;
pid {folder / "nginx.pid"};
error_log {folder / "error.log"};
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {folder / "access.log"};
    {temporary}
    include {folder / "resettlement.conf"};
}}
""")
    return [str(NGINX), "-c", str(folder / "nginx.conf"), "-e", str(folder / "error.log"), "-g", "daemon off;"]


def _apache_config(folder: Path, site: Path, port: int) -> list[str]:
    """Debian's apache2.conf reduced to the modules it enables by default that the shipped file
    uses, plus mod_headers (README: a2enmod headers), writing only in `folder`."""
    (folder / "resettlement.conf").write_text(_shipped("apache/resettlement.conf", {SHIPPED_SITE_FOLDER: str(site)}))
    modules = "\n".join(f"LoadModule {name}_module {APACHE_MODULES}/mod_{name}.so"
                        for name in ("mpm_event", "authz_core", "alias", "dir", "mime", "filter", "deflate", "headers"))
    (folder / "apache2.conf").write_text(f"""
ServerName 127.0.0.1
Listen 127.0.0.1:{port}
DefaultRuntimeDir {folder}
PidFile {folder / "apache2.pid"}
ErrorLog {folder / "error.log"}
User www-data
Group www-data
{modules}
TypesConfig /etc/mime.types
CustomLog {folder / "access.log"} common
<Directory />
    Require all denied
</Directory>
Include {folder / "resettlement.conf"}
""")
    return [str(APACHE), "-f", str(folder / "apache2.conf"), "-DFOREGROUND"]


SERVERS = {"nginx": (NGINX, _nginx_config), "apache": (APACHE, _apache_config)}


@pytest.fixture(scope="module")
def published(site):
    """A copy of the build that the servers' workers (www-data) can read: pytest's own folders
    are closed to other users."""
    with tempfile.TemporaryDirectory(prefix="resettlement-published-") as folder:
        copy = Path(folder) / "resettlement"
        shutil.copytree(site, copy)
        for path in [Path(folder), copy, *copy.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        yield copy


@pytest.fixture(scope="module", params=list(SERVERS))
def server(request, published, tmp_path_factory):
    """Base URL (with the sub-path) of the site on one real server; stopped at the end."""
    program, configure = SERVERS[request.param]
    if not program.exists():
        pytest.fail(f"{program} is missing: run scripts/install-system-packages.sh as root "
                    f"(Debian packages 'nginx' and 'apache2')")
    folder = tmp_path_factory.mktemp(request.param)
    port = _free_port()
    command = configure(folder, published, port)
    with open(folder / "output.log", "w") as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
    try:
        _wait_until_listening(process, port, folder)
        yield f"http://127.0.0.1:{port}{SUB_PATH}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_listening(process: subprocess.Popen, port: int, folder: Path) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            logs = "".join(path.read_text() for path in sorted(folder.glob("*.log")))
            pytest.fail(f"{process.args[0]} stopped at once ({process.returncode}):\n{logs}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"{process.args[0]} does not answer on port {port}")


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    size: int  # bytes sent (compressed when compressed)


@dataclass
class Crawl:
    """What one server did for Chromium, and the answers to every URL the pages name."""

    origin: str
    pages: dict[str, int] = field(default_factory=dict)  # visited address -> status
    violations: list[dict] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    named: set[str] = field(default_factory=set)
    answers: dict[str, Answer] = field(default_factory=dict)
    not_found: dict[str, dict] = field(default_factory=dict)  # language -> what its unknown address showed
    search_results: dict[str, int] = field(default_factory=dict)
    control: dict = field(default_factory=dict)


def _addresses(site: Path) -> list[str]:
    """Every page of every language, relative to the site's root."""
    return sorted("" if path.parent == site else path.parent.relative_to(site).as_posix() + "/"
                  for path in site.rglob("index.html"))


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args):
        return None  # a link that only works through a redirect is reported as such


def _fetch(url: str) -> Answer:
    opener = urllib.request.build_opener(_NoRedirect)
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    try:
        with opener.open(request) as response:
            return Answer(response.status, dict(response.headers), len(response.read()))
    except urllib.error.HTTPError as error:
        return Answer(error.code, dict(error.headers), len(error.read()))


@pytest.fixture(scope="module")
def crawl(server, browser, site) -> Crawl:
    """Every page once in Chromium, search once per language, then every named URL fetched."""
    found = Crawl(origin=server.removesuffix(SUB_PATH))
    context = browser.new_context(locale="nl-BE", viewport={"width": 1280, "height": 900})
    context.expose_function("reportPolicyViolation", lambda violation: found.violations.append(violation))
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    page.on("console", lambda message: message.type in ("error", "warning") and not _reports_its_own_404(
        message, server) and found.console.append(f"{page.url}: {message.type}: {message.text}"))
    page.on("pageerror", lambda error: found.console.append(f"{page.url}: {error}"))
    page.on("request", lambda request: found.requests.append(request.url))
    page.on("requestfailed", lambda request: request.failure != "net::ERR_ABORTED" and found.failed.append(
        f"{request.url}: {request.failure}"))  # aborted: the next page was opened before it was needed
    homes = {root: lang for lang, root in LANGUAGE_ROOT.items()}
    try:
        for address in _addresses(site):
            response = page.goto(server + address, wait_until="load")
            found.pages[address] = response.status
            found.named.update(page.evaluate(NAMED_URLS))
            if address in homes:
                found.search_results[homes[address]] = _search(page)
        for lang, address in UNKNOWN_ADDRESS.items():
            response = page.goto(server + address, wait_until="load")
            found.pages[address] = response.status
            found.named.update(page.evaluate(NAMED_URLS))
            found.not_found[lang] = {"status": response.status, "lang": page.evaluate("document.documentElement.lang"),
                                     "title": page.locator("h1").first.inner_text(),
                                     "styled": page.evaluate(STYLES_WORK)}
        found.control = _inline_script_attempt(page, found.violations, found.console)
    finally:
        context.close()
    same_origin = {urldefrag(url).url for url in found.named if url.startswith(found.origin + "/")}
    for url in sorted(same_origin | {server + address for address in found.pages}):
        found.answers[url] = _fetch(url)
    return found


def _search(page) -> int:
    """Search results for one word: the search worker and its index work under the policy."""
    page.keyboard.press("/")
    page.locator(".md-search__input").press_sequentially(SEARCH_WORD)
    try:
        page.wait_for_selector(".md-search-result__item", timeout=10_000)
    except PlaywrightTimeout:
        return 0
    return page.locator(".md-search-result__item").count()


def _reports_its_own_404(message, server: str) -> bool:
    """Chromium's console line for an unknown address the crawl opened on purpose."""
    return (message.text.startswith("Failed to load resource") and
            message.location.get("url") in {server + address for address in UNKNOWN_ADDRESS.values()})


def _inline_script_attempt(page, violations: list, console: list) -> dict:
    """An inline script added to the page: the policy must refuse it, and the listener see it
    (what it leaves in the console is this attempt's, not the site's)."""
    before, console_before = len(violations), len(console)
    ran = page.evaluate("""() => new Promise(resolve => {
        const script = document.createElement("script");
        script.textContent = "window.inlineScriptRan = true";
        document.head.append(script);
        setTimeout(() => resolve(window.inlineScriptRan === true), 200);
    })""")
    page.wait_for_timeout(200)
    refused = {"ran": ran, "violations": violations[before:], "console": console[console_before:]}
    del console[console_before:]
    return refused


def _policy(header: str) -> dict[str, list[str]]:
    directives = [part.split() for part in header.split(";") if part.strip()]
    return {name.lower(): sources for name, *sources in directives}


# -- the shipped files -------------------------------------------------------------------------
def _headers_in(name: str, pattern: str) -> dict[str, str]:
    return dict(re.findall(pattern, (DEPLOY / name).read_text(encoding="utf-8")))


def test_both_configurations_send_the_same_security_headers():
    nginx = _headers_in("nginx/resettlement.conf", r'add_header ([\w-]+) "([^"]*)" always;')
    apache = _headers_in("apache/resettlement.conf", r'Header always set ([\w-]+) "([^"]*)"')
    for name in SECURITY_HEADERS:
        assert nginx.get(name) and nginx.get(name) == apache.get(name), f"{name}: nginx {nginx.get(name)!r}, Apache {apache.get(name)!r}"


class _Scripts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.inline: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        handlers = [name for name in attributes if name.startswith("on")]
        if handlers:
            self.inline.append(f"<{tag} {handlers[0]}=...>")
        if tag == "script" and "src" not in attributes and attributes.get("type") != "application/json":
            self.inline.append("<script> without src")
        if any((value or "").strip().lower().startswith("javascript:") for value in attributes.values()):
            self.inline.append(f"<{tag}> with a javascript: address")


def test_no_page_runs_inline_script(site):
    """The policy refuses inline scripts: a page that has one would break. JSON data blocks
    (Material's __config) are not run, and the policy does not apply to them."""
    offenders = []
    for path in sorted(site.rglob("*.html")):
        parser = _Scripts()
        parser.feed(path.read_text(encoding="utf-8"))
        offenders += [f"{path.relative_to(site)}: {what}" for what in parser.inline]
    assert not offenders, "\n".join(offenders)


# -- what the servers did ----------------------------------------------------------------------
def test_every_page_loads_without_policy_violation_or_console_message(crawl, site):
    assert len(crawl.pages) == len(_addresses(site)) + len(UNKNOWN_ADDRESS) >= 3 * 19 + 3
    problems = [f"{v['page']}: {v['directive']} refused {v['blocked']} ({v['source']}:{v['line']})"
                for v in crawl.violations if v not in crawl.control["violations"]]
    assert not problems + crawl.console + crawl.failed, "\n".join(problems + crawl.console + crawl.failed)


def test_the_policy_refuses_an_inline_script_and_the_test_sees_it(crawl):
    assert not crawl.control["ran"], "an inline script ran: the Content-Security-Policy allows it"
    assert [v["directive"] for v in crawl.control["violations"]] == ["script-src-elem"]
    assert any("Content Security Policy" in line for line in crawl.control["console"])


def test_no_request_leaves_the_origin(crawl):
    assert len(crawl.requests) > len(crawl.pages)
    elsewhere = [url for url in crawl.requests if not url.startswith(crawl.origin + "/") and not url.startswith("data:")]
    assert not elsewhere, "requests to another origin:\n" + "\n".join(sorted(set(elsewhere)))


def test_every_page_link_and_asset_answers_200(crawl):
    unknown = {crawl.origin + SUB_PATH + address for address in UNKNOWN_ADDRESS.values()}
    assert len(crawl.answers) > len(crawl.pages) + 20
    broken = [f"{url}: {answer.status}" for url, answer in crawl.answers.items()
              if answer.status != 200 and url not in unknown]
    assert not broken, "\n".join(broken)
    assert {crawl.answers[url].status for url in unknown} == {404}


def test_security_headers_on_every_answer(crawl):
    problems = []
    for url, answer in crawl.answers.items():
        missing = [name for name in SECURITY_HEADERS if name not in answer.headers]
        if missing:
            problems.append(f"{url}: no {', '.join(missing)}")
            continue
        policy = _policy(answer.headers["Content-Security-Policy"])
        for directive in ("default-src", "script-src", "style-src", "frame-ancestors", "base-uri", "object-src"):
            sources = policy.get(directive, policy.get("default-src") if directive.endswith("-src") else None)
            if sources is None:
                problems.append(f"{url}: the policy has no {directive}")
            elif "'unsafe-inline'" in sources or "'unsafe-eval'" in sources:
                problems.append(f"{url}: {directive} allows {' '.join(sources)}")
        elsewhere = [source for sources in policy.values() for source in sources
                     if source not in ("'self'", "'none'", "data:")]
        if elsewhere or policy.get("frame-ancestors") != ["'none'"] or policy.get("default-src") != ["'none'"]:
            problems.append(f"{url}: the policy allows more than the site itself: {answer.headers['Content-Security-Policy']}")
        if answer.headers["X-Content-Type-Options"] != "nosniff" or answer.headers["X-Frame-Options"] != "DENY":
            problems.append(f"{url}: X-Content-Type-Options/X-Frame-Options are not nosniff/DENY")
        if answer.headers["Referrer-Policy"] not in ("same-origin", "no-referrer", "strict-origin"):
            problems.append(f"{url}: Referrer-Policy {answer.headers['Referrer-Policy']} tells other sites the page")
        permissions = dict(part.strip().split("=", 1) for part in answer.headers["Permissions-Policy"].split(","))
        if any(permissions.get(feature) != "()" for feature in ("camera", "microphone", "geolocation")):
            problems.append(f"{url}: Permissions-Policy does not refuse camera, microphone and geolocation")
    assert not problems, "\n".join(problems)


def test_fingerprinted_assets_are_kept_a_year_and_pages_are_checked_each_visit(crawl):
    fingerprinted = [url for url in crawl.answers if FINGERPRINTED.search(url)]
    assert {Path(url).name.split(".")[0] for url in fingerprinted} >= {"bundle", "main", "palette"}
    problems = []
    for url, answer in crawl.answers.items():
        cache = answer.headers.get("Cache-Control", "")
        max_age = int(re.search(r"max-age=(\d+)", cache)[1]) if "max-age=" in cache else 0
        if url in fingerprinted and not (max_age >= 365 * 24 * 3600 and "immutable" in cache):
            problems.append(f"{url}: fingerprinted, but Cache-Control is {cache!r}")
        if url not in fingerprinted and not ("no-cache" in cache or max_age <= 300):
            problems.append(f"{url}: may change at the next publication, but Cache-Control is {cache!r}")
    assert not problems, "\n".join(problems)


def test_text_is_sent_compressed(crawl):
    text = {url: answer for url, answer in crawl.answers.items() if answer.status == 200 and answer.size > 1024
            and answer.headers.get("Content-Type", "").split(";")[0] in COMPRESSIBLE}
    assert len(text) > len(crawl.pages)
    plain = [url for url, answer in text.items() if answer.headers.get("Content-Encoding") != "gzip"]
    assert not plain, "sent without compression:\n" + "\n".join(plain)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_unknown_address_shows_the_styled_404_page_of_its_language(crawl, lang):
    titles = yaml.safe_load((ROOT / "data" / "ui.yml").read_text(encoding="utf-8"))["not_found_title"]
    shown = crawl.not_found[lang]
    assert shown["status"] == 404
    assert shown["lang"] == lang and shown["title"] == titles[lang], shown
    assert shown["styled"], f"/{UNKNOWN_ADDRESS[lang]}: the 404 page's stylesheets did not apply"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_search_works_under_the_policy(crawl, lang):
    assert crawl.search_results[lang] > 0, f"no search result for {SEARCH_WORD!r} on the {lang} home page"
