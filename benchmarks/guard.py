"""The quick tier of the benchmarks (about a minute): `make bench-quick`, and run by the tests.

Three figures of the full `make bench`, each from one run: the three-language HTML build
against plain mkdocs-material built once per language, the weight of each home page on its
first visit, and each language's search index as a share of the all-language one. Sizes are
judged against their targets (they do not depend on the machine); the build ratio is reported
only, since one timing on a noisy machine is no verdict. The full tier (`make bench`) repeats
everything and judges every target.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

from builds import BUILD_TIMEOUT, build_env, checked, make_build_command, mkdocs_build_command
from measure import ratio, run_timed
from projects import ROOT, copy_project, plain_project, site_languages, write_plugin_variant
from report import TARGETS
from static_server import StaticSite
from weight import PAGES, measure_search, page_url, visit

CACHE = ".cache"  # brochures already made: the guard measures the HTML build, not the PDFs


def measure(work: Path) -> dict:
    project = copy_project(work / "project")
    if (ROOT / CACHE).is_dir():
        shutil.copytree(ROOT / CACHE, project / CACHE)
    languages = site_languages(project)
    log = work / "guard.log"
    with StaticSite(work / "site") as site:
        env = build_env(site.origin + "/")
        checked(run_timed(make_build_command(project, work / "site"), project, env, log, BUILD_TIMEOUT),
                "make build", log)
        html = checked(run_timed(mkdocs_build_command(project / "mkdocs.yml", work / "html"), project, env,
                                 log, BUILD_TIMEOUT), "HTML build", log)
        plain = 0.0
        for lang in languages:
            plain_root = plain_project(project, lang, work / f"plain-{lang}")
            plain += checked(run_timed(mkdocs_build_command(plain_root / "mkdocs.yml", work / f"plain-{lang}-site"),
                                       plain_root, env, log, BUILD_TIMEOUT), f"plain build ({lang})", log).seconds
        one_index = write_plugin_variant(project, "one-search-index", search_index_per_language=False)
        checked(run_timed(mkdocs_build_command(one_index, work / "one-index"), project, env, log, BUILD_TIMEOUT),
                "build with one search index", log)
        search = measure_search(work / "site", work / "one-index" / "search" / "search_index.json", languages)
        homes = _home_weights(site, languages)
    return {
        "build": {"html_seconds": html.seconds, "plain_all_languages_seconds": round(plain, 3),
                  "html_vs_plain_three": ratio(html.seconds, plain)},
        "home_page_bytes": homes,
        "search_index_share": {lang: figures["ratio_to_all_languages"]
                               for lang, figures in search["per_language"].items()},
    }


def _home_weights(site: StaticSite, languages: list[str]) -> dict[str, int]:
    from playwright.sync_api import sync_playwright

    from sitegen.browser import launch

    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            return {lang: visit(browser, site, page_url(site.origin, lang, languages[0], PAGES["home"]))
                    ["bytes_compressed_with_headers"] for lang in languages}
        finally:
            browser.close()


def failures(figures: dict) -> list[str]:
    """The size targets that are not met (build time is only reported)."""
    found = [f"{lang} home page: {size} bytes, target < {TARGETS['home_page_bytes']}"
             for lang, size in figures["home_page_bytes"].items() if size >= TARGETS["home_page_bytes"]]
    found += [f"{lang} search index: {share} of the all-language index, target <= {TARGETS['search_index_share']}"
              for lang, share in figures["search_index_share"].items() if share > TARGETS["search_index_share"]]
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="guard.py", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--output", type=Path, help="also write the figures here as JSON")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-guard-") as scratch:
        figures = measure(Path(scratch))
    if args.output:
        args.output.write_text(json.dumps(figures, indent=1), encoding="utf-8")
    build = figures["build"]
    print(f"three-language HTML build {build['html_seconds']:.1f} s / plain, once per language, "
          f"{build['plain_all_languages_seconds']:.1f} s = {build['html_vs_plain_three']} "
          f"(target of the full benchmark: <= {TARGETS['html_vs_plain_three']})")
    for lang, size in figures["home_page_bytes"].items():
        print(f"{lang} home page, first visit: {size / 1000:.1f} kB (target < {TARGETS['home_page_bytes'] / 1000:.0f} kB)")
    for lang, share in figures["search_index_share"].items():
        print(f"{lang} search index: {100 * share:.0f} % of the all-language index "
              f"(target <= {100 * TARGETS['search_index_share']:.0f} %)")
    problems = failures(figures)
    for problem in problems:
        print(f"not met: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
