"""Quality gates on every page of every language, on the site served under a sub-path:
accessibility (axe-core, WCAG 2.2 AA + best practices), keyboard use, links, HTML validity,
layout on a 360 px phone, no request to another origin and no console error.

Failures name the page, the rule and the element, so an editor knows where to look.
"""

from __future__ import annotations

import json
import subprocess
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin

import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import LANGUAGES, ROOT

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
VIEWPORTS = {"desktop": 1280, "phone": 360}
LANGUAGE_ROOT = {"nl": "", "fr": "fr/", "en": "en/"}
VNU = ROOT / "tests" / "tools" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
axe = Axe()


def axe_violations(page) -> dict:
    """axe-core's WCAG 2.2 AA and best-practice checks on the open page, asking for violations
    only (a full report takes half as long again)."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(axe.axe_script)
    return page.evaluate("options => axe.run(document, options)",
                         {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]})


def pages_of(site: Path, lang: str) -> list[str]:
    """Addresses (relative to the site root) of every page in one language."""
    others = [code for code in LANGUAGES if code != lang and LANGUAGE_ROOT[code]]
    root = site / LANGUAGE_ROOT[lang]
    found = []
    for path in sorted(root.rglob("index.html")):
        relative = path.parent.relative_to(site).as_posix()
        if relative.split("/")[0] in others:
            continue
        found.append("" if relative == "." else relative + "/")
    return found


def describe_violations(address: str, results: dict) -> list[str]:
    lines = []
    for violation in results["violations"]:
        for node in violation["nodes"]:
            lines.append(f"{address}: {violation['id']} ({violation['impact']}) at {node['target']}: {violation['help']}")
    return lines


@pytest.fixture(scope="module")
def tabs(browser):
    """One reusable tab per viewport; collects console errors and requests."""
    opened = {}
    for name, width in VIEWPORTS.items():
        context = browser.new_context(viewport={"width": width, "height": 800}, locale="nl-BE")
        page = context.new_page()
        page.console_log = []
        page.request_log = []
        page.on("console", lambda message, page=page: message.type == "error" and page.console_log.append(message.text))
        page.on("pageerror", lambda error, page=page: page.console_log.append(str(error)))
        page.on("request", lambda request, page=page: page.request_log.append(request.url))
        opened[name] = page
    yield opened
    for page in opened.values():
        page.context.close()


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_passes_axe_and_loads_cleanly(site, served_site, tabs, lang, viewport):
    tab = tabs[viewport]
    problems = []
    addresses = pages_of(site, lang)
    assert len(addresses) >= 19
    for address in addresses:
        tab.console_log.clear()
        tab.request_log.clear()
        tab.goto(served_site + address, wait_until="load")
        results = axe_violations(tab)
        problems += describe_violations(f"{viewport} /{address}", results)
        problems += [f"{viewport} /{address}: console error: {error}" for error in tab.console_log]
        problems += [f"{viewport} /{address}: request to another origin: {url}"
                     for url in tab.request_log if not url.startswith(served_site) and not url.startswith("data:")]
        if viewport == "phone":
            overflow = tab.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            if overflow > 0:
                problems.append(f"{viewport} /{address}: scrolls sideways by {overflow} px at 360 px")
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


def test_the_axe_check_reports_a_page_that_breaks_the_rules(browser):
    """The check above asks axe for violations only: it still sees them."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.set_content('<html lang="nl"><title>t</title><main><img src="x.png"><button></button></main></html>')
        found = {violation["id"] for violation in axe_violations(page)["violations"]}
    finally:
        context.close()
    assert {"image-alt", "button-name"} <= found


@pytest.mark.parametrize("lang", LANGUAGES)
def test_search_dialog_passes_axe(served_site, visit, lang):
    opened = visit(LANGUAGE_ROOT[lang], locale=f"{lang}-BE")
    opened.page.keyboard.press("/")
    opened.page.locator(".md-search__input").press_sequentially("fedasil")
    opened.page.wait_for_selector(".md-search-result__item")
    results = axe_violations(opened.page)
    problems = describe_violations(f"/{LANGUAGE_ROOT[lang]} (search open)", results)
    assert not problems, "\n".join(problems)


