"""Page weight (first visit, as a gzip static server sends it) and search index sizes.

Chromium (Debian's, driven by Playwright) loads each page in a fresh browser context; the local
server logs every response it sent, and the browser lists every request, whatever its origin.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

from measure import gzip_size, ratio
from sitegen.browser import launch
from static_server import StaticSite

PAGES = {"home": "", "comparison": "models/comparison/"}
QUIET_AFTER_LOAD_MS = 750  # catch requests started just after the network went idle
LOAD_TIMEOUT_MS = 60_000


def page_url(origin: str, lang: str, default_language: str, page: str) -> str:
    prefix = "" if lang == default_language else f"{lang}/"
    return f"{origin}/{prefix}{page}"


def kind_of(content_type: str) -> str:
    """A short name for the report's breakdown by kind of file."""
    for needle, kind in (("html", "html"), ("css", "css"), ("javascript", "js"), ("json", "json"),
                         ("image", "image"), ("font", "font")):
        if needle in content_type:
            return kind
    return "other"


def visit(browser, site: StaticSite, url: str) -> dict:
    """Load `url` as a first-time visitor; every request it made and every byte it received."""
    context = browser.new_context()
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    site.take_log()
    try:
        page = context.new_page()
        page.goto(url, wait_until="networkidle", timeout=LOAD_TIMEOUT_MS)
        page.wait_for_timeout(QUIET_AFTER_LOAD_MS)
    finally:
        context.close()
    served = site.take_log()
    origin = urlsplit(site.origin)
    other_origins = sorted({request for request in requested
                            if urlsplit(request)[:2] != origin[:2] and not request.startswith("data:")})
    by_kind = Counter()
    for response in served:
        by_kind[kind_of(response.content_type)] += response.body_bytes
    return {
        "url": url,
        "requests": len(requested),
        "same_origin_requests": len(requested) - len(other_origins),
        "other_origin_requests": other_origins,
        "responses_served": len(served),
        "failed_responses": [f"{r.status} {r.path}" for r in served if r.status >= 400],
        "bytes_compressed": sum(r.body_bytes for r in served),
        "bytes_compressed_with_headers": sum(r.body_bytes + r.header_bytes for r in served),
        "bytes_uncompressed": sum(r.raw_bytes for r in served),
        "bytes_compressed_by_kind": dict(sorted(by_kind.items())),
        "files": sorted(f"{r.path} {r.body_bytes}" for r in served),
    }


def measure_page_weight(site: StaticSite, languages: list[str]) -> dict:
    from playwright.sync_api import sync_playwright

    results = {}
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            for lang in languages:
                for name, page in PAGES.items():
                    url = page_url(site.origin, lang, languages[0], page)
                    results[f"{lang} {name}"] = visit(browser, site, url)
        finally:
            browser.close()
    return results


# -- search index ---------------------------------------------------------------------------
def index_figures(path: Path) -> dict:
    data = path.read_bytes()
    return {"bytes": len(data), "bytes_gzip": gzip_size(data),
            "entries": len(json.loads(data)["docs"])}


def search_indexes(site: Path, languages: list[str]) -> dict[str, Path]:
    """The search index each language's pages use, where the site has one per language."""
    found = {}
    for lang in languages:
        folder = site if lang == languages[0] else site / lang
        if (folder / "search" / "search_index.json").is_file():
            found[lang] = folder / "search" / "search_index.json"
    return found


def measure_search(site: Path, all_language_index: Path, languages: list[str]) -> dict:
    """Each language's index against the all-language index static-i18n writes by itself."""
    whole = index_figures(all_language_index)
    indexes = search_indexes(site, languages)
    per_language = {}
    for lang, path in indexes.items():
        figures = index_figures(path)
        same_as_whole = path.read_bytes() == all_language_index.read_bytes()
        per_language[lang] = {
            **figures, "path": str(path.relative_to(site)), "is_the_all_language_index": same_as_whole,
            "ratio_to_all_languages": ratio(figures["bytes"], whole["bytes"]),
            "ratio_to_all_languages_gzip": ratio(figures["bytes_gzip"], whole["bytes_gzip"]),
        }
    separate = [lang for lang, figures in per_language.items() if not figures["is_the_all_language_index"]]
    return {"all_languages": whole, "per_language": per_language,
            "one_index_per_language": len(separate) == len(languages)}
