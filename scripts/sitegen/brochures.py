"""Brochures: the site's own pages put together as PDFs to print or forward (data/brochures.yml).

`build_brochures` is a plain function, sources in and PDF files out, so the tests call it without
MkDocs and the build only calls it. The work is split by reason to change: the document
(brochure_document), the PDF engine (pdf), what is kept between builds (brochure_cache).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from sitegen.brochure_cache import (
    assets_fingerprint, clear_cache, read_sources_index, shared_sources_fingerprint, sources_fingerprint,
    write_sources_index,
)
from sitegen.brochure_document import PRINT_FOLDER, brochure_html, summary_parity_problems
from sitegen.data import Brochure, DataError, SiteData
from sitegen.generate import DOWNLOADS_FOLDER, write_generated
from sitegen.pages import GENERATED_FOLDER, Renderer
from sitegen.pdf import Job, make_pdfs
from sitegen.problems import Problem
from sitegen.project import Project
from sitegen.site_settings import SiteSettings

CACHE_FOLDER = Path(".cache") / "brochures"


@dataclass(frozen=True)
class Made:
    """One brochure in one language, as it stands after `build_brochures`."""

    brochure: str
    lang: str
    file: Path  # inside docs/models/downloads/
    rebuilt: bool  # False when the cached PDF was still up to date
    seconds: float  # spent making the PDF (0 when it was up to date)


def missing_pages(project: Project, data: SiteData) -> list[Problem]:
    """Pages of data/brochures.yml that docs/ lacks in some language (after generation)."""
    problems = []
    for brochure in data.brochures.brochures:
        for index, page in enumerate(brochure.pages):
            missing = [lang for lang in data.languages if not (project.docs / f"{page}.{lang}.md").exists()]
            for lang in missing:
                reason = (f"no such page (docs/{page}.{lang}.md does not exist)" if len(missing) == len(data.languages)
                          else f"missing translation ({lang}), create docs/{page}.{lang}.md")
                problems.append(Problem("data/brochures.yml", f"brochures[{brochure.id}].pages[{index}]",
                                        f"brochure '{brochure.id}', language '{lang}', page '{page}': {reason}",
                                        "missing-page", lang))
    return problems


def build_brochures(project: Project, data: SiteData, site_url: str, today: dt.date,
                    workers: int | None = None, cache: Path | None = None) -> list[Made]:
    """Make every brochure in every language whose sources changed; put all in docs/models/downloads/.

    Call it after `sitegen.generate.generate`, which writes the generated pages it reads. PDFs
    are made `workers` at a time (default: one per processor core), kept in `cache` (default
    .cache/brochures/). Raises DataError (data/brochures.yml) or BrochureError (a page, or a
    PDF) before any file in docs/ changes.
    """
    settings = SiteSettings.read(project, site_url)
    brochure_set = data.brochures
    problems = missing_pages(project, data) + summary_parity_problems(project, data)
    if problems:
        raise DataError(problems)
    cache = cache or project.root / CACHE_FOLDER
    cache.mkdir(parents=True, exist_ok=True)
    assets = assets_fingerprint(project)
    shared_sources = shared_sources_fingerprint(project, assets, settings, today)
    base_url = f"{(project.root / PRINT_FOLDER).as_uri()}/"
    known = read_sources_index(cache)  # sources hash -> name of the PDF made from them
    documents = dict(known)
    cached_files, jobs = {}, []
    for brochure in brochure_set.brochures:
        for lang in settings.languages:
            sources = sources_fingerprint(project, shared_sources, brochure, lang)
            if sources in documents and (cache / documents[sources]).exists():
                cached = cache / documents[sources]  # same sources, same document: no need to write it
            else:
                document = brochure_html(project, data, brochure_set, brochure, lang, settings, today)
                key = hashlib.sha256(assets + document.encode("utf-8")).hexdigest()[:24]
                cached = cache / f"{brochure.id}.{lang}.{key}.pdf"
                if not cached.exists():
                    jobs.append(Job(brochure.id, lang, document, base_url, cached, project.root))
                documents[sources] = cached.name
            if cached.exists():
                os.utime(cached)  # recently used: kept when older versions are cleared away
            cached_files[brochure.id, lang] = cached
    seconds = make_pdfs(jobs, workers or os.cpu_count() or 1)
    clear_cache(cache, set(cached_files))
    documents = {sources: pdf for sources, pdf in documents.items() if (cache / pdf).exists()}
    if documents != known:
        write_sources_index(cache, documents)
    downloads = project.generated / DOWNLOADS_FOLDER
    write_generated(downloads, {f"{brochure}.{lang}.pdf": path.read_bytes()
                                for (brochure, lang), path in cached_files.items()})
    return [Made(brochure, lang, downloads / f"{brochure}.{lang}.pdf", (brochure, lang) in seconds,
                 seconds.get((brochure, lang), 0.0))
            for brochure, lang in cached_files]

# -- what pages show about the downloads -----------------------------------------------------------

def download_file(project: Project, brochure_id: str, lang: str) -> Path:
    return project.generated / DOWNLOADS_FOLDER / f"{brochure_id}.{lang}.pdf"


def download_link(brochure_id: str) -> str:
    """Link target in a page's Markdown (from docs/): each language's page gets its own PDF."""
    return f"{GENERATED_FOLDER}/{DOWNLOADS_FOLDER}/{brochure_id}.pdf"


def download_label(data: SiteData, settings: SiteSettings, brochure: Brochure, lang: str, size: int,
                   today: dt.date) -> Markup:
    """'Community Sponsorship – Nederlands, PDF, 240 kB': the same words wherever the file is offered."""
    renderer = Renderer(data, lang, "", today)
    kilobytes = renderer.number(max(1, round(size / 1000)))
    return renderer.t("download_label", title=brochure.title[lang], language=settings.language_name(lang),
                      size=renderer.t("download_size", kilobytes=kilobytes))
