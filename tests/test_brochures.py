"""Brochures: real PDFs in every language, accessible, offered on the site, made only when needed.

The PDFs are read back with pypdf from the session's one build of the site; each PDF's text is
extracted once. Bad input and failures are checked on the plain function, which needs no MkDocs.
"""

from __future__ import annotations

import functools
import html
import os
import re
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from conftest import LANGUAGES, ROOT, TEST_SITE_URL, TODAY, build, edit_yaml, page_path
from sitegen import brochures
from sitegen import brochure_cache, pdf
from sitegen.brochure_document import BrochureError
from sitegen.brochures import build_brochures, missing_pages
from sitegen.data import DataError, load_site_data
from sitegen.front_matter import split_page
from sitegen.generate import generate
from sitegen.project import Project
from sitegen.status import status_notices

BROCHURES = yaml.safe_load((ROOT / "data" / "brochures.yml").read_text(encoding="utf-8"))["brochures"]
CASES = [(brochure["id"], lang) for brochure in BROCHURES for lang in LANGUAGES]
LANGUAGE_NAMES = {"nl": "Nederlands", "fr": "Français", "en": "English"}


def _built_pdf(site: Path, brochure_id: str, lang: str) -> Path:
    prefix = site if lang == LANGUAGES[0] else site / lang
    return prefix / "models" / "downloads" / f"{brochure_id}.pdf"


@functools.cache
def _read(path: Path) -> tuple[PdfReader, tuple[str, ...]]:
    reader = PdfReader(path)
    return reader, tuple(page.extract_text() for page in reader.pages)


def _flat(text: str) -> str:
    return " ".join(text.split())


def _brochure(brochure_id: str) -> dict:
    return next(brochure for brochure in BROCHURES if brochure["id"] == brochure_id)


def _titles(brochure_id: str, lang: str) -> list[str]:
    return [_headings(page, lang)[0] for page in _brochure(brochure_id)["pages"]]


def _headings(page: str, lang: str) -> tuple[str, list[str]]:
    """(title, the page's level-1 and level-2 headings as a reader sees them)."""
    meta, body = split_page(ROOT / "docs" / f"{page}.{lang}.md")
    headings = []
    for line in re.findall(r"^#{1,2} (.+)$", body, re.MULTILINE):
        line = re.sub(r"\{[^}]*\}\s*$", "", line)
        line = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line).replace("**", "").replace("`", "")
        headings.append(_flat(html.unescape(line)))
    return meta["title"], headings


# -- the files --------------------------------------------------------------------------------
@pytest.mark.parametrize("brochure_id, lang", CASES)
def test_pdf_exists_opens_and_has_a_sensible_length(site, brochure_id, lang):
    path = _built_pdf(site, brochure_id, lang)
    assert path.exists(), f"{path} is missing"
    reader, _ = _read(path)
    chapters = len(_brochure(brochure_id)["pages"])
    # cover + contents + every chapter on a new page, and not a runaway layout
    assert chapters + 2 <= len(reader.pages) <= 3 * (chapters + 2), f"{path.name}: {len(reader.pages)} pages"


