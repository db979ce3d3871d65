"""Terminology: refused variants of the official terms, on pages and in data texts. No build."""

from __future__ import annotations

from pathlib import Path

from conftest import ROOT
from sitegen.terminology import Term, data_terminology_problems, load_terms, terminology_problems, text_problems

TERMS = {
    "nl": [Term("raad voor maatschappelijk welzijn", ("OCMW-raad",), "Sinds 2019.")],
    "en": [Term("welcome group", ("hosting group", "sponsor group"), "One name.",
                allow=("welcome group (hosting group)",))],
}


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_refused_variant_is_reported_with_the_term_to_use_and_the_reason():
    [problem] = text_problems("docs/a.nl.md", "nl", "Bespreek het in de ocmw-raad.", "line 3", TERMS)
    assert (problem.file, problem.path, problem.language, problem.kind) == ("docs/a.nl.md", "line 3", "nl", "terminology")
    assert problem.message == 'write "raad voor maatschappelijk welzijn", not "ocmw-raad": Sinds 2019.'


def test_only_whole_words_of_the_pages_language_count():
    assert text_problems("f", "nl", "een OCMW-raadslid en een OCMW-raadzaal", "line 1", TERMS) == []
    assert text_problems("f", "fr", "la OCMW-raad", "line 1", TERMS) == []


def test_a_variant_inside_an_allowed_phrase_passes():
    assert text_problems("f", "en", "A welcome group (hosting group) helps.", "line 1", TERMS) == []
    assert len(text_problems("f", "en", "A hosting   group helps.", "line 1", TERMS)) == 1


def test_pages_are_checked_as_read_not_in_code_comments_or_link_targets(tmp_path):
    docs = tmp_path / "docs"
    write(docs / "p.en.md", '---\ntitle: "The sponsor group"\ndescription: "D"\n---\n\n'
          "See [the group](faq.md \"hosting group\") and `hosting group`.\n<!-- hosting group -->\n"
          '<a href="/hosting group/">x</a>\n\n```\nhosting group\n```\n\nOur [hosting group](faq.md) helps.\n')
    write(docs / "models" / "q.nl.md", "---\ntitle: T\ndescription: D\n---\nDe OCMW-raad beslist.\n")
    problems = terminology_problems(docs, ["nl", "en"], TERMS, tmp_path)
    assert [(p.file, p.path) for p in problems] == [
        ("docs/models/q.nl.md", "line 5"), ("docs/p.en.md", "line 14"), ("docs/p.en.md", "line 2")]


def test_data_texts_are_checked_by_their_place(tmp_path):
    data = tmp_path / "data"
    write(data / "models.yml", "models:\n  - id: cs\n    summary:\n      nl: De OCMW-raad.\n      en: Fine.\n")
    [problem] = data_terminology_problems(data, ["nl", "en"], TERMS, tmp_path)
    assert (problem.file, problem.path, problem.language) == ("data/models.yml", "models[cs].summary.nl", "nl")


def test_the_terms_file_is_validated_with_places(tmp_path):
    path = write(tmp_path / "data" / "terminology.yml",
                 "terms:\n  nl:\n    - use: x\n      refuse: [y]\n      reason: z\n"
                 "    - use: x\n      reason: z\n  english:\n    - use: a\n")
    terms, problems = load_terms(path, tmp_path)
    assert [term.use for term in terms["nl"]] == ["x"]
    assert {p.path for p in problems} == {"terms.nl[1].refuse", "terms.english"}


def test_the_sites_terms_refuse_the_known_problems():
    terms, problems = load_terms(ROOT / "data" / "terminology.yml", ROOT)
    assert problems == []
    examples = {"nl": "de OCMW-raad, het flexibel partnerschap, een individuele sociale balans",
                "fr": "un accord de coopération", "en": "the sponsor group gives accompaniment"}
    found = {(language, p.message.split('not "')[1].split('"')[0])
             for language, text in examples.items() for p in text_problems("f", language, text, "line 1", terms)}
    assert found == {("nl", "OCMW-raad"), ("nl", "het flexibel partnerschap"), ("nl", "individuele sociale balans"),
                     ("fr", "accord de coopération"), ("en", "sponsor group"), ("en", "accompaniment")}
    assert text_problems("f", "nl", "een flexibel partnerschap", "line 1", terms) == []
