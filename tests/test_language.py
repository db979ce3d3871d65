"""Each language is a site of its own: search, switcher, 404, hreflang, entry by language.

Run in Debian's Chromium against the built site served from 127.0.0.1 under /resettlement/,
while the site's own address (site_url) is https://example.org/resettlement/.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request

import pytest

from conftest import LANGUAGES, TEST_SITE_URL, page_path, search_in_dialog

LANGUAGE_ROOT = {"nl": "", "fr": "fr/", "en": "en/"}


def search(visit_result, query: str) -> list[str]:
    """Type a query in the search dialog and return the addresses of the results."""
    search_in_dialog(visit_result.page, query)
    return visit_result.page.eval_on_selector_all(".md-search-result__link", "links => links.map(link => link.href)")


SEARCHES = [
    ("fr", "benevole", "bénévole"),          # accents ignored
    ("fr", "reinstallation", "réinstallation"),
    ("fr", "REINSTALLATION", "réinstallation"),  # case ignored
    ("nl", "vrijwilliger", "vrijwilligers"),  # inflected form found by prefix
    ("en", "volunteer", "volunteers"),
]


@pytest.mark.parametrize("lang, query, expected_word", SEARCHES)
def test_search_finds_pages_of_its_own_language_only(visit, served_site, lang, query, expected_word):
    opened = visit(f"{LANGUAGE_ROOT[lang]}faq/", locale=f"{lang}-BE")
    results = search(opened, query)
    assert results, f"no result for {query!r} on a {lang} page"
    own_root = served_site + LANGUAGE_ROOT[lang]
    others = [served_site + root for code, root in LANGUAGE_ROOT.items() if code != lang and root]
    for url in results:
        assert url.startswith(own_root), f"{url} is outside {own_root}"
        assert not any(url.startswith(other) for other in others), f"{url} is in another language"
    snippets = opened.page.inner_text(".md-search-result__list").lower()
    assert expected_word in snippets, f"results for {query!r} do not show {expected_word!r}"
    assert not opened.console_errors, opened.console_errors


def test_a_dutch_word_on_a_french_page_finds_no_dutch_page(visit, served_site):
    results = search(visit("fr/faq/", locale="fr-BE"), "vrijwilligers")
    assert all(url.startswith(served_site + "fr/") for url in results)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_language_loads_only_its_own_search_index(visit, served_site, lang):
    opened = visit(f"{LANGUAGE_ROOT[lang]}resettlement/", locale=f"{lang}-BE")
    search(opened, "fedasil")
    indexes = [url for url in opened.requests if url.endswith("search_index.json")]
    assert indexes == [f"{served_site}{LANGUAGE_ROOT[lang]}search/search_index.json"]


def test_each_search_index_holds_one_language(site):
    import json
    for lang, root in LANGUAGE_ROOT.items():
        index = json.loads((site / root / "search" / "search_index.json").read_text(encoding="utf-8"))
        assert index["config"]["lang"] == [lang]
        assert not [doc for doc in index["docs"] if re.match(r"^(fr|en|nl)/", doc["location"])]
        titles = {doc["title"] for doc in index["docs"]}
        home_title = re.search(r"^title: \"?(.+?)\"?$", (page_path(site, lang).parent / "index.html")
                               .read_text(encoding="utf-8"), re.MULTILINE)
        assert titles and home_title is None  # (page files are HTML; titles come from the index)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("page", ["", "community-sponsorship/", "models/comparison/"])
@pytest.mark.parametrize("javascript", [True, False])
def test_switcher_leads_to_the_same_page_in_each_language(visit, served_site, lang, page, javascript):
    opened = visit(LANGUAGE_ROOT[lang] + page, javascript=javascript)
    links = opened.page.eval_on_selector_all(
        ".md-select__link", "links => links.map(link => [link.hreflang, link.href])")
    assert sorted(code for code, _ in links) == sorted(LANGUAGES)
    for code, url in links:
        assert url == served_site + LANGUAGE_ROOT[code] + page, f"switcher to {code} goes to {url}"
    target = next(code for code in LANGUAGES if code != lang)
    opened.page.goto(dict(links)[target])
    assert opened.page.evaluate("document.documentElement.lang") == target
    assert not opened.console_errors, opened.console_errors


def test_404_speaks_every_language_and_links_home_and_to_search(served_site, visit):
    with pytest.raises(urllib.error.HTTPError) as response:
        urllib.request.urlopen(served_site + "no/such/page/")
    assert response.value.code == 404
    opened = visit("no/such/page/")
    headings = opened.page.eval_on_selector_all(".not-found", "sections => sections.map(s => s.lang)")
    assert headings == ["nl", "fr", "en"]
    links = opened.page.eval_on_selector_all(".not-found a", "links => links.map(link => link.href)")
    for root in LANGUAGE_ROOT.values():
        assert served_site + root in links
        assert served_site + root + "?q=" in links
    for link in set(links):
        with urllib.request.urlopen(link) as target:
            assert target.status == 200
    own_status = f"the server responded with a status of 404 (Not Found) ({served_site}no/such/page/)"
    assert [error for error in opened.console_errors if not error.endswith(own_status)] == []


def test_each_language_has_its_own_404_page(site):
    for lang, root in LANGUAGE_ROOT.items():
        html = (site / root / "404.html").read_text(encoding="utf-8")
        assert f'<html lang="{lang}"' in html
        assert html.index(f'class="not-found" lang="{lang}"') < min(
            html.index(f'class="not-found" lang="{other}"') for other in LANGUAGES if other != lang)


def test_hreflang_links_are_absolute_and_complete_on_every_page(site):
    pages = [path for path in site.rglob("index.html")]
    assert len(pages) >= 3 * 19
    for path in pages:
        html = path.read_text(encoding="utf-8")
        alternates = dict(re.findall(r'<link rel=" alternate" hreflang="([\w-]+)" href="([^"]+)"', html))
        assert sorted(alternates) == sorted(LANGUAGES + ["x-default"]), f"{path}: {sorted(alternates)}"
        assert all(url.startswith(TEST_SITE_URL) for url in alternates.values()), path
        assert alternates["x-default"] == alternates["nl"]


def test_sitemap_lists_each_page_per_language_with_alternates(site):
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    entries = re.findall(r"<url>(.*?)</url>", sitemap, re.DOTALL)
    locations = [re.search(r"<loc>(.*?)</loc>", entry)[1] for entry in entries]
    assert len(locations) == len(set(locations))
    for entry in entries:
        languages = re.findall(r'hreflang="([\w-]+)"', entry)
        assert sorted(languages) == sorted(LANGUAGES + ["x-default"]), entry


@pytest.mark.parametrize("locale, expected", [("fr-BE", "fr"), ("en-GB", "en")])
def test_root_suggests_the_browsers_language_without_redirecting(visit, served_site, locale, expected):
    opened = visit("", locale=locale)
    assert opened.page.url == served_site  # no redirect
    offer = opened.page.locator(f".language-suggestion [data-suggest={expected}]")
    assert offer.is_visible()
    offer.locator("a").click()
    opened.page.wait_for_load_state()
    assert opened.page.url == served_site + LANGUAGE_ROOT[expected]
    opened.page.goto(served_site)
    assert opened.page.locator(f"[data-suggest={expected}]").is_visible()  # remembered choice


def test_dutch_browser_sees_no_suggestion_and_a_dismissal_is_remembered(visit, served_site):
    assert not visit("", locale="nl-BE").page.locator(".language-suggestion").is_visible()
    opened = visit("", locale="fr-FR")
    opened.page.click("[data-suggest=fr] [data-language-dismiss]")
    opened.page.goto(served_site)
    assert not opened.page.locator(".language-suggestion").is_visible()


def test_no_request_for_a_language_sitemap_and_no_console_error(visit, served_site):
    for lang, root in LANGUAGE_ROOT.items():
        opened = visit(root + "faq/")
        assert not [url for url in opened.requests if url.endswith("sitemap.xml")]
        assert all(url.startswith(served_site) for url in opened.requests), opened.requests
        assert not opened.console_errors, opened.console_errors


@pytest.mark.parametrize("lang", LANGUAGES)
def test_page_metadata_is_in_the_page_language(site, lang):
    html = page_path(site, lang, "faq").read_text(encoding="utf-8")
    assert f'<html lang="{lang}"' in html
    description = re.search(r'<meta name="description" content="([^"]+)"', html)[1]
    title = re.search(r"<title>(.*?)</title>", html)[1]
    words = {"nl": "vragen", "fr": "questions", "en": "questions"}[lang]
    assert words in (description + title).lower()
    site_name = {"nl": "Hervestiging", "fr": "Réinstallation", "en": "Resettlement"}[lang]
    assert site_name in title
