"""Load and validate everything in data/, before anything is written.

Errors read like a form's errors: file, place inside it, what was expected, what was found.
All problems are collected and reported together, so an editor fixes them in one go.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sitegen.partner_path import check_partner_path
from sitegen.readiness import check_readiness
from sitegen.problems import Problem, ProblemsFound
from sitegen.validation import Checker, kind_of, read_yaml

FIGURE_REFERENCE = re.compile(r"\{([a-z0-9-]+)\}")
UNITS = ("people", "euro", "percent")
UNKNOWN = "unknown"
UNDATED = "undated"  # a figure whose source gives no date
PROGRAMME_STATUSES = ("open", "paused", "closed", "message")

DATA_FILES = {
    "sources": "sources.yml",
    "figures": "key-figures.yml",
    "models": "partner-models.yml",
    "ui": "ui.yml",
    "events": "events.yml",
    "status": "status.yml",
    "brochures": "brochures.yml",
    "accessibility": "accessibility.yml",
    "partner_path": "partner-path.yml",
    "readiness": "readiness.yml",
}
PAGE_FILE = re.compile(r"^[\w-]+(/[\w-]+)*\.md$")  # a page inside docs/, written as a relative link
EMAIL = re.compile(r"^[\w.+-]+@[\w-]+(\.[\w-]+)*\.[a-z]{2,}$")  # printed after mailto:, so nothing else


class DataError(ProblemsFound):
    """Raised with every problem found in data/; the build stops and writes nothing."""

    def __init__(self, problems: list[Problem]):
        super().__init__("Problems in data/", problems)


@dataclass(frozen=True)
class Brochure:
    id: str
    title: dict[str, str]
    pages: tuple[str, ...]
    route: dict[str, str]
    summary: tuple[dict, ...]  # points, each {heading: {lang: text}, text: {lang: text}}


@dataclass(frozen=True)
class BrochureSet:
    """data/brochures.yml: the contact printed in every brochure, and the brochures."""

    contact: str
    brochures: tuple[Brochure, ...]
    edition: str = ""  # YYYY-MM-DD, YYYY-MM or YYYY; empty: the build date

    def get(self, brochure_id: str) -> Brochure | None:
        return next((brochure for brochure in self.brochures if brochure.id == brochure_id), None)


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
    brochures: BrochureSet = BrochureSet("", ())
    accessibility: dict = field(default_factory=dict)  # data/accessibility.yml: prepared, reviewed
    partner_path: dict = field(default_factory=dict)  # data/partner-path.yml: steps, texts per status
    readiness: dict = field(default_factory=dict)  # data/readiness.yml: per route, the checklist items

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


_loaded: dict[tuple, SiteData] = {}


def load_site_data(data_dir: Path, languages: list[str]) -> SiteData:
    """Read and check every data file; raise DataError listing all problems.

    The build asks once per language, so the result is kept; like `reading.parsed_once`, it is
    keyed by the files' content, so any edit is seen, and each caller gets its own copy.
    """
    files = sorted(path for path in data_dir.glob("*.yml"))
    key = (str(data_dir.resolve()), tuple(languages), tuple((path.name, path.read_bytes()) for path in files))
    if key not in _loaded:
        _loaded.clear()
        _loaded[key] = _read_site_data(data_dir, languages)
    return copy.deepcopy(_loaded[key])


def _read_site_data(data_dir: Path, languages: list[str]) -> SiteData:
    problems: list[Problem] = []
    raw = {name: read_yaml(data_dir / filename, problems) for name, filename in DATA_FILES.items()}
    if problems:
        raise DataError(problems)

    sources_check = Checker("data/sources.yml", languages, data_dir / "sources.yml")
    sources = _check_sources(raw["sources"], sources_check)
    figures_check = Checker("data/key-figures.yml", languages, data_dir / "key-figures.yml")
    figures, by_year = _check_figures(raw["figures"], sources, figures_check)
    models_check = Checker("data/partner-models.yml", languages, data_dir / "partner-models.yml")
    models = _check_models(raw["models"], sources, figures, models_check)
    ui_check = Checker("data/ui.yml", languages, data_dir / "ui.yml")
    for key, text in ui_check.free_mapping(raw["ui"], "").items():
        ui_check.text(text, str(key))
    events_check = Checker("data/events.yml", languages, data_dir / "events.yml")
    events = _check_events(raw["events"], sources, events_check)
    status_check = Checker("data/status.yml", languages, data_dir / "status.yml")
    status = _check_status(raw["status"], status_check)
    brochures_check = Checker("data/brochures.yml", languages, data_dir / "brochures.yml")
    brochures = _check_brochures(raw["brochures"], figures, brochures_check)
    brochures = with_fact_sheets(brochures, models["models"], models_check)
    accessibility_check = Checker("data/accessibility.yml", languages, data_dir / "accessibility.yml")
    accessibility = _check_accessibility(raw["accessibility"], accessibility_check)

    path_check = Checker("data/partner-path.yml", languages, data_dir / "partner-path.yml")
    partner_path = check_partner_path(raw["partner_path"], sources, PROGRAMME_STATUSES, path_check)
    readiness_check = Checker("data/readiness.yml", languages, data_dir / "readiness.yml")
    routes = [model["id"] for model in models["models"] if "route" not in model]
    readiness = check_readiness(raw["readiness"], routes, partner_path.get("actors", {}), sources, readiness_check)

    for checker in (sources_check, figures_check, models_check, ui_check, events_check, status_check,
                    brochures_check, accessibility_check, path_check, readiness_check):
        problems.extend(checker.problems)
    if problems:
        raise DataError(problems)
    return SiteData(
        languages=languages, sources=sources, figures=figures, by_year=by_year,
        ui=raw["ui"], events=events, status=status, brochures=brochures,
        accessibility=accessibility, partner_path=partner_path, readiness=readiness, **models,
    )


def as_date_text(node: Any) -> str:
    """Dates are read as text; only a year alone (2024) arrives as a number."""
    return str(node)


def _check_sources(node: Any, check: Checker) -> dict:
    sources: dict = {}
    for source_id, source in check.free_mapping(node, "").items():
        check.identifier(source_id, str(source_id))
        if check.mapping(source, str(source_id), ("facts_section", "title"), ("url", "date")):
            if not isinstance(source["facts_section"], int):
                check.problem(f"{source_id}.facts_section", "expected a section number of facts.md")
            if not isinstance(source["title"], str) or not source["title"].strip():
                check.problem(f"{source_id}.title", f"expected the title of the source, found {kind_of(source['title'])}")
            if "url" in source:
                check.url(source["url"], f"{source_id}.url")
            if "date" in source:
                check.date(source["date"], f"{source_id}.date")
                source["date"] = as_date_text(source["date"])
        sources[source_id] = source
    return sources


def _check_figures(node: Any, sources: dict, check: Checker) -> tuple[dict, list]:
    if not check.mapping(node, "", ("figures", "by_year")):
        return {}, []
    figures = check.unique_ids(check.sequence(node["figures"], "figures"), "figures")
    for figure_id, figure in figures.items():
        path = f"figures[{figure_id}]"
        if check.mapping(figure, path, ("id", "value", "unit", "as_of", "source", "label"),
                         ("highlight", "total_of", "difference")):
            if not isinstance(figure["value"], int) or isinstance(figure["value"], bool):
                check.problem(f"{path}.value", f"expected a whole number, found {kind_of(figure['value'])}")
            if figure["unit"] not in UNITS:
                check.problem(f"{path}.unit", f"expected one of {', '.join(UNITS)}, found {figure['unit']!r}")
            if figure["as_of"] != UNDATED:
                check.date(figure["as_of"], f"{path}.as_of")
            figure["as_of"] = as_date_text(figure["as_of"])
            check.reference(figure["source"], f"{path}.source", sources, "source")
            check.text(figure["label"], f"{path}.label")
    by_year = check.sequence(node["by_year"], "by_year")
    for index, row in enumerate(by_year):
        path = f"by_year[{index}]"
        if check.mapping(row, path, ("year", "resettled", "source"), ("pledge", "other_count", "note")):
            if "note" in row:
                check.text(row["note"], f"{path}.note")
            for key in ("year", "resettled", "pledge", "other_count"):
                if key in row and not isinstance(row[key], int):
                    check.problem(f"{path}.{key}", f"expected a whole number, found {kind_of(row[key])}")
            check.reference(row["source"], f"{path}.source", sources, "source")
    for figure_id, figure in figures.items():
        if isinstance(figure, dict) and "total_of" in figure:
            _check_total(figure, f"figures[{figure_id}]", by_year, check)
    return figures, by_year


TOTAL_COLUMNS = ("resettled", "pledge")


def years_sum(figure: dict, by_year: list[dict]) -> int:
    """The sum of the yearly rows a total covers: up to the year it describes."""
    last = int(str(figure["as_of"])[:4]) if str(figure["as_of"])[:4].isdigit() else None
    return sum(row.get(figure["total_of"], 0) for row in by_year
               if isinstance(row, dict) and isinstance(row.get(figure["total_of"], 0), int)
               and isinstance(row.get("year"), int) and (last is None or row["year"] <= last))


def _check_total(figure: dict, path: str, by_year: list[dict], check: Checker) -> None:
    """A total (`total_of: resettled`) equals the sum of the yearly rows, or declares the
    difference with the reason the sources give, which readers see under the yearly table."""
    if figure["total_of"] not in TOTAL_COLUMNS:
        check.problem(f"{path}.total_of", f"expected one of {', '.join(TOTAL_COLUMNS)} (a column of by_year), "
                                          f"found {kind_of(figure['total_of'])}")
        return
    if not isinstance(figure["value"], int):
        return
    declared = figure.get("difference")
    if declared is not None:
        if not check.mapping(declared, f"{path}.difference", ("value", "reason")):
            return
        check.text(declared["reason"], f"{path}.difference.reason")
    found = figure["value"] - years_sum(figure, by_year)
    expected = declared["value"] if declared is not None else 0
    if found != expected:
        said = f"the declared difference is {expected}" if declared is not None else "no difference is declared"
        check.problem(path, f"the yearly rows (by_year, {figure['total_of']}) add up to "
                            f"{figure['value'] - found}, but value is {figure['value']} (a difference of {found}) "
                            f"and {said}: correct the figures, or declare the difference with the reason the "
                            f"sources give (difference: value: {found}, reason: a text per language)", "consistency")


def _check_value(value: Any, path: str, sources: dict, figures: dict, check: Checker) -> None:
    if value == UNKNOWN:
        return
    if check.mapping(value, path, ("text", "source")):
        check.text(value["text"], f"{path}.text")
        check.reference(value["source"], f"{path}.source", sources, "source")
        _check_figure_references(value["text"], f"{path}.text", figures, check)


def _check_figure_references(text: Any, path: str, figures: dict, check: Checker) -> None:
    for lang, words in (text or {}).items() if isinstance(text, dict) else ():
        for figure_id in FIGURE_REFERENCE.findall(words if isinstance(words, str) else ""):
            check.reference(figure_id, f"{path}.{lang}", figures, "figure")


def _check_models(node: Any, sources: dict, figures: dict, check: Checker) -> dict:
    empty = {"models": [], "dimensions": [], "actors": {}, "phases": [], "route_guide": [], "journey": []}
    if not check.mapping(node, "", ("models", "dimensions", "actors", "phases", "journey", "route_guide")):
        return empty

    models = check.unique_ids(check.sequence(node["models"], "models"), "models")
    routes = {model_id for model_id, model in models.items() if "route" not in model}
    for model_id, model in models.items():
        path = f"models[{model_id}]"
        if check.mapping(model, path, ("id", "name", "summary", "source"), ("route", "page", "brochures")):
            check.text(model["name"], f"{path}.name")
            check.text(model["summary"], f"{path}.summary")
            check.reference(model["source"], f"{path}.source", sources, "source")
            if "route" in model:
                check.reference(model["route"], f"{path}.route", routes, "route")
            if "page" in model and not (isinstance(model["page"], str) and PAGE_FILE.match(model["page"])):
                check.problem(f"{path}.page", f"expected a page of docs/ such as 'community-sponsorship.md', "
                                              f"found {kind_of(model['page'])}")
            elif "page" in model:
                _check_page_exists(model["page"], f"{path}.page", check)

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


def _check_page_exists(page: str, path: str, check: Checker) -> None:
    """The hand-written page a model links to, in every language (when docs/ is beside data/)."""
    docs = check.source.parent.parent / "docs" if check.source else None
    if docs is None or not docs.is_dir():
        return
    stem = page.removesuffix(".md")
    # A page missing in only some languages is a missing translation, reported with the pages.
    if not any((docs / f"{stem}.{lang}.md").exists() for lang in check.languages):
        files = ", ".join(f"docs/{stem}.{lang}.md" for lang in check.languages)
        check.problem(path, f"the page '{page}' is missing in {', '.join(check.languages)} ({files}); write the "
                            f"name of a page of docs/ without its language, or create the page")


def _check_events(node: Any, sources: dict, check: Checker) -> list[dict]:
    if not check.mapping(node, "", ("events",)):
        return []
    events = check.unique_ids(check.sequence(node["events"], "events"), "events")
    for event_id, event in events.items():
        path = f"events[{event_id}]"
        if check.mapping(event, path, ("id", "date", "title", "format"),
                         ("time", "end", "duration", "place", "language", "registration", "source")):
            if re.match(r"^\d{4}-\d{2}-\d{2}$", str(event["date"])):
                check.date(event["date"], f"{path}.date")  # also refuses 2023-02-30
            else:
                check.problem(f"{path}.date", f"expected a date as YYYY-MM-DD (an event needs a full date), found {event['date']!r}")
            check.text(event["title"], f"{path}.title")
            if "source" in event:  # a session announced by a source; one the team organises needs none
                check.reference(event["source"], f"{path}.source", sources, "source")
            if "place" in event:
                check.text(event["place"], f"{path}.place")
            if "language" in event:
                check.reference(event["language"], f"{path}.language", set(check.languages), "language")
            if event["format"] not in ("online", "in-person"):
                check.problem(f"{path}.format", f"expected online or in-person, found {event['format']!r}")
            if "registration" in event:
                check.url(event["registration"], f"{path}.registration")
            _check_event_times(event, path, check)
    return list(events.values())


def _check_event_times(event: dict, path: str, check: Checker) -> None:
    """A start time comes with an end time or a duration, so a calendar shows how long it lasts;
    `end` is then always set (HH:MM) for the pages and the calendar file."""
    for key in ("time", "end"):
        if key in event and not _is_time(event[key]):
            quote_hint = " (put the time between quotes: \"14:00\")" if isinstance(event[key], int) else ""
            check.problem(f"{path}.{key}", f"expected a time as HH:MM, found {event[key]!r}{quote_hint}")
            return
    if "duration" in event and (not isinstance(event["duration"], int) or isinstance(event["duration"], bool)
                                or not 0 < event["duration"] < 24 * 60):
        check.problem(f"{path}.duration", f"expected the length of the session in minutes (like 90), "
                                          f"found {kind_of(event['duration'])}")
        return
    if "end" in event and "duration" in event:
        check.problem(f"{path}.duration", "give either an end time (end) or a duration, not both")
    elif "time" not in event and ("end" in event or "duration" in event):
        check.problem(f"{path}.time", "missing key: an end time or a duration needs the start time (time: \"14:00\")")
    elif "time" in event and "end" not in event and "duration" not in event:
        check.problem(f"{path}.end", 'missing key: a session with a start time needs its end time (end: "15:30") '
                                     "or its length in minutes (duration: 90)")
    elif "time" in event:
        start = _minutes(event["time"])
        end = _minutes(event["end"]) if "end" in event else start + event["duration"]
        if end <= start or end >= 24 * 60:
            where = "end" if "end" in event else "duration"
            check.problem(f"{path}.{where}", f"the session must end after it starts ({event['time']}) and on the "
                                             f"same day, found {event[where]!r}")
        else:
            event["end"] = f"{end // 60:02d}:{end % 60:02d}"


def _minutes(time: str) -> int:
    hours, minutes = time.split(":")
    return int(hours) * 60 + int(minutes)


def _is_time(node: Any) -> bool:
    match = re.match(r"^(\d{2}):(\d{2})$", node) if isinstance(node, str) else None
    return bool(match) and int(match[1]) < 24 and int(match[2]) < 60


def _check_status(node: Any, check: Checker) -> dict:
    """The state of the call to partners, shown at the top of every page and on brochure covers."""
    if not check.mapping(node, "", ("status", "date", "checked", "text")):
        return {}
    if node["status"] not in PROGRAMME_STATUSES:
        check.problem("status", f"expected one of {', '.join(PROGRAMME_STATUSES)}, found {kind_of(node['status'])}")
    for key in ("date", "checked"):
        check.date(node[key], key)
        node[key] = as_date_text(node[key])
    check.text(node["text"], "text")
    return node


def _check_accessibility(node: Any, check: Checker) -> dict:
    """When the accessibility statement was prepared and last reviewed: the statement shows both
    (Implementing Decision (EU) 2018/1523 asks for them), and a review must not predate the
    statement."""
    if not check.mapping(node, "", ("prepared", "reviewed")):
        return {}
    for key in ("prepared", "reviewed"):
        check.date(node[key], key)
        node[key] = as_date_text(node[key])
    if not check.problems and node["reviewed"] < node["prepared"]:
        check.problem("reviewed", f"the review ({node['reviewed']}) is before the statement was prepared ({node['prepared']})")
    return node


def _check_brochures(node: Any, figures: dict, check: Checker) -> BrochureSet:
    """data/brochures.yml: a contact, and brochures made of pages of docs/."""
    brochures = []
    if not check.mapping(node, "", ("contact", "brochures"), ("edition",)):
        return BrochureSet("", ())
    if not isinstance(node["contact"], str) or not EMAIL.match(node["contact"]):
        check.problem("contact", f"expected an e-mail address, found {kind_of(node['contact'])}")
    items = check.unique_ids(check.sequence(node["brochures"], "brochures"), "brochures")
    for brochure_id, item in items.items():
        path = f"brochures[{brochure_id}]"
        if check.mapping(item, path, ("id", "title", "route", "pages", "summary")):
            check.text(item["title"], f"{path}.title")
            check.text(item["route"], f"{path}.route")
            pages = _check_brochure_pages(item["pages"], brochure_id, f"{path}.pages", check)
            summary = _check_brochure_summary(item["summary"], f"{path}.summary", figures, check)
            brochures.append(Brochure(brochure_id, item["title"], tuple(pages), item["route"], tuple(summary)))
    edition = ""
    if "edition" in node:
        check.date(node["edition"], "edition")
        edition = as_date_text(node["edition"])
    return BrochureSet(node["contact"], tuple(brochures), edition)


def _check_brochure_summary(node: Any, path: str, figures: dict, check: Checker) -> list[dict]:
    """The points of a brochure's summary: a heading and a text in every language; a text may
    show figures of data/key-figures.yml."""
    points = check.sequence(node, path)
    if not points and isinstance(node, list):
        check.problem(path, "expected at least one point (heading and text)")
    valid = []
    for index, point in enumerate(points):
        where = f"{path}[{index}]"
        if check.mapping(point, where, ("heading", "text")):
            check.text(point["heading"], f"{where}.heading")
            check.text(point["text"], f"{where}.text")
            _check_figure_references(point["text"], f"{where}.text", figures, check)
            valid.append(point)
    return valid


def fact_sheet(model: dict) -> str:
    """The page of a model's fact sheet, as brochures list pages."""
    return f"models/{model['id']}"


