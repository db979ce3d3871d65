"""The validation toolkit for data files: read YAML, check its shape, collect Problems.

Errors read like a form's errors: the file, the place inside it (`models[city].summary.fr`),
what was expected, what was found. Every data file (data.py, brochures) is checked with it.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import yaml

from sitegen.problems import Problem
from sitegen.reading import DuplicateKeyError, NotUTF8Error, SafeLoader, load_yaml, read_source

ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
URL_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
# A link may only lead to a web page or an e-mail; javascript:, data:, file: and the like can run
# code or show a local file. A relative link (no scheme) stays inside the site.
LINK_SCHEMES = ("https", "http", "mailto")
WEB_ADDRESS = re.compile(r"^https?://[^\s<>\[\]()\"'`\\]+$")


MISSING_TEXT = "missing-text"  # the kind of Problem i18n-status counts as a translation to do


class Checker:
    """Walks one YAML file and records a Problem for each thing that is not as expected."""

    def __init__(self, file: str, languages: list[str], source: Path | None = None):
        """`source` is the file itself, read only to point at the line of an over-indented key."""
        self.file = file
        self.languages = languages
        self.source = source
        self.problems: list[Problem] = []

    def problem(self, path: str, message: str, kind: str = "invalid", language: str = "") -> None:
        self.problems.append(Problem(self.file, path, message, kind, language))

    def mapping(self, node: Any, path: str, required: tuple, optional: tuple = ()) -> bool:
        if not isinstance(node, dict):
            self.problem(path, f"expected a mapping with keys {', '.join(required)}, found {kind_of(node)}")
            return False
        for key in required:
            if key not in node:
                self.problem(f"{path}.{key}" if path else key, "missing key")
        for key in node:
            if key not in required and key not in optional:
                allowed = ", ".join(required + optional)
                self.problem(f"{path}.{key}" if path else str(key), f"unknown key (allowed: {allowed})")
        return all(key in node for key in required)

    def free_mapping(self, node: Any, path: str) -> dict:
        """A mapping whose keys the editor chooses (ids, UI keys)."""
        if not isinstance(node, dict):
            self.problem(path or "(whole file)", f"expected a mapping, found {kind_of(node)}")
            return {}
        return node

    def sequence(self, node: Any, path: str) -> list:
        if not isinstance(node, list):
            self.problem(path, f"expected a list, found {kind_of(node)}")
            return []
        return node

    def identifier(self, node: Any, path: str) -> bool:
        if not isinstance(node, str) or not ID.match(node):
            self.problem(path, f"expected an id in lower case with dashes (like 'city-and-ocmw'), found {node!r}")
            return False
        return True

    def text(self, node: Any, path: str) -> None:
        """A text in every language, plain (HTML is escaped later, but flag it here too)."""
        if not isinstance(node, dict):
            self.problem(path, f"expected a text per language ({', '.join(self.languages)}), found {kind_of(node)}")
            return
        for lang in self.languages:
            value = node.get(lang)
            swallowed_by = _text_holding_key(node, lang)
            if value is None and swallowed_by:
                self.problem(f"{path}.{lang}", self._over_indented(lang, swallowed_by), "yaml", lang)
            elif value is None:
                self.problem(f"{path}.{lang}", f"missing text in language '{lang}'", MISSING_TEXT, lang)
            elif not isinstance(value, str) or not value.strip():
                self.problem(f"{path}.{lang}", f"expected a non-empty text, found {kind_of(value)}", language=lang)
        for lang in node:
            if lang not in self.languages:
                self.problem(f"{path}.{lang}", f"'{lang}' is not a language of the site ({', '.join(self.languages)})")

    def _over_indented(self, lang: str, other: str) -> str:
        """A key indented under a text (`fr: >-` and its lines) is read as more of that text."""
        line = _over_indented_line(self.source, lang, other) if self.source else None
        where = f"line {line}: " if line else ""
        return (f"{where}'{lang}:' is indented further than '{other}:' above it, so YAML read it as part of the "
                f"{other} text instead of a key of its own; start '{lang}:' in the same column as '{other}:'")

    def reference(self, node: Any, path: str, known: dict | set, what: str) -> None:
        if isinstance(node, (dict, list)):
            self.problem(path, f"expected the id of one {what}, found {kind_of(node)}")
        elif node not in known:
            self.problem(path, f"unknown {what} {node!r} (known: {', '.join(sorted(map(str, known)))})")

    def url(self, node: Any, path: str) -> None:
        """A web address readers can follow: https:// or http://, nothing that runs or opens a file."""
        if isinstance(node, str) and WEB_ADDRESS.match(node):
            return
        scheme = URL_SCHEME.match(node) if isinstance(node, str) else None
        found = repr(node) if isinstance(node, str) else kind_of(node)
        if scheme and scheme[1].lower() not in ("https", "http"):
            found += f" (a '{scheme[1]}:' address runs code or opens something other than a web page)"
        self.problem(path, f"expected a web address starting with https://, found {found}")

    def unique_ids(self, items: list, path: str) -> dict[str, dict]:
        by_id: dict[str, dict] = {}
        for index, item in enumerate(items):
            item_id = item.get("id") if isinstance(item, dict) else None
            if not self.identifier(item_id, f"{path}[{index}].id"):
                continue
            if item_id in by_id:
                self.problem(f"{path}[{item_id}]", "duplicate id")
            by_id[item_id] = item
        return by_id

    def date(self, node: Any, path: str) -> None:
        if isinstance(node, int):
            node = str(node)
        if not isinstance(node, str) or not DATE.match(node) or not parses_as_date(node):
            self.problem(path, f"expected a date as YYYY-MM-DD, YYYY-MM or YYYY, found {node!r}")


