"""The public address (README, "The public address"): without it, a build writes no absolute
address and no local one, and says so last; with it, every absolute address starts with it; and
the 404 pages work under a sub-path in every language, with or without it."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import LANGUAGES, ROOT, SUB_PATH, TEST_SITE_URL, build, copy_sources, serving
from sitegen.data import load_site_data
from sitegen.public_address import NO_ADDRESS_NOTICE, site_path

LOCAL_ADDRESS = re.compile(r"127\.0\.0\.1|localhost", re.IGNORECASE)
ABSOLUTE_TAGS = re.compile(r'rel="canonical"|rel=" ?alternate" hreflang|og:url|og:image"|twitter:image"')
LANGUAGE_ROOT = {"nl": "", "fr": "fr/", "en": "en/"}


@pytest.fixture(scope="module")
def unaddressed(tmp_path_factory, site):
    """The sources built without SITE_URL, served under SUB_PATH (the base_path option says so)."""
    project = copy_sources(tmp_path_factory.mktemp("unaddressed") / "project")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "      base_path: /\n" in text
    config.write_text(text.replace("      base_path: /\n", f"      base_path: {SUB_PATH}\n"), encoding="utf-8")
    result = build(project, project / "site", site_url=None)
    assert result.returncode == 0, result.output[-3000:]
    return result


def _site_files(site: Path) -> list[Path]:
    # Material's source maps quote its own source comments ("hostnames ... `localhost`"); no page
    # loads them and they carry no address of the site.
    return [path for path in sorted(site.rglob("*")) if path.is_file() and path.suffix != ".map"]


def test_a_build_without_address_says_so_in_its_last_line(unaddressed):
    assert unaddressed.output.strip().splitlines()[-1] == NO_ADDRESS_NOTICE


def test_without_address_there_is_no_sitemap_and_no_tag_that_needs_an_absolute_address(unaddressed):
    site = unaddressed.site
    assert not (site / "sitemap.xml").exists() and not (site / "sitemap.xml.gz").exists()
    pages = list(site.rglob("*.html"))
    assert len(pages) >= 3 * 19
    offenders = [f"{path.relative_to(site)}: {match[0]}" for path in pages
                 for match in ABSOLUTE_TAGS.finditer(path.read_text(encoding="utf-8"))]
    assert offenders == []
    home = (site / "index.html").read_text(encoding="utf-8")
    assert '<meta property="og:title"' in home, "share tags that need no address stay"


def test_without_address_no_built_file_holds_a_local_address(unaddressed):
    site = unaddressed.site
    files = _site_files(site)
    pdfs = [path for path in files if path.suffix == ".pdf"]
    brochures = load_site_data(ROOT / "data", LANGUAGES).brochures.brochures  # as many as editors list
    assert len(pdfs) == len(brochures) * len(LANGUAGES) and any(path.suffix == ".ics" for path in files)
    offenders = [path.relative_to(site).as_posix() for path in files
                 if LOCAL_ADDRESS.search(path.read_bytes().decode("latin-1"))]
    for path in pdfs:
        reader = PdfReader(path)
        text = "".join(page.extract_text() for page in reader.pages)
        links = [annotation.get_object().get("/A", {}).get("/URI") for page in reader.pages
                 for annotation in page.get("/Annots", [])]
        links = [str(link) for link in links if link]
        assert links and all(re.match(r"^(https://|mailto:)", link) for link in links), f"{path}: {links}"
        assert not [link for link in links if "example.org" in link], f"{path} prints a site address"
        if LOCAL_ADDRESS.search(text + " ".join(links)):
            offenders.append(f"{path.relative_to(site)} (text or links)")
    assert offenders == []


def test_without_address_a_brochure_points_to_the_site_without_an_address(unaddressed):
    for lang, note in [("nl", "op de website van het programma"), ("fr", "sur le site du programme"),
                       ("en", "on the programme's website")]:
        pdf = unaddressed.site / LANGUAGE_ROOT[lang] / "models" / "downloads" / "partner-guide.pdf"
        text = " ".join(" ".join(page.extract_text() for page in PdfReader(pdf).pages).split())
        assert text.count(note) == 2, f"{lang}: the cover and the contact block say where the latest version is"
        assert not re.search(r"\((/|\.\./|models/)", text), "no relative address is printed"


def test_with_address_every_absolute_address_starts_with_it(site):
    assert all(location.startswith(TEST_SITE_URL)
               for location in re.findall(r"<loc>([^<]+)</loc>", (site / "sitemap.xml").read_text(encoding="utf-8")))
    pages = [path for path in site.rglob("index.html")]
    for path in pages:
        html = path.read_text(encoding="utf-8")
        canonical = re.search(r'<link rel="canonical" href="([^"]+)"', html)[1]
        expected = TEST_SITE_URL + path.parent.relative_to(site).as_posix().removeprefix(".") + "/"
        assert canonical == expected.replace(f"{TEST_SITE_URL}/", TEST_SITE_URL), path
        assert re.search(rf'<meta property="og:url" content="{re.escape(canonical)}">', html), path
        for tag in ("og:image", "twitter:image"):
            assert f'"{tag}" content="{TEST_SITE_URL}assets/images/share.png"' in html, f"{path}: {tag}"
    assert not LOCAL_ADDRESS.search("".join(path.read_text(encoding="utf-8") for path in pages))


def test_the_site_path_comes_from_the_address_else_from_base_path():
    assert site_path("https://example.org/resettlement", "/") == "/resettlement/"
    assert site_path("https://example.org", "/other/") == "/"
    assert site_path(None, "/") == "/"
    assert site_path(None, "resettlement") == "/resettlement/"


def _check_404(browser, base_url: str, lang: str) -> None:
    """A missing address deep inside one language's folder: its 404 page, styled, with working links."""
    missing = f"{base_url}{LANGUAGE_ROOT[lang]}no/such/page/"
    with pytest.raises(urllib.error.HTTPError) as response:
        urllib.request.urlopen(missing)
    assert response.value.code == 404
    context = browser.new_context(java_script_enabled=True)
    try:
        page = context.new_page()
        failed, stylesheets = [], []
        page.on("requestfailed", lambda request: failed.append(request.url))
        page.on("response", lambda answer: answer.url.endswith(".css") and stylesheets.append((answer.url, answer.status)))
        page.goto(missing, wait_until="networkidle")
        assert page.evaluate("document.documentElement.lang") == lang
        assert failed == []
        assert stylesheets and all(status == 200 and url.startswith(base_url) for url, status in stylesheets), stylesheets
        assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
        homes = page.eval_on_selector_all(".not-found li:first-child a", "links => links.map(link => link.href)")
        assert homes[0] == base_url + LANGUAGE_ROOT[lang]
        assert sorted(homes) == sorted(base_url + root for root in LANGUAGE_ROOT.values())
        for link in page.eval_on_selector_all("a[href]", "links => links.map(link => link.href)"):
            if link.startswith(base_url):
                with urllib.request.urlopen(link) as target:
                    assert target.status == 200, link
    finally:
        context.close()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_404_pages_work_under_the_sub_path_with_the_address(browser, served_site, lang):
    _check_404(browser, served_site, lang)


def test_404_pages_work_under_the_sub_path_without_an_address(browser, unaddressed):
    with serving(unaddressed.site) as base_url:
        for lang in LANGUAGES:
            _check_404(browser, base_url, lang)
