"""Which translations are missing or behind their Dutch source: every page and every data text.

How "behind" is known: each translated page records, in its metadata block, the Dutch text it
was translated from, as `translated_from: "<fingerprint>"`: the first 12 characters of the
SHA-256 of the Dutch page's body (everything below its metadata block). When the Dutch body
changes, so does its fingerprint, and the translation is reported as outdated until an editor
has updated it and runs `scripts/docs.py i18n-status --mark PAGE LANG`, which records the new
fingerprint (and changes nothing else in the file).

Chosen over git history because it works in any copy of the sources (a download, a shallow
clone, a build server without history), and because it records what the translator compared
with, not when a file was last touched: fixing a typo in a translation does not hide that its
Dutch page changed.

Data files hold every language side by side, so for them only missing texts are counted:
with the validation of sitegen.data for the files it knows, and for any other data/*.yml file
(such as the brochures' list) by finding every text given per language.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from sitegen.data import DATA_FILES, DataError, load_site_data
from sitegen.fact_parity import Declaration, PageParity, declared_differences, fact_parity_summary, load_names
from sitegen.front_matter import FrontMatterError, split_page
from sitegen.project import Project
from sitegen.reading import SafeLoader
from sitegen.validation import MISSING_TEXT
from sitegen.translations import page_sources

SOURCE_KEY = "translated_from"
FINGERPRINT_LENGTH = 12
REPORT_NAME = "i18n-status.txt"  # written into the project (not the site) by scripts/docs.py build

SOURCE, CURRENT, OUTDATED, MISSING = "source", "current", "outdated", "missing"

LANGUAGE_CODE = re.compile(r"^[a-z]{2}$")
FRONT_MATTER_PARTS = re.compile(r"\A(?P<head>---(?P<newline>\r?\n).*?)(?P<closing>\r?\n---(?:\r?\n|\Z))", re.DOTALL)
SOURCE_LINE = re.compile(rf"^{SOURCE_KEY}:[^\r\n]*", re.MULTILINE)


class I18nError(ValueError):
    """A request the status tool cannot carry out; the message says what to do instead."""


@dataclass(frozen=True)
class PageState:
    page: str  # page name without language: 'faq', 'sub/page'
    lang: str
    state: str  # source | current | outdated | missing
    path: Path  # the file (to create, when missing), relative to the project root
    reason: str = ""


@dataclass
class TranslationStatus:
    languages: list[str]  # the source language first
    pages: list[PageState]
    missing_texts: dict[str, dict[str, list[str]]]  # data file -> language -> keys without text
    errors: list[str] = field(default_factory=list)  # problems that are not a missing translation
    facts: list[PageParity] = field(default_factory=list)  # per page: the same facts in every language?
    declared: list[Declaration] = field(default_factory=list)  # differences pages mean to keep

    def pages_in(self, state: str) -> list[PageState]:
        return [page for page in self.pages if page.state == state]

    def texts_to_translate(self) -> list[str]:
        """Each missing data text as 'data/<file>: <place>.<lang>'."""
        return [f"data/{filename}: {key}" for filename, by_lang in self.missing_texts.items()
                for keys in by_lang.values() for key in keys]

    @property
    def complete(self) -> bool:
        """Nothing missing and nothing broken; outdated translations are allowed."""
        return not self.pages_in(MISSING) and not self.texts_to_translate() and not self.errors


# -- pages ----------------------------------------------------------------------------------
def source_fingerprint(body: str) -> str:
    """Short fingerprint of a Dutch page's body; surrounding blank lines do not count."""
    return hashlib.sha256(body.strip().encode("utf-8")).hexdigest()[:FINGERPRINT_LENGTH]


def hand_written_pages(project: Project) -> dict[str, dict[str, Path]]:
    """Pages in docs/ per language, without docs/models/ (written from data/, never translated)."""
    generated = project.generated.relative_to(project.docs).as_posix() + "/"
    return {page: files for page, files in page_sources(project.docs).items() if not page.startswith(generated)}


def page_states(project: Project, languages: list[str]) -> tuple[list[PageState], list[str]]:
    """The state of every page in every language, and the problems that prevent knowing it."""
    states: list[PageState] = []
    errors: list[str] = []
    source_lang = languages[0]
    for page, files in sorted(hand_written_pages(project).items()):
        errors += _unknown_languages(project, files, languages)
        try:
            fingerprint = _fingerprint_of(project, files.get(source_lang))
            for lang in languages:
                states.append(_page_state(project, page, lang, files, source_lang, fingerprint))
        except FrontMatterError as error:
            errors.append(_relative(project, str(error)))
    return states, errors