@pytest.mark.parametrize("brochure_id, lang", CASES)
def test_pdf_is_tagged_with_title_and_language(site, brochure_id, lang):
    reader, _ = _read(_built_pdf(site, brochure_id, lang))
    catalog = reader.trailer["/Root"]
    assert reader.metadata.title == _brochure(brochure_id)["title"][lang]
    assert catalog["/Lang"] == lang
    assert catalog["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in catalog, "not a tagged PDF"
    assert 'pdfuaid:part="1"' in catalog["/Metadata"].get_object().get_data().decode(), "no PDF/UA-1 mark"


@pytest.mark.parametrize("brochure_id, lang", CASES)
def test_fonts_are_the_shipped_ones_and_embedded(site, brochure_id, lang):
    reader, _ = _read(_built_pdf(site, brochure_id, lang))
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = (font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font)["/FontDescriptor"]
            fonts[str(font["/BaseFont"])] = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
    assert fonts and all(fonts.values()), f"fonts not embedded: {fonts}"
    assert all("Source-Sans-3" in name for name in fonts), f"a font that the project does not ship: {sorted(fonts)}"


@pytest.mark.parametrize("brochure_id, lang", CASES)
def test_text_is_the_pages_in_the_right_language(site, brochure_id, lang):
    _, texts = _read(_built_pdf(site, brochure_id, lang))
    brochure = _brochure(brochure_id)
    whole = _flat(" ".join(texts))
    assert brochure["title"][lang] in _flat(texts[0]), "the cover shows the title"
    assert LANGUAGE_NAMES[lang] in texts[0], "the cover names the language"
    assert re.search(r"\b20\d\d\b", texts[0]), "the cover shows the date of the content"
    status = status_notices(load_site_data(ROOT / "data", LANGUAGES))[lang]
    assert f"{status.heading} · {status.date}" in _flat(texts[0]), "the cover shows the state of the call"
    for page in brochure["pages"]:
        title, headings = _headings(page, lang)
        for heading in [title, *headings]:
            assert heading in whole, f"{page}.{lang}.md: heading {heading!r} is not in the PDF"
    own_titles = _titles(brochure_id, lang)
    foreign_titles = {title for other in LANGUAGES if other != lang for title in _titles(brochure_id, other)
                      if not any(title in own for own in own_titles)}
    listed = [title for title in foreign_titles if title in _flat(texts[1])]
    assert not listed, f"the contents list titles in another language: {listed}"
    assert "resettlement@fedasil.be" in texts[-1], "the contact block is on the last page"


@pytest.mark.parametrize("brochure_id, lang", CASES)
def test_contents_give_the_page_on_which_each_chapter_starts(site, brochure_id, lang):
    _, texts = _read(_built_pdf(site, brochure_id, lang))
    entries = re.findall(r"^(.*?)[\s.]+(\d+)$", texts[1], re.MULTILINE)
    titles = _titles(brochure_id, lang)
    assert [_flat(title) for title, _ in entries[:len(titles)]] == titles
    for title, number in entries[:len(titles)]:
        assert _flat(title) in _flat(texts[int(number) - 1])[:300], f"{title!r} does not start on page {number}"


@pytest.mark.parametrize("brochure_id, lang", CASES)
def test_headings_are_bookmarks(site, brochure_id, lang):
    reader, _ = _read(_built_pdf(site, brochure_id, lang))
    top_level = [item["/Title"] for item in reader.outline if not isinstance(item, list)]
    assert all(title in top_level for title in _titles(brochure_id, lang)), f"bookmarks {top_level}"
    assert any(isinstance(item, list) for item in reader.outline), "sections are nested under their chapter"


def test_links_print_usefully(site):
    _, texts = _read(_built_pdf(site, "partner-guide", "en"))
    compact = "".join("".join(texts).split())  # addresses may be broken over two lines
    assert re.search(r"\(https://[^)]*fedasil\.be/", compact), "an external link shows its address"
    assert re.search(r"\(p\.\d+\)", compact), "a link to another chapter shows its page"
    assert f"({TEST_SITE_URL}en/models/route-guide/)" in compact, "a page left out of the brochure links to the site"


# -- the site offers them ----------------------------------------------------------------------
def _pdf_links(html_file: Path) -> list[tuple[str, str]]:
    """(address, label) of every link to a PDF on a built page."""
    text = html_file.read_text(encoding="utf-8")
    return [(match[1], _flat(html.unescape(re.sub(r"<[^>]+>", "", match[2]))))
            for match in re.finditer(r'<a [^>]*href="([^"]+\.pdf)"[^>]*>(.*?)</a>', text, re.DOTALL)]


def test_every_download_link_on_the_site_resolves(site):
    reached = set()
    for html_file in site.rglob("*.html"):
        for href, _ in _pdf_links(html_file):
            target = (html_file.parent / href).resolve()
            assert target.is_file(), f"{html_file.relative_to(site)}: {href} does not exist"
            assert target.read_bytes()[:5] == b"%PDF-"
            reached.add(target)
    assert reached == {_built_pdf(site, brochure_id, lang).resolve() for brochure_id, lang in CASES}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_downloads_page_lists_every_brochure_with_language_format_and_size(site, lang):
    links = dict(_pdf_links(page_path(site, lang, "downloads")))
    page_folder = page_path(site, lang, "downloads").parent
    labels = {(page_folder / href).resolve(): label for href, label in links.items()}
    for brochure_id, pdf_lang in CASES:
        pdf = _built_pdf(site, brochure_id, pdf_lang).resolve()
        unit = "ko" if pdf_lang == "fr" else "kB"
        expected = f"{_brochure(brochure_id)['title'][pdf_lang]} – {LANGUAGE_NAMES[pdf_lang]}, PDF, " \
                   f"{round(pdf.stat().st_size / 1000)} {unit}"
        assert labels.get(pdf) == expected


@pytest.mark.parametrize("page, brochure_id", [("", "partner-guide"), ("community-sponsorship", "community-sponsorship"),
                                               ("flexible-partnerships", "flexible-partnerships")])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_home_and_route_pages_offer_their_brochure_with_the_same_label(site, page, brochure_id, lang):
    offered = {(page_path(site, lang, page).parent / href).resolve(): label
               for href, label in _pdf_links(page_path(site, lang, page))}
    listed = {(page_path(site, lang, "downloads").parent / href).resolve(): label
              for href, label in _pdf_links(page_path(site, lang, "downloads"))}
    pdf = _built_pdf(site, brochure_id, lang).resolve()
    assert pdf in offered, f"{page or 'home'} ({lang}) does not offer {pdf.name}"
    assert offered[pdf] == listed[pdf]


def test_print_stylesheet_shows_only_the_content_and_link_addresses(visit):
    page = visit("en/models/key-figures/").page
    page.emulate_media(media="print")
    hidden = page.evaluate("""() => ['.md-header', '.md-sidebar--primary', '.md-sidebar--secondary', '.md-footer']
        .map(selector => document.querySelector(selector))
        .filter(element => element && getComputedStyle(element).display !== 'none')
        .map(element => element.className)""")
    assert hidden == [], f"still shown in print: {hidden}"
    after = page.evaluate("""() => {
        const link = [...document.querySelectorAll('.md-content a[href^="http"]')][0];
        return getComputedStyle(link, '::after').content;
    }""")
    assert "http" in after, f"an external link prints without its address: {after}"


# -- made only when needed, never half -----------------------------------------------------------
def test_second_build_without_changes_writes_no_document_and_makes_no_pdf(site, monkeypatch):
    project = Project.at(ROOT)
    files = {brochure_id: brochures.download_file(project, brochure_id, lang) for brochure_id, lang in CASES}
    before = {name: path.stat().st_mtime_ns for name, path in files.items()}

    def must_not_write(*args):
        raise AssertionError("a brochure was written again although nothing changed")

    monkeypatch.setattr(brochures, "brochure_html", must_not_write)
    monkeypatch.setattr(pdf, "write_pdf", must_not_write)
    made = build_brochures(project, load_site_data(project.data, LANGUAGES), TEST_SITE_URL, TODAY, workers=1)
    assert len(made) == len(CASES) and not any(brochure.rebuilt for brochure in made)
    assert {name: path.stat().st_mtime_ns for name, path in files.items()} == before


def test_second_make_build_reports_no_pdf_made_once_for_all_languages(site, tmp_path):
    files = [brochures.download_file(Project.at(ROOT), brochure_id, lang) for brochure_id, lang in CASES]
    before = [path.stat().st_mtime_ns for path in files]
    result = build(ROOT, tmp_path / "site")
    assert result.returncode == 0, result.output[-3000:]
    reports = re.findall(r"Brochures: .*", result.output)
    assert reports and reports[0].startswith(f"Brochures: 0 of {len(CASES)} PDFs made, {len(CASES)} unchanged, in ")
    assert len(reports) == 1, "the PDFs are looked at once, not once per language"
    assert [path.stat().st_mtime_ns for path in files] == before


def _documents_written_again(project: Path, monkeypatch) -> set[tuple[str, str]]:
    """Run build_brochures on `project` and return the (brochure, language) documents it wrote."""
    written = set()
    write_document = brochures.brochure_html

    def recorded(project, data, brochure_set, brochure, lang, *rest):
        written.add((brochure.id, lang))
        return write_document(project, data, brochure_set, brochure, lang, *rest)

    def quick_pdf(document, base_url, target, root):
        target.write_bytes(b"%PDF-1.7 " + document.encode("utf-8")[:20])
        return 0.0

    monkeypatch.setattr(brochures, "brochure_html", recorded)
    monkeypatch.setattr(pdf, "write_pdf", quick_pdf)
    data, _ = generate(Project.at(project), TODAY)
    build_brochures(Project.at(project), data, TEST_SITE_URL, TODAY, workers=1)
    return written


def test_an_edited_page_rewrites_only_the_brochures_with_that_page_in_that_language(project_copy, monkeypatch):
    assert _documents_written_again(project_copy, monkeypatch) == set(), "the copy starts up to date"
    page = project_copy / "docs" / "community-sponsorship.fr.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nUne phrase de plus.\n", encoding="utf-8")
    with_page = {brochure["id"] for brochure in BROCHURES if "community-sponsorship" in brochure["pages"]}
    assert with_page and len(with_page) < len(BROCHURES)
    assert _documents_written_again(project_copy, monkeypatch) == {(brochure, "fr") for brochure in with_page}


