"""Turn validated data into Markdown pages and blocks, one language at a time.

`render_pages` is a plain function (data in, {path: text} out): no MkDocs, no disk access.
Every value taken from data/ is HTML-escaped by Jinja's autoescape, so `<script>` shows as text
(calendar files are not HTML: their texts are escaped for iCalendar instead).
"""

from __future__ import annotations

import datetime as dt
import json
import posixpath
import re
from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from sitegen.data import FIGURE_REFERENCE, DataError, SiteData, years_sum
from sitegen.partner_path import steps_for
from sitegen.problems import Problem

TEMPLATES = Path(__file__).parent / "templates"
GENERATED_FOLDER = "models"  # inside docs/
BLOCK_MARKER = re.compile(r"^<!--\s*block:\s*([a-z-]+)\s*-->\s*$", re.MULTILINE)
THOUSANDS_SEPARATOR = {"nl": ".", "fr": "\u00a0", "en": ","}

_environment = Environment(
    loader=FileSystemLoader(TEMPLATES),
    # HTML-escape everything in pages; calendar files are not HTML and escape with _ics_text.
    autoescape=lambda template: not template.endswith(".ics.j2"),
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
    undefined=StrictUndefined,
)


def missing_word(key: str, used_in: str = "") -> Problem:
    used = f" (used by {used_in})" if used_in else ""
    return Problem("data/ui.yml", key, f"the interface word '{key}'{used} is missing; add it with a text in "
                                       "every language", "missing-word")


