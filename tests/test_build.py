"""The foundation: every language builds, with the right lang, and nothing loads from elsewhere."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from conftest import LANGUAGES, ROOT, TEST_SITE_URL, page_path


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_language_has_a_home_page_with_its_lang(site, lang):
    home = page_path(site, lang).read_text(encoding="utf-8")
    assert re.search(rf'<html[^>]*\blang="{lang}"', home), f"{lang} home page has the wrong <html lang>"


def test_every_page_is_built_in_every_language(site):
    sources = sorted((ROOT / "docs").rglob("*.nl.md"))
    assert len(sources) > 10, "hand-written and generated pages should all be there"
    for source in sources:
        page = source.relative_to(ROOT / "docs").as_posix().removesuffix(".nl.md").removesuffix("index")
        for lang in LANGUAGES:
            built = page_path(site, lang, page)
            assert built.exists(), f"{source.name} was not built in {lang} ({built} is missing)"


class _LoadedResources(HTMLParser):
    """Collects URLs the browser would load by itself (not links a reader may follow)."""

    LOADING = {("script", "src"), ("img", "src"), ("iframe", "src"), ("source", "src"),
               ("link", "href"), ("video", "src"), ("audio", "src"), ("embed", "src"), ("object", "data")}

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "link" and attributes.get("rel") in ("alternate", "canonical"):
            return  # describes the page; the browser does not fetch it
        for element, attribute in self.LOADING:
            if tag == element and attributes.get(attribute):
                self.urls.append(attributes[attribute])


def _external(url: str) -> bool:
    return bool(re.match(r"^(https?:)?//", url)) and not url.startswith(TEST_SITE_URL)


def test_no_page_loads_anything_from_another_origin(site):
    offenders = []
    for path in site.rglob("*.html"):
        parser = _LoadedResources()
        parser.feed(path.read_text(encoding="utf-8"))
        offenders += [f"{path.relative_to(site)}: {url}" for url in parser.urls if _external(url)]
    assert not offenders, "resources from another origin:\n" + "\n".join(offenders)


def test_no_stylesheet_or_script_fetches_another_origin(site):
    offenders = []
    for path in list(site.rglob("*.css")) + list(site.rglob("*.js")):
        text = path.read_text(encoding="utf-8", errors="replace")
        for match in re.finditer(r"""(?:url\(\s*['"]?|@import\s+['"]|fetch\(\s*['"])((?:https?:)?//[^'")\s]+)""", text):
            offenders.append(f"{path.relative_to(site)}: {match[1]}")
    assert not offenders, "\n".join(offenders)


def test_no_google_fonts(site):
    home = page_path(site, "nl").read_text(encoding="utf-8")
    assert "fonts.googleapis" not in home and "fonts.gstatic" not in home


def test_site_url_is_used_in_the_sitemap_and_never_none(site):
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    locations = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert locations and all(location.startswith(TEST_SITE_URL) for location in locations)
    assert f"{TEST_SITE_URL}fr/" in locations
    assert "None" not in sitemap
    for path in site.rglob("*.html"):
        urls = re.findall(r'(?:href|src|content)="([^"]*)"', path.read_text(encoding="utf-8"))
        assert not [url for url in urls if "None" in url], f"a URL with 'None' in {path}"
