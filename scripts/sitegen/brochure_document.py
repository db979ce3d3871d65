"""One brochure as one HTML document for WeasyPrint: the site's own pages, from the print template
in overrides/brochure/ (never from Material's web page), with links and ids that work in print."""

from __future__ import annotations

import datetime as dt
import html
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

import markdown
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from sitegen.data import UNDATED, Brochure, BrochureSet, SiteData
from sitegen.fact_parity import Name, _name_pattern, describe, facts_in_markdown, load_names
from sitegen.front_matter import FrontMatterError, split_page
from sitegen.pages import BLOCK_NAMES, Renderer, fill_blocks, with_sources
from sitegen.problems import Problem
from sitegen.project import Project
from sitegen.site_settings import SiteSettings
from sitegen.status import status_notices

PRINT_FOLDER = Path("overrides") / "brochure"  # template and stylesheet of the PDFs
DOWNLOADS_PAGE = "downloads"  # the page that lists every brochure
ADMONITION_LINE = re.compile(r'^(?P<start>[ \t]*(?:!!!|\?\?\?\+?) ?)(?P<type>[\w-]+)[ \t]*$', re.MULTILINE)
HEADING_TAG = re.compile(r"<(/?)h([1-6])\b")
LINKING_ATTRIBUTE = re.compile(r'(?<=\s)(id|src)="([^"]*)"')
LINK = re.compile(r'<a\b(?P<before>[^>]*?)\shref="(?P<href>[^"]*)"(?P<after>[^>]*)>(?P<text>.*?)</a>', re.DOTALL)
URL_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)
TAG_OR_TEXT = re.compile(r"(<[^>]*>)")
UNTOUCHED_ELEMENTS = ("code", "pre", "style", "script")  # text in them is printed as it is
SUMMARY_HALF_PAGE = 4  # points; a longer summary gets a page of its own (data/brochures.yml)
PAGE_NUMBER_PLACEHOLDER = "00"  # two digits wide: the first layout keeps room for the real number
# What never breaks with a hyphen (README, "Brochures"): addresses, figures with their unit, dates.
UNBREAKABLE = (
    r"(?:https?://|www\.)[^\s<>\"()]*[^\s<>\"().,;:!?]",  # web address
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+",  # e-mail address
    r"€[\s\u00a0\u202f]?\d[\d.,]*(?:[\s\u00a0\u202f]\d{3})*",  # € 3.000, €3,000
    # a figure and its unit: 500 personen, 3 000 €, 84 %, 18 mois
    r"\d[\d.,]*(?:[\s\u00a0\u202f]\d{3}(?!\d))*(?:[\s\u00a0\u202f]?(?:€|%)|[\s\u00a0\u202f]+[^\W\d_]+)?",
)


class BrochureError(Exception):
    """A page of a brochure cannot be read, or a PDF cannot be made; the build stops."""


@dataclass(frozen=True)
class Chapter:
    id: str
    title: str
    html: Markup


def chapter_id(page: str) -> str:
    return "page-" + page.replace("/", "-")


# -- words and typesetting for print ---------------------------------------------------------

def print_words(data: SiteData, lang: str) -> list[tuple[re.Pattern, str]]:
    """The words of a web page and the words print uses instead (data/ui.yml,
    `brochure_print_words`), longest first, each as a whole-word pattern."""
    pairs = []
    for line in data.ui["brochure_print_words"][lang].splitlines():
        web, separator, printed = line.partition("=>")
        if separator and web.strip():
            pairs.append((web.strip(), printed.strip()))
    pairs.sort(key=lambda pair: len(pair[0]), reverse=True)
    return [(re.compile(rf"(?<!\w){re.escape(web)}(?!\w)", re.IGNORECASE), printed) for web, printed in pairs]


def _in_print_words(text: str, words: list[tuple[re.Pattern, str]]) -> str:
    def replaced(printed: str):
        return lambda match: printed[:1].upper() + printed[1:] if match[0][:1].isupper() else printed

    for pattern, printed in words:
        text = pattern.sub(replaced(printed), text)
    return text