@pytest.mark.parametrize("shared_source", ["data/status.yml", "docs/map.png", "overrides/brochure/brochure.css"])
def test_a_source_of_every_brochure_rewrites_every_brochure(project_copy, monkeypatch, shared_source):
    path = project_copy / shared_source
    path.write_bytes((path.read_bytes() if path.exists() else b"") + b"\n")
    assert _documents_written_again(project_copy, monkeypatch) == set(CASES)


def test_cache_keeps_recent_versions_and_forgets_removed_brochures(tmp_path):
    for age in range(6):
        version = tmp_path / f"guide.nl.{age:024x}.pdf"
        version.write_bytes(b"%PDF-")
        os.utime(version, (1_000_000 - age, 1_000_000 - age))
    (tmp_path / "removed.fr.0123.pdf").write_bytes(b"%PDF-")
    brochure_cache.clear_cache(tmp_path, {("guide", "nl")})
    kept = sorted(path.name for path in tmp_path.iterdir())
    assert kept == [f"guide.nl.{age:024x}.pdf" for age in range(brochure_cache.CACHED_VERSIONS)]


def test_a_failed_pdf_leaves_no_file_behind(tmp_path, monkeypatch):
    from weasyprint import HTML

    target = tmp_path / "brochure.nl.pdf"

    def half_then_fail(self, path, **options):
        Path(path).write_bytes(b"%PDF-1.7 half a file")
        raise OSError("disk full")

    monkeypatch.setattr(HTML, "write_pdf", half_then_fail)
    with pytest.raises(OSError):
        pdf.write_pdf("<p>x</p>", tmp_path.as_uri() + "/", target, tmp_path)
    assert list(tmp_path.iterdir()) == [], "a failed PDF must leave nothing"


