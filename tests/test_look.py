"""The landing page and the diagrams, in every language (accessibility: see test_quality.py)."""

from __future__ import annotations

import re
import urllib.request

import pytest

from conftest import LANGUAGES, ROOT, TEST_SITE_URL, page_path
from sitegen.data import load_site_data

DATA = load_site_data(ROOT / "data", LANGUAGES)
LANGUAGE_ROOT = {"nl": "", "fr": "fr/", "en": "en/"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_home_has_both_route_cards_with_working_links_and_the_key_figures(visit, served_site, lang):
    page = visit(LANGUAGE_ROOT[lang], locale=f"{lang}-BE").page
    cards = page.locator(".route-card")
    assert cards.count() == 2
    brochures = [link for link in page.locator("a").evaluate_all("links => links.map(link => link.href)")
                 if link.endswith(".pdf")]
    assert brochures, "the home page offers the brochures"
    for card in cards.all():
        links = card.locator("a").evaluate_all("links => links.map(link => link.href)")
        for link in links + brochures:
            with urllib.request.urlopen(link) as response:
                assert response.status == 200, link
    figures = page.inner_text(".figures-table")
    for figure in DATA.figures.values():
        if figure.get("highlight"):
            assert figure["label"][lang] in figures
    assert re.search(r"\b20\d\d\b", figures), "every figure shows its date"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_diagrams_exist_in_every_language_as_lists(site, lang):
    journey_page = page_path(site, lang, "models/who-does-what").read_text(encoding="utf-8").replace("&#39;", "'")
    journey = journey_page[journey_page.index('<ol class="journey">'):]
    for step in DATA.journey:
        assert step["name"][lang] in journey and step["text"][lang] in journey
    timeline_page = page_path(site, lang, "year-of-support").read_text(encoding="utf-8").replace("&#39;", "'")
    timeline = timeline_page[timeline_page.index('<ol class="timeline">'):]
    for phase in DATA.phases:
        assert phase["name"][lang] in timeline
        for task in phase["tasks"]:
            assert task["text"][lang] in timeline


@pytest.mark.parametrize("lang", LANGUAGES)
def test_share_previews_are_in_the_page_language(site, lang):
    html = page_path(site, lang, "faq").read_text(encoding="utf-8")
    meta = dict(re.findall(r'<meta (?:property|name)="((?:og|twitter):[\w:]+)" content="([^"]*)"', html))
    assert meta["og:locale"].startswith(lang)
    assert meta["og:image"] == f"{TEST_SITE_URL}assets/images/share.png"
    assert meta["og:title"] and meta["og:description"] and meta["twitter:card"] == "summary_large_image"
    assert (site / "assets" / "images" / "share.png").exists()
