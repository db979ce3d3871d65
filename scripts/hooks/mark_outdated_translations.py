"""Tell readers when a translation may be behind its Dutch page, and link to the Dutch page.

A translation is behind when its Dutch page changed after it was translated (see
sitegen/i18n_status.py); a current translation shows nothing.
"""

import html
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # make scripts/ importable

from mkdocs.utils import get_relative_url  # noqa: E402

from sitegen.data import load_site_data  # noqa: E402
from sitegen.i18n_status import OUTDATED, page_states  # noqa: E402
from sitegen.project import Project  # noqa: E402

TITLE_LINE = re.compile(r"\A\s*# [^\n]*\n")
_build = {}


def on_pre_build(config):
    """Runs once per language: find this language's outdated pages and the notice's words."""
    project = Project.of_build(config)
    languages = project.languages()
    lang = config.theme["language"]
    states, _ = page_states(project, languages)  # broken metadata is reported by check_front_matter.py
    _build.update(
        lang=lang,
        source_lang=languages[0],
        outdated={
            (project.root / state.path).relative_to(project.docs).as_posix()
            for state in states if state.lang == lang and state.state == OUTDATED
        },
        ui=load_site_data(project.data, languages).ui,
    )


def on_page_markdown(markdown, page, config, files):
    if page.file.src_uri not in _build["outdated"]:
        return markdown
    return with_notice(markdown, outdated_notice(page.url, _build["lang"], _build["source_lang"], _build["ui"]))


def outdated_notice(page_url: str, lang: str, source_lang: str, ui: dict) -> str:
    """The notice as HTML, linking to the same page in the source language, relative to this one."""
    source_url = page_url.removeprefix(f"{lang}/")  # the source language is built at the root
    href = get_relative_url(source_url or "./", page_url or "./")
    return (
        '<div class="admonition warning translation-outdated" role="note">\n'
        f"<p>{html.escape(ui['translation_outdated'][lang])} "
        f'<a href="{html.escape(href)}" hreflang="{source_lang}">{html.escape(ui["translation_outdated_link"][lang])}</a></p>\n'
        "</div>"
    )


def with_notice(markdown: str, notice: str) -> str:
    """Put the notice right under the page title (or first, when the page has no title line)."""
    title = TITLE_LINE.match(markdown)
    cut = title.end() if title else 0
    return f"{markdown[:cut]}\n{notice}\n\n{markdown[cut:]}"
