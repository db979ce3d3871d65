"""Load and validate everything in data/, before anything is written.

Errors read like a form's errors: file, place inside it, what was expected, what was found.
All problems are collected and reported together, so an editor fixes them in one go.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from sitegen.reading import SafeLoader

ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
FIGURE_REFERENCE = re.compile(r"\{([a-z0-9-]+)\}")
UNITS = ("people", "euro", "percent")
UNKNOWN = "unknown"
PROGRAMME_STATUSES = ("open", "paused", "closed", "message")

DATA_FILES = {
    "sources": "sources.yml",
    "figures": "key-figures.yml",
    "models": "partner-models.yml",
    "ui": "ui.yml",
    "events": "events.yml",
    "status": "status.yml",
}


class DataError(Exception):
    """Raised with one line per problem; the build stops and writes nothing."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("Problems in data/:\n  " + "\n  ".join(problems))


@dataclass
class SiteData:
    """Validated contents of data/. Texts are dicts from language code to string."""

    languages: list[str]
    sources: dict[str, dict]
    figures: dict[str, dict]
    by_year: list[dict]
    models: list[dict]
    dimensions: list[dict]
    actors: dict[str, dict]
    phases: list[dict]
    route_guide: list[dict]
    journey: list[dict]
    ui: dict[str, dict[str, str]]
    events: list[dict] = field(default_factory=list)
    status: dict = field(default_factory=dict)  # data/status.yml: status, date, text

    def model(self, model_id: str) -> dict:
        return next(model for model in self.models if model["id"] == model_id)

    @property
    def routes(self) -> list[dict]:
        return [model for model in self.models if "route" not in model]

    def examples_of(self, route_id: str) -> list[dict]:
        return [model for model in self.models if model.get("route") == route_id]

    def value(self, dimension: dict, model: dict) -> Any:
        """A model's value on a dimension; an example combination inherits its route's."""
        values = dimension["values"]
        return values.get(model["id"], values.get(model.get("route", ""), UNKNOWN))


class _Checker:
    """Walks one YAML file and records problems as 'file: path: message'."""

    def __init__(self, file: str, languages: list[str]):
        self.file = file
        self.languages = languages
        self.problems: list[str] = []

    def problem(self, path: str, message: str) -> None:
        self.problems.append(f"{self.file}: {path}: {message}")

    def mapping(self, node: Any, path: str, required: tuple, optional: tuple = ()) -> bool:
        if not isinstance(node, dict):
            self.problem(path, f"expected a mapping with keys {', '.join(required)}, found {_kind(node)}")
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
            self.problem(path or "(whole file)", f"expected a mapping, found {_kind(node)}")
            return {}
        return node

    def sequence(self, node: Any, path: str) -> list:
        if not isinstance(node, list):
            self.problem(path, f"expected a list, found {_kind(node)}")
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
            self.problem(path, f"expected a text per language ({', '.join(self.languages)}), found {_kind(node)}")
            return
        for lang in self.languages:
            value = node.get(lang)
            if value is None:
                self.problem(f"{path}.{lang}", f"missing text in language '{lang}'")
            elif not isinstance(value, str) or not value.strip():
                self.problem(f"{path}.{lang}", f"expected a non-empty text, found {_kind(value)}")
        for lang in node:
            if lang not in self.languages:
                self.problem(f"{path}.{lang}", f"'{lang}' is not a language of the site ({', '.join(self.languages)})")

    def reference(self, node: Any, path: str, known: dict | set, what: str) -> None:
        if node not in known:
            self.problem(path, f"unknown {what} {node!r} (known: {', '.join(sorted(known))})")

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
        if not isinstance(node, str) or not DATE.match(node) or not _parses_as_date(node):
            self.problem(path, f"expected a date as YYYY-MM-DD, YYYY-MM or YYYY, found {node!r}")


def _parses_as_date(text: str) -> bool:
    parts = [int(part) for part in text.split("-")] + [1, 1]
    try:
        dt.date(parts[0], parts[1], parts[2])
    except ValueError:
        return False
    return True


