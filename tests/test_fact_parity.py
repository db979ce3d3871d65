"""Fact parity: the languages of a page state the same facts. Tiny pages in tmp_path, no build."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT
from sitegen.fact_parity import (
    Name, declared_differences, fact_parity_problems, fact_parity_summary, facts_in_markdown, load_names,
    parity_report,
)

LANGUAGES = ["nl", "fr", "en"]
NAMES = [
    Name("Fedasil", {"all": ("Fedasil",)}),
    Name("CGVS / CGRA / CGRS", {"nl": ("CGVS",), "fr": ("CGRA",), "en": ("CGRS",)}),
]


def keys(markdown: str, language: str = "en") -> set[tuple[str, str]]:
    return {fact.key for fact in facts_in_markdown(markdown, language, NAMES)}


def write_pages(root: Path, bodies: dict[str, str], page: str = "page",
                declarations: dict[str, str] | None = None) -> Path:
    """docs/<page>.<lang>.md for each language, with a metadata block; returns docs/."""
    docs = root / "docs"
    (docs / page).parent.mkdir(parents=True, exist_ok=True)
    for language, body in bodies.items():
        metadata = f'title: "T"\ndescription: "D"\nsources: [1]\n{(declarations or {}).get(language, "")}'
        (docs / f"{page}.{language}.md").write_text(f"---\n{metadata}---\n\n# T\n\n{body}\n", encoding="utf-8")
    return docs


def problems_of(tmp_path: Path, bodies: dict[str, str], languages: list[str] = LANGUAGES, **options):
    docs = write_pages(tmp_path, bodies, **options)
    return fact_parity_problems(docs, languages, NAMES, tmp_path)


# --- what is a fact ------------------------------------------------------------------------

@pytest.mark.parametrize("written, language", [
    ("5 275 people", "fr"), ("5.275 mensen", "nl"), ("5,275 people", "en"),
    ("5\u202f275 personnes", "fr"), ("5\u00a0275 personnes", "fr"),
])
def test_thousands_separators_read_the_same_number(written, language):
    assert keys(written, language) == {("figure", "5275")}


def test_a_comma_before_fewer_than_three_digits_is_a_decimal_point():
    assert keys("1,5 keer", "nl") == keys("1.5 times", "en") == {("figure", "1.5")}


@pytest.mark.parametrize("written, language", [
    ("€3,000", "en"), ("3 000 €", "fr"), ("€ 3.000", "nl"), ("3.000 euro", "nl"), ("EUR 3,000", "en"),
])
def test_amounts_in_every_notation(written, language):
    assert keys(written, language) == {("amount", "3000 EUR")}


@pytest.mark.parametrize("written, language", [("84%", "en"), ("84 %", "fr"), ("84 procent", "nl"),
                                                ("84 pour cent", "fr"), ("84\u202f%", "fr")])
def test_percentages_in_every_notation(written, language):
    assert keys(written, language) == {("percentage", "84%")}


@pytest.mark.parametrize("written, language", [
    ("18 months", "en"), ("18 mois", "fr"), ("18 maanden", "nl"), ("18 Monate", "de"),
])
def test_durations_in_every_language(written, language):
    assert keys(written, language) == {("duration", "18 month")}


def test_one_year_in_words_is_the_same_duration_as_in_digits():
    assert keys("for one year", "en") == keys("een jaar lang", "nl") == keys("pendant un an", "fr") \
        == keys("1 year", "en") == {("duration", "1 year")}


def test_numbers_in_words_outside_durations_are_not_facts():
    assert keys("three families and ten people", "en") == set()


@pytest.mark.parametrize("written, language", [
    ("16 maart 2023", "nl"), ("16 mars 2023", "fr"), ("16 March 2023", "en"), ("March 16, 2023", "en"),
    ("16/03/2023", "fr"), ("2023-03-16", "en"), ("am 16. März 2023", "de"),
])
def test_dates_in_every_notation_without_their_numbers_counted_again(written, language):
    assert keys(written, language) == {("date", "2023-03-16")}


def test_month_and_year_and_first_of_the_month():
    assert keys("maart 2023", "nl") == keys("mars 2023", "fr") == {("date", "2023-03")}
    assert keys("depuis le 1er juin 2022", "fr") == {("date", "2022-06-01")}


def test_may_as_a_verb_is_not_a_month():
    assert keys("Partners may 2 times apply", "en") == {("figure", "2")}


def test_years_are_their_own_kind():
    assert keys("since 2013, 500 refugees", "en") == {("year", "2013"), ("figure", "500")}


def test_links_compare_by_target_internal_ones_without_anchor_or_language():
    markdown = ("See [the questions](faq.md#costs), [mail](mailto:Team@Fedasil.be), "
                '<a href="https://fedasil.be/en">Fedasil site</a> and ![map](img/map.fr.png).')
    found = {key for key in keys(markdown) if key[0] != "name"}
    assert found == {("link", "faq.md"), ("email", "team@fedasil.be"), ("link", "https://fedasil.be/en"),
                     ("link", "img/map.png")}


def test_internal_links_resolve_from_the_page_folder():
    facts = facts_in_markdown("[contact](../become-a-partner.md#contact)", "en", page_folder="models")
    assert [fact.key for fact in facts] == [("link", "become-a-partner.md")]


def test_names_are_found_by_their_form_in_the_language_as_whole_words():
    assert keys("Het CGVS beslist.", "nl") == {("name", "CGVS / CGRA / CGRS")}
    assert keys("Le CGRA décide.", "fr") == {("name", "CGVS / CGRA / CGRS")}
    assert keys("The CGRA decides.", "en") == set()  # CGRA is not the English form
    assert keys("Fedasilhuis", "nl") == set()


def test_markup_and_structure_are_not_facts():
    markdown = ("1. First step\n## 2. Heading {#step-2}\n<!-- block: key-figures 2024 -->\n"
                "```\nvalue: 1234\n```\nLevel A2, NT2, `code 99`, the 2nd time.")
    assert keys(markdown) == set()


def test_each_fact_knows_its_line_and_sentence():
    [fact] = facts_in_markdown("First line.\n\nIt took 318 days. Then more.", "en", first_line=10)
    assert (fact.kind, fact.value, fact.line, fact.sentence) == ("duration", "318 day", 12, "It took 318 days.")


# --- comparing languages -------------------------------------------------------------------

SAME_FACTS = {
    "nl": "Sinds 2013 zijn 5.275 mensen hervestigd. Fedasil betaalt € 3.000 voor een jaar. Zie [FAQ](faq.md#kosten).",
    "fr": "Depuis 2013, 5 275 personnes ont été réinstallées. Fedasil paie 3 000 € pour un an. Voir [FAQ](faq.md#couts).",
    "en": "Since 2013, 5,275 people have been resettled. Fedasil pays €3,000 for one year. See [FAQ](faq.md#costs).",
}


def test_the_same_facts_written_three_ways_pass(tmp_path):
    assert problems_of(tmp_path, SAME_FACTS) == []


@pytest.mark.parametrize("language, old, new, fact", [
    ("en", "5,275", "5,257", '"5257" (figure)'),
    ("fr", "3 000 €", "2 000 €", '"2000 EUR" (amount)'),
    ("nl", "een jaar", "twee jaar", '"2 years" (duration)'),
    ("en", "Since 2013", "Since 2014", '"2014" (year)'),
    ("fr", "faq.md#couts", "glossary.md#couts", '"glossary.md" (link)'),
])
def test_a_fact_changed_in_one_language_is_reported_there(tmp_path, language, old, new, fact):
    bodies = {**SAME_FACTS, language: SAME_FACTS[language].replace(old, new)}
    assert old in SAME_FACTS[language]
    problems = problems_of(tmp_path, bodies)
    extra = [p for p in problems if p.message.startswith(f"fact {fact} is only in {language};")]
    assert len(extra) == 1, problems
    assert extra[0].file == f"docs/page.{language}.md" and extra[0].language == language
    assert extra[0].path == "line 9" and new.split("#")[0] in extra[0].message
    lacking = [p for p in problems if p.message.startswith("lacks fact")]
    assert {p.language for p in lacking} == {language}  # the old value is missing in that language


def test_a_dropped_date_is_missing_in_the_language_that_lacks_it(tmp_path):
    bodies = {"nl": "De oproep kwam op 16 maart 2023.", "fr": "L'appel date du 16 mars 2023.",
              "en": "The call came in spring."}
    [problem] = problems_of(tmp_path, bodies)
    assert problem.file == "docs/page.en.md" and problem.language == "en" and problem.kind == "fact-parity"
    assert problem.message == 'lacks fact "2023-03-16" (date) that nl/fr state: "De oproep kwam op 16 maart 2023."'


def test_an_email_and_a_name_only_in_one_language_are_reported(tmp_path):
    bodies = {"nl": "Schrijf ons.", "fr": "Écrivez-nous.", "en": "Write to resettlement@fedasil.be, the CGRS team."}
    problems = problems_of(tmp_path, bodies)
    assert {(p.language, p.message.split(" is only")[0]) for p in problems} == {
        ("en", 'fact "resettlement@fedasil.be" (email)'), ("en", 'fact "CGVS / CGRA / CGRS" (name)')}
    assert all("Write to resettlement@fedasil.be" in p.message for p in problems)


def test_an_age_that_loses_its_unit_is_the_same_fact_but_a_changed_unit_is_not(tmp_path):
    same = {"nl": "van 18 tot 65 jaar", "fr": "de 18 à 65 ans", "en": "aged 18 to 65"}
    assert problems_of(tmp_path / "a", same) == []
    changed = {"nl": "binnen 18 maanden", "fr": "dans les 18 mois", "en": "within 18 weeks"}
    assert {p.message.split(" that")[0].split(";")[0] for p in problems_of(tmp_path / "b", changed)} == {
        'lacks fact "18 months" (duration)', 'fact "18 weeks" (duration) is only in en'}


def test_a_name_a_language_does_not_list_is_not_compared_there(tmp_path):
    names = [Name("Convivial", {"nl": ("Convivial",), "fr": ("Convivial",)})]
    docs = write_pages(tmp_path, {"nl": "Convivial helpt.", "fr": "Convivial aide.", "en": "A non-profit helps."})
    assert fact_parity_problems(docs, LANGUAGES, names, tmp_path) == []


def test_a_fourth_language_is_compared_too(tmp_path):
    bodies = {**SAME_FACTS, "de": "Seit 2013 wurden 5.275 Menschen neu angesiedelt. Fedasil zahlt 3.000 € "
                                  "für ein Jahr. Siehe [FAQ](faq.md#kosten)."}
    assert problems_of(tmp_path / "same", bodies, LANGUAGES + ["de"]) == []
    drifted = {**bodies, "de": bodies["de"].replace("ein Jahr", "18 Monate")}
    problems = problems_of(tmp_path / "drift", drifted, LANGUAGES + ["de"])
    assert {(p.file, p.language) for p in problems} == {("docs/page.de.md", "de")}
    assert any('"18 months" (duration) is only in de' in p.message for p in problems)


def test_generated_pages_in_subfolders_are_compared(tmp_path):
    docs = write_pages(tmp_path, {"nl": "<td>500 personen</td>", "fr": "<td>500 personnes</td>",
                                  "en": "<td>50 people</td>"}, page="models/key-figures")
    problems = fact_parity_problems(docs, LANGUAGES, NAMES, tmp_path)
    assert {p.file for p in problems} == {"docs/models/key-figures.en.md"}


def test_the_report_counts_per_page_then_lists_each_problem(tmp_path):
    write_pages(tmp_path, SAME_FACTS, page="same")
    write_pages(tmp_path, {**SAME_FACTS, "en": SAME_FACTS["en"].replace("5,275", "5,000")}, page="drift")
    lines = parity_report(tmp_path / "docs", LANGUAGES, NAMES, tmp_path).splitlines()
    assert lines[0] == "Fact parity: 2 problems on 1 of 2 pages"
    assert [line.split() for line in lines[3:5]] == [["drift", "2", "0", "0"], ["same", "0", "0", "0"]]
    assert sum(line.startswith("docs/drift.en.md: line 9: ") for line in lines) == 2


# --- declared differences ------------------------------------------------------------------

DECLARED = 'fact_differences:\n  - fact: "318 days"\n    reason: "Only the English source gives it."\n'
WITH_EXTRA = {"nl": "Het gaat snel.", "fr": "C'est rapide.", "en": "It is fast: 318 days otherwise."}


def test_a_declared_difference_passes_and_is_listed(tmp_path):
    docs = write_pages(tmp_path, WITH_EXTRA, declarations={"en": DECLARED})
    assert fact_parity_problems(docs, LANGUAGES, NAMES, tmp_path) == []
    [declared] = declared_differences(docs, LANGUAGES, tmp_path)
    assert (declared.file, declared.language, declared.fact, declared.reason, declared.line) == (
        "docs/page.en.md", "en", "318 days", "Only the English source gives it.", 6)
    [summary] = fact_parity_summary(docs, LANGUAGES, NAMES, tmp_path)
    assert (summary.page, summary.matches, summary.declared) == ("page", True, 1)


def test_a_difference_may_be_declared_in_its_normalised_form(tmp_path):
    declared = DECLARED.replace('"318 days"', '"318 day"')
    assert problems_of(tmp_path, WITH_EXTRA, declarations={"en": declared}) == []


def test_a_declaration_in_another_language_does_not_cover_the_difference(tmp_path):
    problems = problems_of(tmp_path, WITH_EXTRA, declarations={"nl": DECLARED})
    assert {(p.file, p.message.split(";")[0].split(",")[0]) for p in problems} == {
        ("docs/page.en.md", 'fact "318 days" (duration) is only in en'),
        ("docs/page.nl.md", 'declares a difference for "318 days"')}


def test_a_stale_declaration_is_reported_at_its_line(tmp_path):
    bodies = {language: "318 days" if language == "en" else {"nl": "318 dagen", "fr": "318 jours"}[language]
              for language in LANGUAGES}
    [problem] = problems_of(tmp_path, bodies, declarations={"en": DECLARED})
    assert (problem.file, problem.path, problem.language) == ("docs/page.en.md", "line 6", "en")
    assert "no longer differ" in problem.message and "318 days" in problem.message
    [summary] = fact_parity_summary(tmp_path / "docs", LANGUAGES, NAMES, tmp_path)
    assert (summary.matches, summary.stale) == (False, 1)


def test_a_declaration_without_reason_is_a_problem(tmp_path):
    declared = 'fact_differences:\n  - fact: "318 days"\n'
    problems = problems_of(tmp_path, WITH_EXTRA, declarations={"en": declared})
    assert any("needs a 'fact' and a 'reason'" in p.message and p.path == "line 6" for p in problems)
    assert any("is only in en" in p.message for p in problems)


# --- names.yml -----------------------------------------------------------------------------

def test_names_file_is_validated_with_places(tmp_path):
    path = tmp_path / "data" / "names.yml"
    path.parent.mkdir()
    path.write_text("names:\n  - Fedasil\n  - {nl: [CGVS], fr: CGRA, xx1: [X]}\n  - {fr: []}\n"
                    "  - {nl: [Fedasil]}\n  - 12\n", encoding="utf-8")
    names, problems = load_names(path, tmp_path)
    assert [name.label for name in names] == ["Fedasil", "CGVS / CGRA", "Fedasil"]
    assert {(p.file, p.path) for p in problems} == {
        ("data/names.yml", "names[1].xx1"), ("data/names.yml", "names[2].fr"),
        ("data/names.yml", "names[3].nl"), ("data/names.yml", "names[4]")}


def test_the_sites_names_file_is_valid_and_knows_the_agencies():
    names, problems = load_names(ROOT / "data" / "names.yml", ROOT)
    assert problems == []
    forms = {form for name in names for forms in name.forms.values() for form in forms}
    assert {"Fedasil", "CGRA", "HCR", "OIM", "Immigration Office", "SB Overseas"} <= forms


def test_a_compound_number_word_is_not_read_as_a_range():
    """"dix-huit mois" is eighteen months, not "10-8 months"; only digits and the small number
    words count, so it is no fact at all, like "achttien maanden" and "eighteen months"."""
    for text, language in (("Dix-huit mois d'essai.", "fr"), ("Achttien maanden proef.", "nl"),
                           ("Eighteen months trial.", "en")):
        assert [fact for fact in facts_in_markdown(text, language) if fact.kind == "duration"] == []
    # words apart from each other still make a range
    assert [fact.value for fact in facts_in_markdown("De six à huit semaines.", "fr")
            if fact.kind == "duration"] == ["6-8 week"]
