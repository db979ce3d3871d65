"""The editors' tools: translation status, outdated notices, the programme status, a new language."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from jinja2 import Environment, FileSystemLoader

from conftest import edit_yaml as edit, LANGUAGES, ROOT, build, page_path, without_making_brochures
from sitegen.data import DataError, load_site_data
from sitegen.front_matter import split_page
from sitegen.i18n_status import (
    CURRENT, MISSING, OUTDATED, REPORT_NAME, SOURCE, I18nError, hand_written_pages, mark_translated,
    source_fingerprint, translation_status,
)
from sitegen.project import Project
from sitegen.page_links import outdated_notice, with_notice
from sitegen.status import StatusNotice, status_notices


def run_docs(project: Path, *args: str) -> subprocess.CompletedProcess:
    """`scripts/docs.py` of `project`, as `make i18n-status` runs it."""
    return subprocess.run([sys.executable, str(project / "scripts" / "docs.py"), *args],
                          cwd=project, capture_output=True, text=True)


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def states(project: Path) -> dict[tuple[str, str], str]:
    return {(state.page, state.lang): state.state for state in translation_status(Project.at(project)).pages}


# -- programme status: data --------------------------------------------------------------------
def test_real_status_states_the_same_facts_in_every_language():
    """Whatever the status says today (editors change it), every language says the same."""
    status = load_site_data(ROOT / "data", LANGUAGES).status
    def facts(lang: str) -> tuple[set, set]:
        text = status["text"][lang]
        return set(re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", text)), set(re.findall(r"\b(?:19|20)\d{2}\b", text))
    for lang in LANGUAGES[1:]:
        assert facts(lang) == facts(LANGUAGES[0]), f"{lang}: other e-mail addresses or years than {LANGUAGES[0]}"


def test_status_notice_is_in_the_words_of_each_language(data_dir):
    notices = status_notices(load_site_data(data_dir, LANGUAGES))
    assert [notices[lang].date for lang in LANGUAGES] == ["16 maart 2023", "16 mars 2023", "16 March 2023"]
    assert notices["fr"].heading == "Appel aux partenaires" and notices["fr"].date_iso == "2023-03-16"
    edit(data_dir, "status.yml", lambda c: c.update(status="closed", date="2024-05"))
    notices = status_notices(load_site_data(data_dir, LANGUAGES))
    assert (notices["nl"].kind, notices["nl"].heading, notices["nl"].date) == \
        ("closed", "Oproep aan partners: afgesloten", "mei 2024")


STATUS_BAD_INPUTS = [
    ("status not allowed", lambda c: c.update(status="opened"),
     "data/status.yml: status: expected one of open, paused, closed, message, found the text 'opened'"),
    ("date that does not parse", lambda c: c.update(date="16/03/2023"),
     "data/status.yml: date: expected a date as YYYY-MM-DD, YYYY-MM or YYYY, found '16/03/2023'"),
    ("date that does not exist", lambda c: c.update(date="2023-02-30"),
     "data/status.yml: date: expected a date as YYYY-MM-DD, YYYY-MM or YYYY, found '2023-02-30'"),
    ("text in a language the site does not have", lambda c: c["text"].update(de="Aufruf"),
     "data/status.yml: text.de: 'de' is not a language of the site (nl, fr, en)"),
    ("text missing in one language", lambda c: c["text"].pop("en"),
     "data/status.yml: text.en: missing text in language 'en'"),
    ("key missing", lambda c: c.pop("date"), "data/status.yml: date: missing key"),
]


@pytest.mark.parametrize("name, change, expected", STATUS_BAD_INPUTS, ids=[case[0] for case in STATUS_BAD_INPUTS])
def test_bad_status_is_reported_with_file_and_key(data_dir, name, change, expected):
    edit(data_dir, "status.yml", change)
    with pytest.raises(DataError) as caught:
        status_notices(load_site_data(data_dir, LANGUAGES))
    problems = [str(problem) for problem in caught.value.problems]
    assert expected in problems, "\n".join(problems)


EVENT_BAD_INPUTS = [
    ("date that does not exist", "date", "2023-02-30", "expected a date as YYYY-MM-DD, YYYY-MM or YYYY, found '2023-02-30'"),
    ("date without a day", "date", "2023-04", "expected a date as YYYY-MM-DD (an event needs a full date), found '2023-04'"),
    ("time out of range", "time", "25:00", "expected a time as HH:MM, found '25:00'"),
    ("registration that is not a web address", "registration", "register at the desk",
     "expected a web address starting with https://, found 'register at the desk'"),
    ("registration that would add calendar lines", "registration", "https://example.org/\nDTSTART:2001",
     "expected a web address starting with https://, found 'https://example.org/\\nDTSTART:2001'"),
]


@pytest.mark.parametrize("name, key, value, expected", EVENT_BAD_INPUTS, ids=[case[0] for case in EVENT_BAD_INPUTS])
def test_bad_event_is_reported_with_file_and_key(data_dir, name, key, value, expected):
    edit(data_dir, "events.yml", lambda c: c["events"][1].update({key: value}))
    with pytest.raises(DataError) as caught:
        load_site_data(data_dir, LANGUAGES)
    problems = [str(problem) for problem in caught.value.problems]
    assert f"data/events.yml: events[future-session].{key}: {expected}" in problems, "\n".join(problems)


def test_time_without_quotes_gets_a_hint(data_dir):
    path = data_dir / "events.yml"
    text = path.read_text(encoding="utf-8")
    assert 'time: "14:00"' in text
    path.write_text(text.replace('time: "14:00"', "time: 14:00"), encoding="utf-8")  # YAML reads 840
    with pytest.raises(DataError) as caught:
        load_site_data(data_dir, LANGUAGES)
    assert [str(problem) for problem in caught.value.problems] == ['data/events.yml: events[future-session].time: expected a time as HH:MM, '
                                     'found 840 (put the time between quotes: "14:00")']


# -- programme status: the partial -------------------------------------------------------------
def render_status_partial(notice) -> str:
    """The partial as MkDocs renders it: Jinja without autoescape, the notice in config.extra."""
    environment = Environment(loader=FileSystemLoader(ROOT / "overrides"))
    template = environment.get_template("partials/programme-status.html")
    words = load_site_data(ROOT / "data", LANGUAGES).ui
    return template.render(config={"extra": {"programme_status": notice, "ui": words}, "theme": {"language": "en"}},
                           language_root="..")


def test_status_partial_escapes_text_and_links_the_address():
    notice = StatusNotice(lang="en", kind="paused", heading="Call <b>", date="1 May 2024",
                          date_iso="2024-05-01", text="Ask <script>x</script> at team@example.org.",
                          checked="November 2026", checked_iso="2026-11")
    rendered = render_status_partial(notice)
    assert 'data-programme-status="paused"' in rendered
    assert "<script>" not in rendered and "&lt;script&gt;" in rendered and "Call &lt;b&gt;" in rendered
    assert '<time datetime="2024-05-01">1 May 2024</time>' in rendered
    assert '<time datetime="2026-11">November 2026</time>' in rendered, "the date the status was last checked"
    assert 'href="../faq/#faq-programme-status"' in rendered, "the way to the full answer"
    assert '<a href="mailto:team@example.org">team@example.org</a>.' in rendered


def test_status_partial_renders_nothing_without_a_status():
    assert render_status_partial(None) == ""


# -- programme status and translation status in the built site ---------------------------------
def _html_lang(text: str) -> str:
    return re.search(r'<html[^>]*\blang="([a-z]{2})"', text)[1]


def test_every_page_shows_the_programme_status_in_its_language(site):
    status = load_site_data(ROOT / "data", LANGUAGES).status
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 30
    for path in pages:
        text = path.read_text(encoding="utf-8")
        notice = re.search(r'<div class="programme-status".*?</div>', text, re.DOTALL)
        assert notice, f"{path.relative_to(site)}: no programme status at the top"
        assert text.index(notice[0]) < text.index("<h1"), f"{path.relative_to(site)}: status is not at the top"
        plain = html.unescape(re.sub(r"<[^>]+>", "", notice[0]))
        assert " ".join(status["text"][_html_lang(text)].split()) in " ".join(plain.split()), \
            f"{path.relative_to(site)}: status not in the page's language"


def test_outdated_notice_is_shown_exactly_where_the_status_says(site):
    outdated = {(state.page, state.lang) for state in translation_status(Project.at(ROOT)).pages_in(OUTDATED)}
    for name in sorted(hand_written_pages(Project.at(ROOT))):
        for lang in LANGUAGES:
            text = page_path(site, lang, name.removesuffix("index")).read_text(encoding="utf-8")
            shown = "translation-outdated" in text
            assert shown == ((name, lang) in outdated), f"{name} ({lang}): notice shown={shown}"


def test_translation_report_is_in_the_project_not_in_the_published_site(site):
    assert not (site / REPORT_NAME).exists() and not list(site.rglob(REPORT_NAME)), "the report is not published"
    report = (ROOT / REPORT_NAME).read_text(encoding="utf-8")
    assert report.startswith("Translation status.") and "index" in report and "status.yml" in report


# -- translation status: pages -----------------------------------------------------------------
def test_real_translations_are_complete_and_recorded():
    status = translation_status(Project.at(ROOT))
    assert status.complete, f"{status.errors} {status.pages_in(MISSING)}"
    for state in status.pages:
        meta, _ = split_page(ROOT / state.path)
        assert state.lang == "nl" or "translated_from" in meta, f"{state.path}: no translated_from line"


def test_changed_dutch_page_makes_its_translations_outdated_until_marked(project_copy):
    before = states(project_copy)
    assert before[("faq", "nl")] == SOURCE and before[("faq", "fr")] == CURRENT
    append(project_copy / "docs" / "faq.nl.md", "\nEen nieuwe alinea.\n")
    after = states(project_copy)
    assert after[("faq", "fr")] == after[("faq", "en")] == OUTDATED
    assert {key: value for key, value in after.items() if key[0] != "faq"} == \
        {key: value for key, value in before.items() if key[0] != "faq"}

    report = run_docs(project_copy, "i18n-status")
    assert report.returncode == 0, "outdated translations are reported, not failed"
    assert "docs/faq.fr.md: the nl page changed since it was translated" in report.stdout
    assert "i18n-status --mark faq fr" in report.stdout

    translation = project_copy / "docs" / "faq.fr.md"
    lines_before = translation.read_text(encoding="utf-8").splitlines()
    marked = run_docs(project_copy, "i18n-status", "--mark", "faq", "fr")
    assert marked.returncode == 0, marked.stderr
    lines_after = translation.read_text(encoding="utf-8").splitlines()
    changed = [(old, new) for old, new in zip(lines_before, lines_after) if old != new]
    assert len(lines_after) == len(lines_before) and len(changed) == 1
    assert changed[0][1].startswith("translated_from: ")
    assert states(project_copy)[("faq", "fr")] == CURRENT and states(project_copy)[("faq", "en")] == OUTDATED


def test_mark_adds_the_line_and_keeps_every_other_byte(project_copy):
    path = project_copy / "docs" / "glossary.en.md"
    original = path.read_text(encoding="utf-8")
    without = re.sub(r"^translated_from:[^\n]*\n", "", original, flags=re.MULTILINE).replace("\n", "\r\n")
    path.write_bytes(without.encode("utf-8"))
    assert states(project_copy)[("glossary", "en")] == OUTDATED

    _, fingerprint = mark_translated(Project.at(project_copy), "glossary", "en")
    data = path.read_bytes().decode("utf-8")
    assert data == without.replace("\r\n---\r\n", f'\r\ntranslated_from: "{fingerprint}"\r\n---\r\n', 1)
    assert fingerprint == source_fingerprint(split_page(project_copy / "docs" / "glossary.nl.md")[1])
    assert states(project_copy)[("glossary", "en")] == CURRENT


@pytest.mark.parametrize("page, lang, expected", [
    ("faq", "nl", "'nl' is not a translation language of this site"),
    ("faq", "de", "'de' is not a translation language of this site"),
    ("no-such-page", "fr", "'no-such-page' is not a page in docs/"),
    ("models/comparison", "fr", "'models/comparison' is not a page in docs/"),
])
def test_mark_refuses_what_it_cannot_do(page, lang, expected):
    with pytest.raises(I18nError, match=re.escape(expected)):
        mark_translated(Project.at(ROOT), page, lang)


def test_missing_page_and_text_fail_and_name_what_to_translate(project_copy):
    (project_copy / "docs" / "glossary.fr.md").unlink()
    edit(project_copy / "data", "ui.yml", lambda c: c["events_past"].pop("en"))
    result = run_docs(project_copy, "i18n-status")
    assert result.returncode == 1
    assert "docs/glossary.fr.md  (translate docs/glossary.nl.md)" in result.stdout
    assert "data/ui.yml: events_past.en" in result.stdout
    assert re.search(r"^glossary +source +missing +current$", result.stdout, re.MULTILINE)
    assert re.search(r"^ui\.yml +complete +complete +1 missing$", result.stdout, re.MULTILINE)


def test_wrong_languages_in_page_files_are_errors_naming_the_file(project_copy):
    shutil.copy(project_copy / "docs" / "faq.en.md", project_copy / "docs" / "faq.de.md")
    shutil.copy(project_copy / "docs" / "about.fr.md", project_copy / "docs" / "about.nl.md")
    result = run_docs(project_copy, "i18n-status")
    assert result.returncode == 1
    assert "docs/faq.de.md: 'de' is not a language of this site (nl, fr, en)" in result.stdout
    assert "docs/about.nl.md: translated_from: the nl page is the source of the translations" in result.stdout


# -- the outdated notice ------------------------------------------------------------------------
@pytest.mark.parametrize("page_url, expected", [
    ("fr/", "../"), ("fr/faq/", "../../faq/"), ("en/sub/page/", "../../../sub/page/"),
    ("fr/faq.html", "../faq.html"),
])
def test_outdated_notice_links_to_the_dutch_page_relative_to_the_translation(page_url, expected):
    words = load_site_data(ROOT / "data", LANGUAGES).ui
    notice = outdated_notice(page_url, page_url[:2], "nl", words)
    assert f'<a href="{expected}" hreflang="nl">' in notice


def test_outdated_notice_goes_under_the_title():
    assert with_notice("# Titre {#t}\n\nTexte\n", "<div>N</div>") == "# Titre {#t}\n\n<div>N</div>\n\n\nTexte\n"
    assert with_notice("Texte\n", "<div>N</div>") == "\n<div>N</div>\n\nTexte\n"


def test_outdated_translation_tells_readers_and_links_to_the_dutch_page(project_copy, tmp_path):
    append(project_copy / "docs" / "about.nl.md", "\nEen nieuwe alinea.\n")
    result = build(project_copy, tmp_path / "site")
    assert result.returncode == 0, result.output[-3000:]
    words = load_site_data(ROOT / "data", LANGUAGES).ui
    for lang, page in [("fr", "about"), ("en", "about")]:
        built = page_path(result.site, lang, page)
        text = built.read_text(encoding="utf-8")
        notice = re.search(r'<div class="admonition warning translation-outdated".*?</div>', text, re.DOTALL)
        assert notice, f"{lang}/{page}: no outdated notice"
        assert html.escape(words["translation_outdated"][lang]) in notice[0]
        href = re.search(r'<a href="([^"]+)" hreflang="nl">', notice[0])[1]
        target = (built.parent / href / "index.html").resolve()
        assert target == page_path(result.site, "nl", page).resolve(), f"{lang}/{page}: link goes to {href}"
        assert text.index("<h1") < text.index(notice[0]), "the notice follows the title"
    for lang, page in [("nl", "about"), ("fr", ""), ("fr", "glossary"), ("en", "models/comparison")]:
        assert "translation-outdated" not in page_path(result.site, lang, page).read_text(encoding="utf-8")
    report = (project_copy / REPORT_NAME).read_text(encoding="utf-8")
    assert "docs/about.fr.md: the nl page changed since it was translated" in report


# -- adding a language -------------------------------------------------------------------------
def _texts_per_language(node) -> int:
    """How many texts a data file gives per language: mappings keyed by the site's languages."""
    if isinstance(node, dict):
        if set(LANGUAGES) <= set(node):
            return 1
        return sum(_texts_per_language(value) for value in node.values())
    if isinstance(node, list):
        return sum(_texts_per_language(item) for item in node)
    return 0