def with_fact_sheets(brochures: BrochureSet, models: list[dict], check: Checker) -> BrochureSet:
    """Each model's fact sheet in the brochures the model names (`brochures:`), or by default in
    those that already show it, its route's fact sheet or its page; a new route with none of
    these goes where every other route is. So a new model needs no edit of data/brochures.yml."""
    known = {brochure.id for brochure in brochures.brochures}
    members: dict[str, list[str]] = {}
    for model in models:
        if "brochures" in model:
            chosen = check.sequence(model["brochures"], f"models[{model['id']}].brochures")
            for brochure_id in chosen:
                check.reference(brochure_id, f"models[{model['id']}].brochures", known, "brochure")
            members[model["id"]] = [item for item in chosen if item in known]
        else:
            members[model["id"]] = _default_brochures(model, models, brochures)
    return replace(brochures, brochures=tuple(
        replace(brochure, pages=_place_fact_sheets(brochure, models, members))
        for brochure in brochures.brochures))


def _default_brochures(model: dict, models: list[dict], brochures: BrochureSet) -> list[str]:
    related = {fact_sheet(model), model.get("page", "").removesuffix(".md")}
    if "route" in model:
        related.add(f"models/{model['route']}")
    chosen = [brochure.id for brochure in brochures.brochures if related & set(brochure.pages)]
    if chosen or "route" in model:
        return chosen
    other_routes = {fact_sheet(other) for other in models if "route" not in other and other is not model}
    return [brochure.id for brochure in brochures.brochures if other_routes and other_routes <= set(brochure.pages)]