def unbreakable_pattern(names: list[Name], data: SiteData, lang: str) -> re.Pattern:
    """Addresses, figures, amounts, dates and the names of data/names.yml: where a hyphen would
    change what a reader copies or reads, so the brochure never hyphenates inside them."""
    months = "|".join(re.escape(month) for month in data.ui["months"][lang].split())
    date = rf"(?:\d{{1,2}}[\s\u00a0])?(?:{months})[\s\u00a0]\d{{4}}"
    forms = sorted({form for name in names for form in name.forms_in(lang)}, key=len, reverse=True)
    return re.compile("|".join([*UNBREAKABLE[:2], date, *UNBREAKABLE[2:], *map(_name_pattern, forms)]))


def for_print(page_html: str, words: list[tuple[re.Pattern, str]], unbreakable: re.Pattern) -> str:
    """The text of a piece of HTML (never its tags or code) with the print words, and what must not
    be hyphenated wrapped in `<span class="nohyphen">`."""
    pieces, inside = [], []
    for piece in TAG_OR_TEXT.split(page_html):
        if piece.startswith("<"):
            tag = re.match(r"<(/?)([a-zA-Z0-9]+)", piece)
            if tag and tag[2].lower() in UNTOUCHED_ELEMENTS and not piece.endswith("/>"):
                if tag[1]:
                    inside = inside[:-1]
                else:
                    inside.append(tag[2].lower())
            pieces.append(piece)
        elif inside or not piece.strip():
            pieces.append(piece)
        else:
            pieces.append(_typeset(_in_print_words(html.unescape(piece), words), unbreakable))
    return "".join(pieces)


def _typeset(text: str, unbreakable: re.Pattern) -> str:
    out, start = [], 0
    for match in unbreakable.finditer(text):
        if not match[0].strip():
            continue
        out.append(html.escape(text[start:match.start()], quote=False))
        out.append(f'<span class="nohyphen">{html.escape(match[0], quote=False)}</span>')
        start = match.end()
    out.append(html.escape(text[start:], quote=False))
    return "".join(out)


def page_number(target_id: str) -> str:
    """A page number the PDF fills in after a first layout (sitegen.pdf): the page on which the
    element with this id starts."""
    return f'<span class="page-number" data-page-of="{html.escape(target_id)}">{PAGE_NUMBER_PLACEHOLDER}</span>'


def _page_markdown(project: Project, data: SiteData, settings: SiteSettings, page: str, lang: str,
                   today: dt.date) -> tuple[str, str, list[str]]:
    """(title, Markdown, its sources as Markdown list items) of one page, with its content blocks
    filled in, as MkDocs would see it. The sources go to the brochure's closing section: printed
    after each chapter, a short list would often stand alone on a page."""
    source = project.docs / f"{page}.{lang}.md"
    try:
        meta, body = split_page(source)
        body = fill_blocks(body, data, lang, f"{page}.md", today)
    except FrontMatterError as error:
        raise BrochureError(str(error).replace(f"{project.root}/", "")) from None
    except KeyError as error:
        raise BrochureError(f"docs/{page}.{lang}.md: unknown block {error} "
                            f"(known blocks: {', '.join(BLOCK_NAMES)})") from None
    if meta.get("sources"):  # a hand-written page: the site adds its sources (sitegen.pages)
        body = with_sources(body, data, lang, f"{page}.md", meta["sources"])
    body, sources = _split_sources(body, data.ui["sources_heading"][lang])
    return meta["title"], _translate_admonitions(body, settings.language_settings[lang]), sources


def _split_sources(body: str, heading: str) -> tuple[str, list[str]]:
    """The page without its closing sources section, and that section's list items."""
    match = re.search(rf"^## {re.escape(heading)}[ \t]*$", body, re.MULTILINE)
    if not match:
        return body, []
    items = [line for line in body[match.end():].splitlines() if line.startswith("- ")]
    return body[:match.start()].rstrip() + "\n", items