def _kind(node: Any) -> str:
    if node is None:
        return "nothing"
    return {dict: "a mapping", list: "a list", str: f"the text {node!r}", bool: f"{node} (yes/no)"}.get(
        type(node), f"{type(node).__name__} {node!r}"
    )


class _DatesAsTextLoader(SafeLoader):
    """Keeps dates as written, so an impossible one (2023-02-30) is reported with its key."""


_DatesAsTextLoader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_scalar)


def _read_yaml(path: Path, problems: list[str]) -> Any:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_DatesAsTextLoader)
    except FileNotFoundError:
        problems.append(f"{path.parent.name}/{path.name}: file is missing")
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        reason = getattr(error, "problem", None) or str(error)
        problems.append(f"{path.parent.name}/{path.name}: {where}not valid YAML ({reason})")
    return None


def _as_date_text(node: Any) -> str:
    """Dates are read as text; only a year alone (2024) arrives as a number."""
    return str(node)


_loaded: dict[tuple, SiteData] = {}


def load_site_data(data_dir: Path, languages: list[str]) -> SiteData:
    """Read and check every data file; raise DataError listing all problems.

    Several hooks need it, once per language, so the result is kept; like `reading.parsed_once`,
    it is keyed by the files' content, so any edit is seen.
    """
    files = sorted(path for path in data_dir.glob("*.yml"))
    key = (str(data_dir.resolve()), tuple(languages), tuple((path.name, path.read_bytes()) for path in files))
    if key not in _loaded:
        _loaded.clear()
        _loaded[key] = _read_site_data(data_dir, languages)
    return _loaded[key]


def _read_site_data(data_dir: Path, languages: list[str]) -> SiteData:
    problems: list[str] = []
    raw = {name: _read_yaml(data_dir / filename, problems) for name, filename in DATA_FILES.items()}
    if problems:
        raise DataError(problems)

    sources_check = _Checker("data/sources.yml", languages)
    sources = _check_sources(raw["sources"], sources_check)
    figures_check = _Checker("data/key-figures.yml", languages)
    figures, by_year = _check_figures(raw["figures"], sources, figures_check)
    models_check = _Checker("data/partner-models.yml", languages)
    models = _check_models(raw["models"], sources, figures, models_check)
    ui_check = _Checker("data/ui.yml", languages)
    for key, text in ui_check.free_mapping(raw["ui"], "").items():
        ui_check.text(text, key)
    events_check = _Checker("data/events.yml", languages)
    events = _check_events(raw["events"], sources, events_check)
    status_check = _Checker("data/status.yml", languages)
    status = _check_status(raw["status"], status_check)

    for checker in (sources_check, figures_check, models_check, ui_check, events_check, status_check):
        problems.extend(checker.problems)
    if problems:
        raise DataError(problems)
    return SiteData(
        languages=languages, sources=sources, figures=figures, by_year=by_year,
        ui=raw["ui"], events=events, status=status, **models,
    )


def _check_sources(node: Any, check: _Checker) -> dict:
    sources: dict = {}
    for source_id, source in check.free_mapping(node, "").items():
        check.identifier(source_id, str(source_id))
        if check.mapping(source, str(source_id), ("facts_section", "title"), ("url", "date")):
            if not isinstance(source["facts_section"], int):
                check.problem(f"{source_id}.facts_section", "expected a section number of facts.md")
            if "date" in source:
                check.date(source["date"], f"{source_id}.date")
                source["date"] = _as_date_text(source["date"])
        sources[source_id] = source
    return sources


