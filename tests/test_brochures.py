"""Brochures: real PDFs in every language, accessible, offered on the site, made only when needed.

The PDFs are read back with pypdf from the session's one build of the site; each PDF's text is
extracted once. Bad input and failures are checked on the plain function, which needs no MkDocs.
"""

from __future__ import annotations

import dataclasses
import functools
import html
import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from conftest import LANGUAGES, ROOT, TEST_SITE_URL, TODAY, build, edit_yaml, page_path
from sitegen import brochures
from sitegen import brochure_cache, pdf
from sitegen.brochure_document import BrochureError, for_print, print_words, summary_parity_problems, unbreakable_pattern
from sitegen.fact_parity import load_names
from sitegen.brochures import build_brochures, missing_pages
from sitegen.data import DataError, load_site_data
from sitegen.front_matter import split_page
from sitegen.generate import generate
from sitegen.project import Project
from sitegen.status import status_notices

BROCHURES = yaml.safe_load((ROOT / "data" / "brochures.yml").read_text(encoding="utf-8"))["brochures"]
CASES = [(brochure["id"], lang) for brochure in BROCHURES for lang in LANGUAGES]
LANGUAGE_NAMES = {"nl": "Nederlands", "fr": "Français", "en": "English"}
DATA = load_site_data(ROOT / "data", LANGUAGES)
UI = DATA.ui


def _built_pdf(site: Path, brochure_id: str, lang: str) -> Path:
    prefix = site if lang == LANGUAGES[0] else site / lang
    return prefix / "models" / "downloads" / f"{brochure_id}.pdf"


@functools.cache
def _read(path: Path) -> tuple[PdfReader, tuple[str, ...]]:
    """The PDF's objects (pypdf) and the text of each page (pdftotext: ten times faster)."""
    return PdfReader(path), _pdftotext_pages(path)


def _flat(text: str) -> str:
    return " ".join(text.split())


@functools.cache
def _pdftotext_pages(path: Path) -> tuple[str, ...]:
    """The text of each page as poppler's pdftotext reads it (pages end with a form feed)."""
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout
    return tuple(text.split("\f")[:-1])


def _contents(texts: tuple[str, ...], lang: str) -> tuple[int, list[tuple[str, int]]]:
    """(index of the page with the contents, its entries as (title, page number))."""
    heading = UI["brochure_contents"][lang]
    index = next(i for i, text in enumerate(texts) if re.search(rf"^{re.escape(heading)}$", text, re.MULTILINE))
    after = texts[index].split(f"\n{heading}\n", 1)[-1] if f"\n{heading}\n" in texts[index] else texts[index]
    entries = re.findall(r"^(.*?)[\s.]+(\d+)$", after, re.MULTILINE)
    return index, [(_flat(title), int(number)) for title, number in entries
                   if not re.fullmatch(r"\d+ /", title)]  # not the page's footer, "2 / 17"


def _closing_titles(lang: str) -> list[str]:
    return [UI["brochure_contact_heading"][lang], UI["sources_heading"][lang]]


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
    # cover, summary and contents, the chapters (one after another), the closing pages; not a runaway layout
    assert 4 <= len(reader.pages) <= 3 * (chapters + 2), f"{path.name}: {len(reader.pages)} pages"