def _translate_admonitions(body: str, language: dict) -> str:
    """Give untitled notes the title of the page's language, as the i18n plugin does on the site."""
    titles = {kind.lower(): title for kind, title in (language.get("admonition_translations") or {}).items()}

    def titled(match: re.Match) -> str:
        title = titles.get(match["type"].lower())
        return f'{match["start"]}{match["type"]} "{title}"' if title else match[0]

    return ADMONITION_LINE.sub(titled, body)


def _print_html(page_html: str, page: str, pages: tuple[str, ...], lang: str, settings: SiteSettings,
                page_word: str) -> str:
    """Fit a page's HTML into the brochure: one heading level down, ids and links made to work; a
    link with no target in print (a page outside the brochure, without a public address) becomes
    its plain text."""
    page_html = HEADING_TAG.sub(lambda match: f"<{match[1]}h{min(int(match[2]) + 1, 6)}", page_html)

    def rewritten(match: re.Match) -> str:
        name, value = match[1], html.unescape(match[2])
        value = f"{chapter_id(page)}--{value}" if name == "id" else _image_source(value, page)
        return f'{name}="{html.escape(value)}"'

    def relinked(match: re.Match) -> str:
        target = _link_target(html.unescape(match["href"]), page, pages, lang, settings)
        if target is None:
            return match["text"]
        link = f'<a{match["before"]} href="{html.escape(target)}"{match["after"]}>{match["text"]}</a>'
        if target.startswith("#"):  # another part of the brochure: its page number
            return f'{link}<span class="page-reference">\u00a0({page_word}\u00a0{page_number(target[1:])})</span>'
        if re.match(r"https?:", target):  # elsewhere: the address in a footnote, not mid-sentence
            return f'{link}<span class="link-address">{html.escape(target)}</span>'
        return link

    return LINKING_ATTRIBUTE.sub(rewritten, LINK.sub(relinked, page_html))


def _link_target(href: str, page: str, pages: tuple[str, ...], lang: str, settings: SiteSettings) -> str | None:
    """A link inside the brochure when its target is in it, otherwise the page's web address
    (None without a public address)."""
    if URL_SCHEME.match(href):
        return href
    path, _, anchor = href.partition("#")
    if not path:
        return f"#{chapter_id(page)}--{anchor}"
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    if target.endswith(".md"):
        target_page = target.removesuffix(".md")
        if target_page in pages:
            return f"#{chapter_id(target_page)}--{anchor}" if anchor else f"#{chapter_id(target_page)}"
        url = settings.page_url(target_page, lang)
    else:
        url = settings.file_url(target, lang)
    return f"{url}#{anchor}" if url and anchor else url


def _image_source(src: str, page: str) -> str:
    """An image of docs/, seen from PRINT_FOLDER (WeasyPrint's base); no absolute path, so the
    document, and its hash, stay the same in any copy of the project."""
    if URL_SCHEME.match(src):
        return src
    docs_seen_from_template = posixpath.relpath("docs", PRINT_FOLDER.as_posix())
    return posixpath.join(docs_seen_from_template, posixpath.normpath(posixpath.join(posixpath.dirname(page), src)))


def content_date(data: SiteData) -> str:
    """The date of the newest source the site's facts rely on: how current a printed copy is."""
    dates = [str(source["date"]) for source in data.sources.values() if "date" in source]
    dates += [str(figure["as_of"]) for figure in data.figures.values() if figure["as_of"] != UNDATED]
    return max(dates)


