"""Turn the measured figures (report.json) into report.md, with each target of issue 9 judged."""

from __future__ import annotations

TARGETS = {
    "html_vs_plain_three": 1.15,
    "plugin_overhead": 0.10,
    "reload_vs_build": 0.5,  # our reading of "well under the full build"
    "scale_time_per_page": 1.3,
    "home_page_bytes": 120_000,
    "search_index_share": 0.40,
    "lighthouse_performance": 95,
    "lighthouse_others": 100,
}


def verdict(met: bool | None) -> str:
    return "n/a" if met is None else ("met" if met else "**not met**")


def kb(value: int) -> str:
    return f"{value / 1000:.1f} kB"


def table(header: list[str], rows: list[list]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return lines + [""]


def failed(section: dict) -> list[str] | None:
    if "error" in section:
        return [f"This part could not be measured: `{section['error']}`", ""]
    return None


def machine_section(results: dict) -> list[str]:
    machine, versions, settings = results["machine"], results["versions"], results["settings"]
    lines = ["## Machine and versions", ""]
    lines += table(["what", "value"], [[key, value] for key, value in {**machine, **versions}.items()])
    lines += ["Settings of this run: " + ", ".join(f"{key} = {value}" for key, value in settings.items()), ""]
    return lines


def builds_section(builds: dict) -> list[str]:
    lines = ["## Build time", ""]
    if failed(builds):
        return lines + failed(builds)
    medians, ratios, diffs = builds["median_seconds"], builds["ratios"], builds["differences_seconds"]
    lines += [f"Median of {builds['repetitions']} interleaved rounds (every variant once per round). "
              "Each build is a separate process, timed from start to exit.", ""]
    described = {
        "make_build_cold": "`make build` on a fresh checkout (empty .cache/: no brochures, no compiled templates)",
        "make_build_rebuild": "`make build` again, nothing changed",
        "html_build": "`mkdocs build --strict` as `make build` runs it (three languages, our plugin, "
                      "brochures from the cache)",
        "html_build_compiling_templates": "the same HTML build with `keep_compiled_templates: false` "
                                          "(every template compiled, as plain MkDocs does)",
    }
    rows = [[text, f"{medians[name]:.2f}", builds["seconds"][name], builds["peak_rss_mib"][name]]
            for name, text in described.items()]
    rows += [[f"(a) plain mkdocs-material, one language ({name.removeprefix('plain_')}), same Markdown, without our plugin",
              f"{medians[name]:.2f}", builds["seconds"][name], builds["peak_rss_mib"][name]]
             for name in medians if name.startswith("plain_") and name != "plain_all_languages"]
    rows.append(["(b) the plain one-language builds of every language, one after the other",
                 f"{medians['plain_all_languages']:.2f}", builds["seconds"]["plain_all_languages"], ""])
    lines += table(["build", "median s", "all runs s", "peak memory MiB"], rows)
    html_ratio, overhead = ratios["html_three_languages_vs_plain_three"], ratios["plugin_overhead_fraction"]
    lines += table(["comparison", "figure", "target", "verdict"], [
        ["three-language HTML build / (b)", html_ratio, f"<= {TARGETS['html_vs_plain_three']}",
         verdict(html_ratio <= TARGETS["html_vs_plain_three"])],
        ["the same, compiling every template / (b)", ratios["html_compiling_templates_vs_plain_three"],
         f"<= {TARGETS['html_vs_plain_three']}",
         verdict(ratios["html_compiling_templates_vs_plain_three"] <= TARGETS["html_vs_plain_three"])],
        ["`make build` rebuild / (b)", ratios["make_build_rebuild_vs_plain_three"], "", ""],
        ["(b) / (a)", ratios["plain_three_vs_plain_one"], "", ""],
        ["three-language HTML build / (a)", ratios["html_three_languages_vs_plain_one"], "", ""],
        ["our plugin (generation included, brochures apart), added to the rest of the HTML build",
         f"{diffs['plugin_without_brochures']:.2f} s = {100 * overhead:.1f} %",
         f"<= {100 * TARGETS['plugin_overhead']:.0f} %", verdict(overhead <= TARGETS["plugin_overhead"])],
        ["page generation alone (in-process, median)", f"{builds['generation_median_seconds']:.3f} s = "
         f"{100 * ratios['generation_fraction_of_html']:.1f} % of the HTML build", "", ""],
        ["`make build` rebuild minus the HTML build (scripts/docs.py around it)",
         f"{diffs['rebuild_minus_html']:+.2f} s", "", ""],
    ])
    lines += ["Time inside each event of our plugin during one HTML build (median, all calls, every "
              "language; `brochures` is the brochure step inside `on_pre_build`):", ""]
    lines += table(["event", "seconds"],
                   [[f"`{name}`", seconds] for name, seconds in sorted(builds["event_median_seconds"].items(),
                                                                       key=lambda item: -item[1])])
    lines += brochure_lines(builds)
    return lines


def brochure_lines(builds: dict) -> list[str]:
    lines = ["### Brochures", ""]
    diffs = builds["differences_seconds"]
    warm = diffs["brochures_in_html_build"]
    lines += [f"- Brochures on a fresh checkout (cold `make build` minus rebuild): "
              f"{diffs['brochures_cold_minus_rebuild']:+.2f} s.",
              f"- Rebuild with no change: {warm:.2f} s in the brochure step (target: no time on "
              f"brochures; verdict, allowing 0.1 s: {verdict(warm <= 0.1)}).", ""]
    if builds["brochure_output"]:
        lines += ["What the builds printed about brochures (distinct lines):", "", "```text",
                  *builds["brochure_output"], "```", ""]
    return lines


def brochures_section(brochures: dict) -> list[str]:
    """Pages, size and making time of each brochure (benchmarks/brochures.py)."""
    lines = ["## Brochures, one by one", ""]
    if problem := failed(brochures):
        return lines + problem
    lines += ["Each PDF made afresh, one at a time (two layouts: the second writes in the page numbers "
              "the first found).", ""]
    lines += table(["brochure", "language", "pages", "size", "making time"],
                   [[row["brochure"], row["lang"], row["pages"], kb(row["bytes"]), f"{row['seconds']:.1f} s"]
                    for row in brochures["brochures"]])
    return lines + [f"All {len(brochures['brochures'])} together: {brochures['total_seconds']:.1f} s.", ""]


def reload_section(reload: dict, builds: dict) -> list[str]:
    lines = ["## Edit-to-reload under `make serve`", ""]
    if failed(reload):
        return lines + failed(reload)
    full = builds.get("median_seconds", {}).get("make_build_rebuild")
    rows = []
    for name, figures in reload["runs"].items():
        if "error" in figures:
            rows.append([name, "failed: " + figures["error"], "", "", "", "", ""])
            continue
        share = figures["median_seconds"] / full if full else None
        rows.append([name, f"{figures['median_seconds']:.2f}", figures["seconds"],
                     f"{share:.2f}" if share else "", verdict(share <= TARGETS["reload_vs_build"] if share else None),
                     f"{figures['startup_seconds']:.1f}", figures["rebuilds_while_idle"]])
    lines += [f"A word is appended to `{reload['edited_page']}`, and the served page is polled every 20 ms "
              f"until it shows the word (median of {reload['repetitions']} edits, 1.5 s apart). Before the "
              "edits, the server is left alone for 20 s and the rebuilds it starts by itself are counted.", ""]
    lines += table(["preview", "median s", "all edits s", "/ `make build` rebuild",
                    f"well under (<= {TARGETS['reload_vs_build']})", "start-up s", "rebuilds while idle"], rows)
    lines += [reload["note"], ""]
    for figures in reload["runs"].values():
        if "make_build_seconds_one_language" in figures:
            lines += ["`make build` of one language with DOCS_LANGUAGE (empty .cache/): "
                      f"{figures['make_build_seconds_one_language']:.1f} s.", ""]
    return lines


def scale_section(scale: dict) -> list[str]:
    lines = ["## Scale", ""]
    if failed(scale):
        return lines + failed(scale)
    rows = [[name, figures["pages_all_languages"], f"{figures['median_seconds']:.1f}", figures["seconds"],
             figures["ms_per_page"], figures["peak_rss_mib"], figures["peak_rss_kib_per_page"]]
            for name, figures in scale["factors"].items()]
    lines += ["The HTML pipeline (`mkdocs build --strict`, our plugin, three languages) on mirrors of the "
              "real pages in a temporary copy of the project, median of "
              f"{scale['repetitions']} build(s) per size.", ""]
    lines += table(["size", "pages (all languages)", "median s", "all runs s", "ms per page",
                    "peak memory MiB", "peak KiB per page"], rows)
    per_page = scale["time_per_page_ratio_largest_vs_1x"]
    lines += table(["comparison", "figure", "target", "verdict"], [
        ["time per page, largest size / 1x", per_page, f"<= {TARGETS['scale_time_per_page']}",
         verdict(per_page <= TARGETS["scale_time_per_page"])],
        ["memory per extra page (largest size vs 1x)", f"{scale['memory_per_extra_page_kib']} KiB", "", ""],
    ])
    steps = marginal_costs(scale["factors"])
    if steps:
        lines += ["Time per page at 1x includes the fixed cost of every build (start-up, brochure cache check, "
                  "loading data), so it flatters the larger sizes. The cost of each extra page, from one size "
                  "to the next, shows how the build really grows:", ""]
        lines += table(["from, to", "extra pages", "extra s", "ms per extra page"], steps)
    return lines


def marginal_costs(factors: dict) -> list[list]:
    """Seconds per added page between consecutive sizes: flat means linear growth."""
    sizes = list(factors.values())
    return [[f"{small['factor']}x, {large['factor']}x", large["pages_all_languages"] - small["pages_all_languages"],
             f"{large['median_seconds'] - small['median_seconds']:.1f}",
             round(1000 * (large["median_seconds"] - small["median_seconds"])
                   / (large["pages_all_languages"] - small["pages_all_languages"]), 1)]
            for small, large in zip(sizes, sizes[1:])]


def weight_section(weight: dict) -> list[str]:
    lines = ["## Page weight (first visit)", ""]
    if failed(weight):
        return lines + failed(weight)
    lines += ["Fresh browser context per page (empty cache), Debian's Chromium, local server sending text "
              "gzip-compressed (level 6). Bytes are response bodies as sent, then with headers.", ""]
    rows = []
    for name, page in weight["pages"].items():
        home = name.endswith("home")
        rows.append([name, page["requests"], page["same_origin_requests"], len(page["other_origin_requests"]),
                     kb(page["bytes_compressed"]), kb(page["bytes_compressed_with_headers"]),
                     kb(page["bytes_uncompressed"]),
                     ", ".join(f"{kind} {kb(size)}" for kind, size in page["bytes_compressed_by_kind"].items()),
                     verdict(page["bytes_compressed_with_headers"] < TARGETS["home_page_bytes"]) if home else ""])
    lines += table(["page", "requests", "same-origin", "other origins", "compressed", "with headers",
                    "uncompressed", "by kind (compressed)", f"home < {kb(TARGETS['home_page_bytes'])}"], rows)
    failures = {name: page["failed_responses"] for name, page in weight["pages"].items() if page["failed_responses"]}
    if failures:
        lines += ["Responses with an error status: " + "; ".join(f"{k}: {', '.join(v)}" for k, v in failures.items()), ""]
    return lines + search_lines(weight["search"])


def search_lines(search: dict) -> list[str]:
    lines = ["### Search index", ""]
    if failed(search):
        return lines + failed(search)
    whole = search["all_languages"]
    lines += [f"All-language index (what static-i18n writes by itself, built with `search_index_per_language: false`, which "
              f"rewrites the index): {kb(whole['bytes'])}, {kb(whole['bytes_gzip'])} gzip, "
              f"{whole['entries']} entries.", ""]
    if not search["one_index_per_language"]:
        lines += ["The site does not have one separate search index per language: every language "
                  "loads the all-language index.", ""]
    rows = [[lang, figures["path"], kb(figures["bytes"]), kb(figures["bytes_gzip"]), figures["entries"],
             f"{100 * figures['ratio_to_all_languages']:.0f} %", f"{100 * figures['ratio_to_all_languages_gzip']:.0f} %",
             verdict(figures["ratio_to_all_languages"] <= TARGETS["search_index_share"])]
            for lang, figures in search["per_language"].items()]
    lines += table(["language", "index", "size", "gzip", "entries", "share of all", "share (gzip)",
                    f"<= {100 * TARGETS['search_index_share']:.0f} %"], rows)
    return lines


def lighthouse_section(lighthouse: dict) -> list[str]:
    lines = ["## Lighthouse (mobile preset)", ""]
    if failed(lighthouse):
        return lines + failed(lighthouse)
    pages = lighthouse["pages"]
    lines += [f"Lighthouse {lighthouse['version']}, median of {lighthouse['runs']} run(s) per page. Targets: "
              f"performance >= {TARGETS['lighthouse_performance']}, the others {TARGETS['lighthouse_others']}.", ""]
    rows = []
    for name, page in pages.items():
        scores = page["median_scores"]
        met = (scores["performance"] >= TARGETS["lighthouse_performance"]
               and all(scores[c] >= TARGETS["lighthouse_others"] for c in ("accessibility", "best-practices", "seo")))
        rows.append([name, scores["performance"], scores["accessibility"], scores["best-practices"],
                     scores["seo"], verdict(met)])
    lines += table(["page", "performance", "accessibility", "best practices", "SEO", "verdict"], rows)
    for name, page in pages.items():
        metrics = ", ".join(f"{metric} {value}" for metric, value in page["metrics"].items())
        lines += [f"- {name} ({metrics}); points lost: " + ("; ".join(page["audits_losing_points"]) or "none")]
    return lines + [""]


def search_section(figures: dict) -> list[str]:
    """The report's lines: one row per scale and language."""
    if "error" in figures:
        return ["## Search", "", f"Not measured: {figures['error']}", ""]
    lines = ["## Search", "",
             f"The query sets of `tests/search_queries.yml` through the site's search worker; bytes as a "
             f"gzip server sends them (the index loads with the page, the engine and stemmers on the first "
             f"search); keystroke to shown results in the real dialog, CPU throttled {figures['cpu_throttling']}x.",
             "", "| scale | language | hit rate (top 3) | index | worker, engine, stemmers | keystroke to results, first | later (median) |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for factor, languages in figures["factors"].items():
        for lang, row in languages.items():
            lines.append(f"| {factor} | {lang} | {100 * row['hit_rate_top_3']:.0f} % | {row['index_bytes_gzip']:,} B "
                         f"| {row['first_search_extra_bytes_gzip']:,} B | {row['keystroke_to_results_ms_first']} ms "
                         f"| {row['keystroke_to_results_ms_median_after']} ms |")
    return lines + [""]


def render(results: dict) -> str:
    lines = ["# Benchmarks", "",
             "Written by `make bench` (benchmarks/run.py); every figure comes from the run described "
             "below, and all of them are in report.json. Ratios compare builds of the same run.", ""]
    lines += machine_section(results)
    lines += builds_section(results["builds"])
    lines += reload_section(results["reload"], results["builds"])
    if "brochures" in results:  # reports written before brochures were measured one by one
        lines += brochures_section(results["brochures"])
    lines += scale_section(results["scale"])
    lines += weight_section(results["weight"])
    lines += lighthouse_section(results["lighthouse"])
    if "search" in results:
        lines += search_section(results["search"])
    return "\n".join(lines).rstrip() + "\n"