def _place_fact_sheets(brochure: Brochure, models: list[dict], members: dict[str, list[str]]) -> tuple[str, ...]:
    """The brochure's pages with exactly its models' fact sheets: a missing one goes after the fact
    sheets of its route (or after the last fact sheet, or at the end)."""
    sheets = {fact_sheet(model): model for model in models}
    pages = [page for page in brochure.pages if page not in sheets or brochure.id in members[sheets[page]["id"]]]
    for model in models:
        if brochure.id in members[model["id"]] and fact_sheet(model) not in pages:
            family = model.get("route", model["id"])
            same_route = [index for index, page in enumerate(pages) if page in sheets
                          and family in (sheets[page]["id"], sheets[page].get("route"))]
            any_sheet = [index for index, page in enumerate(pages) if page in sheets]
            after = (same_route or any_sheet or [len(pages) - 1])[-1]
            pages.insert(after + 1, fact_sheet(model))
    return tuple(pages)


def _check_brochure_pages(node: Any, brochure_id: str, path: str, check: Checker) -> list[str]:
    """The shape of a brochure's page list; sitegen.brochures checks that the pages exist, once
    the generated ones are written."""
    pages = check.sequence(node, path)
    if not pages and isinstance(node, list):
        check.problem(path, "expected at least one page")
    for index, page in enumerate(pages):
        where = f"{path}[{index}]"
        if not isinstance(page, str) or page.endswith(".md") or not page.strip():
            check.problem(where, f"expected a page as a path inside docs/ without language and .md "
                                 f"(like 'faq' or 'models/comparison'), found {kind_of(page)}")
            continue
        if page.startswith("/") or "\\" in page or ":" in page or ".." in page.split("/"):
            check.problem(where, f"brochure '{brochure_id}': page '{page}' is not a page inside docs/; write its "
                                 f"path from docs/ with forward slashes, without '..' or a leading '/' "
                                 f"(like 'models/comparison')")
            continue
        if pages.index(page) != index:
            check.problem(where, f"brochure '{brochure_id}': page '{page}' is listed twice")
    return [page for page in pages if isinstance(page, str)]
