"""Input that can do no harm, and errors an editor understands.

Whatever an editor types into data/ or a page, the published site prints it as text, links only
to web pages, e-mail addresses and the site itself, and loads nothing from another site; the
PDFs take only the project's own files. Whatever goes wrong stops the build with one message
naming the file, the key or line, and the language, never a traceback.
"""

from __future__ import annotations

import html
import logging
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import LANGUAGES, ROOT, TODAY, build, edit_yaml, without_making_brochures
from sitegen.brochure_document import BrochureError
from sitegen.data import DataError, load_site_data
from sitegen.front_matter import split_page
from sitegen.generate import MARKER, generate
from sitegen.pages import BLOCK_NAMES, Renderer, block_marker_problems
from sitegen.pdf import Job, make_pdfs, project_files_only
from sitegen.project import Project
from sitegen.reading import load_yaml
from sitegen.safe_pages import markdown_safety_problems
from test_bad_input import _build_fails, _plugin_fails

SCRIPT = '"><script>alert(document.cookie)</script>'  # no figure: the languages state the same facts
ATTRIBUTE = '"onmouseover="x'


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _first_session(data: Path, **keys) -> str:
    """Give the first session of data/events.yml these keys (whatever sessions editors list); its id."""
    edit_yaml(data, "events.yml", lambda content: content["events"][0].update(keys))
    return load_yaml((data / "events.yml").read_text(encoding="utf-8"))["events"][0]["id"]


def _data_problems(data: Path) -> list:
    with pytest.raises(DataError) as caught:
        load_site_data(data, LANGUAGES)
    assert "Traceback" not in str(caught.value)
    return caught.value.problems


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """The real data/, safe to break."""
    return Path(shutil.copytree(ROOT / "data", tmp_path / "data"))


# -- part 3: texts are printed as text ----------------------------------------------------------

class _Elements(HTMLParser):
    """Every element of a page with its attributes, and the text of each script."""

    def __init__(self):
        super().__init__()
        self.elements: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


def test_texts_from_data_and_metadata_are_escaped_in_every_page(project_copy, tmp_path):
    """One real build: a footer word, the status text and a page description holding quotes and
    a script come out as text, with every attribute intact."""
    _replace(project_copy / "data" / "ui.yml", "  en: Privacy\n", f"  en: '{SCRIPT}{ATTRIBUTE}'\n")
    _replace(project_copy / "data" / "status.yml", "  en: >-\n    This site", f"  en: >-\n    {SCRIPT} This site")
    _replace(project_copy / "docs" / "about.en.md", 'description: "What this site',
             'description: "\\"onmouseover=\\"x What this site')  # ATTRIBUTE, in YAML's double quotes
    without_making_brochures(project_copy)  # the PDFs are not what this test is about

    result = build(project_copy, tmp_path / "site")
    assert result.returncode == 0, result.output[-3000:]
    pages = sorted((result.site / "en").rglob("*.html"))
    assert pages
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert "<script>alert" not in text, page
        parsed = _Elements()
        parsed.feed(text)
        assert not [attrs for _, attrs in parsed.elements if "onmouseover" in attrs], page
        assert not [script for script in parsed.scripts if "alert(document.cookie)" in script], page
        assert "programme-status__text" in text, page
        if page.name != "404.html":  # the only page without the footer
            assert html.escape(f"{SCRIPT}{ATTRIBUTE}", quote=True).replace("&quot;", "&#34;") in text, page
    about = _Elements()
    about.feed((result.site / "en" / "about" / "index.html").read_text(encoding="utf-8"))
    meta = {attrs.get("name") or attrs.get("property"): attrs.get("content") for tag, attrs in about.elements
            if tag == "meta"}
    for key in ("description", "og:description", "twitter:description"):
        assert meta[key].startswith(f"{ATTRIBUTE} What this site"), (key, meta[key])


# -- part 3: addresses --------------------------------------------------------------------------