@pytest.mark.parametrize("brochure_id, lang", CASES)
def test_pdf_is_tagged_with_title_and_language(site, brochure_id, lang):
    reader, _ = _read(_built_pdf(site, brochure_id, lang))
    catalog = reader.trailer["/Root"]
    assert reader.metadata.title == _brochure(brochure_id)["title"][lang]
    assert catalog["/Lang"] == lang
    assert catalog["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in catalog, "not a tagged PDF"
    assert 'pdfuaid:part="1"' in catalog["/Metadata"].get_object().get_data().decode(), "no PDF/UA-1 mark"


# -- PDF/UA-1, as far as a machine can check it (README, "Brochures": what is and is not checked) ----
def _structure_elements(reader: PdfReader) -> list[tuple[str, str, dict]]:
    """(type, type of its parent, element) of every element of the structure tree, in reading order;
    types through the tree's role map (WeasyPrint's own types are the standard ones)."""
    root = reader.trailer["/Root"]["/StructTreeRoot"].get_object()
    roles = {str(key): str(value) for key, value in root.get("/RoleMap", {}).items()}
    found = []

    def walk(node, parent: str) -> None:
        node = node.get_object()
        if isinstance(node, list):
            for child in node:
                walk(child, parent)
        elif isinstance(node, dict) and "/S" in node:
            kind = roles.get(str(node["/S"]), str(node["/S"])).lstrip("/")
            found.append((kind, parent, node))
            if "/K" in node:
                walk(node["/K"], kind)

    walk(root["/K"], "StructTreeRoot")
    return found


@pytest.mark.parametrize("brochure_id, lang", CASES)
def test_pdf_ua_document_language_title_shown_and_bookmarks(site, brochure_id, lang):
    reader, _ = _read(_built_pdf(site, brochure_id, lang))
    catalog = reader.trailer["/Root"]
    metadata = catalog["/Metadata"].get_object().get_data().decode()
    assert 'pdfuaid:part="1"' in metadata or "<pdfuaid:part>1</pdfuaid:part>" in metadata
    assert _brochure(brochure_id)["title"][lang] in html.unescape(metadata), "dc:title in the XMP metadata"
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"]), "the window shows the title, not the file name"
    assert catalog["/Lang"] == lang and catalog["/MarkInfo"]["/Marked"]
    assert reader.outline, "bookmarks"


@pytest.mark.parametrize("brochure_id, lang", CASES)
def test_pdf_ua_structure_headings_lists_tables_images(site, brochure_id, lang):
    elements = _structure_elements(_read(_built_pdf(site, brochure_id, lang))[0])
    levels = [int(kind[1]) for kind, _, _ in elements if re.fullmatch(r"H[1-6]", kind)]
    assert levels and levels[0] == 1, "the cover title is the one first-level heading"
    skipped = [(before, after) for before, after in zip(levels, levels[1:]) if after > before + 1]
    assert not skipped, f"headings skip a level: {skipped[:5]}"
    assert levels.count(1) == 1
    kinds = [kind for kind, _, _ in elements]
    assert "L" in kinds and "Table" in kinds, "lists and tables are tagged as such"
    for kind, parent, element in elements:
        if kind == "LI":
            assert parent == "L", f"a list item outside a list (in {parent})"
        if kind in ("Lbl", "LBody"):
            assert parent == "LI", f"{kind} outside a list item (in {parent})"
        if kind == "TR":
            assert parent in ("Table", "THead", "TBody", "TFoot"), f"a table row in {parent}"
        if kind in ("TH", "TD"):
            assert parent == "TR", f"a table cell in {parent}"
        if kind == "Figure":
            assert str(element.get("/Alt", "")).strip(), "an image without alternative text"
    tables = sum(kind == "Table" for kind in kinds)
    header_rows = {id(element) for kind, parent, element in elements if kind == "THead"}
    assert sum(kind == "TH" for kind in kinds) >= tables, "every table has header cells"
    assert len(header_rows) >= 1


@pytest.mark.parametrize("brochure_id, lang", CASES)
def test_pdf_ua_decoration_is_an_artefact_content_is_tagged_and_links_are_in_the_structure(site, brochure_id, lang):
    reader, _ = _read(_built_pdf(site, brochure_id, lang))
    cover = reader.pages[0].get_contents().get_data()
    assert b"/Artifact" in cover, "the cover's background and mark are artefacts, not content"
    for number, page in enumerate(reader.pages, start=1):
        content = page.get_contents().get_data()
        assert b"BDC" in content, f"page {number}: untagged content"
        if "/Annots" in page:
            assert page.get("/Tabs") == "/S", f"page {number}: tab order does not follow the structure"
            for annotation in page["/Annots"]:
                annotation = annotation.get_object()
                if annotation["/Subtype"] == "/Link":
                    assert "/StructParent" in annotation, f"page {number}: a link outside the structure tree"


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
    assert brochure["route"][lang] in _flat(texts[0]), "the cover names the route"
    assert status.checked in _flat(texts[0]), "the cover shows when the status was checked"
    assert renderer_date(TODAY.isoformat(), lang) in _flat(texts[0]), "the cover gives the edition (build date)"
    assert UI["brochure_edition_build_note"][lang] in _flat(texts[0]), "the cover says where the edition date comes from"
    assert f"{TEST_SITE_URL}{'' if lang == LANGUAGES[0] else lang + '/'}downloads/" in "".join(texts[0].split()), \
        "the cover says where the latest version is"
    own_titles = _titles(brochure_id, lang)
    foreign_titles = {title for other in LANGUAGES if other != lang for title in _titles(brochure_id, other)
                      if not any(title in own for own in own_titles)}
    contents_page, entries = _contents(texts, lang)
    listed = [title for title in foreign_titles if title in _flat(texts[contents_page])]
    assert not listed, f"the contents list titles in another language: {listed}"
    contact_page = dict(entries)[UI["brochure_contact_heading"][lang]]
    assert contact_page >= len(texts) - 3 and "resettlement@fedasil.be" in texts[contact_page - 1], \
        "the contact block opens the closing pages"


def renderer_date(value: str, lang: str) -> str:
    from sitegen.pages import Renderer

    return Renderer(DATA, lang, "").date(value)


@pytest.mark.parametrize("brochure_id, lang", CASES)
def test_contents_list_each_chapter_once_with_the_page_its_bookmark_opens(site, brochure_id, lang):
    path = _built_pdf(site, brochure_id, lang)
    reader, _ = _read(path)
    _, entries = _contents(_pdftotext_pages(path), lang)
    expected = _titles(brochure_id, lang) + _closing_titles(lang)
    assert [title for title, _ in entries] == expected, "each chapter once, in order, then contact and sources"
    bookmarks = {_flat(item["/Title"]): reader.get_destination_page_number(item) + 1
                 for item in reader.outline if not isinstance(item, list)}
    for title, number in entries:
        assert bookmarks.get(title) == number, f"{title!r}: contents say page {number}, bookmark opens {bookmarks.get(title)}"


@pytest.mark.parametrize("brochure_id, lang", CASES)
def test_bookmarks_are_the_summary_the_contents_and_the_entries_of_the_contents(site, brochure_id, lang):
    reader, _ = _read(_built_pdf(site, brochure_id, lang))
    top_level = [_flat(item["/Title"]) for item in reader.outline if not isinstance(item, list)]
    assert top_level == [UI["brochure_summary_heading"][lang], UI["brochure_contents"][lang],
                         *_titles(brochure_id, lang), *_closing_titles(lang)]
    assert any(isinstance(item, list) for item in reader.outline), "sections are nested under their chapter"


@pytest.mark.parametrize("brochure_id, lang", CASES)
def test_summary_comes_right_after_the_cover(site, brochure_id, lang):
    texts = _pdftotext_pages(_built_pdf(site, brochure_id, lang))
    second = texts[1]
    assert second.lstrip().startswith(UI["brochure_summary_heading"][lang])
    for point in _brochure(brochure_id)["summary"]:
        assert _flat(point["heading"][lang]) in _flat(second), f"summary point {point['heading'][lang]!r} not on page 2"
    contents_page, _ = _contents(texts, lang)
    if brochure_id == "partner-guide":  # a page of its own; a route brochure's half page shares it
        assert contents_page == 2, "the guide's summary fills page 2, the contents follow on page 3"
    else:
        assert contents_page == 1, "a route brochure's half-page summary shares page 2 with the contents"


@pytest.mark.parametrize("brochure_id, lang", CASES)
def test_no_page_but_the_cover_has_fewer_than_40_words(site, brochure_id, lang):
    texts = _pdftotext_pages(_built_pdf(site, brochure_id, lang))
    words = [len(re.findall(r"\w+", text)) for text in texts]  # not the leader dots of the contents
    short = {number: count for number, count in enumerate(words, start=1) if number > 1 and count < 40}
    assert not short, f"pages with fewer than 40 words (page: words): {short}"


def _addresses() -> set[str]:
    """Every web and e-mail address the brochures may print."""
    sources = yaml.safe_load((ROOT / "data" / "sources.yml").read_text(encoding="utf-8"))
    urls = {source["url"] for source in (sources.get("sources", sources) if isinstance(sources, dict) else sources)
            if isinstance(source, dict) and "url" in source}
    return urls | {yaml.safe_load((ROOT / "data" / "brochures.yml").read_text(encoding="utf-8"))["contact"]}


@pytest.mark.parametrize("brochure_id, lang", CASES)
def test_print_has_no_web_words_no_local_address_and_no_hyphen_inside_an_address_figure_or_name(
        site, brochure_id, lang):
    text = "".join(_pdftotext_pages(_built_pdf(site, brochure_id, lang)))
    for pattern, _ in print_words(DATA, lang):
        assert not pattern.search(_flat(text)), f"web words in print: {pattern.pattern}"
    assert not re.search(r"(?i)\b(this site|deze site|ce site)\b", _flat(text))
    assert "127.0.0.1" not in text and "localhost" not in text
    addresses = "\n".join(_addresses())
    names, _ = load_names(ROOT / "data" / "names.yml", ROOT)
    name_words = {word for name in names for form in name.forms_in(lang) for word in re.findall(r"\w+", form)
                  if len(word) > 3}
    lines = text.splitlines()
    for line, following in zip(lines, lines[1:]):
        if not re.search(r"\w-$", line) or not following.strip():
            continue
        before, after = line.split()[-1], following.split()[0]
        joined = before[:-1] + after
        context = f"{line!r} / {following!r}"
        assert not re.search(r"\d", before + after), f"a figure is hyphenated: {context}"
        assert not (joined in addresses and before + after not in addresses), f"an address is hyphenated: {context}"
        assert not ("@" in joined or "://" in joined) or before + after in addresses, f"an address is hyphenated: {context}"
        assert re.sub(r"\W", "", joined) not in name_words, f"a listed name is hyphenated: {context}"
        previous = line.split()[-2] if len(line.split()) > 1 else ""
        assert not re.fullmatch(r"[€\d.,]+", previous), f"the unit of a figure is hyphenated: {context}"


def test_print_words_and_unbreakable_words_come_from_one_place():
    names, _ = load_names(ROOT / "data" / "names.yml", ROOT)
    printed = for_print("<p>Lees <em>deze site</em>: € 3.000 per persoon, 500 personen, 16 maart 2023, "
                        "Vluchtelingenwerk Vlaanderen, https://fedasil.be/nl/a-b en resettlement@fedasil.be.</p>"
                        "<code>deze site</code>", print_words(DATA, "nl"), unbreakable_pattern(names, DATA, "nl"))
    assert "<em>deze brochure</em>" in printed and "<code>deze site</code>" in printed
    for kept in ("€ 3.000", "500 personen", "16 maart 2023", "Vluchtelingenwerk Vlaanderen", "https://fedasil.be/nl/a-b",
                 "resettlement@fedasil.be"):
        assert f'<span class="nohyphen">{kept}' in printed, f"{kept!r} may be hyphenated: {printed}"


def test_summaries_state_the_same_facts_in_every_language():
    project = Project.at(ROOT)
    assert summary_parity_problems(project, DATA) == []
    guide = DATA.brochures.get("partner-guide")
    point = next(point for point in guide.summary if "{partnership-flat-rate}" in point["text"]["fr"])
    changed = {**point, "text": {**point["text"], "fr": point["text"]["fr"].replace("{partnership-flat-rate}", "2 500 €")}}
    summary = tuple(changed if item is point else item for item in guide.summary)
    brochures = dataclasses.replace(DATA.brochures, brochures=tuple(
        dataclasses.replace(brochure, summary=summary) if brochure is guide else brochure
        for brochure in DATA.brochures.brochures))
    problems = summary_parity_problems(project, dataclasses.replace(DATA, brochures=brochures))
    assert problems and all(problem.file == "data/brochures.yml" for problem in problems)
    assert {problem.language for problem in problems} == {"fr", "nl", "en"}, "the lacking and the extra language"


def test_links_print_usefully(site):
    path = _built_pdf(site, "partner-guide", "en")
    texts = _pdftotext_pages(path)
    compact = "".join("".join(texts).split())  # addresses may be broken over two lines
    assert not re.search(r"\(https?://", compact), "no raw address in brackets in the middle of a sentence"
    assert f"{TEST_SITE_URL}en/models/route-guide/" in compact, "a page left out of the brochure: its address, in a footnote"
    references = re.findall(r"\(p\.(\d+)\)", compact)
    assert references, "a link to another chapter shows its page"
    assert all(1 < int(number) <= len(texts) for number in references)


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


class _LaidOut:
    """What sitegen.pdf reads of a WeasyPrint layout: pages with the ids that start on them."""

    def __init__(self, page_of_target: int):
        self.pages = [type("Page", (), {"anchors": {}})() for _ in range(page_of_target - 1)]
        self.pages.append(type("Page", (), {"anchors": {"faq": (0, 0)}})())


def test_page_numbers_are_written_in_and_laid_out_again_until_they_settle():
    document = '<a href="#faq">FAQ</a> (p. <span class="page-number" data-page-of="faq">00</span>)'
    layouts = []

    def render(text):  # the number written in pushes the chapter one page on, once
        layouts.append(text)
        written = re.search(r'data-page-of="faq">([^<]*)<', text)[1]
        return _LaidOut({"00": 3, "3": 4, "4": 4}[written])

    pdf.laid_out_with_page_numbers(render, document)
    assert [re.search(r'of="faq">([^<]*)<', text)[1] for text in layouts] == ["00", "3", "4"]

    def flip_flop(text):  # "3" moves the chapter to page 4, "4" back to page 3
        return _LaidOut({"00": 3, "3": 4, "4": 3}[re.search(r'of="faq">([^<]*)<', text)[1]])

    with pytest.raises(RuntimeError, match="did not settle"):
        pdf.laid_out_with_page_numbers(flip_flop, document)


def test_a_failed_pdf_leaves_no_file_behind(tmp_path, monkeypatch):
    from weasyprint.document import Document

    target = tmp_path / "brochure.nl.pdf"

    def half_then_fail(self, path, **options):
        Path(path).write_bytes(b"%PDF-1.7 half a file")
        raise OSError("disk full")

    monkeypatch.setattr(Document, "write_pdf", half_then_fail)
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
        brochures=[{"id": "contact", "title": {lang: "Contact" for lang in LANGUAGES},
                    "route": {lang: "Contact" for lang in LANGUAGES}, "pages": ["become-a-partner"],
                    "summary": [{"heading": {lang: "Contact" for lang in LANGUAGES},
                                 "text": {lang: "resettlement@fedasil.be" for lang in LANGUAGES}}]}]))
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
