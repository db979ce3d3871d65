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

Data texts are tracked the same way, every one of them in every data/*.yml file (any mapping
whose keys are language codes, so a new data file needs nothing here): `translations.yml`, at the
project's root, records per text and language the fingerprint of the Dutch text the translation
was checked against; `--mark 'data/FILE:PLACE' LANG` records it. Missing texts are found with the
validation of sitegen.data for the files it knows, and by the same walk for any other file.

The same record keeps each Dutch text that a translation was marked against, so the report can
show what changed in Dutch since (a word diff), for pages and data texts alike.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from sitegen.data import DATA_FILES, DataError, load_site_data
from sitegen.fact_parity import Declaration, PageParity, declared_differences, fact_parity_summary, load_names
from sitegen.front_matter import FrontMatterError, split_page
from sitegen.project import Project
from sitegen.reading import SafeLoader, read_source
from sitegen.validation import MISSING_TEXT
from sitegen.translations import page_sources

SOURCE_KEY = "translated_from"
FINGERPRINT_LENGTH = 12
RECORD_NAME = "translations.yml"  # at the project's root: what each translation was checked against
RECORD_HEADER = ("# Written by `scripts/docs.py i18n-status --mark`: for each data text, the fingerprint of the\n"
                 "# Dutch text each translation was checked against, and those Dutch texts (for pages too), so\n"
                 "# that `make i18n-status` can show what changed. Do not edit by hand.\n")
MARK_COMMAND = ".venv/bin/python scripts/docs.py i18n-status --mark"
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
    changes: tuple[str, ...] = ()  # when outdated: what changed in the source page, as word diffs


@dataclass(frozen=True)
class DataTextState:
    """One text of a data file in one translation language that is behind its Dutch text."""

    file: str  # 'partner-models.yml'
    place: str  # 'models[city-and-ocmw].summary'
    lang: str
    reason: str
    before: str | None  # the Dutch text it was checked against, when recorded
    now: str

    @property
    def target(self) -> str:
        return f"data/{self.file}:{self.place}"


@dataclass
class TranslationStatus:
    languages: list[str]  # the source language first
    pages: list[PageState]
    missing_texts: dict[str, dict[str, list[str]]]  # data file -> language -> keys without text
    errors: list[str] = field(default_factory=list)  # problems that are not a missing translation
    facts: list[PageParity] = field(default_factory=list)  # per page: the same facts in every language?
    declared: list[Declaration] = field(default_factory=list)  # differences pages mean to keep
    outdated_texts: list[DataTextState] = field(default_factory=list)  # data texts behind their Dutch text
    earlier_dutch: dict[str, str] = field(default_factory=dict)  # fingerprint -> Dutch text marked against

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


# -- the record of what translations were checked against -----------------------------------
def read_record(project: Project) -> dict:
    path = project.root / RECORD_NAME
    record = yaml.load(path.read_text(encoding="utf-8"), Loader=SafeLoader) if path.exists() else None
    record = record if isinstance(record, dict) else {}
    return {"data": record.get("data") or {}, "dutch": record.get("dutch") or {}}


def write_record(project: Project, record: dict) -> None:
    """Write the record, keeping only the Dutch texts some translation still refers to."""
    used = {fingerprint for texts in record["data"].values() for langs in texts.values() for fingerprint in langs.values()}
    for files in hand_written_pages(project).values():
        for path in files.values():
            used.add(str(split_page(path)[0].get(SOURCE_KEY, "")))
    content = {
        "data": {name: dict(sorted(texts.items())) for name, texts in sorted(record["data"].items()) if texts},
        "dutch": {fingerprint: text for fingerprint, text in sorted(record["dutch"].items()) if fingerprint in used},
    }
    dumped = yaml.safe_dump(content, allow_unicode=True, sort_keys=False, width=100)
    (project.root / RECORD_NAME).write_text(RECORD_HEADER + dumped, encoding="utf-8")


def data_texts(project: Project) -> dict[str, dict[str, dict]]:
    """Every text of every data/*.yml file: file name -> place -> {language: text}."""
    texts = {}
    for path in sorted(project.data.glob("*.yml")):
        try:
            content = yaml.load(path.read_text(encoding="utf-8"), Loader=SafeLoader)
        except (yaml.YAMLError, ValueError):
            continue  # reported as an error by missing_data_texts
        texts[path.name] = dict(_texts(content, ""))
    return texts


def outdated_data_texts(project: Project, languages: list[str], record: dict) -> list[DataTextState]:
    """Each data text whose Dutch text changed since its translation was marked, or never was."""
    source_lang, states = languages[0], []
    for filename, texts in data_texts(project).items():
        recorded_file = record["data"].get(filename) or {}
        for place, text in texts.items():
            source = text.get(source_lang)
            if not isinstance(source, str):
                continue
            fingerprint = source_fingerprint(source)
            for lang in languages[1:]:
                if not text.get(lang):
                    continue  # missing: listed as a text to translate
                recorded = (recorded_file.get(place) or {}).get(lang)
                if recorded == fingerprint:
                    continue
                reason = (f"the {source_lang} text changed since it was translated" if recorded
                          else "not marked as translated yet")
                states.append(DataTextState(filename, place, lang, reason, record["dutch"].get(recorded), source))
    return states


def word_diff(before: str, now: str) -> str:
    """The changed words, as [-removed-]{+added+}, with the unchanged words around them."""
    old, new = before.split(), now.split()
    parts = []
    for operation, old_start, old_end, new_start, new_end in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if operation == "equal":
            words = old[old_start:old_end]
            parts.append(" ".join(words) if len(words) <= 8 else f"{' '.join(words[:4])} … {' '.join(words[-4:])}")
            continue
        if old_end > old_start:
            parts.append(f"[-{' '.join(old[old_start:old_end])}-]")
        if new_end > new_start:
            parts.append(f"{{+{' '.join(new[new_start:new_end])}+}}")
    return " ".join(parts)


def page_diff(before: str, now: str, first_line: int = 1) -> list[str]:
    """Per changed passage of a page: its line in the Dutch page now (the body starting on
    `first_line`), and the word diff."""
    old, new = before.strip().splitlines(), now.strip().splitlines()
    lines = []
    for operation, old_start, old_end, new_start, new_end in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if operation != "equal":
            while new_start < new_end - 1 and not new[new_start].strip():
                new_start += 1  # point at the first changed line with words on it
            lines.append(f"line {first_line + new_start}: "
                         + word_diff("\n".join(old[old_start:old_end]), "\n".join(new[new_start:new_end])))
    return lines


# -- everything -----------------------------------------------------------------------------
def translation_status(project: Project) -> TranslationStatus:
    languages = list(project.languages)
    pages, page_errors = page_states(project, languages)
    missing_texts, data_errors = missing_data_texts(project, languages)
    names, name_problems = load_names(project.data / "names.yml", project.root)
    facts = fact_parity_summary(project.docs, languages, names, project.root)
    declared = declared_differences(project.docs, languages, project.root)
    record = read_record(project)
    pages = [replace(state, changes=_page_changes(project, state, languages[0], record["dutch"]))
             if state.state == OUTDATED and SOURCE_KEY not in state.reason else state for state in pages]
    return TranslationStatus(languages, pages, missing_texts, page_errors + data_errors + list(map(str, name_problems)),
                             facts, declared, outdated_data_texts(project, languages, record), record["dutch"])


def format_report(status: TranslationStatus) -> str:
    """A plain-text report: two tables (pages, data files), then what to do, file by file."""
    source_lang = status.languages[0]
    page_rows = {}
    for state in status.pages:
        page_rows.setdefault(state.page, {})[state.lang] = state.state
    outdated = {(text.file, text.lang): 0 for text in status.outdated_texts}
    for text in status.outdated_texts:
        outdated[text.file, text.lang] += 1
    data_rows = {
        filename: {lang: _data_cell(len(keys), outdated.get((filename, lang), 0)) for lang, keys in by_lang.items()}
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
        f"{len(status.pages_in(OUTDATED))} page(s) outdated, {len(status.outdated_texts)} data text(s) outdated, "
        f"{len(status.errors)} error(s).",
    ]
    if status.pages_in(MISSING) or missing_texts:
        lines += ["", "To translate (missing):"]
        lines += [f"  {state.path}  (translate {_source_path(state, source_lang)})" for state in status.pages_in(MISSING)]
        lines += [f"  {text}" for text in missing_texts]
    if status.pages_in(OUTDATED) or status.outdated_texts:
        lines += ["", "To check (outdated): what changed in Dutch, as [-removed-]{+added+}; when the translation "
                      "says the same again, run the command shown."]
    for state in status.pages_in(OUTDATED):
        lines.append(f"  {state.path}: {state.reason}")
        lines += [f"      {line}" for line in state.changes]
        lines.append(f"      -> {MARK_COMMAND} {state.page} {state.lang}")
    for text in status.outdated_texts:
        lines.append(f"  data/{text.file}: {text.place} ({text.lang}): {text.reason}")
        if text.before is not None:
            lines.append(f"      {word_diff(text.before, text.now)}")
        else:
            lines.append(f"      {source_lang} now: {' '.join(text.now.split())}")
        lines.append(f"      -> {MARK_COMMAND} '{text.target}' {text.lang}")
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


def _data_cell(missing: int, outdated: int) -> str:
    counts = [f"{count} {what}" for count, what in ((missing, "missing"), (outdated, "outdated")) if count]
    return ", ".join(counts) or "complete"


def _page_changes(project: Project, state: PageState, source_lang: str, earlier: dict[str, str]) -> tuple[str, ...]:
    """The word diff of the Dutch page since the translation was marked, when that text is kept."""
    source = Path(_source_path(state, source_lang))
    try:
        body = split_page(project.root / source)[1]
        recorded = str(split_page(project.root / state.path)[0].get(SOURCE_KEY, ""))
    except (FrontMatterError, OSError):
        return ()
    if recorded not in earlier:
        return (f"(the {source_lang} text it was translated from is not kept: compare with {source.as_posix()})",)
    text = read_source(project.root / source)
    first_line = text[:text.find(body.strip())].count("\n") + 1
    return tuple(page_diff(earlier[recorded], body, first_line)) or ("(only blank lines changed)",)


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
        body = split_page(source)[1]
    except FrontMatterError as error:
        raise I18nError(_relative(project, str(error))) from None
    fingerprint = source_fingerprint(body)
    record_fingerprint(translation, fingerprint)
    record = read_record(project)
    record["dutch"][fingerprint] = body.strip()
    write_record(project, record)
    return translation.relative_to(project.root), fingerprint


def mark_data_translated(project: Project, target: str, lang: str) -> int:
    """Record that the `lang` texts at `target` ('data/FILE' or 'data/FILE:PLACE', PLACE being one
    text or everything under it) say what their Dutch texts say now; the number of texts marked."""
    languages = list(project.languages)
    if lang not in languages[1:]:
        raise I18nError(f"'{lang}' is not a translation language of this site (choose from: "
                        f"{', '.join(languages[1:])}; {languages[0]} is the source)")
    filename, _, place = target.removeprefix("data/").partition(":")
    texts = data_texts(project)
    if filename not in texts:
        raise I18nError(f"'data/{filename}' is not a data file (files: {', '.join(f'data/{name}' for name in texts)})")
    chosen = {where: text for where, text in texts[filename].items()
              if not place or where == place or where.startswith((f"{place}.", f"{place}["))}
    chosen = {where: text for where, text in chosen.items()
              if isinstance(text.get(languages[0]), str) and text.get(lang)}
    if not chosen:
        example = next(iter(texts[filename]), "key")
        raise I18nError(f"data/{filename} has no text in {lang} at '{place}' to mark (a place looks like "
                        f"'data/{filename}:{example}')")
    record = read_record(project)
    recorded = record["data"].setdefault(filename, {})
    for where, text in chosen.items():
        fingerprint = source_fingerprint(text[languages[0]])
        recorded.setdefault(where, {})[lang] = fingerprint
        record["dutch"][fingerprint] = text[languages[0]]
    write_record(project, record)
    return len(chosen)


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
