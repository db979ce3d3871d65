"""The partner-model generator as a plain function: data in, files out, no MkDocs."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from conftest import edit_yaml as edit, LANGUAGES, ROOT, TODAY
from sitegen.data import DataError, load_site_data
from sitegen.generate import write_generated
from sitegen.pages import fill_blocks, render_pages
from sitegen.problems import ProblemsFound


def problems(data_dir: Path, languages=LANGUAGES) -> list[str]:
    with pytest.raises(DataError) as caught:
        load_site_data(data_dir, languages)
    return [str(problem) for problem in caught.value.problems]


def test_generates_every_page_in_every_language(data_dir):
    files = render_pages(load_site_data(data_dir, LANGUAGES), TODAY)
    for lang in LANGUAGES:
        for page in ("comparison", "route-one", "route-two", "example-of-two", "who-does-what",
                     "route-guide", "key-figures"):
            assert f"{page}.{lang}.md" in files, f"{page}.{lang}.md not generated"
        assert f"events/future-session.{lang}.ics" in files


def test_comparison_is_a_real_table_with_every_route_and_dimension(data_dir):
    page = render_pages(load_site_data(data_dir, LANGUAGES), TODAY)["comparison.fr.md"]
    table = page[page.index("<table"):page.index("</table>")]
    assert "<caption>" in table
    assert re.findall(r'<th scope="col">([^<]+)</th>', table) == ["Point", "Voie une", "Voie deux"]
    assert re.findall(r'<th scope="row">([^<]+)</th>', table) == ["Durée", "Argent"]
    assert "### Durée" in page and "### Argent" in page  # searchable headings per dimension


def test_unknown_fact_sends_readers_to_the_team(data_dir):
    files = render_pages(load_site_data(data_dir, LANGUAGES), TODAY)
    assert "Not published – ask the resettlement team](../become-a-partner.md#contact)" in files["route-two.en.md"]


def test_figures_in_texts_are_formatted_per_language(data_dir):
    files = render_pages(load_site_data(data_dir, LANGUAGES), TODAY)
    assert "€ 1.234 per persoon" in files["route-two.nl.md"]
    assert "1\u00a0234 € par personne" in files["route-two.fr.md"]
    assert "€1,234 per person" in files["route-two.en.md"]


def test_an_example_inherits_its_route_unless_it_has_its_own_value(data_dir):
    page = render_pages(load_site_data(data_dir, LANGUAGES), TODAY)["example-of-two.en.md"]
    assert "Separate amount" in page and "€1,234" not in page
    assert "as for Route two" in page  # the inherited dimension says where it comes from


def test_text_from_data_is_escaped(data_dir):
    edit(data_dir, "partner-models.yml",
         lambda content: content["models"][0]["summary"].update(en="<script>alert(1)</script> & co"))
    page = render_pages(load_site_data(data_dir, LANGUAGES), TODAY)["route-one.en.md"]
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in page


def test_output_is_identical_across_runs(data_dir):
    data = load_site_data(data_dir, LANGUAGES)
    assert render_pages(data, TODAY) == render_pages(load_site_data(data_dir, LANGUAGES), TODAY)


def test_events_are_split_into_upcoming_and_past_on_the_build_date(data_dir):
    data = load_site_data(data_dir, LANGUAGES)
    block = fill_blocks("<!-- block: events -->", data, "en", "become-a-partner.md", TODAY)
    upcoming, past = block.split("Past sessions")
    assert "New session" in upcoming and "Register" in upcoming and ".ics" in upcoming
    assert "Old session" in past and "Old session" not in upcoming
    later = fill_blocks("<!-- block: events -->", data, "en", "become-a-partner.md", dt.date(2031, 1, 1))
    assert "New session" in later.split("Past sessions")[1]


def test_calendar_file_is_valid_icalendar(data_dir):
    ics = render_pages(load_site_data(data_dir, LANGUAGES), TODAY)["events/future-session.fr.ics"]
    assert ics.startswith("BEGIN:VCALENDAR\r\n") and ics.endswith("END:VCALENDAR\r\n")
    assert "DTSTART;TZID=Europe/Brussels:20300115T140000" in ics
    assert "SUMMARY:Nouvelle session" in ics and "LOCATION:Bruxelles" in ics
    assert "BEGIN:VTIMEZONE\r\nTZID:Europe/Brussels\r\n" in ics  # the zone its start time refers to


def test_calendar_file_keeps_texts_as_written_and_folds_long_lines(data_dir):
    title = "Questions & réponses, une très longue séance d'information pour les partenaires; bienvenue"
    edit(data_dir, "events.yml", lambda c: c["events"][1]["title"].update(fr=title))
    ics = render_pages(load_site_data(data_dir, LANGUAGES), TODAY)["events/future-session.fr.ics"]
    assert all(len(line.encode("utf-8")) <= 75 for line in ics.split("\r\n")), "lines longer than 75 bytes"
    expected = "SUMMARY:Questions & réponses\\, une très longue séance d'information pour les partenaires\\; bienvenue"
    assert expected in ics.replace("\r\n ", "")  # unfolded, as a calendar app reads it
    assert "VTIMEZONE" not in render_pages(load_site_data(data_dir, LANGUAGES), TODAY)["events/past-session.fr.ics"]


def test_blocks_link_relative_to_the_page(data_dir):
    data = load_site_data(data_dir, LANGUAGES)
    assert "(models/key-figures.md)" in fill_blocks("<!-- block: key-figures -->", data, "nl", "index.md", TODAY)
    assert "(../models/key-figures.md)" in fill_blocks("<!-- block: key-figures -->", data, "nl", "sub/page.md", TODAY)


# -- validation: one clear line per problem, naming file, place and expectation ---------------
BAD_INPUTS = [
    ("unknown key", "partner-models.yml",
     lambda c: c["models"][0].update(colour="blue"),
     "data/partner-models.yml: models[route-one].colour: unknown key"),
    ("missing key", "partner-models.yml",
     lambda c: c["models"][1].pop("summary"),
     "data/partner-models.yml: models[route-two].summary: missing key"),
    ("missing language", "partner-models.yml",
     lambda c: c["dimensions"][0]["values"]["route-one"]["text"].pop("fr"),
     "data/partner-models.yml: dimensions[duration].values[route-one].text.fr: missing text in language 'fr'"),
    ("unknown route in values", "partner-models.yml",
     lambda c: c["dimensions"][0]["values"].update({"route-three": "unknown"}),
     "data/partner-models.yml: dimensions[duration].values.route-three: unknown key"),
    ("route without a value", "partner-models.yml",
     lambda c: c["dimensions"][1]["values"].pop("route-one"),
     "data/partner-models.yml: dimensions[money].values.route-one: missing key"),
    ("unknown actor", "partner-models.yml",
     lambda c: c["phases"][0]["tasks"][0].update(actor="mayor"),
     "data/partner-models.yml: phases[start].tasks[0].actor: unknown actor 'mayor'"),
    ("unknown model in the guide", "partner-models.yml",
     lambda c: c["route_guide"][0]["answers"][0].update(fits=["route-nine"]),
     "data/partner-models.yml: route_guide[who].answers[group].fits: unknown model 'route-nine'"),
    ("duplicate id", "partner-models.yml",
     lambda c: c["models"].append(dict(c["models"][0])),
     "data/partner-models.yml: models[route-one]: duplicate id"),
    ("wrong type", "key-figures.yml",
     lambda c: c["figures"][0].update(value="1.234"),
     "data/key-figures.yml: figures[amount].value: expected a whole number"),
    ("unknown source", "partner-models.yml",
     lambda c: c["models"][0].update(source="blog-post"),
     "data/partner-models.yml: models[route-one].source: unknown source 'blog-post'"),
    ("unknown figure in a text", "partner-models.yml",
     lambda c: c["dimensions"][1]["values"]["route-two"]["text"].update(en="{amout} per person"),
     "data/partner-models.yml: dimensions[money].values[route-two].text.en: unknown figure 'amout'"),
    ("date that does not parse", "key-figures.yml",
     lambda c: c["figures"][0].update(as_of="2023-13"),
     "data/key-figures.yml: figures[amount].as_of: expected a date as YYYY-MM-DD, YYYY-MM or YYYY, found '2023-13'"),
    ("event date that does not parse", "events.yml",
     lambda c: c["events"][0].update(date="18 April 2023"),
     "data/events.yml: events[past-session].date: expected a date"),
    ("event in an unknown language", "events.yml",
     lambda c: c["events"][1].update(language="de"),
     "data/events.yml: events[future-session].language: unknown language 'de'"),
]


@pytest.mark.parametrize("name, file, change, expected", BAD_INPUTS, ids=[case[0] for case in BAD_INPUTS])
def test_bad_input_is_reported_precisely(data_dir, name, file, change, expected):
    edit(data_dir, file, change)
    found = problems(data_dir)
    assert any(problem.startswith(expected) for problem in found), "\n".join(found)


def test_malformed_yaml_names_file_and_line(data_dir):
    (data_dir / "events.yml").write_text("events:\n  - id: x\n    title: [unclosed\n", encoding="utf-8")
    [problem] = problems(data_dir)
    assert problem.startswith("data/events.yml: line ") and "not valid YAML" in problem


def test_a_new_language_asks_for_its_texts(data_dir):
    found = problems(data_dir, LANGUAGES + ["de"])
    assert "data/partner-models.yml: models[route-one].name.de: missing text in language 'de'" in found
    assert "data/ui.yml: comparison_title.de: missing text in language 'de'" in found


def test_nothing_is_written_when_data_is_invalid(data_dir, tmp_path):
    from sitegen.generate import generate
    from sitegen.project import Project

    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(data_dir, project / "data")
    edit(project / "data", "key-figures.yml", lambda c: c["figures"][0].update(unit="dollars"))
    with pytest.raises(DataError):
        generate(Project.at(project), TODAY)
    assert not (project / "docs" / "models").exists()


def test_generation_never_overwrites_a_hand_made_folder(data_dir, tmp_path):
    from sitegen.generate import generate
    from sitegen.project import Project

    project = tmp_path / "project"
    hand_made = project / "docs" / "models" / "notes.nl.md"
    hand_made.parent.mkdir(parents=True)
    hand_made.write_text("# Mine\n", encoding="utf-8")
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(data_dir, project / "data")
    with pytest.raises(ProblemsFound, match="was not made by the generator"):
        generate(Project.at(project), TODAY)
    assert hand_made.read_text(encoding="utf-8") == "# Mine\n"


def test_write_generated_only_touches_changed_files_and_removes_stale_ones(tmp_path):
    folder = tmp_path / "models"
    assert write_generated(folder, {"a.nl.md": "A", "b.nl.md": "B"}) == ["a.nl.md", "b.nl.md"]
    mtime = (folder / "a.nl.md").stat().st_mtime_ns
    assert write_generated(folder, {"a.nl.md": "A", "c.nl.md": "C"}) == ["c.nl.md", "b.nl.md"]
    assert (folder / "a.nl.md").stat().st_mtime_ns == mtime
    assert sorted(path.name for path in folder.iterdir()) == ["a.nl.md", "c.nl.md"]


def test_the_real_data_is_valid():
    data = load_site_data(ROOT / "data", LANGUAGES)
    assert {model["id"] for model in data.routes} == {"community-sponsorship", "flexible-partnership"}
