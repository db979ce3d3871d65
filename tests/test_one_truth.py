"""One truth in three languages: the same facts, a dated status that drives the calls to action,
the site's own voice."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import LANGUAGES, ROOT, build, edit_yaml, page_path, without_making_brochures
from sitegen.citations import citation_problems
from sitegen.data import load_site_data
from sitegen.fact_parity import fact_parity_problems, load_names
from sitegen.pages import fill_blocks

DATA = load_site_data(ROOT / "data", LANGUAGES)
UI = DATA.ui
CALL_PAGES = ["", "community-sponsorship", "flexible-partnerships", "become-a-partner"]


def _text(html: str) -> str:
    """What a reader sees; narrow no-break spaces (French typography) are kept."""
    return re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", "", html)).replace("&#39;", "'")


def _words(key: str, lang: str) -> str:
    """The fixed part of an interface text before its first placeholder."""
    return UI[key][lang].split("{")[0].strip()


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


# -- facts --------------------------------------------------------------------------------------
def test_a_drift_of_each_kind_in_one_language_stops_the_build_naming_page_language_and_fact(project_copy, tmp_path):
    _append(project_copy / "docs" / "about.fr.md",
            "\nUn fait de plus : 4 321 personnes sont venues le 3 mai 2021, pour 1 234 € au total. "
            "Écrivez à contact@example.org ou lisez [cette page](https://example.org/page) de SB Overseas.\n")
    result = build(project_copy, tmp_path / "site")
    assert result.returncode != 0
    for fact in ('"4321" (figure)', '"2021-05-03" (date)', '"1234 EUR" (amount)', '"contact@example.org" (email)',
                 '"https://example.org/page" (link)', '"SB Overseas" (name)'):
        assert "docs/about.fr.md: line " in result.output and f"fact {fact} is only in fr" in result.output, \
            f"{fact} not reported:\n{result.output[-3000:]}"
    assert "it stands in: \"Un fait de plus" in result.output
    assert not (tmp_path / "site").exists()


def test_a_declared_difference_passes_and_is_listed_by_i18n_status(project_copy):
    page = project_copy / "docs" / "about.en.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("---\n", "---\nfact_differences:\n  - fact: \"4 321\"\n"
                                          "    reason: \"Only the English source counts them.\"\n", 1)
                    + "\nOne more fact: 4,321 people.\n", encoding="utf-8")
    names, _ = load_names(project_copy / "data" / "names.yml", project_copy)
    assert fact_parity_problems(project_copy / "docs", LANGUAGES, names, project_copy) == []
    status = subprocess.run([sys.executable, str(project_copy / "scripts" / "docs.py"), "i18n-status"],
                            cwd=project_copy, capture_output=True, text=True)
    assert "docs/about.en.md, line 3 (en): 4 321: Only the English source counts them." in status.stdout, status.stdout
    assert "  about: the same in every language; 1 declared difference(s)" in status.stdout


def test_the_site_states_the_same_facts_in_every_language():
    names, problems = load_names(ROOT / "data" / "names.yml", ROOT)
    assert problems == []
    found = fact_parity_problems(ROOT / "docs", LANGUAGES, names, ROOT)
    assert found == [], "\n".join(map(str, found))


# -- sources ------------------------------------------------------------------------------------
def test_an_unknown_source_or_languages_citing_different_sources_are_problems(project_copy):
    for lang, ids in (("fr", "[fedasil-call-2023, no-such-source]"), ("en", "[fedasil-call-2023]")):
        page = project_copy / "docs" / f"downloads.{lang}.md"
        page.write_text(re.sub(r"^sources: .*$", f"sources: {ids}", page.read_text(encoding="utf-8"),
                               count=1, flags=re.MULTILINE), encoding="utf-8")
    problems = {(problem.file, problem.message.split(":")[0])
                for problem in citation_problems(project_copy / "docs", LANGUAGES, DATA.sources, project_copy)}
    assert ("docs/downloads.fr.md", "unknown source 'no-such-source'") in problems
    assert any(file == "docs/downloads.en.md" and message.startswith("cites other sources than the nl page")
               for file, message in problems), problems


# -- the programme status -----------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_shows_the_status_with_the_date_it_was_checked(site, lang):
    pages = sorted((site if lang == "nl" else site / lang).rglob("index.html"))
    pages = [page for page in pages if lang != "nl" or page.relative_to(site).parts[0] not in ("fr", "en")]
    assert len(pages) > 15
    for page in pages:
        html = page.read_text(encoding="utf-8")
        notice = re.search(r'<div class="programme-status" role="note".*?</div>', html, re.DOTALL)
        assert notice, f"{page}: no status notice"
        assert f'<time datetime="{DATA.status["checked"]}">' in notice[0], f"{page}: no check date"
        assert _words("status_checked", lang) in _text(notice[0])


@pytest.mark.parametrize("status", ["open", "paused", "closed", "message"])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_call_to_action_follows_the_status(status, lang):
    data = load_site_data(ROOT / "data", LANGUAGES)
    data.status["status"] = status
    block = fill_blocks("<!-- block: call-to-action -->", data, lang, "index.md", None)
    invites = _words("call_to_action_open", lang) in block.replace("&#39;", "'")
    asks = _words("call_to_action_ask", lang) in block.replace("&#39;", "'")
    assert (invites, asks) == (status == "open", status != "open")
    assert f"mailto:{data.brochures.contact}" in block


def _calls(site: Path, lang: str) -> list[tuple[bool, bool]]:
    found = []
    for page in CALL_PAGES:
        text = _text(page_path(site, lang, page).read_text(encoding="utf-8"))
        found.append((_words("call_to_action_open", lang) in text, _words("call_to_action_ask", lang) in text))
    return found


def test_switching_the_status_changes_the_calls_to_action_in_every_language(site, project_copy, tmp_path):
    current = DATA.status["status"]
    edit_yaml(project_copy / "data", "status.yml",
              lambda content: content.update(status="closed" if current == "open" else "open"))
    without_making_brochures(project_copy)  # the covers' status line: test_brochures.py
    switched = build(project_copy, tmp_path / "site")
    assert switched.returncode == 0, switched.output[-3000:]
    for lang in LANGUAGES:
        before, after = _calls(site, lang), _calls(switched.site, lang)
        assert before == [(current == "open", current != "open")] * len(CALL_PAGES), (lang, before)
        assert after == [(current != "open", current == "open")] * len(CALL_PAGES), (lang, after)


# -- the site's voice ---------------------------------------------------------------------------
WRONG_VOICE = {
    "nl": [r"\bwe (?:vonden|hebben .* gevonden|konden)", r"\bwij (?:vonden|konden)", r"niet gevonden",
           r"geen openbare informatie", r"deze site heeft geen", r"deze site kan .* niet"],
    "fr": [r"nous n'avons pas trouvé", r"\bnous n'avons pas", r"pas trouvé", r"aucune information publique",
           r"ce site n'a pas", r"ce site ne peut pas"],
    "en": [r"\bwe (?:found|could not|couldn't)", r"\bnot found\b", r"no public information",
           r"this site has no", r"this site cannot"],
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_sentence_speaks_as_someone_who_researched_the_programme(lang):
    texts = {path.relative_to(ROOT).as_posix(): path.read_text(encoding="utf-8")
             for path in sorted((ROOT / "docs").glob(f"*.{lang}.md"))}
    for path in sorted((ROOT / "data").glob("*.yml")):
        content = yaml.safe_load(path.read_text(encoding="utf-8"))
        texts[f"data/{path.name}"] = " ".join(re.findall(rf"'{lang}': '([^']*)'", repr(content)))
    for name, text in texts.items():
        for phrase in WRONG_VOICE[lang]:
            match = re.search(phrase, text, re.IGNORECASE)
            assert not match, f"{name}: '{match[0]}' speaks as a researcher, not as the programme's site"