def test_a_failed_brochure_stops_before_the_downloads_change(site, monkeypatch):
    project = Project.at(ROOT)
    downloads = project.generated / "downloads"
    before = {path.name: path.read_bytes() for path in downloads.iterdir()}
    cached = set((ROOT / brochures.CACHE_FOLDER).iterdir())

    def fail(*args):
        raise OSError("disk full")

    monkeypatch.setattr(pdf, "write_pdf", fail)
    with pytest.raises(BrochureError, match=r"brochure 'partner-guide', language 'fr': the PDF could not be made"):
        # another address changes every brochure, so every PDF has to be made again
        build_brochures(project, load_site_data(project.data, LANGUAGES), "https://elsewhere.example/", TODAY, workers=1)
    assert {path.name: path.read_bytes() for path in downloads.iterdir()} == before
    assert set((ROOT / brochures.CACHE_FOLDER).iterdir()) == cached


# -- bad input --------------------------------------------------------------------------------------
def _problems(project: Path) -> str:
    """Every problem data/brochures.yml has, as the build reports them."""
    try:
        data, _ = generate(Project.at(project), TODAY)
        problems = missing_pages(Project.at(project), data)
    except DataError as error:
        problems = error.problems
    assert problems, "the broken data/brochures.yml was accepted"
    return "\n".join(map(str, problems))


