"""Hand-written pages: complete metadata, the same structure in every language, true figures.

Like FastAPI's translation checks: a translation must keep the structure of its Dutch source.
"""

from __future__ import annotations

import html as html_module
import re
from collections import Counter
from pathlib import Path

import pytest

from conftest import LANGUAGES, ROOT, page_path
from sitegen.data import load_site_data
from sitegen.front_matter import FrontMatterError, split_page
from sitegen.translations import page_sources
from sitegen.typography import typeset

FACTS = ROOT.parent / "shared" / "facts.md"
PAGES = {page: files for page, files in page_sources(ROOT / "docs").items() if not page.startswith("models/")}
SITE_DATA = load_site_data(ROOT / "data", LANGUAGES)
SOURCES, UI = SITE_DATA.sources, SITE_DATA.ui


def _split(path: Path) -> tuple[dict, str]:
    try:
        return split_page(path)
    except FrontMatterError as error:
        pytest.fail(str(error))


def _without_code(body: str) -> str:
    return re.sub(r"```.*?```", "", body, flags=re.DOTALL)


def structure(body: str) -> dict:
    """What must be identical between a page and its translations."""
    body = _without_code(body)
    lines = body.splitlines()
    return {
        "headings per level": Counter(len(m[1]) for m in re.finditer(r"^(#{1,6}) ", body, re.MULTILINE)),
        "explicit anchors": sorted(re.findall(r"\{\s*#([\w-]+)\s*\}", body)),
        "tables": sum(1 for i, line in enumerate(lines)
                      if re.match(r"^\s*\|?\s*:?-{3,}", line) and i and "|" in lines[i - 1]),
        "steps in ordered lists": len(re.findall(r"^\d+\. ", body, re.MULTILINE)),
        "admonitions": len(re.findall(r"^\s*!!! \w+", body, re.MULTILINE)),
        "content blocks": re.findall(r"<!-- block: ([\w-]+) -->", body),
        "links to other pages": sorted(re.findall(r"\]\(([^)\s]+\.md(?:#[\w-]+)?)\)", body)),
        "e-mail links": len(re.findall(r"\]\(mailto:", body)),
    }


@pytest.mark.parametrize("page", sorted(PAGES))
def test_page_exists_in_every_language(page):
    missing = [lang for lang in LANGUAGES if lang not in PAGES[page]]
    assert not missing, f"docs/{page}: missing in {missing}"


@pytest.mark.parametrize("page", sorted(PAGES))
@pytest.mark.parametrize("lang", LANGUAGES)
def test_front_matter_is_complete(page, lang):
    path = PAGES[page][lang]
    meta, body = _split(path)
    assert 50 <= len(meta["description"]) <= 160, f"{path.name}: description should be 50-160 characters"
    assert meta["sources"] and all(source in SOURCES for source in meta["sources"]), \
        f"{path.name}: sources must be ids of data/sources.yml, like [fedasil-call-2023, caritas-faq]"
    h1 = re.search(r"^# (.+)$", body, re.MULTILINE)
    assert h1 and h1[1].strip() == meta["title"], f"{path.name}: the H1 should be the title"


@pytest.mark.parametrize("page", sorted(PAGES))
def test_every_language_of_a_page_cites_the_same_sources(page):
    cited = {lang: _split(path)[0]["sources"] for lang, path in PAGES[page].items()}
    assert len({tuple(ids) for ids in cited.values()}) == 1, f"docs/{page}: {cited}"


def _sources_section(html: str, heading: str) -> str:
    section = re.search(rf'<h2 id="[^"]*">{heading}<a class="headerlink".*?</h2>\s*<ul>(.*?)</ul>', html, re.DOTALL)
    assert section, f"no '{heading}' list at the end of the page"
    return section[1]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("page", sorted(PAGES))
def test_every_page_ends_with_its_sources_as_a_list(site, page, lang):
    html = page_path(site, lang, "" if page == "index" else page).read_text(encoding="utf-8")
    heading = UI["sources_heading"][lang]
    listed = _sources_section(html, heading)
    assert html.rfind(f">{heading}<") > html.rfind("<h2 id=", 0, html.rfind(f">{heading}<")), "sources come last"
    items = re.findall(r"<li>(.*?)</li>", listed, re.DOTALL)
    cited = _split(PAGES[page][lang])[0]["sources"]
    assert len(items) == len(cited)
    for item, source_id in zip(items, cited):
        source = SOURCES[source_id]
        assert typeset(source["title"], lang) in html_module.unescape(item)
        if "url" in source:
            assert f'href="{html_module.escape(source["url"])}"' in item
        assert (UI["source_undated"][lang] in item) == ("date" not in source), item