def _page_state(project: Project, page: str, lang: str, files: dict[str, Path],
                source_lang: str, fingerprint: str | None) -> PageState:
    path = files.get(lang)
    if path is None:
        return PageState(page, lang, MISSING, (project.docs / f"{page}.{lang}.md").relative_to(project.root))
    relative = path.relative_to(project.root)
    meta, _ = split_page(path)
    if lang == source_lang:
        if SOURCE_KEY in meta:
            raise FrontMatterError(f"{path}: {SOURCE_KEY}: the {source_lang} page is the source of the "
                                   f"translations; remove this line")
        return PageState(page, lang, SOURCE, relative)
    if fingerprint is None:
        return PageState(page, lang, OUTDATED, relative, f"there is no {source_lang} page to compare with")
    recorded = meta.get(SOURCE_KEY)
    if recorded is None:
        return PageState(page, lang, OUTDATED, relative, f"no {SOURCE_KEY} line in its metadata")
    if str(recorded) != fingerprint:
        return PageState(page, lang, OUTDATED, relative, f"the {source_lang} page changed since it was translated")
    return PageState(page, lang, CURRENT, relative)


def _fingerprint_of(project: Project, source: Path | None) -> str | None:
    return source_fingerprint(split_page(source)[1]) if source else None


def _unknown_languages(project: Project, files: dict[str, Path], languages: list[str]) -> list[str]:
    return [
        f"{path.relative_to(project.root)}: '{lang}' is not a language of this site "
        f"({', '.join(languages)}); rename the file or add the language to mkdocs.yml"
        for lang, path in files.items() if lang not in languages
    ]


def _relative(project: Project, message: str) -> str:
    return message.replace(f"{project.root}/", "")


# -- data texts -----------------------------------------------------------------------------
def missing_data_texts(project: Project, languages: list[str]) -> tuple[dict[str, dict[str, list[str]]], list[str]]:
    """Per data file and language, the keys without a text; and any other data problem."""
    missing = {filename: {lang: [] for lang in languages} for filename in DATA_FILES.values()}
    others: list[str] = []
    try:
        load_site_data(project.data, languages)
    except DataError as error:
        for problem in error.problems:
            filename = problem.file.removeprefix("data/")
            if problem.kind == MISSING_TEXT and filename in missing and problem.language in languages:
                missing[filename][problem.language].append(problem.path)
            else:
                others.append(str(problem))
    for path in sorted(project.data.glob("*.yml")):
        if path.name not in DATA_FILES.values():
            missing[path.name] = _texts_missing_in_file(path, languages, others)
    return missing, others


def _texts_missing_in_file(path: Path, languages: list[str], problems: list[str]) -> dict[str, list[str]]:
    """For data files sitegen.data does not know: every text given per language, by language."""
    missing: dict[str, list[str]] = {lang: [] for lang in languages}
    try:
        content = yaml.load(path.read_text(encoding="utf-8"), Loader=SafeLoader)
    except (yaml.YAMLError, ValueError) as error:
        problems.append(f"data/{path.name}: not valid YAML ({error})")
        return missing
    for key, text in _texts(content, ""):
        for lang in languages:
            if not text.get(lang):
                missing[lang].append(f"{key}.{lang}" if key else lang)
    return missing


def _texts(node: Any, path: str) -> list[tuple[str, dict]]:
    """Every mapping whose keys are all language codes, with its place in the file."""
    if isinstance(node, dict):
        if node and all(isinstance(key, str) and LANGUAGE_CODE.match(key) for key in node):
            return [(path, node)]
        return [text for key, value in node.items() for text in _texts(value, f"{path}.{key}" if path else str(key))]
    if isinstance(node, list):
        return [text for index, item in enumerate(node)
                for text in _texts(item, f"{path}[{item.get('id', index) if isinstance(item, dict) else index}]")]
    return []


# -- everything -----------------------------------------------------------------------------
def translation_status(project: Project) -> TranslationStatus:
    languages = list(project.languages)
    pages, page_errors = page_states(project, languages)
    missing_texts, data_errors = missing_data_texts(project, languages)
    names, name_problems = load_names(project.data / "names.yml", project.root)
    facts = fact_parity_summary(project.docs, languages, names, project.root)
    declared = declared_differences(project.docs, languages, project.root)
    return TranslationStatus(languages, pages, missing_texts, page_errors + data_errors + list(map(str, name_problems)),
                             facts, declared)