def _add_german_texts(node) -> None:
    if isinstance(node, dict):
        if set(LANGUAGES) <= set(node):
            node["de"] = node["en"]
            return
        for value in node.values():
            _add_german_texts(value)
    elif isinstance(node, list):
        for item in node:
            _add_german_texts(item)


def _add_german_to_config(project: Path) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    english = "        - locale: en\n"
    assert text.count(english) == 1
    config.write_text(text.replace(english, "        - locale: de\n          name: Deutsch\n"
                                            "          build: true\n" + english), encoding="utf-8")


def test_adding_german_lists_exactly_what_to_translate_and_fails_until_done(project_copy, tmp_path):
    _add_german_to_config(project_copy)
    data_files = sorted((project_copy / "data").glob("*.yml"))
    pages = sorted(path.name.removesuffix(".nl.md") for path in (project_copy / "docs").glob("*.nl.md"))

    status = run_docs(project_copy, "i18n-status")
    assert status.returncode == 1
    to_translate = re.findall(r"^  (docs/\S+\.de\.md|data/[^:]+: \S+)", status.stdout, re.MULTILINE)
    assert sorted(item for item in to_translate if item.startswith("docs/")) == \
        [f"docs/{page}.de.md" for page in pages]
    for path in data_files:
        expected = _texts_per_language(yaml.safe_load(path.read_text(encoding="utf-8")))
        listed = [item for item in to_translate if item.startswith(f"data/{path.name}: ")]
        assert len(listed) == expected and all(item.endswith(".de") for item in listed), \
            f"{path.name}: {len(listed)} texts listed, {expected} to translate"
    assert len(to_translate) == len(pages) + sum(
        _texts_per_language(yaml.safe_load(path.read_text(encoding="utf-8"))) for path in data_files)
    assert not re.search(r"^  docs/\S+\.(nl|fr|en)\.md|\.(nl|fr|en)$", status.stdout, re.MULTILINE), \
        "only German is missing"

    failed = build(project_copy, tmp_path / "first")
    assert failed.returncode != 0 and "data/ui.yml: status_open.de: missing text in language 'de'" in failed.output

    for path in data_files:  # every data text translated (the English stands in for German here)
        content = yaml.safe_load(path.read_text(encoding="utf-8"))
        _add_german_texts(content)
        path.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False), encoding="utf-8")
    still_failing = build(project_copy, tmp_path / "second")
    assert still_failing.returncode != 0 and "docs/faq.de.md" in still_failing.output

    for page in pages:  # and every page
        shutil.copy(project_copy / "docs" / f"{page}.en.md", project_copy / "docs" / f"{page}.de.md")
    assert run_docs(project_copy, "i18n-status").returncode == 0
    without_making_brochures(project_copy)  # the English PDFs stand in for the German ones
    for english in sorted((project_copy / "docs" / "models" / "downloads").glob("*.en.pdf")):
        shutil.copy(english, english.with_name(english.name.replace(".en.pdf", ".de.pdf")))
    done = build(project_copy, tmp_path / "done")
    assert done.returncode == 0, done.output[-3000:]
    home = page_path(done.site, "de").read_text(encoding="utf-8")
    assert _html_lang(home) == "de"
