"""Offer the PDF brochures on the pages, labelled with language, format and size.

- A page with `brochure: <id>` in its metadata gets a download box after its introduction.
- A page with the line `<!-- block: brochures -->` gets the list of every brochure in every
  language there (the downloads page).
- Any other link to a brochure file (`models/downloads/<id>.pdf`) gets the same label.

The label of one PDF is the same wherever it is offered. Runs after build_brochures.py (the PDFs
exist, so their size is known) and before fill_content_blocks.py.
"""

import datetime as dt
import posixpath
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # make scripts/ importable

from mkdocs.exceptions import PluginError  # noqa: E402

from sitegen.brochures import (  # noqa: E402
    DOWNLOADS_PAGE, SiteSettings, download_file, download_label, download_link, load_brochures,
)
from sitegen.data import DataError, load_site_data  # noqa: E402
from sitegen.pages import Renderer  # noqa: E402
from sitegen.project import Project  # noqa: E402

LIST_MARKER = re.compile(r"^<!--\s*block:\s*brochures\s*-->\s*$", re.MULTILINE)
FIRST_SECTION = re.compile(r"^## ", re.MULTILINE)
BROCHURE_LINK = re.compile(r"\[[^\]]*\]\(((?:\.\./)*models/downloads/([\w-]+)\.pdf)\)")

_build = {}


def on_pre_build(config):
    project = Project.of_build(config)
    try:
        data = load_site_data(project.data, project.languages())
        brochures = load_brochures(project, project.languages())
    except DataError as error:
        raise PluginError(str(error)) from None
    _build.update(project=project, data=data, brochures=brochures,
                  settings=SiteSettings.read(project, config.site_url or ""))


def on_page_markdown(markdown, page, config, files):
    lang = config.theme["language"]
    brochure_id = page.meta.get("brochure")
    markdown = BROCHURE_LINK.sub(lambda link: _labelled_link(link, page.file.src_uri, lang), markdown)
    if brochure_id is not None:
        markdown = _with_download_box(markdown, brochure_id, page.file.src_uri, lang)
    return LIST_MARKER.sub(lambda match: _brochure_list(page.file.src_uri, page.url, lang), markdown)


def _label(brochure, lang: str) -> str:
    size = download_file(_build["project"], brochure.id, lang).stat().st_size
    return str(download_label(_build["data"], _build["settings"], brochure, lang, size))


def _labelled_link(link: re.Match, source_uri: str, lang: str) -> str:
    target, brochure_id = link[1], link[2]
    if brochure_id not in [brochure.id for brochure in _build["brochures"].brochures]:
        raise PluginError(f"docs/{source_uri}: links to {target}, which is not a brochure of data/brochures.yml")
    brochure = _build["brochures"].get(brochure_id)
    return f'[{_label(brochure, lang)}]({target}){{ type="application/pdf" }}'


def _relative(target: str, source_uri: str) -> str:
    """A Markdown link target (path inside docs/) seen from the page being built."""
    return posixpath.relpath(target, posixpath.dirname(source_uri) or ".")


def _with_download_box(markdown: str, brochure_id, source_uri: str, lang: str) -> str:
    known = [brochure.id for brochure in _build["brochures"].brochures]
    if brochure_id not in known:
        raise PluginError(f"docs/{source_uri}: metadata 'brochure: {brochure_id}' is not a brochure of "
                          f"data/brochures.yml (known: {', '.join(known)})")
    brochure = _build["brochures"].get(brochure_id)
    t = Renderer(_build["data"], lang, source_uri, dt.date.today()).t
    title = str(t("download_box_title")).replace('"', "&quot;")
    box = (
        f'!!! info "{title}"\n'
        f"    {t('download_box_text')}\n\n"
        f"    [{_label(brochure, lang)}]({_relative(download_link(brochure.id), source_uri)})"
        '{ type="application/pdf" }\n\n'
        f"    [{t('download_all')}]({_relative(f'{DOWNLOADS_PAGE}.md', source_uri)})\n\n"
    )
    first_section = FIRST_SECTION.search(markdown)
    if first_section is None:
        return f"{markdown.rstrip()}\n\n{box}"
    return f"{markdown[:first_section.start()]}{box}{markdown[first_section.start():]}"


def _brochure_list(source_uri: str, page_url: str, lang: str) -> str:
    """Every brochure, the page's language first; other languages' files are outside this build."""
    settings = _build["settings"]
    others = [other for other in settings.languages if other != lang]
    page_folder = (page_url if page_url.endswith("/") else posixpath.dirname(page_url)).rstrip("/")
    parts = []
    for brochure in _build["brochures"].brochures:
        lines = [f"## {brochure.title[lang]}", ""]
        lines.append(f"- [{_label(brochure, lang)}]({_relative(download_link(brochure.id), source_uri)})"
                     '{ type="application/pdf" }')
        for other in others:
            href = posixpath.relpath(settings.published_path(download_link(brochure.id), other), page_folder or ".")
            lines.append(f'- <a href="{href}" type="application/pdf" hreflang="{other}" lang="{other}">'
                         f"{_label(brochure, other)}</a>")
        parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"