def test_every_address_in_data_is_a_web_address(data_copy):
    _replace(data_copy / "sources.yml", "  url: https://fedasil.be/en/resettlement/partnerships\n",
             "  url: javascript:alert(1)\n")
    _replace(data_copy / "sources.yml", "  url: https://fedasil.be/en/resettlement/community-sponsorship\n",
             "  url: fedasil.be/en/resettlement/community-sponsorship\n")
    session = _first_session(data_copy, registration="data:text/html,<script>alert(1)</script>")
    _replace(data_copy / "partner-models.yml", "    page: community-sponsorship.md\n", "    page: 'vbscript:x'\n")
    problems = {(problem.file, problem.path): problem.message for problem in _data_problems(data_copy)}
    assert "'javascript:' address runs code" in problems["data/sources.yml", "fedasil-partnerships.url"]
    assert "starting with https://" in problems["data/sources.yml", "fedasil-community-sponsorship.url"]
    assert "'data:'" in problems["data/events.yml", f"events[{session}].registration"]
    assert "page of docs/" in problems["data/partner-models.yml", "models[community-sponsorship].page"]


def test_links_in_pages_lead_only_to_web_pages_mail_or_the_site():
    page = "\n".join([
        "[a](javascript:alert(1))", "[b](DATA:text/html,x)", "[c]: file:///etc/passwd",
        "<vbscript:msgbox>", '<a href="java&#x09;script:x">d</a>', "<a href='tel:123'>e</a>",
        # all fine:
        "[f](https://example.org) [g](faq.md#x) [h](mailto:a@example.org) [i](#top)",
        "<https://example.org>", '<a href="https://example.org">j</a>', "`[k](javascript:x)` in code",
    ])
    problems = markdown_safety_problems(page, "docs/faq.fr.md", "fr")
    assert [problem.path for problem in problems] == [f"line {number}" for number in range(1, 7)]
    assert all(problem.file == "docs/faq.fr.md" and problem.language == "fr" for problem in problems)
    assert "'javascript:'" in problems[0].message and "https://" in problems[0].message


def test_nothing_in_a_page_runs_code_or_loads_from_another_site():
    page = "\n".join([
        "<script>alert(1)</script>", '<img src="x.png" onerror="alert(1)">', "<iframe src=x.html></iframe>",
        "<object data=x.swf></object>", "<embed src=x.swf>", "![map](https://tiles.example/map.png)",
        '<img srcset="a.png 1x, //cdn.example/b.png 2x">', '<link rel="stylesheet" href="https://cdn.example/x.css">',
        '<p style="background: url(https://tracker.example/p.gif)">x</p>', "<style>@import 'http://cdn.example/y.css';</style>",
        '<video src="https://cdn.example/v.mp4"></video>',
        # all fine: a link to another site, the site's own image, code shown as code
        '<a href="https://example.org">other site</a> ![logo](assets/logo.png)', "```", "<script>shown</script>", "```",
    ])
    problems = markdown_safety_problems(page, "docs/index.nl.md", "nl")
    assert sorted({int(problem.path.removeprefix("line ")) for problem in problems}) == list(range(1, 12))
    assert all(problem.file == "docs/index.nl.md" and problem.language == "nl" for problem in problems)
    assert "another site" in problems[-1].message


def test_an_unsafe_page_stops_the_plugin_naming_file_line_and_language(project_copy):
    path = project_copy / "docs" / "faq.fr.md"
    lines = path.read_text(encoding="utf-8").count("\n")
    path.write_text(path.read_text(encoding="utf-8")
                    + '<a rel="attachment" href="file:///etc/passwd">x</a>\n<img src="https://x.example/t.gif">\n',
                    encoding="utf-8")
    message = _plugin_fails(project_copy, f"docs/faq.fr.md: line {lines + 1}: the address 'file:///etc/passwd'",
                            f"docs/faq.fr.md: line {lines + 2}: <img> would be loaded from another site")
    assert "CONTRIBUTING.md" in message


def test_a_script_in_a_page_title_is_refused(project_copy):
    _replace(project_copy / "docs" / "faq.en.md", 'title: "Frequently', 'title: "<script>alert(1)</script>Frequently')
    _plugin_fails(project_copy, "docs/faq.en.md: line 2: <script> is not allowed")


def test_brochure_pages_are_pages_inside_docs(data_copy):
    _replace(data_copy / "brochures.yml", "      - faq\n", "      - /etc/passwd\n      - ../../secret\n"
                                                           "      - 'models\\comparison'\n")
    problems = [problem for problem in _data_problems(data_copy) if problem.file == "data/brochures.yml"]
    assert [problem.path for problem in problems] == [f"brochures[community-sponsorship].pages[{index}]"
                                                       for index in (4, 5, 6)]
    assert all("not a page inside docs/" in problem.message for problem in problems)


