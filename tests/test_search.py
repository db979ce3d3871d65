"""Search answers a reader's questions, in each language: the query sets of
tests/search_queries.yml through the site's real worker on the built index, in Chromium; the
results as the dialog shows them; the synonyms file checked like every data file."""

from __future__ import annotations

import json
import re

import pytest
import yaml

from conftest import LANGUAGES, ROOT, search_in_dialog
from search_quality import TOP, hit_rate, language_root, load_queries, run_queries
from sitegen.synonyms import SynonymError, load_synonyms

QUERIES = load_queries()
REQUIRED_HIT_RATE = 0.9


@pytest.fixture(scope="module")
def search_page(browser, served_site):
    context = browser.new_context()
    page = context.new_page()
    page.goto(served_site, wait_until="networkidle")
    yield page
    context.close()


def test_every_language_has_a_query_set_of_25_or_more():
    assert set(QUERIES) == set(LANGUAGES)
    assert all(len(QUERIES[lang]) >= 25 for lang in LANGUAGES)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_answer_is_in_the_top_3_for_90_percent_of_the_queries(search_page, served_site, site, lang):
    results = run_queries(search_page, served_site, lang, LANGUAGES[0], QUERIES[lang])
    missed = [(result["query"], [group[0] for group in result["results"][:TOP]])
              for result in results if not result["hit"]]
    assert hit_rate(results) >= REQUIRED_HIT_RATE, f"{lang}: {len(missed)} of {len(results)} missed: {missed}"
    root = site / language_root(lang, LANGUAGES[0])
    for result in results:
        for group in result["results"]:
            for location in group:
                page = location.split("#")[0]
                assert not re.match(r"^(nl|fr|en)/", page), f"{location} is another language's page"
                assert (root / page / "index.html").is_file(), f"{location} is not a {lang} page"


def dialog_results(page, query: str) -> list[dict]:
    search_in_dialog(page, query)
    return page.eval_on_selector_all(".md-search-result__link", """links => links.map(link => ({
        href: link.href, title: link.querySelector('h1, h2').textContent,
        marked: [...link.querySelectorAll('mark')].map(mark => mark.textContent)}))""")


@pytest.mark.parametrize("lang, query", [("nl", "vergoeding"), ("fr", "hébergement"), ("en", "apply")])
def test_results_link_to_a_section_with_its_title_and_the_matched_words_marked(visit, served_site, lang, query):
    opened = visit(f"{language_root(lang, LANGUAGES[0])}faq/", locale=f"{lang}-BE")
    results = dialog_results(opened.page, query)
    sections = [result for result in results if "#" in result["href"]]
    assert sections, f"no section among the results for {query!r}"
    assert all(result["href"].startswith(served_site + language_root(lang, LANGUAGES[0])) for result in results)
    assert all(result["title"].strip() for result in results)
    assert any(result["marked"] for result in sections), "no matched word is marked"
    assert not opened.console_errors, opened.console_errors


SEARCH_FILES = re.compile(r"/search/search_index\.json$|/search-engine\.js$|/vendor/lunr[^/]*\.js$")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_visit_that_never_searches_fetches_neither_index_nor_engine(visit, lang):
    opened = visit(language_root(lang, LANGUAGES[0]), locale=f"{lang}-BE", width=360)
    opened.page.wait_for_timeout(500)
    assert not [url for url in opened.requests if SEARCH_FILES.search(url)]
    opened.page.keyboard.press("/")                      # the reader reaches for search
    opened.page.keyboard.type("fedasil")
    opened.page.wait_for_selector(".md-search-result__item")
    fetched = [url.rsplit("/", 1)[-1] for url in opened.requests if SEARCH_FILES.search(url)]
    assert "search_index.json" in fetched and "search-engine.js" in fetched
    assert not opened.console_errors, opened.console_errors


@pytest.mark.parametrize("address", ["?q=fedasil", "faq/?h=fedasil"])
def test_an_address_that_asks_for_search_or_highlights_gets_the_index_at_once(visit, address):
    opened = visit("en/" + address, locale="en-BE")
    assert any(url.endswith("/en/search/search_index.json") for url in opened.requests)
    if address.startswith("?q="):
        opened.page.wait_for_selector(".md-search-result__item")
    else:
        opened.page.wait_for_selector("article mark")
    assert not opened.console_errors, opened.console_errors


def test_two_pages_with_one_title_are_told_apart_by_their_path(search_page, served_site, site):
    """Made with the real Dutch index, in which a second page takes the first page's title."""
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    pages = [doc for doc in index["docs"] if "#" not in doc["location"] and doc["location"]]
    first, second = pages[0], pages[1]
    second["title"] = first["title"]
    labels = search_page.evaluate("""async ({worker, index, query}) => {
        const search = new Worker(worker);
        const ask = (type, data) => new Promise((resolve) => {
          search.onmessage = (event) => resolve(event.data); search.postMessage({type, data}); });
        await ask(0, index);
        const {data} = await ask(2, query);
        search.terminate();
        return data.items.flat().filter((doc) => !doc.location.includes('#'))
          .map((doc) => [doc.location, doc.title.replace(/<[^>]+>/g, '')]);
    }""", {"worker": f"{served_site}assets/javascripts/search-worker.js", "index": index,
           "query": first["title"]})
    shown = dict(labels)
    assert first["location"] in shown[first["location"]] and second["location"] in shown[second["location"]]
    assert shown[first["location"]] != shown[second["location"]]


def test_the_glossary_pairs_feed_the_synonyms(site):
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    glossary = (ROOT / "docs" / "glossary.nl.md").read_text(encoding="utf-8")
    pairs = re.findall(r"^## ([^(\n{]+?) \(([^)]+)\)", glossary, re.MULTILINE)
    assert pairs
    for term, other in pairs:
        assert any(term in group and other in group for group in index["config"]["synonyms"]), (term, other)


@pytest.mark.parametrize("content, key, message", [
    ({"groups": {"nl": [["vergoeding"]], "fr": [], "en": []}}, "groups.nl[1]", "at least two"),
    ({"groups": {"nl": [], "fr": [["logement", "<b>maison</b>"]], "en": []}}, "groups.fr[1][2]", "expected a word or phrase"),
    ({"groups": {"nl": [], "fr": [], "en": [["apply", "Apply"]]}}, "groups.en[1][2]", "twice"),
    ({"groups": {"nl": [], "fr": []}}, "groups.en", "missing key"),
])
def test_a_wrong_synonym_is_reported_with_file_key_and_language(tmp_path, content, key, message):
    (tmp_path / "synonyms.yml").write_text(yaml.safe_dump(content, allow_unicode=True), encoding="utf-8")
    with pytest.raises(SynonymError) as raised:
        load_synonyms(tmp_path, tmp_path, LANGUAGES)
    problem = raised.value.problems[0]
    assert (problem.file, problem.path) == ("data/synonyms.yml", key)
    assert message in problem.message
    assert problem.language == (key.split(".")[1][:2] if "[" in key else "")


def test_the_real_synonyms_file_is_valid():
    groups = load_synonyms(ROOT / "data", ROOT / "docs", LANGUAGES)
    assert all(groups[lang] for lang in LANGUAGES)
