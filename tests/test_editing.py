"""What editors without a developer meet: YAML mistakes in plain words, sessions with an end,
partner models added in data/ only, data texts tracked for translation, the preview."""

from __future__ import annotations

import pytest

from conftest import LANGUAGES, TODAY, edit_yaml
from sitegen.data import DataError, load_site_data
from sitegen.pages import fill_blocks, render_pages


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