def _check_figures(node: Any, sources: dict, check: _Checker) -> tuple[dict, list]:
    if not check.mapping(node, "", ("figures", "by_year")):
        return {}, []
    figures = check.unique_ids(check.sequence(node["figures"], "figures"), "figures")
    for figure_id, figure in figures.items():
        path = f"figures[{figure_id}]"
        if check.mapping(figure, path, ("id", "value", "unit", "as_of", "source", "label"), ("highlight",)):
            if not isinstance(figure["value"], int) or isinstance(figure["value"], bool):
                check.problem(f"{path}.value", f"expected a whole number, found {_kind(figure['value'])}")
            if figure["unit"] not in UNITS:
                check.problem(f"{path}.unit", f"expected one of {', '.join(UNITS)}, found {figure['unit']!r}")
            check.date(figure["as_of"], f"{path}.as_of")
            figure["as_of"] = _as_date_text(figure["as_of"])
            check.reference(figure["source"], f"{path}.source", sources, "source")
            check.text(figure["label"], f"{path}.label")
    by_year = check.sequence(node["by_year"], "by_year")
    for index, row in enumerate(by_year):
        path = f"by_year[{index}]"
        if check.mapping(row, path, ("year", "resettled", "source"), ("pledge", "other_count")):
            for key in ("year", "resettled", "pledge", "other_count"):
                if key in row and not isinstance(row[key], int):
                    check.problem(f"{path}.{key}", f"expected a whole number, found {_kind(row[key])}")
            check.reference(row["source"], f"{path}.source", sources, "source")
    return figures, by_year


def _check_value(value: Any, path: str, sources: dict, figures: dict, check: _Checker) -> None:
    if value == UNKNOWN:
        return
    if check.mapping(value, path, ("text", "source")):
        check.text(value["text"], f"{path}.text")
        check.reference(value["source"], f"{path}.source", sources, "source")
        _check_figure_references(value["text"], f"{path}.text", figures, check)


def _check_figure_references(text: Any, path: str, figures: dict, check: _Checker) -> None:
    for lang, words in (text or {}).items() if isinstance(text, dict) else ():
        for figure_id in FIGURE_REFERENCE.findall(words if isinstance(words, str) else ""):
            check.reference(figure_id, f"{path}.{lang}", figures, "figure")


def _check_models(node: Any, sources: dict, figures: dict, check: _Checker) -> dict:
    empty = {"models": [], "dimensions": [], "actors": {}, "phases": [], "route_guide": [], "journey": []}
    if not check.mapping(node, "", ("models", "dimensions", "actors", "phases", "journey", "route_guide")):
        return empty

    models = check.unique_ids(check.sequence(node["models"], "models"), "models")
    routes = {model_id for model_id, model in models.items() if "route" not in model}
    for model_id, model in models.items():
        path = f"models[{model_id}]"
        if check.mapping(model, path, ("id", "name", "summary", "source"), ("route", "page")):
            check.text(model["name"], f"{path}.name")
            check.text(model["summary"], f"{path}.summary")
            check.reference(model["source"], f"{path}.source", sources, "source")
            if "route" in model:
                check.reference(model["route"], f"{path}.route", routes, "route")

    dimensions = check.unique_ids(check.sequence(node["dimensions"], "dimensions"), "dimensions")
    for dimension_id, dimension in dimensions.items():
        path = f"dimensions[{dimension_id}]"
        if not check.mapping(dimension, path, ("id", "label", "values")):
            continue
        check.text(dimension["label"], f"{path}.label")
        if not check.mapping(dimension["values"], f"{path}.values", tuple(sorted(routes)), tuple(models)):
            continue
        for model_id, value in dimension["values"].items():
            _check_value(value, f"{path}.values[{model_id}]", sources, figures, check)

    actors = check.unique_ids(check.sequence(node["actors"], "actors"), "actors")
    for actor_id, actor in actors.items():
        if check.mapping(actor, f"actors[{actor_id}]", ("id", "name")):
            check.text(actor["name"], f"actors[{actor_id}].name")

    phases = check.unique_ids(check.sequence(node["phases"], "phases"), "phases")
    for phase_id, phase in phases.items():
        path = f"phases[{phase_id}]"
        if not check.mapping(phase, path, ("id", "name", "tasks")):
            continue
        check.text(phase["name"], f"{path}.name")
        for index, task in enumerate(check.sequence(phase["tasks"], f"{path}.tasks")):
            task_path = f"{path}.tasks[{index}]"
            if check.mapping(task, task_path, ("actor", "routes", "text", "source")):
                check.reference(task["actor"], f"{task_path}.actor", actors, "actor")
                for route in check.sequence(task["routes"], f"{task_path}.routes"):
                    check.reference(route, f"{task_path}.routes", routes, "route")
                check.text(task["text"], f"{task_path}.text")
                check.reference(task["source"], f"{task_path}.source", sources, "source")

    steps = check.unique_ids(check.sequence(node["journey"], "journey"), "journey")
    for step_id, step in steps.items():
        path = f"journey[{step_id}]"
        if check.mapping(step, path, ("id", "name", "actors", "text", "source")):
            check.text(step["name"], f"{path}.name")
            check.text(step["text"], f"{path}.text")
            for actor in check.sequence(step["actors"], f"{path}.actors"):
                check.reference(actor, f"{path}.actors", actors, "actor")
            check.reference(step["source"], f"{path}.source", sources, "source")

    questions = check.unique_ids(check.sequence(node["route_guide"], "route_guide"), "route_guide")
    for question_id, question in questions.items():
        path = f"route_guide[{question_id}]"
        if not check.mapping(question, path, ("id", "question", "answers")):
            continue
        check.text(question["question"], f"{path}.question")
        answers = check.unique_ids(check.sequence(question["answers"], f"{path}.answers"), f"{path}.answers")
        for answer_id, answer in answers.items():
            answer_path = f"{path}.answers[{answer_id}]"
            if check.mapping(answer, answer_path, ("id", "text", "fits")):
                check.text(answer["text"], f"{answer_path}.text")
                for model_id in check.sequence(answer["fits"], f"{answer_path}.fits"):
                    check.reference(model_id, f"{answer_path}.fits", models, "model")

    return {
        "models": list(models.values()), "dimensions": list(dimensions.values()),
        "actors": actors, "phases": list(phases.values()), "route_guide": list(questions.values()),
        "journey": list(steps.values()),
    }


