"""Offering the PDF brochures on the web pages, labelled with language, format and size.

- A page with `brochure: <id>` in its metadata gets a download box after its introduction.
- A page with the line `<!-- block: brochures -->` gets the list of every brochure in every
  language there (the downloads page).
- Any other link to a brochure file (`models/downloads/<id>.pdf`) gets the same label.

The label of one PDF is the same wherever it is offered; the PDFs exist already (their size is
in the label).
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re

from sitegen.brochure_document import DOWNLOADS_PAGE
from sitegen.brochures import download_file, download_label, download_link
from sitegen.data import Brochure, SiteData
from sitegen.pages import Renderer
from sitegen.problems import Problem, ProblemsFound
from sitegen.project import Project
from sitegen.site_settings import SiteSettings

LIST_BLOCK = "brochures"  # filled here, not by sitegen.pages
LIST_MARKER = re.compile(rf"^<!--\s*block:\s*{LIST_BLOCK}\s*-->\s*$", re.MULTILINE)
# The download box goes before the first section, except the home page's two routes ({#routes}),
# which stay on a phone's first screen (issue 17).
FIRST_SECTION = re.compile(r"^## (?!.*\{#routes\})", re.MULTILINE)
BROCHURE_LINK = re.compile(r"\[[^\]]*\]\(((?:\.\./)*models/downloads/([\w-]+)\.pdf)\)")


class BrochureOffers:
    """Everything a page needs to offer brochures, for one build."""

    def __init__(self, project: Project, data: SiteData, settings: SiteSettings, today: dt.date):
        self.project, self.data, self.settings, self.today = project, data, settings, today

    def offer(self, markdown: str, brochure_id, source_uri: str, page_url: str, lang: str) -> str:
        """The page's Markdown with its brochure links labelled, its download box and list."""
        markdown = BROCHURE_LINK.sub(lambda link: self._labelled_link(link, source_uri, lang), markdown)
        if brochure_id is not None:
            markdown = self._with_download_box(markdown, brochure_id, source_uri, lang)
        return LIST_MARKER.sub(lambda match: self._brochure_list(source_uri, page_url, lang), markdown)

    def _brochure(self, brochure_id, source_uri: str, where: str) -> Brochure:
        brochure = self.data.brochures.get(brochure_id)
        if brochure is None:
            known = ", ".join(brochure.id for brochure in self.data.brochures.brochures)
            raise ProblemsFound("Pages offering a brochure that does not exist", [Problem(
                f"docs/{source_uri}", where, f"'{brochure_id}' is not a brochure of data/brochures.yml (known: {known})",
                "unknown-brochure")])
        return brochure

    def _label(self, brochure: Brochure, lang: str) -> str:
        size = download_file(self.project, brochure.id, lang).stat().st_size
        return str(download_label(self.data, self.settings, brochure, lang, size, self.today))

    def _labelled_link(self, link: re.Match, source_uri: str, lang: str) -> str:
        target, brochure_id = link[1], link[2]
        brochure = self._brochure(brochure_id, source_uri, f"link to {target}")
        return f'[{self._label(brochure, lang)}]({target}){{ type="application/pdf" }}'

    def _with_download_box(self, markdown: str, brochure_id, source_uri: str, lang: str) -> str:
        brochure = self._brochure(brochure_id, source_uri, "metadata 'brochure'")
        t = Renderer(self.data, lang, source_uri).t
        title = str(t("download_box_title")).replace('"', "&quot;")
        box = (
            f'!!! info "{title}"\n'
            f"    {t('download_box_text')}\n\n"
            f"    [{self._label(brochure, lang)}]({_relative(download_link(brochure.id), source_uri)})"
            '{ type="application/pdf" }\n\n'
            f"    [{t('download_all')}]({_relative(f'{DOWNLOADS_PAGE}.md', source_uri)})\n\n"
        )
        first_section = FIRST_SECTION.search(markdown)
        if first_section is None:
            return f"{markdown.rstrip()}\n\n{box}"
        return f"{markdown[:first_section.start()]}{box}{markdown[first_section.start():]}"

    def _brochure_list(self, source_uri: str, page_url: str, lang: str) -> str:
        """Every brochure, the page's language first; other languages' files are outside this build."""
        others = [other for other in self.settings.languages if other != lang]
        page_folder = (page_url if page_url.endswith("/") else posixpath.dirname(page_url)).rstrip("/")
        parts = []
        for brochure in self.data.brochures.brochures:
            lines = [f"## {brochure.title[lang]}", ""]
            lines.append(f"- [{self._label(brochure, lang)}]({_relative(download_link(brochure.id), source_uri)})"
                         '{ type="application/pdf" }')
            for other in others:
                href = posixpath.relpath(self.settings.published_path(download_link(brochure.id), other),
                                         page_folder or ".")
                lines.append(f'- <a href="{href}" type="application/pdf" hreflang="{other}" lang="{other}">'
                             f"{self._label(brochure, other)}</a>")
            parts.append("\n".join(lines))
        return "\n\n".join(parts) + "\n"


def _relative(target: str, source_uri: str) -> str:
    """A Markdown link target (path inside docs/) seen from the page being built."""
    return posixpath.relpath(target, posixpath.dirname(source_uri) or ".")
