"""What editors without a developer meet: YAML mistakes in plain words, sessions with an end,
partner models added in data/ only, data texts tracked for translation, the preview."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from markupsafe import escape
from mkdocs.exceptions import Abort

from conftest import LANGUAGES, ROOT, TODAY, copy_sources, edit_yaml
from sitegen.brochure_document import brochure_html
from sitegen.data import DataError, load_site_data
from sitegen.generate import generate
from sitegen.fact_parity import data_text_parity_problems, load_names
from sitegen.i18n_status import data_texts, format_report, mark_data_translated, translation_status
from sitegen.pages import fill_blocks, render_pages
from sitegen.plugin import SitePlugin
from sitegen.project import Project, read_config
from sitegen.reading import load_yaml
from sitegen.site_settings import SiteSettings, with_fact_sheets_in_nav


@pytest.fixture
def sources(tmp_path) -> Path:
    """The real sources, copied without building them first (these tests build nothing)."""
    return copy_sources(tmp_path / "project")


def _problems(data_dir, name: str, text: str) -> list[str]:
    (data_dir / name).write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_site_data(data_dir, LANGUAGES)
    return [str(problem) for problem in caught.value.problems]


# -- YAML traps, in editor words -----------------------------------------------------------------
STATUS = "status: open\ndate: 2024-05\nchecked: 2024-05\ntext:\n"
YAML_TRAPS = [
    ("a line indented wrongly", STATUS + "  nl: Open\n fr: Ouvert\n  en: Open\n",
     "data/status.yml: line 6: this line starts in column 2, which lines it up with no entry above it"),
    ("a text with ' : ' and no quotes", STATUS + "  nl: Open\n  fr: Appel : ouvert\n  en: Open\n",
     "data/status.yml: line 6: this text contains ': ' (a colon and a space), which YAML reads as the start of a "
     "key; put the whole text between double quotes: fr: \"Appel : ouvert\""),
    ("a tab", STATUS + "  nl: Open\n\tfr: Ouvert\n  en: Open\n",
     "data/status.yml: line 6: this line is indented with a tab; YAML accepts only spaces"),
    ("a quote never closed", STATUS + '  nl: "Open\n  fr: Ouvert\n  en: Open\n',
     'data/status.yml: line 5: the text that starts with " on this line is never closed; add " at the end'),
    ("an over-indented key after a text", STATUS + "  nl: Open\n  fr: Ouvert\n    en: Open\n",
     "data/status.yml: line 7: 'en:' is indented further than 'fr:' on the line above; start 'en:' in the same "
     "column as 'fr:' (column 3)"),
    ("an over-indented key after a text on several lines", STATUS + "  nl: Open\n  fr: >-\n    Ouvert\n    en: Open\n",
     "data/status.yml: text.en: line 8: 'en:' is indented further than 'fr:' above it, so YAML read it as part of "
     "the fr text instead of a key of its own; start 'en:' in the same column as 'fr:'"),
]


@pytest.mark.parametrize("name, text, expected", YAML_TRAPS, ids=[case[0] for case in YAML_TRAPS])
def test_each_yaml_trap_gets_a_plain_message_with_its_line_and_fix(data_dir, name, text, expected):
    problems = _problems(data_dir, "status.yml", text)
    assert len(problems) == 1 and problems[0].startswith(expected), problems
    assert "missing text" not in problems[0] and "not valid YAML" not in problems[0]


# -- sessions ------------------------------------------------------------------------------------
def test_a_session_with_a_duration_ends_in_its_calendar_file_and_on_the_page(data_dir):
    edit_yaml(data_dir, "events.yml", lambda content: (content["events"][1].pop("end"),
                                                       content["events"][1].update(time="09:30", duration=90)))
    data = load_site_data(data_dir, LANGUAGES)
    ics = render_pages(data, TODAY)["events/future-session.en.ics"]
    assert "DTSTART;TZID=Europe/Brussels:20300115T093000\r\nDTEND;TZID=Europe/Brussels:20300115T110000\r\n" in ics
    assert "09:30–11:00" in fill_blocks("<!-- block: events -->", data, "en", "become-a-partner.md", TODAY)


def test_a_session_without_a_time_lasts_the_day_and_needs_no_source(data_dir):
    edit_yaml(data_dir, "events.yml", lambda content: content["events"][0].pop("source"))
    ics = render_pages(load_site_data(data_dir, LANGUAGES), TODAY)["events/past-session.nl.ics"]
    assert "DTSTART;VALUE=DATE:20230418\r\nDTEND;VALUE=DATE:20230419\r\n" in ics


@pytest.mark.parametrize("keys, expected", [
    ({"end": None}, "events[future-session].end: missing key: a session with a start time needs its end time"),
    ({"end": "13:00"}, "events[future-session].end: the session must end after it starts (14:00)"),
    ({"duration": 60}, "events[future-session].duration: give either an end time (end) or a duration, not both"),
    ({"end": None, "duration": "1h"}, "events[future-session].duration: expected the length of the session in minutes"),
])
def test_a_session_end_that_cannot_be_is_named(data_dir, keys, expected):
    def change(content):
        session = content["events"][1]
        session.update({key: value for key, value in keys.items() if value is not None})
        for key in [key for key, value in keys.items() if value is None]:
            session.pop(key)
    edit_yaml(data_dir, "events.yml", change)
    with pytest.raises(DataError) as caught:
        load_site_data(data_dir, LANGUAGES)
    [problem] = caught.value.problems
    assert str(problem).startswith(f"data/events.yml: {expected}"), str(problem)


# -- a new partner model: data/ only -----------------------------------------------------------
NEW_MODEL = {
    "id": "test-model", "route": "flexible-partnership", "source": "fedasil-partnerships",
    "name": {"nl": "Testmodel voor redacteurs", "fr": "Modèle d'essai des rédacteurs", "en": "Editors' test model"},
    "summary": {"nl": "Een model dat alleen de test toevoegt.", "fr": "Un modèle que seul le test ajoute.",
                "en": "A model that only the test adds."},
}


def test_a_new_model_in_data_alone_reaches_navigation_pages_and_brochures(sources):
    edit_yaml(sources / "data", "partner-models.yml", lambda content: content["models"].append(NEW_MODEL))
    project = Project.at(sources)
    data, _ = generate(project, TODAY)
    config = read_config(project.config_file)
    options = next(item["resettlement-site"] for item in config["plugins"]
                   if isinstance(item, dict) and "resettlement-site" in item)
    nav = json.dumps(with_fact_sheets_in_nav(config["nav"], options["fact_sheets_section"], data.models))
    assert '"models/ngo-on-its-own.md", "models/test-model.md"]' in nav, "the fact sheet follows the others"

    for lang in LANGUAGES:
        name = NEW_MODEL["name"][lang]
        for page in ("comparison", "route-guide", "test-model"):
            text = (project.generated / f"{page}.{lang}.md").read_text(encoding="utf-8")
            assert str(escape(name)) in text, f"{page}.{lang}: no {name!r}"

    settings = SiteSettings.read(project, None)
    containing = [brochure for brochure in data.brochures.brochures if "models/test-model" in brochure.pages]
    route_brochures = [brochure.id for brochure in data.brochures.brochures
                       if "models/flexible-partnership" in brochure.pages]
    assert [brochure.id for brochure in containing] == route_brochures, "by default: where its route's sheet is"
    for brochure in containing:
        pages = brochure.pages
        assert pages.index("models/test-model") == pages.index("models/ngo-on-its-own") + 1
        for lang in LANGUAGES:
            document = brochure_html(project, data, data.brochures, brochure, lang, settings, TODAY)
            assert str(escape(NEW_MODEL["name"][lang])) in document, f"{brochure.id}.{lang}"


def test_a_model_chooses_its_brochures_and_bad_entries_name_the_model(data_dir):
    brochures = load_site_data(data_dir, LANGUAGES).brochures.brochures
    chosen = brochures[-1].id
    edit_yaml(data_dir, "partner-models.yml", lambda content: content["models"][-1].update(brochures=[chosen]))
    data = load_site_data(data_dir, LANGUAGES)
    sheet = f"models/{data.models[-1]['id']}"
    assert [brochure.id for brochure in data.brochures.brochures if sheet in brochure.pages] == [chosen]

    edit_yaml(data_dir, "partner-models.yml", lambda content: content["models"][-1].update(brochures=["nope"]))
    with pytest.raises(DataError) as caught:
        load_site_data(data_dir, LANGUAGES)
    [problem] = caught.value.problems
    assert (problem.file, problem.path) == ("data/partner-models.yml", f"models[{data.models[-1]['id']}].brochures")


def test_a_model_page_missing_names_the_model_and_every_language(sources):
    edit_yaml(sources / "data", "partner-models.yml",
              lambda content: content["models"][0].update(page="no-such-page.md"))
    with pytest.raises(DataError) as caught:
        load_site_data(sources / "data", LANGUAGES)
    model_id = load_yaml((sources / "data" / "partner-models.yml").read_text(encoding="utf-8"))["models"][0]["id"]
    files = ", ".join(f"docs/no-such-page.{lang}.md" for lang in LANGUAGES)
    assert [str(problem) for problem in caught.value.problems] == [
        f"data/partner-models.yml: models[{model_id}].page: the page 'no-such-page.md' is missing in "
        f"{', '.join(LANGUAGES)} ({files}); write the name of a page of docs/ without its language, or create the page"]


@pytest.mark.parametrize("counted, expected", [
    ("Aborted with 1 warnings in strict mode!", "Aborted with 1 warning in strict mode!"),
    ("Aborted with 11 warnings, 1 errors in strict mode!", "Aborted with 11 warnings, 1 error in strict mode!"),
])
def test_a_failed_build_counts_in_good_english(counted, expected):
    error = Abort(counted)
    SitePlugin().on_build_error(error)
    assert error.format_message() == expected


# -- translation tracking for data texts -------------------------------------------------------
def _report(project: Path) -> str:
    return format_report(translation_status(Project.at(project)))


def test_a_changed_dutch_data_text_makes_its_translations_outdated_with_the_diff_until_marked(sources):
    models = load_yaml((sources / "data" / "partner-models.yml").read_text(encoding="utf-8"))["models"]
    model = models[-1]
    old = model["summary"]["nl"]
    edit_yaml(sources / "data", "partner-models.yml",
              lambda content: content["models"][-1]["summary"].update(nl=f"{old} Nieuw slotwoord."))
    place = f"models[{model['id']}].summary"
    outdated = {(text.file, text.place, text.lang) for text in translation_status(Project.at(sources)).outdated_texts}
    assert outdated == {("partner-models.yml", place, "fr"), ("partner-models.yml", place, "en")}
    report = _report(sources)
    assert f"data/partner-models.yml: {place} (fr): the nl text changed since it was translated" in report
    assert "{+Nieuw slotwoord.+}" in report
    assert re.search(r"^partner-models\.yml +complete +1 outdated +1 outdated$", report, re.MULTILINE)

    command = re.search(r"-> \.venv/bin/python (scripts/docs\.py i18n-status --mark '(.+?)' fr)$", report, re.MULTILINE)
    assert command and command[2] == f"data/partner-models.yml:{place}"
    marked = subprocess.run([sys.executable, *shlex.split(command[1])], cwd=sources, capture_output=True, text=True)
    assert marked.returncode == 0, marked.stderr
    left = {(text.place, text.lang) for text in translation_status(Project.at(sources)).outdated_texts}
    assert left == {(place, "en")}


def test_a_new_data_file_is_tracked_without_any_code(sources):
    (sources / "data" / "extra-words.yml").write_text(
        "words:\n  - id: one\n    label: {nl: Woord, fr: Mot, en: Word}\n", encoding="utf-8")
    outdated = [(text.file, text.place, text.lang, text.reason)
                for text in translation_status(Project.at(sources)).outdated_texts]
    assert outdated == [("extra-words.yml", "words[one].label", lang, "not marked as translated yet")
                        for lang in LANGUAGES[1:]]
    assert mark_data_translated(Project.at(sources), "data/extra-words.yml", "fr") == 1
    assert [text.lang for text in translation_status(Project.at(sources)).outdated_texts] == LANGUAGES[2:]


def test_an_outdated_page_shows_what_changed_in_dutch_and_where(sources):
    page = sources / "docs" / "about.nl.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nEen nieuwe zin voor de test.\n", encoding="utf-8")
    report = _report(sources)
    line = page.read_text(encoding="utf-8").splitlines().index("Een nieuwe zin voor de test.") + 1
    for lang in LANGUAGES[1:]:
        entry = report.split(f"docs/about.{lang}.md: the nl page changed since it was translated\n")[1]
        assert entry.startswith(f"      line {line}: {{+Een nieuwe zin voor de test.+}}\n"
                                f"      -> .venv/bin/python scripts/docs.py i18n-status --mark about {lang}\n"), entry[:300]


# -- the preview -------------------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=240) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def _wait_for(url: str, accept, seconds: float = 300) -> tuple[int, str]:
    deadline = time.monotonic() + seconds
    while True:
        try:
            answer = _get(url)
            if accept(*answer):
                return answer
        except (urllib.error.URLError, ConnectionError):
            pass
        assert time.monotonic() < deadline, f"{url}: no such answer in {seconds} s"
        time.sleep(1)


def _descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, pending = set(), [pid]
    while pending:
        for child in children.get(pending.pop(), []):
            found.add(child)
            pending.append(child)
    return found


def test_the_preview_shows_a_data_error_recovers_and_stops_with_make(project_copy):
    """As an editor previews: after a build (its pages and brochures in docs/models/), one language.
    The preview starts with a YAML mistake in data/, then a rebuild fails on a wrong value."""
    sources = project_copy
    shutil.copytree(ROOT / "docs" / "models", sources / "docs" / "models")
    status_file = sources / "data" / "status.yml"
    good = status_file.read_text(encoding="utf-8")
    french = next(number for number, line in enumerate(good.splitlines(), 1) if line.startswith("  fr:"))
    status_file.write_text(good.replace("\n  fr:", "\n\tfr:", 1), encoding="utf-8")
    port = _free_port()
    url = f"http://127.0.0.1:{port}/"
    # `sh` stands in for `make serve`: a parent that, stopped by its process id, does not pass it on.
    terminal = (sources.parent / "terminal.txt").open("w")
    make = subprocess.Popen(["sh", "-c", f'"{sys.executable}" scripts/docs.py serve --address 127.0.0.1:{port}; :'],
                            cwd=sources, env={**os.environ, "DOCS_LANGUAGE": "en"},
                            stdout=subprocess.DEVNULL, stderr=terminal, start_new_session=True)
    try:
        code, page = _wait_for(url, lambda status, text: status == 500)
        assert f"data/status.yml: line {french}: this line is indented with a tab; YAML accepts only spaces" \
            in page, page[:2000]
        assert all(f'<p lang="{lang}">' in page for lang in LANGUAGES if lang != "en"), "explained in every language"
        assert "BuildError" not in page, "the engine's own words for having stopped are left out"
        assert "/livereload/" in page, "the error page reloads by itself once the site builds again"
        status_file.write_text(good, encoding="utf-8")
        _wait_for(url, lambda status, text: status == 200 and "programme-status" in text)
        status_file.write_text(re.sub(r"(?m)^status: \w+", "status: opened", good), encoding="utf-8")
        code, page = _wait_for(url, lambda status, text: status == 500)
        assert "data/status.yml: status: expected one of open, paused, closed, message, found the text &#x27;opened&#x27;" \
            in page, page[:2000]
        assert "/livereload/" in page, "the error page reloads by itself once the site builds again"
        status_file.write_text(good, encoding="utf-8")
        _wait_for(url, lambda status, text: status == 200 and "programme-status" in text)
        processes = _descendants(make.pid)
        assert len(processes) >= 2, "docs.py and the engine it runs"
    finally:
        make.terminate()
        make.wait(timeout=30)
    deadline = time.monotonic() + 30
    while {pid for pid in processes if Path(f"/proc/{pid}").exists()} and time.monotonic() < deadline:
        time.sleep(0.5)
    left = {pid for pid in processes if Path(f"/proc/{pid}").exists()}
    assert not left, f"left running after make stopped: {left}"
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    terminal.close()
    assert "Traceback" not in (sources.parent / "terminal.txt").read_text(encoding="utf-8")


# -- prose that follows data -------------------------------------------------------------------
def test_the_number_of_examples_in_a_page_follows_the_models(sources):
    data = load_site_data(sources / "data", LANGUAGES)
    sentence = "Fedasil: {examples:flexible-partnership}."
    count = len(data.examples_of("flexible-partnership"))
    for lang in LANGUAGES:
        word = data.ui["number_words"][lang].split()[count]
        assert fill_blocks(sentence, data, lang, "flexible-partnerships.md", TODAY) == f"Fedasil: {word}."
    edit_yaml(sources / "data", "partner-models.yml", lambda content: content["models"].append(NEW_MODEL))
    more = load_site_data(sources / "data", LANGUAGES)
    for lang in LANGUAGES:
        word = more.ui["number_words"][lang].split()[count + 1]
        assert fill_blocks(sentence, more, lang, "flexible-partnerships.md", TODAY) == f"Fedasil: {word}."
    with pytest.raises(DataError) as caught:
        fill_blocks("One.\n{examples:no-such-route}\n", more, "fr", "flexible-partnerships.md", TODAY)
    [problem] = caught.value.problems
    assert (problem.file, problem.path, problem.language) == ("docs/flexible-partnerships.fr.md", "line 2", "fr")


def test_a_total_that_the_years_do_not_add_up_to_is_named_unless_declared(sources):
    data = load_site_data(sources / "data", LANGUAGES)
    [total] = [figure for figure in data.figures.values() if figure.get("total_of")]
    table = {lang: fill_blocks("<!-- block: figures-by-year -->", data, lang, "resettlement.md", TODAY)
             for lang in LANGUAGES}
    if total.get("difference"):
        for lang in LANGUAGES:
            assert str(escape(total["difference"]["reason"][lang])) in table[lang], f"{lang}: reason not shown"
    edit_yaml(sources / "data", "key-figures.yml", lambda content: content["by_year"][0].update(
        resettled=content["by_year"][0]["resettled"] + 1))
    with pytest.raises(DataError) as caught:
        load_site_data(sources / "data", LANGUAGES)
    [problem] = caught.value.problems
    assert (problem.file, problem.path, problem.kind) == ("data/key-figures.yml", f"figures[{total['id']}]", "consistency")
    assert "add up to" in problem.message and "declare the difference" in problem.message


def test_a_fact_in_one_language_of_a_data_text_names_the_text(sources):
    model = load_yaml((sources / "data" / "partner-models.yml").read_text(encoding="utf-8"))["models"][-1]
    edit_yaml(sources / "data", "partner-models.yml", lambda content: content["models"][-1]["summary"].update(
        en=content["models"][-1]["summary"]["en"] + " Since 2031."))
    names, _ = load_names(sources / "data" / "names.yml", sources)
    problems = data_text_parity_problems(data_texts(Project.at(sources)), LANGUAGES, names)
    assert [str(problem) for problem in problems] == [
        f'data/partner-models.yml: models[{model["id"]}].summary.{lang}: lacks fact "2031" (year) that en state'
        for lang in LANGUAGES[:2]]
