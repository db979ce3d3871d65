"""The configuration of the browser editor (`make edit`), made from the project itself.

Nothing here is written by hand per field or per language: the languages come from mkdocs.yml,
the pages from docs/, and the form of each data file from the validation rules that the build
applies (sitegen.data, run once on the project's data with a Checker that notes what it checks)
together with the data as it is. A new field, data file or language therefore reaches the editor
without an edit here. Decap CMS reads the result (README, "Editing in the browser").
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sitegen import data as site_data
from sitegen.front_matter import REQUIRED, split_page
from sitegen.project import Project
from sitegen.validation import Checker, read_yaml

DATA_FORMAT = "yaml-1.1"  # registered by editor/editor.js: YAML 1.1 as PyYAML reads it, comments kept
PAGE_FORMAT = "page-1.1"  # front matter written the same way, the Markdown body kept as typed
LONG_TEXT = 90  # characters: a longer text gets a text area instead of a one-line field
SUBSCRIPT = re.compile(r"\[[^\]]*\]")


class SchemaRecorder(Checker):
    """A Checker that also notes, per place in a file (list positions and ids left out), what the
    validator expects there: the keys of a mapping, a text per language, the ids it may refer to."""

    def __init__(self, file: str, languages: list[str], source: Path | None = None):
        super().__init__(file, languages, source)
        self.keys: dict[str, tuple[tuple, tuple]] = {}
        self.texts: set[str] = set()
        self.choices: dict[str, set[str]] = {}

    def mapping(self, node: Any, path: str, required: tuple, optional: tuple = ()) -> bool:
        self.keys.setdefault(place(path), (tuple(required), tuple(optional)))
        return super().mapping(node, path, required, optional)

    def text(self, node: Any, path: str) -> None:
        self.texts.add(place(path))
        super().text(node, path)

    def reference(self, node: Any, path: str, known: dict | set, what: str) -> None:
        self.choices.setdefault(place(path), set()).update(map(str, known))
        super().reference(node, path, known, what)


def place(path: str) -> str:
    """`figures[quota-2023].label` -> `figures[].label`: the same field of every list item."""
    return SUBSCRIPT.sub("[]", path)


@contextmanager
def recording_checkers():
    """Every Checker the data loader makes, while in the block, is a SchemaRecorder."""
    made: dict[str, SchemaRecorder] = {}

    def make(file: str, languages: list[str], source: Path | None = None) -> SchemaRecorder:
        made[file] = SchemaRecorder(file, languages, source)
        return made[file]

    original = site_data.Checker
    site_data.Checker = make
    try:
        yield made
    finally:
        site_data.Checker = original


def data_schema(project: Project) -> dict[str, SchemaRecorder]:
    """What the validator checked in each data file (`data/key-figures.yml` -> its recorder).
    Raises DataError when the data has problems: the editor starts on valid data only."""
    with recording_checkers() as recorders:
        site_data._read_site_data(project.data, list(project.languages))
    return recorders


def editor_config(project: Project, backend_url: str) -> dict:
    """The whole Decap CMS configuration: the pages of docs/ (one file per language) and the
    data files, saved through the local backend at `backend_url` (decap-server)."""
    languages = list(project.languages)
    recorders = data_schema(project)
    return {
        "backend": {"name": "proxy", "proxy_url": backend_url, "branch": "main"},
        "load_config_file": False,
        "media_folder": "overrides/assets/images",
        "public_folder": "/assets/images",
        "locale": "en",
        "i18n": {"structure": "multiple_files", "locales": languages, "default_locale": languages[0]},
        "collections": [pages_collection(project), data_collection(project, recorders)],
    }


def pages_collection(project: Project) -> dict:
    """The hand-written pages, one file per language (faq.nl.md, faq.fr.md, faq.en.md)."""
    metadata: dict[str, list] = {}
    for page in sorted(project.docs.glob("*.md")):
        front, _ = split_page(page)
        for key, value in front.items():
            metadata.setdefault(key, []).append(value)
    fields = [metadata_field(key, values) for key, values in metadata.items()]
    fields.append({"name": "body", "label": "Text (Markdown)", "widget": "text", "i18n": True})
    return {
        "name": "pages", "label": "Pages", "label_singular": "Page",
        "folder": project.docs.relative_to(project.root).as_posix(), "extension": "md",
        "format": PAGE_FORMAT, "i18n": True, "create": False, "delete": False,
        "identifier_field": "title", "summary": "{{title}} ({{slug}})", "fields": fields,
    }


def metadata_field(key: str, values: list) -> dict:
    """A front-matter key: the texts every page must have (title, description) can be edited;
    anything else (source lists, the translation marks) is kept as it is."""
    editable = REQUIRED.get(key) is str and all(isinstance(value, str) for value in values)
    widget = "string" if editable else "hidden"
    return {"name": key, "label": key.replace("_", " ").capitalize(), "widget": widget, "i18n": True,
            "required": editable}


def data_collection(project: Project, recorders: dict[str, SchemaRecorder]) -> dict:
    """One form per data file, in the order the build reads them."""
    files = []
    for name, filename in site_data.DATA_FILES.items():
        path = project.data / filename
        relative = path.relative_to(project.root).as_posix()
        recorder = recorders[f"data/{filename}"]
        content = read_yaml(path, [])
        files.append({"name": name, "label": filename, "file": relative,
                      "fields": mapping_fields(content, "", recorder)})
    return {"name": "data", "label": "Data", "format": DATA_FORMAT, "extension": "yml", "i18n": False,
            "delete": False, "files": files}


def mapping_fields(node: dict, path: str, recorder: SchemaRecorder, samples: list | None = None) -> list[dict]:
    """The fields of a mapping: the validator's keys in its order (optional ones too), else the
    keys the data has. `samples` are every item at this place when it is inside a list."""
    samples = samples if samples is not None else [node]
    required, optional_keys = recorder.keys.get(place(path), ((), ()))
    present = [key for sample in samples if isinstance(sample, dict) for key in sample]
    keys = list(dict.fromkeys([*required, *optional_keys, *present]))
    fields = []
    for key in keys:
        child = f"{path}.{key}" if path else str(key)
        values = [sample[key] for sample in samples if isinstance(sample, dict) and key in sample]
        field = value_field(str(key), child, values, recorder)
        fields.append(field if key in required else optional(field))
    return fields


def optional(field: dict) -> dict:
    """A field that may be left out, with everything inside it: a row without a `note` is valid."""
    inner = {key: [optional(child) for child in field[key]] for key in ("fields",) if key in field}
    return field | inner | {"required": False}


def value_field(name: str, path: str, values: list, recorder: SchemaRecorder) -> dict:
    """The widget for one key, from what the validator checks there and the values the data has."""
    label = name.replace("_", " ").capitalize()
    where = place(path)
    if where in recorder.texts:
        return text_field(name, label, values, recorder.languages)
    kinds = {kind_of_value(value) for value in values}
    if where in recorder.choices:
        options = sorted(recorder.choices[where])
        return {"name": name, "label": label, "widget": "select", "options": options,
                "multiple": kinds == {"list"}}
    if kinds == {"number"}:
        return {"name": name, "label": label, "widget": "number", "value_type": "int"}
    if kinds == {"boolean"}:
        return {"name": name, "label": label, "widget": "boolean"}
    if kinds == {"mapping"}:
        return {"name": name, "label": label, "widget": "object", "collapsed": True,
                "fields": mapping_fields(values[0], path, recorder, values)}
    if kinds == {"list"}:
        return list_field(name, label, path, [item for value in values for item in value], recorder)
    if kinds <= {"text", "number"} and kinds:
        longest = max(len(str(value)) for value in values)
        return {"name": name, "label": label, "widget": "text" if longest > LONG_TEXT else "string"}
    # A text here and a mapping there (such as `unknown` or a sourced text): the form cannot show
    # both, so the value is kept as it is and edited in the file.
    return {"name": name, "label": label, "widget": "hidden"}


def list_field(name: str, label: str, path: str, items: list, recorder: SchemaRecorder) -> dict:
    """A list of records (each with the fields of all of them) or of plain values."""
    field: dict[str, Any] = {"name": name, "label": label, "widget": "list", "collapsed": True}
    if items and all(isinstance(item, dict) for item in items):
        item_path = f"{path}[]"
        field["fields"] = mapping_fields(items[0], item_path, recorder, items)
        first = field["fields"][0]["name"] if field["fields"] else ""
        field["summary"] = f"{{{{fields.{first}}}}}" if first else ""
    else:
        field["field"] = value_field(name, f"{path}[]", items, recorder) | {"label": label}
    return field


def text_field(name: str, label: str, values: list, languages: list[str]) -> dict:
    """A text per language inside one data file (`label: {nl: ..., fr: ..., en: ...}`): one
    field per language of mkdocs.yml."""
    texts = [text for value in values if isinstance(value, dict) for text in value.values()]
    long = any(len(str(text)) > LONG_TEXT for text in texts)
    return {
        "name": name, "label": label, "widget": "object", "collapsed": False,
        "fields": [{"name": lang, "label": f"{label} ({lang})", "widget": "text" if long else "string"}
                   for lang in languages],
    }


def kind_of_value(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "number"
    if isinstance(value, dict):
        return "mapping"
    if isinstance(value, list):
        return "list"
    return "text"