class Renderer:
    """Everything templates need to write one language, from one page's point of view."""

    def __init__(self, data: SiteData, lang: str, page_path: str, today: dt.date | None = None):
        """`today` (the build date) sorts sessions into upcoming and past; nothing else needs it."""
        self.data = data
        self.lang = lang
        self.page_dir = posixpath.dirname(page_path)
        self.today = today

    # -- words and numbers ------------------------------------------------------------
    def t(self, key: str, **values: str) -> Markup:
        if key not in self.data.ui:
            raise DataError([missing_word(key)])
        text = escape(self.data.ui[key][self.lang])
        return Markup(text.format(**{name: escape(value) for name, value in values.items()}))

    def number(self, value: int) -> str:
        separator = THOUSANDS_SEPARATOR.get(self.lang, ",")
        return f"{value:,}".replace(",", separator)

    def figure_value(self, figure: dict) -> Markup:
        return self.t(figure["unit"], value=self.number(figure["value"]))

    def localized(self, text: dict) -> Markup:
        """A data text in this language, escaped, with {figure-id} replaced by the figure."""
        escaped = str(escape(text[self.lang]))
        return Markup(FIGURE_REFERENCE.sub(
            lambda match: str(self.figure_value(self.data.figures[match[1]])), escaped
        ))

    def localized_plain(self, text: dict) -> str:
        return text[self.lang]

    def date(self, value: str) -> str:
        """'2023-03-16' -> '16 maart 2023'; '2023-03' -> 'maart 2023'; '2024' -> '2024'."""
        parts = [int(part) for part in value.split("-")]
        months = self.data.ui["months"][self.lang].split()
        if len(parts) == 1:
            return str(parts[0])
        month_year = f"{months[parts[1] - 1]} {parts[0]}"
        return month_year if len(parts) == 2 else f"{parts[2]} {month_year}"

    # -- links -------------------------------------------------------------------------
    def link(self, target: str) -> str:
        """A Markdown link target (path inside docs/) relative to the page being written."""
        path, _, anchor = target.partition("#")
        relative = posixpath.relpath(path, self.page_dir or ".")
        return f"{relative}#{anchor}" if anchor else relative

    def source_link(self, source_id: str) -> Markup:
        source = self.data.sources[source_id]
        label = escape(source["title"])
        if "url" not in source:
            return label
        return Markup(f'<a href="{escape(source["url"])}">{label}</a>')

    def mail_to_team(self) -> str:
        """A mailto: address that opens a message to the team with a subject and the questions
        it needs, in this language: readers write what the team asks for, nothing is sent by us."""
        subject = quote(self.data.ui["mail_subject"][self.lang], safe="")
        body = quote(self.data.ui["mail_body"][self.lang], safe="")
        return f"mailto:{self.data.brochures.contact}?subject={subject}&body={body}"

    # -- data helpers ------------------------------------------------------------------
    def support(self, people: int, direct: bool, extra_year: bool) -> dict[str, int]:
        """Fedasil's support for a flexible partnership, line by line, from data/key-figures.yml:
        the flat amount per person, the extra year per person, and the extra for a household
        received straight on arrival (head of household, then each other member)."""
        amount = {key: self.data.figures[f"partnership-{key}"]["value"]
                  for key in ("flat-rate", "extra-year", "direct-head", "direct-member")}
        lines = {"flat": people * amount["flat-rate"]}
        if extra_year:
            lines["extra_year"] = people * amount["extra-year"]
        if direct:
            lines["direct_head"] = amount["direct-head"]
            lines["direct_members"] = (people - 1) * amount["direct-member"]
        return {**lines, "total": sum(lines.values())}

    def status_text(self, key: str) -> Markup:
        """A text of data/partner-path.yml that follows the programme status (data/status.yml)."""
        return self.localized(self.data.partner_path["by_status"][self.data.status["status"]][key])

    def euro(self, value: int) -> Markup:
        return self.t("euro", value=self.number(value))

    def route_note(self, task: dict) -> Markup:
        if len(task["routes"]) == len(self.data.routes):
            return Markup("")
        names = ", ".join(str(self.localized(self.data.model(route)["name"])) for route in task["routes"])
        # A dash, not brackets: a route name may hold brackets of its own ("… (parrainage communautaire)").
        return Markup(" <em>– ") + self.t("only_route", route=Markup(names)) + Markup("</em>")

    def tasks_of(self, phase: dict, actor: dict) -> list[dict]:
        return [task for task in phase["tasks"] if task["actor"] == actor["id"]]

    def event_line(self, event: dict) -> Markup:
        parts = [self.date(event["date"])]
        if "time" in event:
            parts[0] += f", {event['time']}–{event['end']}"
        parts.append(str(self.localized(event["title"])))
        parts.append(str(self.t("event_online") if event["format"] == "online" else self.t("event_in_person")))
        if "place" in event:
            parts.append(str(self.localized(event["place"])))
        if "language" in event:
            parts.append(str(self.t("event_language", language=event["language"].upper())))
        return Markup(" · ".join(parts))

    def context(self, **extra) -> dict:
        data = self.data
        return {
            "lang": self.lang, "t": self.t,
            "yaml_string": lambda markup: json.dumps(Markup(markup).unescape(), ensure_ascii=False), "number": self.number, "date": self.date,
            "localized": self.localized, "localized_plain": self.localized_plain,
            "figure_value": self.figure_value, "link": self.link, "source_link": self.source_link,
            "route_note": self.route_note, "tasks_of": self.tasks_of, "event_line": self.event_line,
            "value": data.value, "model": data.model, "examples_of": data.examples_of,
            "models": data.models, "routes": data.routes, "dimensions": data.dimensions,
            "actors": data.actors, "phases": data.phases, "route_guide": data.route_guide,
            "journey": data.journey, "mail_to_team": self.mail_to_team, "support": self.support,
            "euro": self.euro, "status_text": self.status_text, "amount": lambda key: data.figures[f"partnership-{key}"]["value"],
            "sources": data.sources, "by_year": data.by_year,
            "declared_totals": [figure for figure in data.figures.values() if figure.get("difference")],
            "years_sum": lambda figure: years_sum(figure, data.by_year),
            **extra,
        }

    def render(self, template: str, **extra) -> str:
        return _environment.get_template(template).render(self.context(**extra))

    # -- blocks that hand-written pages include with <!-- block: name --> ---------------
    def block(self, name: str) -> str:
        figures = self.data.figures.values()
        if name == "key-figures":
            highlighted = [figure for figure in figures if figure.get("highlight")]
            table = self.render("figures-table.md.j2", figures=highlighted)
            more = f"[{self.t('key_figures_title')}]({self.link(f'{GENERATED_FOLDER}/key-figures.md')})"
            # The link to every figure is part of the block, not a lone line after it.
            return f'<div class="key-figures-block" markdown>\n\n{table}\n{more}\n{{: .key-figures-more }}\n\n</div>\n'
        if name == "figures-by-year":
            return self.render("by-year-table.md.j2")
        if name == "phases":
            return self.render("phase-list.md.j2")
        if name == "journey":
            return self.render("journey.md.j2")
        if name == "call-to-action":
            return self.render("call-to-action.md.j2", status=self.data.status["status"],
                               contact=self.data.brochures.contact)
        if name == "partner-steps":
            return self.render("partner-steps.md.j2", steps=steps_for(self.data.partner_path, self.data.status["status"]),
                               path_actors=self.data.partner_path["actors"])
        if name == "home-status":
            return f"{self.status_text('home_status')}\n{{: .home-status }}\n"
        if name == "call-status-answer":
            return f"{self.status_text('faq_call')}\n"
        if name == "events":
            events = sorted(self.data.events, key=lambda event: event["date"])
            upcoming = [event for event in events if event["date"] >= self.today.isoformat()]
            past = [event for event in reversed(events) if event["date"] < self.today.isoformat()]
            return self.render("events.md.j2", upcoming=upcoming, past=past)
        if name == "accessibility-dates":
            dates = self.data.accessibility
            return str(self.t("accessibility_dates", prepared=self.date(dates["prepared"]),
                              reviewed=self.date(dates["reviewed"]))) + "\n"
        raise KeyError(name)