def _check_events(node: Any, sources: dict, check: _Checker) -> list[dict]:
    if not check.mapping(node, "", ("events",)):
        return []
    events = check.unique_ids(check.sequence(node["events"], "events"), "events")
    for event_id, event in events.items():
        path = f"events[{event_id}]"
        if check.mapping(event, path, ("id", "date", "title", "format", "source"), ("time", "place", "language", "registration")):
            if re.match(r"^\d{4}-\d{2}-\d{2}$", str(event["date"])):
                check.date(event["date"], f"{path}.date")  # also refuses 2023-02-30
            else:
                check.problem(f"{path}.date", f"expected a date as YYYY-MM-DD (an event needs a full date), found {event['date']!r}")
            check.text(event["title"], f"{path}.title")
            check.reference(event["source"], f"{path}.source", sources, "source")
            if "place" in event:
                check.text(event["place"], f"{path}.place")
            if "language" in event:
                check.reference(event["language"], f"{path}.language", set(check.languages), "language")
            if event["format"] not in ("online", "in-person"):
                check.problem(f"{path}.format", f"expected online or in-person, found {event['format']!r}")
            if "registration" in event and not re.match(r"^https?://[^\s<>\[\]()]+$", str(event["registration"])):
                check.problem(f"{path}.registration", f"expected a web address starting with https://, found {event['registration']!r}")
            if "time" in event and not _is_time(event["time"]):
                quote_hint = " (put the time between quotes: \"14:00\")" if isinstance(event["time"], int) else ""
                check.problem(f"{path}.time", f"expected a time as HH:MM, found {event['time']!r}{quote_hint}")
    return list(events.values())


def _is_time(node: Any) -> bool:
    match = re.match(r"^(\d{2}):(\d{2})$", node) if isinstance(node, str) else None
    return bool(match) and int(match[1]) < 24 and int(match[2]) < 60


def _check_status(node: Any, check: _Checker) -> dict:
    """The state of the call to partners, shown at the top of every page and on brochure covers."""
    if not check.mapping(node, "", ("status", "date", "text")):
        return {}
    if node["status"] not in PROGRAMME_STATUSES:
        check.problem("status", f"expected one of {', '.join(PROGRAMME_STATUSES)}, found {_kind(node['status'])}")
    check.date(node["date"], "date")
    node["date"] = _as_date_text(node["date"])
    check.text(node["text"], "text")
    return node