def format_report(status: TranslationStatus) -> str:
    """A plain-text report: two tables (pages, data files), then what to do, file by file."""
    source_lang = status.languages[0]
    page_rows = {}
    for state in status.pages:
        page_rows.setdefault(state.page, {})[state.lang] = state.state
    data_rows = {
        filename: {lang: f"{len(keys)} missing" if keys else "complete" for lang, keys in by_lang.items()}
        for filename, by_lang in status.missing_texts.items()
    }
    missing_texts = status.texts_to_translate()
    lines = [
        f"Translation status. Source language: {source_lang}. Languages: {', '.join(status.languages)}.",
        "",
        *_table("Page", status.languages, page_rows),
        "",
        *_table("Data file", status.languages, data_rows),
        "",
        f"{len(status.pages_in(MISSING))} page(s) missing, {len(missing_texts)} data text(s) missing, "
        f"{len(status.pages_in(OUTDATED))} page(s) outdated, {len(status.errors)} error(s).",
    ]
    if status.pages_in(MISSING) or missing_texts:
        lines += ["", "To translate (missing):"]
        lines += [f"  {state.path}  (translate {_source_path(state, source_lang)})" for state in status.pages_in(MISSING)]
        lines += [f"  {text}" for text in missing_texts]
    if status.pages_in(OUTDATED):
        lines += ["", "To check (outdated; when the translation is up to date, run the command shown):"]
        lines += [
            f"  {state.path}: {state.reason}  ->  .venv/bin/python scripts/docs.py i18n-status --mark {state.page} {state.lang}"
            for state in status.pages_in(OUTDATED)
        ]
    if status.facts:
        lines += ["", "Facts across languages (figures, amounts, durations, dates, e-mail addresses, links, names):"]
        lines += [f"  {parity.page}: " + ("the same in every language" if parity.matches else
                  f"{parity.differences} difference(s), {parity.stale} stale declaration(s): make build lists them")
                  + (f"; {parity.declared} declared difference(s)" if parity.declared else "")
                  for parity in status.facts]
    if status.declared:
        lines += ["", "Declared differences (fact_differences in a page's metadata):"]
        lines += [f"  {item.file}, line {item.line} ({item.language}): {item.fact}: {item.reason}" for item in status.declared]
    if status.errors:
        lines += ["", "Errors:", *(f"  {error}" for error in status.errors)]
    return "\n".join(lines) + "\n"


def _source_path(state: PageState, source_lang: str) -> str:
    return state.path.as_posix().removesuffix(f".{state.lang}.md") + f".{source_lang}.md"


def _table(title: str, languages: list[str], rows: dict[str, dict[str, str]]) -> list[str]:
    first = max([len(title), *map(len, rows)])
    width = max([len(lang) for lang in languages] + [len(cell) for row in rows.values() for cell in row.values()])
    lines = [f"{title:<{first}}  " + "  ".join(f"{lang:<{width}}" for lang in languages)]
    for name, cells in rows.items():
        lines.append(f"{name:<{first}}  " + "  ".join(f"{cells.get(lang, '-'):<{width}}" for lang in languages))
    return [line.rstrip() for line in lines]


# -- recording that a translation is up to date ---------------------------------------------
def mark_translated(project: Project, page: str, lang: str) -> tuple[Path, str]:
    """Record the current fingerprint of the Dutch page in the `lang` translation of `page`."""
    languages = list(project.languages)
    source_lang = languages[0]
    if lang not in languages[1:]:
        raise I18nError(f"'{lang}' is not a translation language of this site (choose from: "
                        f"{', '.join(languages[1:])}; {source_lang} is the source)")
    pages = hand_written_pages(project)
    name = re.sub(rf"\.({'|'.join(languages)})$", "", page.removeprefix("docs/").removesuffix(".md"))
    if name not in pages:
        raise I18nError(f"'{page}' is not a page in docs/ (pages: {', '.join(sorted(pages))})")
    source, translation = pages[name].get(source_lang), pages[name].get(lang)
    if source is None or translation is None:
        missing = (project.docs / f"{name}.{lang if source else source_lang}.md").relative_to(project.root)
        raise I18nError(f"{missing} does not exist: there is nothing to mark")
    try:
        fingerprint = source_fingerprint(split_page(source)[1])
    except FrontMatterError as error:
        raise I18nError(_relative(project, str(error))) from None
    record_fingerprint(translation, fingerprint)
    return translation.relative_to(project.root), fingerprint


def record_fingerprint(path: Path, fingerprint: str) -> None:
    """Set the `translated_from` line of the metadata block; leave every other byte as it was."""
    with path.open(encoding="utf-8", newline="") as file:
        text = file.read()
    parts = FRONT_MATTER_PARTS.match(text)
    if not parts:
        raise I18nError(f"{path}: no metadata block (--- ... ---) at the top")
    line = f'{SOURCE_KEY}: "{fingerprint}"'
    head = parts["head"]
    if SOURCE_LINE.search(head):
        head = SOURCE_LINE.sub(line, head, count=1)
    else:
        head = f"{head}{parts['newline']}{line}"
    with path.open("w", encoding="utf-8", newline="") as file:
        file.write(head + text[parts.end("head"):])