BLOCK_NAMES = ("key-figures", "figures-by-year", "phases", "journey", "events", "call-to-action",
               "accessibility-dates", "partner-steps", "home-status", "call-status-answer")
# Anything an editor may have meant as a block marker: a comment starting with "block", any case.
BLOCK_LIKE = re.compile(r"<!--\s*block(?![a-z])", re.IGNORECASE)


def block_marker_problems(markdown: str, file: str, language: str, known: tuple[str, ...]) -> list[Problem]:
    """Each comment that looks like a block marker but is not exactly one of a known block: it
    would stay a comment, and the table it asks for would be silently missing."""
    problems = []
    for match in BLOCK_LIKE.finditer(markdown):
        line_start = markdown.rfind("\n", 0, match.start()) + 1
        line_end = markdown.find("\n", match.start())
        line = markdown[line_start:line_end if line_end >= 0 else None]
        marker = BLOCK_MARKER.fullmatch(line)
        if marker and marker[1] in known:
            continue
        problems.append(Problem(
            file, f"line {markdown.count(chr(10), 0, match.start()) + 1}",
            f"'{line.strip()}' is not a block marker; write it alone on its line, exactly as "
            f"<!-- block: name -->, with one of the known blocks: {', '.join(known)}",
            "block", language))
    return problems


def with_sources(markdown: str, data: SiteData, lang: str, page_path: str, source_ids: list[str]) -> str:
    """The page with the list of its sources (title, date, link) at the end, in its language."""
    listed = Renderer(data, lang, page_path).render("sources.md.j2", ids=source_ids)
    return f"{markdown.rstrip()}\n\n{listed.strip()}\n"


def fill_blocks(markdown: str, data: SiteData, lang: str, page_path: str, today: dt.date) -> str:
    """Replace each `<!-- block: name -->` line by the generated block (KeyError if unknown),
    and each `{examples:route-id}` by how many example combinations data/ gives that route."""
    renderer = Renderer(data, lang, page_path, today)
    markdown = BLOCK_MARKER.sub(lambda match: renderer.block(match[1]), markdown)
    return EXAMPLES_PLACEHOLDER.sub(lambda match: _examples_count(match, markdown, data, lang, page_path), markdown)


EXAMPLES_PLACEHOLDER = re.compile(r"\{examples:([^}\s]*)\}")


def _examples_count(match: re.Match, markdown: str, data: SiteData, lang: str, page_path: str) -> str:
    """'drie', 'trois', 'three': a sentence such as "Fedasil gives three examples" that stays
    true when a model is added to data/partner-models.yml."""
    routes = [route["id"] for route in data.routes]
    if match[1] not in routes:
        line = markdown.count("\n", 0, match.start()) + 1
        raise DataError([Problem(f"docs/{page_path.removesuffix('.md')}.{lang}.md", f"line {line}",
                                 f"'{match[0]}' names no route of data/partner-models.yml; write one of: "
                                 + ", ".join(f"{{examples:{route}}}" for route in routes), "placeholder", lang)])
    count = len(data.examples_of(match[1]))
    words = data.ui["number_words"][lang].split()
    return words[count] if count < len(words) else str(count)


def _sources_cited(data: SiteData, *, models=(), dimensions=(), phases=(), figures=()) -> list[str]:
    cited = [model["source"] for model in models]
    for dimension in dimensions:
        for model in models:
            value = data.value(dimension, model)
            if isinstance(value, dict):
                cited.append(value["source"])
    cited += [task["source"] for phase in phases for task in phase["tasks"]]
    cited += [figure["source"] for figure in figures]
    return list(dict.fromkeys(cited))


