"""Measure what the site costs to build and to read; write benchmarks/report.md and report.json.

Run with `make bench` (it installs Lighthouse first). Takes about 25 minutes on 2 cores;
`--quick` does one repetition of everything at small sizes, to check the script itself.
Everything runs in temporary copies of the project and on 127.0.0.1; nothing in the
checkout changes except the two report files.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path

from brochures import measure_brochures
from builds import BUILD_TIMEOUT, build_env, checked, make_build_command, measure_builds, mkdocs_build_command
from lighthouse import measure_lighthouse, version as lighthouse_version
from machine import describe_machine, describe_versions
from measure import run_timed
from projects import ROOT, copy_project, site_languages, write_plugin_variant
from reload import measure_reload
from report import render
from scale import measure_scale
from search_speed import measure_search_speed
from static_server import StaticSite
from weight import PAGES, measure_page_weight, measure_search, page_url

HERE = Path(__file__).resolve().parent

FULL = {"build_repetitions": 5, "reload_repetitions": 5, "scale_factors": [1, 10, 50],
        "scale_repetitions": 3, "lighthouse_runs": 3}
QUICK = {"build_repetitions": 1, "reload_repetitions": 1, "scale_factors": [1, 2],
         "scale_repetitions": 1, "lighthouse_runs": 1}
LANGUAGE_VARIABLE = "DOCS_LANGUAGE"  # mkdocs.yml: build_only_locale, for previews of one language


def step(title: str, measure, *args) -> dict:
    """Run one part; a failure is written into the report instead of losing every other figure."""
    print(f"[bench] {title}...", file=sys.stderr, flush=True)
    started = time.perf_counter()
    try:
        result = measure(*args)
    except Exception as error:  # noqa: BLE001 (reported, and the run exits non-zero)
        traceback.print_exc()
        result = {"error": f"{type(error).__name__}: {error}"}
    print(f"[bench] {title}: {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    return result


def one_language_project(work: Path, language: str) -> dict:
    """A copy built with LANGUAGE_VARIABLE set: static-i18n builds that language only."""
    project = copy_project(work / "serve-one")
    env = {**build_env(), LANGUAGE_VARIABLE: language}
    log = work / "one-language.log"
    run = run_timed(make_build_command(project, work / "one-language-site"), project, env, log, BUILD_TIMEOUT)
    if run.returncode != 0:
        raise RuntimeError(f"{LANGUAGE_VARIABLE}={language} does not build: {first_error(log)}")
    return {"project": project, "make_build_seconds_one_language": run.seconds}


def first_error(log: Path) -> str:
    lines = log.read_text(encoding="utf-8", errors="replace").splitlines()
    found = [number for number, line in enumerate(lines) if line.startswith("ERROR")]
    return "\n".join(lines[found[0]:found[0] + 3]) if found else "\n".join(lines[-3:])


def reload_figures(work: Path, languages: list[str], repetitions: int) -> dict:
    everything = copy_project(work / "serve-all")
    one_language = step("one-language build with build_only_locale", one_language_project, work, languages[0])
    runs = {"`make serve`, every language": step(
        "edit-to-reload, every language", measure_reload, everything, languages[0], repetitions,
        work / "serve-all.log")}
    if "error" not in one_language:
        project = one_language.pop("project")
        one_language.update(step("edit-to-reload, one language", measure_reload, project, languages[0],
                                 repetitions, work / "serve-one.log", languages[0]))
    runs[f"`{LANGUAGE_VARIABLE}={languages[0]} make serve` (static-i18n `build_only_locale`)"] = one_language
    return {
        "edited_page": f"docs/faq.{languages[0]}.md", "repetitions": repetitions, "runs": runs,
        "note": (f"`{LANGUAGE_VARIABLE}=fr make serve` previews French alone, at the site root "
                 "(mkdocs.yml passes the variable to static-i18n's `build_only_locale`); without the "
                 "variable every language is built. While previewing, brochures are kept as they are."),
    }


def build_served_site(work: Path, site: StaticSite) -> dict:
    """`make build` of a copy, with the local server's address as site_url."""
    project = copy_project(work / "site-project")
    log = work / "site.log"
    checked(run_timed(make_build_command(project, work / "site"), project, build_env(site.origin + "/"),
                      log, BUILD_TIMEOUT), "make build (served site)", log)
    return {"project": project}