def test_pdfs_take_only_the_projects_own_files(tmp_path):
    from weasyprint.urls import FatalURLFetchingError

    fetch = project_files_only(ROOT)
    response = fetch((ROOT / "overrides" / "brochure" / "brochure.css").as_uri())
    assert b"@page" in response.read()
    response.close()
    for address, reason in (("file:///etc/passwd", "outside the project"),
                            ("https://example.org/x.png", "from another site"),
                            ("http://127.0.0.1:8000/x.css", "from another site")):
        with pytest.raises(FatalURLFetchingError, match=reason):
            fetch(address)


def test_a_pdf_linking_a_file_outside_the_project_is_not_made(tmp_path):
    document = '<p><a rel="attachment" href="file:///etc/passwd">passwords</a></p>'
    target = tmp_path / "brochure.en.pdf"
    job = Job("partner-guide", "en", document, f"{(ROOT / 'overrides' / 'brochure').as_uri()}/", target, ROOT)
    with pytest.raises(BrochureError) as caught:
        make_pdfs([job], workers=1)
    message = str(caught.value)
    assert "brochure 'partner-guide', language 'en'" in message and "/etc/passwd" in message
    assert "outside the project" in message and "Traceback" not in message
    assert not target.exists()


# -- part 4: errors an editor understands -------------------------------------------------------

def test_a_data_file_not_saved_as_utf8_is_named_with_its_line(data_copy):
    path = data_copy / "partner-models.yml"
    path.write_bytes(path.read_bytes().replace("bénévoles".encode(), "bénévoles".encode("latin-1"), 1))
    [problem] = _data_problems(data_copy)
    assert (problem.file, problem.path) == ("data/partner-models.yml", "line 34")
    assert "save it as UTF-8" in problem.message


def test_a_page_not_saved_as_utf8_stops_the_plugin(project_copy):
    path = project_copy / "docs" / "faq.fr.md"
    path.write_bytes(path.read_bytes().replace("é".encode(), "é".encode("latin-1"), 1))
    _plugin_fails(project_copy, "docs/faq.fr.md: line ", "save it as UTF-8")


def test_a_byte_order_mark_is_accepted(tmp_path, data_copy):
    page = tmp_path / "faq.en.md"
    page.write_bytes(b"\xef\xbb\xbf" + (ROOT / "docs" / "faq.en.md").read_bytes())
    meta, _ = split_page(page)
    assert meta["title"] == "Frequently asked questions"
    ui = data_copy / "ui.yml"
    ui.write_bytes(b"\xef\xbb\xbf" + ui.read_bytes())
    assert load_site_data(data_copy, LANGUAGES).ui["footer_privacy"]["en"] == "Privacy"


@pytest.mark.parametrize("old, new, path, expected", [
    ("    name:\n      nl: Community Sponsorship\n      fr: Community Sponsorship (parrainage communautaire)\n"
     "      en: Community Sponsorship\n", "    name: [a, b]\n", "models[community-sponsorship].name", "found a list"),
    ("    source: fedasil-community-sponsorship\n", "    source: [a]\n", "models[community-sponsorship].source",
     "expected the id of one source, found a list"),
    ("    source: fedasil-community-sponsorship\n", "    source: {a: 1}\n", "models[community-sponsorship].source",
     "found a mapping"),
    ("  - id: community-sponsorship\n", "  - id: {x: 1}\n", "models[0].id", "expected an id"),
])
def test_a_list_or_mapping_instead_of_a_text_or_id_is_named(data_copy, old, new, path, expected):
    _replace(data_copy / "partner-models.yml", old, new)
    problems = {(problem.file, problem.path): problem.message for problem in _data_problems(data_copy)}
    assert expected in problems["data/partner-models.yml", path]


def test_a_language_of_an_event_given_as_a_list_is_named(data_copy):
    session = _first_session(data_copy, language=["en"])
    [problem] = _data_problems(data_copy)
    assert (problem.file, problem.path) == ("data/events.yml", f"events[{session}].language")


def test_a_key_written_twice_is_an_error_with_its_line(data_copy):
    _replace(data_copy / "ui.yml", "footer_privacy:\n  nl: Privacy\n", "footer_privacy:\n  nl: Privacy\n  nl: Privé\n")
    line = (data_copy / "ui.yml").read_text(encoding="utf-8").split("\n").index("  nl: Privé") + 1
    [problem] = _data_problems(data_copy)
    assert (problem.file, problem.path) == ("data/ui.yml", f"line {line}")
    assert problem.message == f"key 'nl' appears twice in this mapping (also on line {line - 1}); keep one"