def render_pages(data: SiteData, today: dt.date) -> dict[str, str]:
    """All generated pages and calendar files, keyed by path inside docs/models/."""
    files: dict[str, str] = {}
    actors_with_tasks = [
        actor for actor in data.actors.values()
        if any(task["actor"] == actor["id"] for phase in data.phases for task in phase["tasks"])
    ]
    for lang in data.languages:
        def page(name: str) -> Renderer:
            return Renderer(data, lang, f"{GENERATED_FOLDER}/{name}", today)

        files[f"comparison.{lang}.md"] = page("comparison.md").render(
            "comparison.md.j2",
            cited_sources=_sources_cited(data, models=data.models, dimensions=data.dimensions),
        )
        for model in data.models:
            route = data.model(model["route"]) if "route" in model else None
            files[f"{model['id']}.{lang}.md"] = page(f"{model['id']}.md").render(
                "model.md.j2", model=model, route=route, examples=data.examples_of(model["id"]),
                page=model.get("page"),
                cited_sources=_sources_cited(data, models=[model], dimensions=data.dimensions),
            )
        matrix = page("who-does-what.md")
        files[f"who-does-what.{lang}.md"] = matrix.render(
            "who-does-what.md.j2", actors_with_tasks=actors_with_tasks,
            phase_list=Markup(matrix.block("phases")),
            journey_diagram=Markup(matrix.block("journey")),
            cited_sources=_sources_cited(data, phases=data.phases) + [step["source"] for step in data.journey],
        )
        files[f"route-guide.{lang}.md"] = page("route-guide.md").render("route-guide.md.j2")
        files[f"support-calculator.{lang}.md"] = page("support-calculator.md").render(
            "support-calculator.md.j2", table_sizes=range(1, 9),
            cited_sources=_sources_cited(data, figures=[data.figures[f"partnership-{key}"] for key in
                                                        ("flat-rate", "extra-year", "direct-head", "direct-member")]),
        )
        files[f"readiness-checklist.{lang}.md"] = page("readiness-checklist.md").render(
            "readiness-checklist.md.j2", readiness=data.readiness, path_actors=data.partner_path["actors"],
            cited_sources=[item["source"] for items in data.readiness["routes"].values() for item in items],
        )
        figures_page = page("key-figures.md")
        files[f"key-figures.{lang}.md"] = figures_page.render(
            "key-figures.md.j2",
            key_figures_table=lambda figures: Markup(figures_page.render("figures-table.md.j2", figures=figures)),
            all_figures=list(data.figures.values()),
            by_year_table=Markup(figures_page.render("by-year-table.md.j2")),
            cited_sources=_sources_cited(data, figures=data.figures.values())
            + [row["source"] for row in data.by_year],
        )
        for event in data.events:
            files[f"events/{event['id']}.{lang}.ics"] = _calendar_file(page("events"), event)
    return files


def _calendar_file(renderer: Renderer, event: dict) -> str:
    day = event["date"].replace("-", "")
    if "time" in event:
        start_line = f"DTSTART;TZID=Europe/Brussels:{day}T{event['time'].replace(':', '')}00"
        end_line = f"DTEND;TZID=Europe/Brussels:{day}T{event['end'].replace(':', '')}00"
    else:  # a whole day: it ends where the next day begins (RFC 5545, 3.6.1)
        start_line = f"DTSTART;VALUE=DATE:{day}"
        next_day = dt.date.fromisoformat(event["date"]) + dt.timedelta(days=1)
        end_line = f"DTEND;VALUE=DATE:{next_day.strftime('%Y%m%d')}"
    text = _environment.get_template("event.ics.j2").render(renderer.context(
        event=event, start_line=start_line, end_line=end_line, stamp=f"{day}T000000Z", ics_text=_ics_text))
    return "\r\n".join(_ics_fold(line) for line in text.splitlines() if line) + "\r\n"


def _ics_fold(line: str) -> str:
    """Cut a line into pieces of at most 75 bytes, each next one starting with a space
    (RFC 5545, 3.1), without splitting a character: calendar apps may refuse longer lines."""
    pieces, current = [], ""
    for char in line:
        limit = 74 if pieces else 75  # the leading space of a continuation counts
        if len((current + char).encode("utf-8")) > limit:
            pieces.append(current)
            current = char
        else:
            current += char
    return "\r\n ".join([*pieces, current])


def _ics_text(value: str) -> str:
    """Escape a text for an iCalendar property (RFC 5545, 3.3.11)."""
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")