def all_language_index(work: Path, project: Path, site_url: str) -> Path:
    """The single index static-i18n writes when our plugin does not split it ("today's" index)."""
    config = write_plugin_variant(project, "one-search-index", search_index_per_language=False)
    log = work / "site.log"
    out = work / "one-search-index"
    checked(run_timed(mkdocs_build_command(config, out), project, build_env(site_url), log, BUILD_TIMEOUT), "build with one search index", log)
    return out / "search" / "search_index.json"


def served_figures(work: Path, languages: list[str], runs: int) -> tuple[dict, dict]:
    """Page weight, search index sizes and Lighthouse scores of one served build."""
    with StaticSite(work / "site") as site:
        built = step("build of the served site", build_served_site, work, site)
        if "error" in built:
            return built, built
        project = built["project"]
        weight = {"pages": step("page weight", measure_page_weight, site, languages),
                  "search": step("search index", lambda: measure_search(
                      work / "site", all_language_index(work, project, site.origin + "/"), languages))}
        if "error" in weight["pages"]:
            weight = {"error": weight["pages"]["error"]}
        urls = {f"{lang} home": page_url(site.origin, lang, languages[0], PAGES["home"]) for lang in languages}
        urls[f"{languages[0]} comparison"] = page_url(site.origin, languages[0], languages[0], PAGES["comparison"])
        lighthouse = step("lighthouse", lambda: {"version": lighthouse_version(), "runs": runs,
                                                 "pages": measure_lighthouse(urls, runs, work)})
    return weight, lighthouse


def has_error(results: dict) -> bool:
    if isinstance(results, dict):
        return "error" in results or any(has_error(value) for value in results.values())
    return False


def write_reports(results: dict, output: Path) -> None:
    """Write each file next to its final name first, so a crash leaves the old one whole.

    The figures (JSON) are written before the Markdown is rendered from them.
    """
    for name, text in (("report.json", lambda: json.dumps(results, indent=2, ensure_ascii=False) + "\n"),
                       ("report.md", lambda: render(results))):
        partial = output / f".{name}.partial"
        partial.write_text(text(), encoding="utf-8")
        partial.replace(output / name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="run.py", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="one repetition, small sizes (checks the script)")
    parser.add_argument("--output-dir", type=Path, default=HERE, help="where report.md and report.json go")
    args = parser.parse_args(argv)
    settings = QUICK if args.quick else FULL
    languages = site_languages(ROOT)
    results = {"settings": {**settings, "quick": args.quick},
               "machine": describe_machine(ROOT), "versions": describe_versions(lighthouse_version())}
    with tempfile.TemporaryDirectory(prefix="bench-") as scratch:
        work = Path(scratch)
        results["builds"] = step("build time", measure_builds, work / "builds", languages,
                                 settings["build_repetitions"])
        results["reload"] = reload_figures(work, languages, settings["reload_repetitions"])
        results["weight"], results["lighthouse"] = served_figures(work, languages, settings["lighthouse_runs"])
        results["brochures"] = step("brochures", measure_brochures, work / "brochures")
        results["scale"] = step("scale", measure_scale, work / "scale", languages,
                                settings["scale_factors"], settings["scale_repetitions"])
        results["search"] = step("search at scale", measure_search_speed, work / "search", languages,
                                 settings["scale_factors"])
    results["machine"]["load_average_at_end"] = [round(value, 2) for value in os.getloadavg()]
    args.output_dir.mkdir(parents=True, exist_ok=True)
    write_reports(results, args.output_dir)
    print(f"[bench] wrote {args.output_dir / 'report.md'} and report.json", file=sys.stderr)
    if has_error(results):
        print("[bench] some parts could not be measured; see the report", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
