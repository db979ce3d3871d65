"""The benchmark script's own tools (benchmarks/): fast checks, no timing and no builds."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import urllib.error
import urllib.request
from collections import defaultdict

import pytest
from conftest import ROOT


from event_timing import BROCHURES, clock_plugin, without_brochures
from measure import gzip_size, median, poll, ratio
from projects import OWN_TEMPLATE, plain_name, prefix_nav, write_plugin_variant
from report import marginal_costs, render
from static_server import StaticSite


def test_median_ignores_one_slow_run():
    assert median([1.0, 9.0, 2.0]) == 2.0
    assert median([1.0, 2.0, 3.0, 100.0]) == 2.5
    with pytest.raises(ValueError):
        median([])


def test_ratio_has_nothing_to_divide_by_zero():
    assert ratio(3, 2) == 1.5
    assert ratio(1, 3) == 0.333
    assert ratio(1, 0) is None


def test_gzip_size_is_what_gzip_sends():
    text = ("<p>hervestiging</p>\n" * 500).encode()
    assert gzip_size(text) == len(gzip.compress(text, compresslevel=6, mtime=0))
    assert gzip_size(text) < len(text) / 20


def test_poll_returns_the_first_answer_and_gives_up_in_time():
    answers = iter([None, "", "ready"])
    assert poll(lambda: next(answers), timeout=5, interval=0) == "ready"
    with pytest.raises(TimeoutError):
        poll(lambda: None, timeout=0.01, interval=0.001)


def _get(url: str, gzip_ok: bool = True):
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"} if gzip_ok else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_static_server_sends_text_gzipped_and_logs_every_byte(tmp_path):
    page = ("<html><body>" + "partner " * 400 + "</body></html>").encode()
    (tmp_path / "faq").mkdir()
    (tmp_path / "faq" / "index.html").write_bytes(page)
    (tmp_path / "404.html").write_bytes(b"<h1>Not found</h1>")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG" + bytes(300))
    with StaticSite(tmp_path) as site:
        status, headers, body = _get(f"{site.origin}/faq/")
        assert (status, headers["Content-Encoding"]) == (200, "gzip")
        assert gzip.decompress(body) == page and len(body) == gzip_size(page)
        assert _get(f"{site.origin}/faq/", gzip_ok=False)[2] == page
        assert "Content-Encoding" not in _get(f"{site.origin}/logo.png")[1]
        assert _get(f"{site.origin}/nowhere/")[0] == 404
        served = site.take_log()
    assert [(r.path, r.status, r.gzipped) for r in served] == [
        ("/faq/", 200, True), ("/faq/", 200, False), ("/logo.png", 200, False), ("/nowhere/", 404, True)]
    assert served[0].body_bytes == len(body) and served[0].raw_bytes == len(page)
    assert served[0].header_bytes > 0


def test_static_server_stays_quiet_when_a_browser_drops_a_connection(tmp_path, capsys):
    with StaticSite(tmp_path) as site:
        server = site._server
        for dropped in (ConnectionResetError(104, "Connection reset by peer"), BrokenPipeError(32, "Broken pipe")):
            try:
                raise dropped
            except OSError:
                server.handle_error(None, ("127.0.0.1", 1))
        assert capsys.readouterr().err == ""
        try:
            raise ValueError("a real fault")
        except ValueError:
            server.handle_error(None, ("127.0.0.1", 1))
        assert "a real fault" in capsys.readouterr().err


def test_plain_baseline_keeps_one_language_without_suffix():
    languages = ["nl", "fr", "en"]
    assert plain_name("faq.nl.md", "nl", languages) == "faq.md"
    assert plain_name("faq.fr.md", "nl", languages) is None
    assert plain_name("webinar.nl.ics", "nl", languages) == "webinar.ics"
    assert plain_name("favicon.svg", "nl", languages) == "favicon.svg"


def test_synthetic_navigation_points_into_the_copy():
    nav = ["index.md", {"Routes": ["models/comparison.md", {"Site": "https://example.org/"}]}]
    assert prefix_nav(nav, "synthetic/copy-2") == [
        "synthetic/copy-2/index.md",
        {"Routes": ["synthetic/copy-2/models/comparison.md", {"Site": "https://example.org/"}]},
    ]


def test_plain_baseline_drops_only_our_page_template():
    page = '---\ntitle: "Home"\ntemplate: home.html\nsources: [1]\n---\n\n# Home\n'
    assert OWN_TEMPLATE.sub("", page, count=1) == '---\ntitle: "Home"\nsources: [1]\n---\n\n# Home\n'


def test_clocked_events_pass_calls_through_keep_priority_and_count_brochures_apart():
    from types import SimpleNamespace

    class Plugin:
        def on_page_markdown(self, markdown):
            return markdown.upper()
        on_page_markdown.mkdocs_priority = -50

        def on_pre_build(self):
            return module.build_brochures()

    module = SimpleNamespace(build_brochures=lambda: "made")
    seconds = defaultdict(float)
    clock_plugin(Plugin, module, seconds)
    assert Plugin().on_page_markdown("tekst") == "TEKST"
    assert Plugin.on_page_markdown.mkdocs_priority == -50
    assert Plugin().on_pre_build() == "made"
    assert set(seconds) == {"on_page_markdown", "on_pre_build", BROCHURES}
    assert seconds["on_pre_build"] >= seconds[BROCHURES]
    assert without_brochures({"on_pre_build": 3.0, "on_page_markdown": 1.0, BROCHURES: 2.0}) == 2.0


def test_plugin_variant_changes_one_option_and_refuses_an_unknown_one(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("plugins:\n  - resettlement-site:\n      make_brochures: true\n")
    variant = write_plugin_variant(tmp_path, "quick", make_brochures=False)
    assert variant.read_text() == "plugins:\n  - resettlement-site:\n      make_brochures: false\n"
    with pytest.raises(ValueError, match="no_such_option"):
        write_plugin_variant(tmp_path, "broken", no_such_option=1)


def test_report_says_which_parts_could_not_be_measured():
    failed = {"error": "RuntimeError: no chromium"}
    results = {"settings": {"quick": True}, "machine": {"cores": 2}, "versions": {"mkdocs": "1.6.1"},
               "builds": failed, "reload": failed, "scale": failed, "weight": failed, "lighthouse": failed}
    text = render(results)
    assert text.count("could not be measured: `RuntimeError: no chromium`") == 5
    assert "| cores | 2 |" in text


def test_marginal_cost_per_page_shows_growth_beyond_linear():
    factors = {"1x": {"factor": 1, "pages_all_languages": 60, "median_seconds": 6.0},
               "10x": {"factor": 10, "pages_all_languages": 600, "median_seconds": 20.0},
               "50x": {"factor": 50, "pages_all_languages": 3000, "median_seconds": 180.0}}
    assert marginal_costs(factors) == [["1x, 10x", 540, "14.0", 25.9], ["10x, 50x", 2400, "160.0", 66.7]]


def test_quick_guard_measures_the_three_figures_and_meets_the_size_targets(site, tmp_path):
    """The quick tier of `make bench`, as `make bench-quick` runs it (about a minute), in a process
    of its own: its browser cannot start inside the session's running Playwright."""
    import guard

    output = tmp_path / "guard.json"
    completed = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "guard.py"), "--output", str(output)],
                               cwd=ROOT, capture_output=True, text=True)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    figures = json.loads(output.read_text(encoding="utf-8"))
    assert figures["build"]["html_seconds"] > 0 and figures["build"]["plain_all_languages_seconds"] > 0
    assert set(figures["home_page_bytes"]) == set(figures["search_index_share"]) == {"nl", "fr", "en"}
    assert guard.failures(figures) == []
    assert guard.failures({**figures, "home_page_bytes": {"nl": 10**6}}) == [
        "nl home page: 1000000 bytes, target < 120000"]


def test_report_gives_pages_size_and_making_time_of_each_brochure():
    from report import brochures_section

    rows = [{"brochure": "partner-guide", "lang": "fr", "pages": 38, "bytes": 312_400, "seconds": 41.25},
            {"brochure": "flexible-partnerships", "lang": "en", "pages": 20, "bytes": 198_000, "seconds": 18.5}]
    text = "\n".join(brochures_section({"brochures": rows, "total_seconds": 59.75}))
    assert "| partner-guide | fr | 38 | 312.4 kB | 41.2 s |" in text
    assert "| flexible-partnerships | en | 20 | 198.0 kB | 18.5 s |" in text
    assert "All 2 together: 59.8 s." in text
    assert "could not be measured: `OSError: disk full`" in "\n".join(brochures_section({"error": "OSError: disk full"}))