def _edit_brochures(project: Path, change) -> None:
    edit_yaml(project / "data", "brochures.yml", change)


def test_unknown_page_names_brochure_language_and_page(project_copy):
    _edit_brochures(project_copy, lambda content: content["brochures"][0]["pages"].append("no-such-page"))
    problems = _problems(project_copy)
    for lang in LANGUAGES:
        assert f"brochure 'community-sponsorship', language '{lang}', page 'no-such-page'" in problems


def test_missing_translation_of_a_page_names_brochure_language_and_page(project_copy):
    (project_copy / "docs" / "faq.fr.md").unlink()
    problems = _problems(project_copy)
    assert "brochure 'community-sponsorship', language 'fr', page 'faq': missing translation (fr)" in problems
    assert "language 'nl'" not in problems


def test_missing_title_translation_names_the_key(project_copy):
    _edit_brochures(project_copy, lambda content: content["brochures"][2]["title"].pop("en"))
    assert "data/brochures.yml: brochures[partner-guide].title.en: missing text in language 'en'" in _problems(project_copy)


def test_build_stops_on_a_bad_brochure_before_making_any_pdf(project_copy):
    cache = project_copy / ".cache" / "brochures"
    cached_before = sorted(cache.rglob("*")) if cache.exists() else []
    _edit_brochures(project_copy, lambda content: content["brochures"][1]["pages"].insert(0, "models/no-such-sheet"))
    result = build(project_copy, project_copy / "site")
    assert result.returncode != 0
    assert "brochure 'flexible-partnerships', language 'nl', page 'models/no-such-sheet'" in result.output
    assert (sorted(cache.rglob("*")) if cache.exists() else []) == cached_before, "no PDF may be made"
    assert not (project_copy / "site").exists()


def test_images_are_printed_with_their_alternative_text(project_copy):
    from PIL import Image

    Image.new("RGB", (40, 20), "#1f5f8b").save(project_copy / "docs" / "map.png")
    for lang in LANGUAGES:
        page = project_copy / "docs" / f"become-a-partner.{lang}.md"
        page.write_text(page.read_text(encoding="utf-8") + f"\n![Kaart {lang}](map.png)\n", encoding="utf-8")
    _edit_brochures(project_copy, lambda content: content.update(
        brochures=[{"id": "contact", "title": {lang: "Contact" for lang in LANGUAGES}, "pages": ["become-a-partner"]}]))
    project = Project.at(project_copy)
    data, _ = generate(project, TODAY)
    made = build_brochures(project, data, TEST_SITE_URL, TODAY)
    reader = PdfReader(next(brochure.file for brochure in made if brochure.lang == "fr"))
    images = [name for page in reader.pages for name in page["/Resources"].get("/XObject", {})]
    assert images, "the image is missing from the PDF"
    structure = reader.trailer["/Root"]["/StructTreeRoot"]

    def alternative_texts(node) -> list[str]:
        node = node.get_object()
        if isinstance(node, list):
            return [text for child in node for text in alternative_texts(child)]
        if not hasattr(node, "get"):
            return []
        own = [str(node["/Alt"])] if "/Alt" in node else []
        return own + alternative_texts(node["/K"]) if "/K" in node else own

    assert "Kaart fr" in alternative_texts(structure)
