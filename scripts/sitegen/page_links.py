"""What a page says about its other languages: the switcher, hreflang, the outdated notice."""

from __future__ import annotations

import html
import posixpath
import re

from mkdocs.utils import get_relative_url

TITLE_LINE = re.compile(r"\A\s*# [^\n]*\n")


def page_alternates(page_url: str, current: str, languages: list[tuple[str, str]], site_url: str | None) -> dict:
    """The same page in every language, for the template context.

    `languages` is [(locale, name)], the default first. Relative links for the switcher (they
    work under any sub-path, without JavaScript); absolute ones, from site_url, for hreflang
    (None without a public address: no hreflang then).
    """
    default = languages[0][0]
    prefix = "" if current == default else f"{current}/"
    path_in_language = page_url.removeprefix(prefix)
    root = site_url.rstrip("/") + "/" if site_url else None
    alternates = []
    for locale, name in languages:
        target = path_in_language if locale == default else f"{locale}/{path_in_language}"
        alternates.append({
            "lang": locale,
            "name": name,
            "href": get_relative_url(target or "./", page_url or "./"),
            "absolute": (posixpath.join(root, target) if target else root) if root else None,
            "current": locale == current,
        })
    return {
        "page_alternates": alternates,
        "language_root": get_relative_url(prefix or "./", page_url or "./").rstrip("/") or ".",
        "default_alternate": alternates[0],
    }


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
