"""One word for one thing: the refused variants of the site's official terms, per language.

data/terminology.yml lists, per language, the term the site uses, the variants that must not
appear and the reason shown to the editor. Pages are checked as a reader sees them: words in
code, HTML comments, link targets and HTML tags are not checked; link texts, titles and
descriptions are. Data texts can be checked with `text_problems`, one text at a time.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from sitegen.fact_parity import readable_lines
from sitegen.front_matter import FRONT_MATTER
from sitegen.problems import Problem
from sitegen.reading import SafeLoader, read_source
from sitegen.validation import read_yaml
from sitegen.translations import PAGE_NAME

KIND = "terminology"
LANGUAGE_CODE = re.compile(r"^[a-z]{2}$")
METADATA_TEXTS = re.compile(r"^(?:title|description):\s*(?P<text>.+)$")
OWN_FILES = ("terminology.yml", "names.yml")  # they name refused words on purpose


@dataclass(frozen=True)
class Term:
    """The word to use, the variants to refuse, and phrases in which a variant is right."""

    use: str
    refuse: tuple[str, ...]
    reason: str
    allow: tuple[str, ...] = ()

    @property
    def refused(self) -> re.Pattern:
        return re.compile("|".join(_whole_words(variant) for variant in self.refuse), re.IGNORECASE)

    @property
    def allowed(self) -> re.Pattern | None:
        return re.compile("|".join(map(_whole_words, self.allow)), re.IGNORECASE) if self.allow else None


Terms = dict[str, list[Term]]  # language -> terms


def _whole_words(phrase: str) -> str:
    """A phrase as a pattern: any spacing between its words, nothing glued before or after."""
    return r"(?<![\w-])" + r"\s+".join(map(re.escape, phrase.split())) + r"(?![\w-])"


def load_terms(path: Path, root: Path) -> tuple[Terms, list[Problem]]:
    """The terms of data/terminology.yml, and a Problem for each entry an editor must fix."""
    file = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()
    problems: list[Problem] = []
    try:
        content = read_yaml(path, problems)
    except OSError as error:
        return {}, [Problem(file, "", f"cannot be read ({error.strerror})")]
    if problems:
        return {}, [replace(problem, file=file) for problem in problems]
    by_language = content.get("terms") if isinstance(content, dict) else None
    if not isinstance(by_language, dict):
        return {}, [Problem(file, "terms", "needs one list of terms per language (terms: / nl: / - use: ...)")]
    terms: Terms = {}
    problems: list[Problem] = []
    for language, entries in by_language.items():
        if not (isinstance(language, str) and LANGUAGE_CODE.match(language)) or not isinstance(entries, list):
            problems.append(Problem(file, f"terms.{language}", "must be a language code (nl, fr, en) with a list of terms"))
            continue
        terms[language] = []
        for index, entry in enumerate(entries):
            term = _term(entry, file, f"terms.{language}[{index}]", problems)
            if term:
                terms[language].append(term)
    return terms, problems


def _term(entry: Any, file: str, where: str, problems: list[Problem]) -> Term | None:
    if not isinstance(entry, dict):
        problems.append(Problem(file, where, "needs 'use', 'refuse' and 'reason'"))
        return None
    found = len(problems)
    for key in ("use", "reason"):
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            problems.append(Problem(file, f"{where}.{key}", "needs a text"))
    lists = {key: entry.get(key, []) for key in ("refuse", "allow")}
    for key, value in lists.items():
        if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
            problems.append(Problem(file, f"{where}.{key}", "needs a list of words: [word, other word]"))
    if not lists["refuse"]:
        problems.append(Problem(file, f"{where}.refuse", "needs at least one word to refuse"))
    unknown = set(entry) - {"use", "refuse", "reason", "allow"}
    if unknown:
        problems.append(Problem(file, where, f"unknown key(s): {', '.join(map(str, sorted(unknown)))}"))
    if len(problems) > found:
        return None
    return Term(entry["use"].strip(), tuple(lists["refuse"]), entry["reason"].strip(), tuple(lists["allow"]))


def text_problems(file: str, language: str, text: str, path: str, terms: Terms) -> list[Problem]:
    """Every refused variant in one text (a line of a page, a text of a data file)."""
    problems = []
    for term in terms.get(language, []):
        allowed = term.allowed
        checked = allowed.sub(lambda match: " " * len(match[0]), text) if allowed else text
        for match in term.refused.finditer(checked):
            problems.append(Problem(file, path, f'write "{term.use}", not "{match[0]}": {term.reason}', KIND, language))
    return problems


def terminology_problems(docs_dir: Path, languages: list[str], terms: Terms, root: Path) -> list[Problem]:
    """Every refused variant on every page (hand-written and generated), with its line."""
    problems = []
    for path in sorted(docs_dir.rglob("*.md")):
        name = PAGE_NAME.match(path.name)
        if not name or name["lang"] not in languages:
            continue
        file, language = path.relative_to(root).as_posix(), name["lang"]
        for number, text in _readable_texts(read_source(path)):
            problems.extend(text_problems(file, language, text, f"line {number}", terms))
    return sorted(problems)


def _readable_texts(page: str) -> Iterator[tuple[int, str]]:
    """(line, text) of the title, the description and every line of prose of a page file."""
    metadata = FRONT_MATTER.match(page)
    body_start = 1
    if metadata:
        body_start = metadata[0].count("\n") + 1
        for number, line in enumerate(metadata[1].split("\n"), 2):
            if text := METADATA_TEXTS.match(line):
                yield number, text["text"]
    for line in readable_lines(page[metadata.end() if metadata else 0:], body_start):
        yield line.number, line.prose


def data_terminology_problems(data_dir: Path, languages: list[str], terms: Terms, root: Path) -> list[Problem]:
    """Every refused variant in the texts of data/*.yml, named by their place (models[2].summary.nl)."""
    problems = []
    for path in sorted(data_dir.glob("*.yml")):
        if path.name in OWN_FILES:
            continue
        content = yaml.load(read_source(path), Loader=SafeLoader)
        file = path.relative_to(root).as_posix()
        for place, language, text in _data_texts(content, ""):
            if language in languages:
                problems.extend(text_problems(file, language, text, place, terms))
    return sorted(problems)


def _data_texts(node: Any, place: str) -> Iterator[tuple[str, str, str]]:
    """(place, language, text) of every text written under a language code."""
    if isinstance(node, dict):
        for key, value in node.items():
            inner = f"{place}.{key}" if place else str(key)
            if isinstance(key, str) and LANGUAGE_CODE.match(key) and isinstance(value, str):
                yield inner, key, value
            else:
                yield from _data_texts(value, inner)
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from _data_texts(item, f"{place}[{item.get('id', index) if isinstance(item, dict) else index}]")