def _print_template(project: Project):
    environment = Environment(loader=FileSystemLoader(project.root / PRINT_FOLDER), autoescape=True,
                              undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    return environment.get_template("brochure.html")


def brochure_html(project: Project, data: SiteData, brochure_set: BrochureSet, brochure: Brochure,
                  lang: str, settings: SiteSettings, today: dt.date) -> str:
    """The whole brochure as one HTML document for WeasyPrint (relative to PRINT_FOLDER): cover,
    summary, contents, the chapters, and a closing section with the contact and every source."""
    converter = markdown.Markdown(extensions=settings.extensions, extension_configs=settings.extension_configs)
    renderer = Renderer(data, lang, "", today)
    names, _ = load_names(project.data / "names.yml", project.root)
    words, unbreakable = print_words(data, lang), unbreakable_pattern(names, data, lang)
    chapters, sources = [], []
    for page in brochure.pages:
        title, body, page_sources = _page_markdown(project, data, settings, page, lang, today)
        sources += [item for item in page_sources if item not in sources]
        page_html = for_print(converter.reset().convert(body), words, unbreakable)
        printed = _print_html(page_html, page, brochure.pages, lang, settings, str(renderer.t("brochure_page")))
        chapters.append(Chapter(chapter_id(page), title, Markup(printed)))
    source_list = _source_list(sources)
    summary = [(point["heading"][lang], Markup(for_print(str(renderer.localized(point["text"])), words, unbreakable)))
               for point in brochure.summary]
    status = status_notices(data)[lang]
    edition = renderer.date(brochure_set.edition) if brochure_set.edition else renderer.date(today.isoformat())
    return _print_template(project).render(
        lang=lang, t=renderer.t, title=brochure.title[lang], route=brochure.route[lang], chapters=chapters,
        summary=summary, summary_page=len(summary) > SUMMARY_HALF_PAGE, sources=Markup(for_print(source_list, words, unbreakable)),
        site_name=settings.site_name(lang), language_name=settings.language_name(lang),
        edition=edition, edition_note=renderer.t("brochure_edition_data_note" if brochure_set.edition
                                                 else "brochure_edition_build_note"),
        content_date=renderer.date(content_date(data)), contact=brochure_set.contact,
        latest_url=settings.page_url(DOWNLOADS_PAGE, lang), status=status,
        status_text=Markup(for_print(html.escape(status.text), words, unbreakable)),
        page_number=lambda target: Markup(page_number(target)),
    )


SOURCE_ITEM = re.compile(r"^- \[(?P<title>.*)\]\((?P<url>[^)\s]*)\)(?P<rest>.*)$")


def _source_list(items: list[str]) -> str:
    """The sources (Markdown items of sitegen.templates' source list) as print shows them: title and
    date, the web address on a line of its own. The items are escaped already (the source list
    escapes data texts), so they are unescaped once before being escaped for this list."""
    lines = []
    for item in map(html.unescape, items):
        if match := SOURCE_ITEM.match(item):
            lines.append(f'<li>{html.escape(match["title"] + match["rest"])}'
                         f'<br><span class="source-address">{html.escape(match["url"])}</span></li>')
        else:
            lines.append(f"<li>{html.escape(item.removeprefix('- '))}</li>")
    return "<ul>\n" + "\n".join(lines) + "\n</ul>"


def summary_parity_problems(project: Project, data: SiteData) -> list[Problem]:
    """The summaries of data/brochures.yml state the same facts in every language (figures,
    amounts, durations, dates, addresses, names), as the pages must (sitegen.fact_parity)."""
    names, _ = load_names(project.data / "names.yml", project.root)
    problems = []
    for brochure in data.brochures.brochures:
        for index, point in enumerate(brochure.summary):
            facts = {lang: {fact.key: fact for fact in facts_in_markdown(
                        str(Renderer(data, lang, "").localized(point["text"])), lang, names)}
                     for lang in data.languages}
            every = set().union(*(set(found) for found in facts.values()))
            for lang in data.languages:
                for key in sorted(every - set(facts[lang])):
                    problems.append(Problem(
                        "data/brochures.yml", f"brochures[{brochure.id}].summary[{index}].text.{lang}",
                        f"lacks fact {describe(key)} that other languages of this point state",
                        "fact-parity", lang))
    return problems
