"""Search on 1x, 10x and 50x the real pages: per language, the hit rate of the query set, the
bytes a first search fetches, and the time from the keystroke to the shown results in the real
dialog, with Chromium's CPU throttled 4x (CDP Emulation.setCPUThrottlingRate).

The scale copies mirror every page (scale.py); a query is answered when its answer, or one of
its mirrors, is among the first three results.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from builds import BUILD_TIMEOUT, build_env, checked, mkdocs_build_command
from measure import median, run_timed
from projects import SYNTHETIC_FOLDER
from scale import base_project, scale_project
from search_quality import hit_rate, language_root, load_queries, run_queries
from sitegen.browser import launch
from static_server import StaticSite

CPU_THROTTLING = 4
TIMED_QUERIES = 6  # the first is the cold one (the engine and stemmers load); the rest warm
# What searching needs: the index (Material fetches it with the page) and what the first query loads.
SEARCH_FILE = re.compile(r"(search_index\.json|search-worker\.js|search-engine\.js|/vendor/[^/]+\.js)$")
MIRROR = re.compile(rf"^{SYNTHETIC_FOLDER}/copy-\d+/")

# In the page, before the last key of a query: the time of that keydown, and of the first change
# of the result list after it.
WATCH = """() => {
  const list = document.querySelector('.md-search-result__list');
  window.__typed = window.__shown = null;
  if (!window.__watching) {
    window.__watching = true;
    document.querySelector('.md-search__input').addEventListener('keydown',
      () => { window.__typed = performance.now(); window.__shown = null; }, {capture: true});
    new MutationObserver(() => { if (window.__typed && !window.__shown) window.__shown = performance.now(); })
      .observe(list, {childList: true});
  }
}"""


def without_mirror(results: list[dict]) -> list[dict]:
    for result in results:
        result["results"] = [[MIRROR.sub("", location) for location in group] for group in result["results"]]
    return results


def dialog_timings(browser, site: StaticSite, lang: str, default: str, queries: list[str]) -> dict:
    """A first visit to the language's home page, then queries typed into the search dialog."""
    context = browser.new_context()
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_THROTTLING})
        site.take_log()
        page.goto(f"{site.origin}/{language_root(lang, default)}", wait_until="networkidle")
        served = site.take_log()
        page.click("label.md-search__icon[for=__search]", force=True)
        timings, first_search = [], None
        for query in queries:
            page.fill(".md-search__input", query[:-1])
            page.wait_for_timeout(300)
            page.evaluate(WATCH)
            page.keyboard.press(query[-1])
            page.wait_for_function("() => window.__shown", timeout=60_000)
            timings.append(page.evaluate("() => window.__shown - window.__typed"))
            if first_search is None:
                first_search = [response for response in served + site.take_log() if SEARCH_FILE.search(response.path)]
        index = sum(response.body_bytes for response in first_search if response.path.endswith("search_index.json"))
        total = sum(response.body_bytes for response in first_search)
        return {"index_bytes_gzip": index, "first_search_extra_bytes_gzip": total - index,
                "first_search_files": sorted(f"{response.path} {response.body_bytes}" for response in first_search),
                "first_search_bytes_gzip": total,
                "keystroke_to_results_ms_first": round(timings[0], 1),
                "keystroke_to_results_ms_median_after": round(median(timings[1:]), 1)}
    finally:
        context.close()


def measure_site(site_dir: Path, languages: list[str]) -> dict:
    from playwright.sync_api import sync_playwright

    queries = load_queries()
    figures = {}
    with StaticSite(site_dir) as site, sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            for lang in languages:
                context = browser.new_context()
                page = context.new_page()
                page.goto(f"{site.origin}/", wait_until="networkidle")
                results = without_mirror(run_queries(page, f"{site.origin}/", lang, languages[0], queries[lang]))
                context.close()
                figures[lang] = {"queries": len(results), "hit_rate_top_3": round(hit_rate(results), 3),
                                 "missed": [result["query"] for result in results if not result["hit"]],
                                 **dialog_timings(browser, site, lang, languages[0],
                                                  [item["query"] for item in queries[lang][:TIMED_QUERIES]])}
        finally:
            browser.close()
    return figures


def measure_search_speed(workdir: Path, languages: list[str], factors: list[int]) -> dict:
    base = base_project(workdir)
    results = {}
    for factor in factors:
        if factor == 1:
            results["1x"] = measure_site(workdir / "base-site", languages)
            continue
        project, config = scale_project(base, factor)
        site = workdir / f"search-{factor}x-site"
        checked(run_timed(mkdocs_build_command(config, site), project, build_env(), workdir / "search.log",
                          BUILD_TIMEOUT), f"scale {factor}x (search)", workdir / "search.log")
        results[f"{factor}x"] = measure_site(site, languages)
        shutil.rmtree(project)
        shutil.rmtree(site, ignore_errors=True)
    return {"cpu_throttling": CPU_THROTTLING, "factors": results}

