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
from sitegen.front_matter import FrontMatterError, split_page
from sitegen.pages import BLOCK_NAMES, Renderer, fill_blocks
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


class BrochureError(Exception):
    """A page of a brochure cannot be read, or a PDF cannot be made; the build stops."""


@dataclass(frozen=True)
class Chapter:
    id: str
    title: str
    html: Markup


def chapter_id(page: str) -> str:
    return "page-" + page.replace("/", "-")


def _page_markdown(project: Project, data: SiteData, settings: SiteSettings, page: str, lang: str,
                   today: dt.date) -> tuple[str, str]:
    """(title, Markdown) of one page, with its content blocks filled in, as MkDocs would see it."""
    source = project.docs / f"{page}.{lang}.md"
    try:
        meta, body = split_page(source)
        body = fill_blocks(body, data, lang, f"{page}.md", today)
    except FrontMatterError as error:
        raise BrochureError(str(error).replace(f"{project.root}/", "")) from None
    except KeyError as error:
        raise BrochureError(f"docs/{page}.{lang}.md: unknown block {error} "
                            f"(known blocks: {', '.join(BLOCK_NAMES)})") from None
    return meta["title"], _translate_admonitions(body, settings.language_settings[lang])


def _translate_admonitions(body: str, language: dict) -> str:
    """Give untitled notes the title of the page's language, as the i18n plugin does on the site."""
    titles = {kind.lower(): title for kind, title in (language.get("admonition_translations") or {}).items()}

    def titled(match: re.Match) -> str:
        title = titles.get(match["type"].lower())
        return f'{match["start"]}{match["type"]} "{title}"' if title else match[0]

    return ADMONITION_LINE.sub(titled, body)


def _print_html(page_html: str, page: str, pages: tuple[str, ...], lang: str, settings: SiteSettings) -> str:
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
        return f'<a{match["before"]} href="{html.escape(target)}"{match["after"]}>{match["text"]}</a>'

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
    """The whole brochure as one HTML document for WeasyPrint (relative to PRINT_FOLDER)."""
    converter = markdown.Markdown(extensions=settings.extensions, extension_configs=settings.extension_configs)
    chapters = []
    for page in brochure.pages:
        title, body = _page_markdown(project, data, settings, page, lang, today)
        page_html = converter.reset().convert(body)
        chapters.append(Chapter(
            chapter_id(page), title,
            Markup(_print_html(page_html, page, brochure.pages, lang, settings)),
        ))
    renderer = Renderer(data, lang, "", today)
    return _print_template(project).render(
        lang=lang, t=renderer.t, title=brochure.title[lang], chapters=chapters,
        site_name=settings.site_name(lang), language_name=settings.language_name(lang),
        content_date=renderer.date(content_date(data)), contact=brochure_set.contact,
        latest_url=settings.page_url(DOWNLOADS_PAGE, lang), status=status_notices(data)[lang],
    )