def test_a_metadata_key_written_twice_stops_the_plugin(project_copy):
    _replace(project_copy / "docs" / "faq.nl.md", "\ntitle:", "\ntitle: Eerste titel\ntitle:")
    _plugin_fails(project_copy, "docs/faq.nl.md", "metadata, line 3: key 'title' appears twice")


def test_aliases_and_merge_keys_are_not_duplicates():
    text = "base: &base {a: 1}\nfirst: *base\nsecond:\n  <<: *base\n  <<: {b: 2}\n  c: 3\n"
    assert load_yaml(text) == {"base": {"a": 1}, "first": {"a": 1}, "second": {"a": 1, "b": 2, "c": 3}}


def test_a_missing_interface_word_names_ui_yml_and_the_key(project_copy):
    _replace(project_copy / "data" / "ui.yml", "footer_privacy:\n  nl: Privacy\n  fr: Vie privée\n  en: Privacy\n", "")
    _plugin_fails(project_copy, "data/ui.yml: footer_privacy: the interface word 'footer_privacy' "
                                "(used by overrides/partials/copyright.html) is missing")


def test_a_word_the_code_asks_for_but_ui_yml_lacks_is_a_problem_not_a_key_error(data_copy):
    data = load_site_data(data_copy, LANGUAGES)
    del data.ui["event_online"]
    with pytest.raises(DataError) as caught:
        Renderer(data, "fr", "").t("event_online")
    [problem] = caught.value.problems
    assert (problem.file, problem.path) == ("data/ui.yml", "event_online")


@pytest.mark.parametrize("marker", ["<!-- block: Key-Figures -->", "<!-- block:phases2 -->",
                                    "<!-- block: phases and more -->", "<!--BLOCK: journey-->",
                                    "Text <!-- block: phases -->"])
def test_a_block_marker_that_is_not_exactly_a_known_block_is_an_error(marker):
    text = f"# Title\n\n{marker}\n\n<!-- block: phases -->\n<!-- a comment -->\n"
    [problem] = block_marker_problems(text, "docs/index.en.md", "en", BLOCK_NAMES)
    assert (problem.file, problem.path, problem.language) == ("docs/index.en.md", "line 3", "en")
    assert ", ".join(BLOCK_NAMES) in problem.message


def test_a_mistyped_block_marker_stops_the_build_and_keeps_the_site(project_copy):
    path = project_copy / "docs" / "index.en.md"
    line = path.read_text(encoding="utf-8").count("\n") + 2
    path.write_text(path.read_text(encoding="utf-8") + "\n<!-- block: Key-Figures -->\n", encoding="utf-8")
    output = _build_fails(project_copy, f"docs/index.en.md: line {line}: '<!-- block: Key-Figures -->' is not a block marker")
    assert "Traceback" not in output


def test_a_hand_written_file_in_the_generated_folder_is_kept_with_a_warning(data_dir, tmp_path, caplog):
    project = tmp_path / "project"
    shutil.copytree(data_dir, project / "data")
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    generate(Project.at(project), TODAY)
    models = project / "docs" / "models"
    (models / "notes.en.md").write_text("# Mine\n", encoding="utf-8")
    (models / "stale.en.md").write_text("# An old generated page\n", encoding="utf-8")
    with (models / MARKER).open("a", encoding="utf-8") as marker:
        marker.write("stale.en.md\n")  # written by the last generation, so removed without a word
    for _ in range(2):  # until the file is moved
        caplog.clear()
        with caplog.at_level(logging.WARNING):
            generate(Project.at(project), TODAY)
        [warning] = [record.getMessage() for record in caplog.records if record.levelno == logging.WARNING]
        assert warning.startswith("docs/models/notes.en.md: ") and "move it to docs/" in warning
        assert (models / "notes.en.md").read_text(encoding="utf-8") == "# Mine\n"
    assert not (models / "stale.en.md").exists()


def test_a_hand_written_file_in_the_generated_folder_stops_the_plugin_first(project_copy):
    """Before any other check: "missing translation, create docs/models/notes.nl.md" would send
    the editor deeper into the wrong folder."""
    generate(Project.at(project_copy), TODAY)
    (project_copy / "docs" / "models" / "notes.en.md").write_text("# Mine\n", encoding="utf-8")
    message = _plugin_fails(project_copy, "docs/models/notes.en.md: this folder is written from data/",
                            "move it to docs/")
    assert "missing translation" not in message
    assert (project_copy / "docs" / "models" / "notes.en.md").exists()