# -- keyboard --------------------------------------------------------------------------------
def test_skip_link_is_the_first_focusable_element_and_focus_is_visible(visit):
    page = visit("faq/").page
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('md-skip')")
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none" or \
        page.evaluate("getComputedStyle(document.activeElement).backgroundColor") != "rgba(0, 0, 0, 0)"
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    style = page.evaluate("(() => { const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.outlineWidth]; })()")
    assert style[0] != "none" and style[1] != "0px", f"focused element has no visible outline: {style}"


def _tab_until(page, selector: str, limit: int = 60) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches({json.dumps(selector)})"):
            return
    raise AssertionError(f"{selector} cannot be reached with the Tab key")


def test_language_switcher_works_with_the_keyboard(visit, served_site):
    page = visit("community-sponsorship/").page
    _tab_until(page, ".md-select__link[hreflang=fr]")
    assert page.is_visible(".md-select__link[hreflang=fr]")
    page.keyboard.press("Enter")
    page.wait_for_url(served_site + "fr/community-sponsorship/")


def test_search_works_with_the_keyboard(visit, served_site):
    page = visit("en/").page
    page.keyboard.press("/")
    page.keyboard.type("housing")
    page.wait_for_selector(".md-search-result__item")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: url.split("?")[0] != served_site + "en/")
    assert page.url.startswith(served_site + "en/")


def test_route_guide_works_with_the_keyboard(visit):
    page = visit("fr/models/route-guide/", locale="fr-BE").page
    status = page.locator("[data-route-guide-status]")
    start = status.inner_text()
    _tab_until(page, "#who-volunteers")
    page.keyboard.press("Space")                      # a group of volunteers
    _tab_until(page, "#housing-housing-ready")
    page.keyboard.press("ArrowDown")                  # arrow keys move within the question: "not straight away"
    page.keyboard.press("ArrowUp")                    # and back: "yes"
    assert status.inner_text() != start
    results = page.eval_on_selector_all("[data-route-guide-list] li a", "links => links.map(link => link.href)")
    assert len(results) == 1 and results[0].endswith("/fr/models/community-sponsorship/")


# -- links -----------------------------------------------------------------------------------
class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.add(attributes["id"])
        for name in ("href", "src"):
            if attributes.get(name) and not (tag == "link" and attributes.get("rel", "").strip() in ("alternate", "canonical")):
                self.urls.append(attributes[name])


def test_every_link_and_anchor_resolves_from_the_root(served_site):
    """Crawl from the root through the served site: pages, brochures, calendar files, assets."""
    queue, seen, parsed, broken, anchors = [served_site], set(), {}, [], []
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        try:
            with urllib.request.urlopen(url) as response:
                kind = response.headers.get_content_type()
                body = response.read()
        except urllib.error.HTTPError as error:
            broken.append(f"{url}: HTTP {error.code}")
            continue
        if kind != "text/html":
            continue
        links = _Links()
        links.feed(body.decode("utf-8"))
        parsed[url] = links
        for raw in links.urls:
            target = urljoin(url, raw)
            if target.startswith(("mailto:", "data:")) or not target.startswith(served_site):
                continue
            address, fragment = urldefrag(target)
            if fragment:
                anchors.append((url, address, fragment))
            queue.append(address)
    for source, address, fragment in anchors:
        if address in parsed and fragment not in parsed[address].ids and fragment != "__search":
            broken.append(f"{source}: anchor #{fragment} missing in {address}")
    assert len(parsed) >= 3 * 19, f"only {len(parsed)} pages reached from the root"
    assert not broken, "\n".join(sorted(set(broken)))


# -- HTML validity ---------------------------------------------------------------------------
def test_every_page_is_valid_html(site):
    if not VNU.exists():
        pytest.fail(f"{VNU} is missing: run `make test` (it installs the checker with npm)")
    pages = sorted(str(path) for path in site.rglob("*.html"))
    completed = subprocess.run(["java", "-jar", str(VNU), "--format", "json", "--exit-zero-always", *pages],
                               capture_output=True, text=True)
    messages = json.loads(completed.stderr or completed.stdout)["messages"]
    errors = [f"{m['url'].split(str(site))[-1]}:{m.get('lastLine')}: {m['message']}"
              for m in messages if m["type"] == "error"]
    warnings = [m for m in messages if m["type"] != "error"]
    print(f"vnu: {len(pages)} pages, {len(errors)} errors, {len(warnings)} warnings")
    for warning in warnings[:20]:
        print(f"  warning: {warning['url'].split(str(site))[-1]}: {warning['message']}")
    assert not errors, f"{len(errors)} HTML errors:\n" + "\n".join(errors[:50])