@pytest.mark.parametrize("lang", LANGUAGES)
def test_generated_pages_list_each_source_on_its_own_line(site, lang):
    html = page_path(site, lang, "models/community-sponsorship").read_text(encoding="utf-8")
    items = re.findall(r"<li>", _sources_section(html, UI["sources_heading"][lang]))
    assert len(items) >= 2, "the sources run together into one item"


@pytest.mark.parametrize("page", sorted(PAGES))
@pytest.mark.parametrize("lang", LANGUAGES[1:])
def test_translation_keeps_the_structure_of_the_dutch_page(page, lang):
    source = structure(_split(PAGES[page]["nl"])[1])
    translation = structure(_split(PAGES[page][lang])[1])
    for aspect, expected in source.items():
        assert translation[aspect] == expected, (
            f"{PAGES[page][lang].name}: {aspect} differ from {PAGES[page]['nl'].name}: "
            f"{translation[aspect]} instead of {expected}"
        )


def test_faq_has_at_least_15_linkable_questions():
    for lang in LANGUAGES:
        body = _split(PAGES["faq"][lang])[1]
        questions = re.findall(r"^### .+\{\s*#(faq-[\w-]+)\s*\}\s*$", body, re.MULTILINE)
        assert len(questions) >= 15, f"faq.{lang}.md: {len(questions)} questions with an anchor"


PLACEHOLDERS = re.compile(r"lorem ipsum|\bTODO\b|\bFIXME\b|\bXXX\b|\bTBD\b|to be completed|à compléter|nog aan te vullen", re.IGNORECASE)


def test_no_placeholder_text():
    for path in sorted((ROOT / "docs").rglob("*.md")) + sorted((ROOT / "data").glob("*.yml")):
        found = PLACEHOLDERS.search(path.read_text(encoding="utf-8"))
        assert not found, f"{path.relative_to(ROOT)}: placeholder text {found[0]!r}"


def test_site_never_talks_about_how_it_was_made():
    pattern = re.compile(r"\b(mkdocs|markdown|jinja|python|generator|generated|static site)\b", re.IGNORECASE)
    for page, files in PAGES.items():
        for path in files.values():
            found = pattern.search(re.sub(r"<[^>]*>", "", _split(path)[1]))  # prose, not markup
            assert not found, f"{path.name}: mentions {found[0]!r}"


# -- figures -------------------------------------------------------------------------------
NUMBER = re.compile(r"(?<![\w#/.-])(\d{1,3}(?:[ .,\u00a0\u202f]\d{3})+|\d+)(?![\w-])")


def _numbers(text: str) -> set[int]:
    return {int(re.sub(r"\D", "", match)) for match in NUMBER.findall(text)}


def _prose(body: str) -> str:
    """Text a reader sees, without link targets, anchors, HTML comments, list numbers and screen
    widths (the accessibility statement's "360 pixels" is not a fact about the programme)."""
    body = _without_code(body)
    body = re.sub(r"\b\d+ pixels\b", "", body)
    body = re.sub(r"<!--.*?-->", "", body)
    body = re.sub(r"\]\([^)]*\)", "]", body)
    body = re.sub(r"\{[^}]*\}", "", body)
    return re.sub(r"^\s*\d+\. ", "", body, flags=re.MULTILINE)


@pytest.mark.skipif(not FACTS.exists(), reason="the fact base ../shared/facts.md is not beside this checkout")
def test_every_figure_in_the_pages_is_in_the_data_or_the_fact_base():
    data = load_site_data(ROOT / "data", LANGUAGES)
    facts = FACTS.read_text(encoding="utf-8")
    known = _numbers(facts) | {int(digits) for digits in re.findall(r"\d+", facts)}
    known |= {figure["value"] for figure in data.figures.values()}
    known |= {value for row in data.by_year for value in row.values() if isinstance(value, int)}
    obvious = set(range(0, 13)) | set(range(1990, 2031))  # small counts, months, years
    for page, files in PAGES.items():
        for path in files.values():
            unknown = sorted(_numbers(_prose(_split(path)[1])) - known - obvious)
            assert not unknown, f"{path.name}: figures {unknown} are neither in data/ nor in facts.md"