def _text_holding_key(node: dict, lang: str) -> str:
    """The language whose text contains `lang:` where a line began: the key indented too far."""
    key = re.compile(rf"(?:^|\s){re.escape(lang)}:(?:\s|$)")
    return next((other for other, value in node.items()
                 if other != lang and isinstance(value, str) and key.search(value)), "")


def _over_indented_line(source: Path, lang: str, other: str) -> int | None:
    try:
        lines = source.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    other_indent = None
    for number, line in enumerate(lines, 1):
        indent = len(line) - len(line.lstrip(" "))
        if line.lstrip().startswith(f"{other}:"):
            other_indent = indent
        elif line.lstrip().startswith(f"{lang}:") and other_indent is not None and indent > other_indent:
            return number
    return None


def parses_as_date(text: str) -> bool:
    parts = [int(part) for part in text.split("-")] + [1, 1]
    try:
        dt.date(parts[0], parts[1], parts[2])
    except ValueError:
        return False
    return True


def kind_of(node: Any) -> str:
    if node is None:
        return "nothing"
    return {dict: "a mapping", list: "a list", str: f"the text {node!r}", bool: f"{node} (yes/no)"}.get(
        type(node), f"{type(node).__name__} {node!r}"
    )


class _DatesAsTextLoader(SafeLoader):
    """Keeps dates as written, so an impossible one (2023-02-30) is reported with its key."""


_DatesAsTextLoader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_scalar)


def read_yaml(path: Path, problems: list[Problem]) -> Any:
    """The file's content, or None with a Problem added (missing file, not valid YAML)."""
    name = f"{path.parent.name}/{path.name}"
    try:
        text = read_source(path)
        return load_yaml(text, _DatesAsTextLoader)
    except FileNotFoundError:
        problems.append(Problem(name, "", "file is missing", "missing-file"))
    except NotUTF8Error as error:
        where, _, message = str(error).partition(": ")
        problems.append(Problem(name, where, message, "encoding"))
    except DuplicateKeyError as error:
        problems.append(Problem(name, f"line {error.problem_mark.line + 1}", error.problem, "yaml"))
    except yaml.YAMLError as error:
        problems.append(Problem(name, *yaml_problem(text, error), "yaml"))
    return None


def yaml_problem(text: str, error: yaml.YAMLError) -> tuple[str, str]:
    """Where and what, in an editor's words when the mistake is a common one (a tab, a text with
    ': ', a quote never closed, a line indented wrongly), else in the parser's words."""
    mark = getattr(error, "problem_mark", None)
    reason = str(getattr(error, "problem", None) or error)
    if mark is None:
        return "", f"not valid YAML ({reason})"
    lines = text.splitlines()
    number = mark.line + 1
    tab = next((index + 1 for index, line in enumerate(lines[:number])
                if "\t" in line[:len(line) - len(line.lstrip(" \t"))]), None)
    if tab:
        return f"line {tab}", ("this line is indented with a tab; YAML accepts only spaces. Replace the tab by "
                               "spaces, as many as the lines around it use")
    context = getattr(error, "context", None) or ""
    opening = getattr(error, "context_mark", None)
    if "quoted scalar" in context and opening is not None:
        quote = lines[opening.line][opening.column] if opening.column < len(lines[opening.line]) else '"'
        return f"line {opening.line + 1}", (f"the text that starts with {quote} on this line is never closed; add "
                                            f"{quote} at the end of the text, on the same line")
    line = lines[mark.line] if mark.line < len(lines) else ""
    if "mapping values are not allowed" in reason:
        above = _line_above(lines, mark.line)
        if _starts_with_key(line) and above is not None and _indent(line) > _indent(above) and _has_value(above):
            key, above_key = line.split(":")[0].strip(), above.split(":")[0].strip()
            return f"line {number}", (f"'{key}:' is indented further than '{above_key}:' on the line above; start "
                                      f"'{key}:' in the same column as '{above_key}:' (column {_indent(above) + 1})")
        key, _, value = line.partition(": ")
        quoted = '"' + value.strip().replace("\\", "\\\\").replace('"', '\\"') + '"'
        return f"line {number}", ("this text contains ': ' (a colon and a space), which YAML reads as the start of "
                                  f"a key; put the whole text between double quotes: {key.strip()}: {quoted}")
    if any(words in reason for words in ("expected key", "expected '-'", "expected <block end>")):
        return f"line {number}", (f"this line starts in column {_indent(line) + 1}, which lines it up with no entry "
                                  "above it, so YAML cannot tell where it belongs; start it in the same column as the "
                                  "other keys of its entry (or a new list entry's '-' under the '-' above), with spaces")
    return f"line {number}, column {mark.column + 1}", f"not valid YAML ({reason})"


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _line_above(lines: list[str], index: int) -> str | None:
    return next((line for line in reversed(lines[:index]) if line.strip() and not line.lstrip().startswith("#")), None)


def _starts_with_key(line: str) -> bool:
    return bool(re.match(r"^\s*(- )?[\w-]+:(\s|$)", line))


def _has_value(line: str) -> bool:
    """`key: text` (a key that holds a value on its line), not `key:` opening a block."""
    return bool(re.match(r"^\s*(- )?[\w-]+: +[^\s#>|]", line))
