"""Finishing the written site once every language is built: what MkDocs and the i18n plugin
leave as one file for all languages, or leave invalid."""

from __future__ import annotations

import gzip
import html
import json
import re
from pathlib import Path

TAG = re.compile(r"<[^>]*>")
SPACES = re.compile(r"\s+")

INVALID_AUTOCOMPLETE = re.compile(
    r'(<input class="md-toggle" data-md-toggle="\w+" type="checkbox" id="__\w+") autocomplete="off">')


MENU_TOGGLE = '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer"'


def named_menu_toggle(page: str, name: str) -> str:
    """Without JavaScript the menu's checkbox takes focus (site.css): named after the menu, not
    after the texts of its three labels (the site's name twice)."""
    return page.replace(MENU_TOGGLE, f'{MENU_TOGGLE} aria-label="{html.escape(name)}"', 1)


def drop_invalid_autocomplete(html: str) -> str:
    """Material's two hidden checkboxes (drawer, search) carry `autocomplete="off"`, which the
    W3C checker refuses on checkboxes; the lines sit outside any block we could override."""
    return INVALID_AUTOCOMPLETE.sub(r"\1>", html)


def plain_text(markup: str) -> str:
    """The words of a section without its HTML: the search worker shows its own snippet, and the
    index a first visit loads is smaller."""
    return SPACES.sub(" ", html.unescape(TAG.sub(" ", markup))).strip()


def split_search_index(site: Path, languages: list[str], synonyms: dict[str, list[list[str]]]) -> None:
    """One search index per language (the default language first in `languages`), so a search
    never returns another language's page; addresses relative to that language's root; texts as
    plain text, with that language's groups of synonyms (data/synonyms.yml and the glossary)."""
    default = languages[0]
    merged = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    per_language: dict[str, list] = {lang: [] for lang in languages}
    for entry in merged["docs"]:
        first = entry["location"].split("/", 1)[0]
        lang = first if first in languages and first != default else default
        if lang != default:
            entry = {**entry, "location": entry["location"].removeprefix(f"{lang}/")}
        per_language[lang].append({**entry, "title": plain_text(entry["title"]), "text": plain_text(entry["text"])})
    for lang, docs in per_language.items():
        folder = site / ("" if lang == default else lang) / "search"
        folder.mkdir(parents=True, exist_ok=True)
        index = {"config": {**merged["config"], "lang": [lang], "synonyms": synonyms.get(lang, [])}, "docs": docs}
        (folder / "search_index.json").write_text(
            json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def add_default_alternate(site: Path, default: str) -> None:
    """x-default (the default language) beside each page's alternates in sitemap.xml, for
    readers whose language is none of the site's."""
    sitemap = site / "sitemap.xml"
    pattern = re.compile(rf'(\s*)<xhtml:link rel="alternate" hreflang="{default}" href="([^"]+)"/>')
    text = pattern.sub(
        lambda match: f'{match[0]}{match[1]}<xhtml:link rel="alternate" hreflang="x-default" href="{match[2]}"/>',
        sitemap.read_text(encoding="utf-8"),
    )
    sitemap.write_text(text, encoding="utf-8")
    sitemap.with_suffix(".xml.gz").write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))


def write_language_404_pages(site: Path, rendered: dict[str, str], languages: list[str]) -> None:
    """The i18n plugin renders 404.html once per language into the same file; keep each: the
    default language's at the root (it speaks every language), the others in /<lang>/404.html
    for servers that route errors per folder (deploy/)."""
    for lang in languages:
        if lang in rendered:
            target = site / ("" if lang == languages[0] else lang) / "404.html"
            target.write_text(rendered[lang], encoding="utf-8")
