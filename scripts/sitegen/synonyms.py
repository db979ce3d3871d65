"""Words a reader may type for the same thing: data/synonyms.yml, and the pairs the glossary
already gives. The search worker treats every phrase of a group as a way of asking for the
others, in that language only."""

from __future__ import annotations

import re
from pathlib import Path

from sitegen.problems import Problem, ProblemsFound
from sitegen.validation import Checker, kind_of, read_yaml

SYNONYMS_FILE = "synonyms.yml"
GLOSSARY_PAGE = "glossary"  # docs/glossary.<lang>.md: its terms feed the synonyms
PHRASE = re.compile(r"^[\w' .’/-]+$")
GLOSSARY_HEADING = re.compile(r"^##\s+(?P<term>[^{(]+?)\s*(?:\((?P<other>[^)]+)\))?\s*(?:\{[^}]*\})?\s*$")
ABBREVIATION = re.compile(r"^[A-Z]{2,}$")  # "(CGVS)", not a remark such as "(Wallonia)"
TRANSLATIONS_LINE = re.compile(r"^\*(?P<pairs>(?:NL|FR|EN):.+)\*\s*$")
TRANSLATION = re.compile(r"(?:NL|FR|EN):\s*(?P<term>[^(·/]+?)\s*(?:\((?P<other>[^)]+)\))?\s*(?:·|/|$)")


class SynonymError(ProblemsFound):
    def __init__(self, problems: list[Problem]):
        super().__init__("Problems in data/synonyms.yml", problems)


def load_synonyms(data_dir: Path, docs_dir: Path, languages: list[str]) -> dict[str, list[list[str]]]:
    """The groups of equivalent phrases per language: the editors' file first, then the
    glossary's pairs. Raises SynonymError naming file, key and language."""
    problems: list[Problem] = []
    raw = read_yaml(data_dir / SYNONYMS_FILE, problems)
    if problems:
        raise SynonymError(problems)
    check = Checker(f"data/{SYNONYMS_FILE}", languages)
    groups = check_synonyms(raw, check)
    if check.problems:
        raise SynonymError(check.problems)
    for lang in languages:
        groups[lang] += glossary_groups(docs_dir / f"{GLOSSARY_PAGE}.{lang}.md")
    return groups


def check_synonyms(node, check: Checker) -> dict[str, list[list[str]]]:
    """`groups:` one list per language; a group is two or more different phrases of words."""
    groups: dict[str, list[list[str]]] = {lang: [] for lang in check.languages}
    if not check.mapping(node, "", ("groups",)) or not check.mapping(node["groups"], "groups", tuple(check.languages)):
        return groups
    for lang in check.languages:
        for number, group in enumerate(check.sequence(node["groups"][lang] or [], f"groups.{lang}")):
            path = f"groups.{lang}[{number + 1}]"
            if not isinstance(group, list) or len(group) < 2:
                check.problem(path, f"expected a list of at least two words or phrases, found {kind_of(group)}",
                              language=lang)
                continue
            phrases = []
            for place, phrase in enumerate(group):
                if not isinstance(phrase, str) or not phrase.strip() or not PHRASE.match(phrase):
                    check.problem(f"{path}[{place + 1}]", "expected a word or phrase (letters, digits, spaces, "
                                  f"hyphens, apostrophes), found {phrase!r}", language=lang)
                elif phrase.strip().lower() in (seen.lower() for seen in phrases):
                    check.problem(f"{path}[{place + 1}]", f"{phrase!r} is twice in this group", language=lang)
                else:
                    phrases.append(phrase.strip())
            if len(phrases) == len(group):
                groups[lang].append(phrases)
    return groups


def glossary_groups(page: Path) -> list[list[str]]:
    """The glossary pairs a term with its abbreviation or full name in its heading, "BELCO
    (culturele oriëntatie)", and with its names in the other languages, "*FR: … · EN: …*" (an abbreviation in brackets too, not a remark)."""
    if not page.is_file():
        return []
    groups, current = [], []
    for line in page.read_text(encoding="utf-8").splitlines():
        heading, translations = GLOSSARY_HEADING.match(line), TRANSLATIONS_LINE.match(line)
        if line.startswith("## ") and heading:
            current = [part.strip() for part in (heading["term"], heading["other"]) if part]
        elif translations and current:
            for match in TRANSLATION.finditer(translations["pairs"]):
                current.append(match["term"].strip())
                if match["other"] and ABBREVIATION.match(match["other"]):
                    current.append(match["other"])
            unique = list(dict.fromkeys(phrase for phrase in current if phrase and ":" not in phrase))
            if len(unique) > 1:
                groups.append(unique)
            current = []
    return groups
