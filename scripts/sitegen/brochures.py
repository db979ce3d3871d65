"""Brochures: the site's own pages put together as PDFs to print or forward (data/brochures.yml).

`build_brochures` is a plain function, sources in and PDF files out, so the tests call it without
MkDocs and the build hook only calls it. Each PDF is made by WeasyPrint from a print template of
its own (overrides/brochure/), never from Material's web page. It is kept in .cache/brochures/
under the hash of everything that goes into it, so a rebuild without changes makes no PDF, and it
is written under a temporary name and renamed, so a failed PDF never leaves half a file behind.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import importlib.metadata
import json
import os
import posixpath
import re
import time
from dataclasses import dataclass
from pathlib import Path

import markdown
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from sitegen.data import DataError, SiteData, _Checker, _kind, _read_yaml
from sitegen.front_matter import FrontMatterError, split_page
from sitegen.generate import DOWNLOADS_FOLDER, write_generated
from sitegen.pages import BLOCK_NAMES, GENERATED_FOLDER, Renderer, fill_blocks
from sitegen.project import Project, built_language_entries
from sitegen.status import status_notices

BROCHURES_FILE = "brochures.yml"  # in data/
PRINT_FOLDER = Path("overrides") / "brochure"  # template and stylesheet of the PDFs
FONTS_FOLDER = Path("overrides") / "assets" / "fonts"
CACHE_FOLDER = Path(".cache") / "brochures"
CACHED_VERSIONS = 4  # per brochure and language
DOWNLOADS_PAGE = "downloads"  # the page that lists every brochure
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$")

# Markdown that MkDocs always enables, before the extensions listed in mkdocs.yml.
MKDOCS_EXTENSIONS = ["toc", "tables", "fenced_code"]
ADMONITION_LINE = re.compile(r'^(?P<start>[ \t]*(?:!!!|\?\?\?\+?) ?)(?P<type>[\w-]+)[ \t]*$', re.MULTILINE)
HEADING_TAG = re.compile(r"<(/?)h([1-6])\b")
LINKING_ATTRIBUTE = re.compile(r'(?<=\s)(id|href|src)="([^"]*)"')
URL_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)


class BrochureError(Exception):
    """A page of a brochure cannot be read, or a PDF cannot be made; the build stops."""


@dataclass(frozen=True)
class Brochure:
    id: str
    title: dict[str, str]
    pages: tuple[str, ...]


@dataclass(frozen=True)
class BrochureSet:
    contact: str
    brochures: tuple[Brochure, ...]

    def get(self, brochure_id: str) -> Brochure:
        return next(brochure for brochure in self.brochures if brochure.id == brochure_id)


@dataclass(frozen=True)
class Made:
    """One brochure in one language, as it stands after `build_brochures`."""

    brochure: str
    lang: str
    file: Path  # inside docs/models/downloads/
    rebuilt: bool  # False when the cached PDF was still up to date
    seconds: float  # spent making the PDF (0 when it was up to date)


# -- data/brochures.yml ------------------------------------------------------------------------

def load_brochures(project: Project, languages: list[str]) -> BrochureSet:
    """Read and check data/brochures.yml against docs/; raise DataError listing every problem."""
    problems: list[str] = []
    raw = _read_yaml(project.data / BROCHURES_FILE, problems)
    if problems:
        raise DataError(problems)
    check = _Checker(f"data/{BROCHURES_FILE}", languages)
    brochures = []
    if check.mapping(raw, "", ("contact", "brochures")):
        if not isinstance(raw["contact"], str) or not EMAIL.match(raw["contact"]):
            check.problem("contact", f"expected an e-mail address, found {_kind(raw['contact'])}")
        items = check.unique_ids(check.sequence(raw["brochures"], "brochures"), "brochures")
        for brochure_id, node in items.items():
            path = f"brochures[{brochure_id}]"
            if check.mapping(node, path, ("id", "title", "pages")):
                check.text(node["title"], f"{path}.title")
                pages = _checked_pages(check, project, brochure_id, node["pages"], f"{path}.pages")
                brochures.append(Brochure(brochure_id, node["title"], tuple(pages)))
    if check.problems:
        raise DataError(check.problems)
    return BrochureSet(raw["contact"], tuple(brochures))


def _checked_pages(check: _Checker, project: Project, brochure_id: str, node, path: str) -> list[str]:
    pages = check.sequence(node, path)
    if not pages and isinstance(node, list):
        check.problem(path, "expected at least one page")
    for index, page in enumerate(pages):
        where = f"{path}[{index}]"
        if not isinstance(page, str) or page.endswith(".md") or not page.strip():
            check.problem(where, f"expected a page as a path inside docs/ without language and .md "
                                 f"(like 'faq' or 'models/comparison'), found {_kind(page)}")
            continue
        if pages.index(page) != index:
            check.problem(where, f"brochure '{brochure_id}': page '{page}' is listed twice")
        missing = [lang for lang in check.languages if not (project.docs / f"{page}.{lang}.md").exists()]
        for lang in missing:
            reason = (f"no such page (docs/{page}.{lang}.md does not exist)" if len(missing) == len(check.languages)
                      else f"missing translation ({lang}), create docs/{page}.{lang}.md")
            check.problem(where, f"brochure '{brochure_id}', language '{lang}', page '{page}': {reason}")
    return pages


# -- the site's settings that the brochures share with the web pages ----------------------------

@dataclass(frozen=True)
class SiteSettings:
    """What mkdocs.yml says about Markdown, languages and addresses, read without MkDocs."""

    site_url: str
    languages: list[str]  # the default language first
    language_settings: dict[str, dict]  # the i18n plugin's entry per language
    extensions: list
    extension_configs: dict
    directory_urls: bool

    @classmethod
    def read(cls, project: Project, site_url: str) -> SiteSettings:
        config = project.config()
        extensions, configs = list(MKDOCS_EXTENSIONS), {}
        for item in config.get("markdown_extensions", []):
            name, options = next(iter(item.items())) if isinstance(item, dict) else (item, {})
            if name not in extensions:
                extensions.append(name)
            configs[name] = dict(options or {})
        # A printed page has no use for the web page's "link to this heading" anchors.
        configs["toc"] = {**configs.get("toc", {}), "permalink": False}
        entries = built_language_entries(project.config_file)
        return cls(
            site_url=site_url if site_url.endswith("/") else site_url + "/",
            languages=[entry["locale"] for entry in entries],
            language_settings={entry["locale"]: entry for entry in entries},
            extensions=extensions,
            extension_configs=configs,
            directory_urls=config.get("use_directory_urls", True),
        )

    def language_name(self, lang: str) -> str:
        return self.language_settings[lang]["name"]

    def site_name(self, lang: str) -> str:
        return self.language_settings[lang].get("site_name", "")

    def page_url(self, page: str, lang: str) -> str:
        """Absolute address of a page ('faq', 'models/comparison', 'index') in one language."""
        name = posixpath.basename(page)
        folder = posixpath.dirname(page)
        if name == "index":
            path = f"{folder}/" if folder else ""
        elif self.directory_urls:
            path = f"{page}/"
        else:
            path = f"{page}.html"
        return self.file_url(path, lang)

    def published_path(self, path: str, lang: str) -> str:
        """Where a file of docs/ is published in one language, from the site's root (the default
        language at the root, the others in /<lang>/)."""
        return path if lang == self.languages[0] else f"{lang}/{path}"

    def file_url(self, path: str, lang: str) -> str:
        """Absolute address of a file published in one language."""
        return f"{self.site_url}{self.published_path(path, lang)}"


# -- one brochure as HTML ------------------------------------------------------------------------

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
    """Fit a page's HTML into the brochure: one heading level down, ids and links made to work."""
    page_html = HEADING_TAG.sub(lambda match: f"<{match[1]}h{min(int(match[2]) + 1, 6)}", page_html)

    def rewritten(match: re.Match) -> str:
        name, value = match[1], html.unescape(match[2])
        if name == "id":
            value = f"{chapter_id(page)}--{value}"
        elif name == "src":
            value = _image_source(value, page)
        else:
            value = _link_target(value, page, pages, lang, settings)
        return f'{name}="{html.escape(value)}"'

    return LINKING_ATTRIBUTE.sub(rewritten, page_html)


def _link_target(href: str, page: str, pages: tuple[str, ...], lang: str, settings: SiteSettings) -> str:
    """A link inside the brochure when its target is in it, otherwise the page's web address."""
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
    return f"{url}#{anchor}" if anchor else url


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
    dates += [str(figure["as_of"]) for figure in data.figures.values()]
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


# -- PDFs, cached under the hash of what goes into them -------------------------------------------

def _assets_fingerprint(project: Project) -> bytes:
    """Stylesheet, template, fonts and the WeasyPrint version: a change to any of them shows in the PDF."""
    digest = hashlib.sha256(importlib.metadata.version("weasyprint").encode())
    for folder in (project.root / PRINT_FOLDER, project.root / FONTS_FOLDER):
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                digest.update(path.relative_to(project.root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.digest()


def _write_pdf(document: str, base_url: str, target: Path) -> float:
    """Render with WeasyPrint into a temporary file, then rename it: all or nothing. Returns seconds."""
    # Imported here: loading WeasyPrint takes half a second that a build with no change saves.
    from weasyprint import HTML

    started = time.perf_counter()
    partial = target.with_name(f".{target.name}.partial")
    try:
        HTML(string=document, base_url=base_url).write_pdf(partial, pdf_variant="pdf/ua-1")
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return time.perf_counter() - started


@dataclass(frozen=True)
class _Job:
    """A PDF to make: one brochure in one language whose sources changed."""

    brochure: str
    lang: str
    document: str
    base_url: str
    target: Path


def _run(job: _Job) -> tuple[float, str]:
    """(seconds, '') when the PDF was made; (0, what went wrong) when it could not be."""
    try:
        return _write_pdf(job.document, job.base_url, job.target), ""
    except Exception as error:  # reported together with any other failure, after all PDFs ran
        return 0.0, (f"brochure '{job.brochure}', language '{job.lang}': the PDF could not be made "
                     f"({type(error).__name__}: {error})")


def _make_pdfs(jobs: list[_Job], workers: int) -> dict[tuple[str, str], float]:
    """Make the PDFs, `workers` at a time, longest first; seconds per (brochure, language)."""
    jobs = sorted(jobs, key=lambda job: len(job.document), reverse=True)
    workers = min(len(jobs), workers)
    if workers <= 1:
        results = [_run(job) for job in jobs]
    else:
        from concurrent.futures import ProcessPoolExecutor  # here: a build with no PDF to make skips loading it

        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(_run, jobs))
    failures = [failure for _, failure in results if failure]
    if failures:
        raise BrochureError("PDF brochures that could not be made:\n  " + "\n  ".join(failures))
    return {(job.brochure, job.lang): seconds for job, (seconds, _) in zip(jobs, results)}


def build_brochures(project: Project, data: SiteData, site_url: str, today: dt.date | None = None,
                    workers: int | None = None) -> list[Made]:
    """Make every brochure in every language whose sources changed; put all in docs/models/downloads/.

    Call it after `sitegen.generate.generate`, which writes the generated pages it reads. PDFs
    are made `workers` at a time (default: one per processor core).
    Raises DataError (data/brochures.yml) or BrochureError (a page, or a PDF) before any file
    in docs/ changes.
    """
    today = today or dt.date.today()
    settings = SiteSettings.read(project, site_url)
    brochure_set = load_brochures(project, settings.languages)
    cache = project.root / CACHE_FOLDER
    cache.mkdir(parents=True, exist_ok=True)
    assets = _assets_fingerprint(project)
    shared_sources = _shared_sources_fingerprint(project, assets, settings, today)
    base_url = f"{(project.root / PRINT_FOLDER).as_uri()}/"
    known = _read_sources_index(cache)  # sources hash -> name of the PDF made from them
    documents = dict(known)
    cached_files, jobs = {}, []
    for brochure in brochure_set.brochures:
        for lang in settings.languages:
            sources = _sources_fingerprint(project, shared_sources, brochure, lang)
            if sources in documents and (cache / documents[sources]).exists():
                cached = cache / documents[sources]  # same sources, same document: no need to write it
            else:
                document = brochure_html(project, data, brochure_set, brochure, lang, settings, today)
                key = hashlib.sha256(assets + document.encode("utf-8")).hexdigest()[:24]
                cached = cache / f"{brochure.id}.{lang}.{key}.pdf"
                if not cached.exists():
                    jobs.append(_Job(brochure.id, lang, document, base_url, cached))
                documents[sources] = cached.name
            if cached.exists():
                os.utime(cached)  # recently used: kept when older versions are cleared away
            cached_files[brochure.id, lang] = cached
    seconds = _make_pdfs(jobs, workers or os.cpu_count() or 1)
    _clear_cache(cache, set(cached_files))
    documents = {sources: pdf for sources, pdf in documents.items() if (cache / pdf).exists()}
    if documents != known:
        _write_sources_index(cache, documents)
    downloads = project.generated / DOWNLOADS_FOLDER
    write_generated(downloads, {f"{brochure}.{lang}.pdf": path.read_bytes()
                                for (brochure, lang), path in cached_files.items()})
    return [Made(brochure, lang, downloads / f"{brochure}.{lang}.pdf", (brochure, lang) in seconds,
                 seconds.get((brochure, lang), 0.0))
            for brochure, lang in cached_files]


# -- a quick look before the document: have the sources of a brochure changed? -----------------
# Writing a brochure's HTML means converting all its pages, which costs more than everything
# else in a rebuild; when none of its sources changed, the document cannot have changed either.

SOURCES_INDEX = "sources.json"  # in the cache: which PDF was made from which sources
SITEGEN_FOLDER = Path(__file__).parent  # the code that writes the document
MARKDOWN_PACKAGES = ("markdown", "pymdown-extensions", "Jinja2")


def _shared_sources_fingerprint(project: Project, assets: bytes, settings: SiteSettings, today: dt.date) -> bytes:
    """Everything every brochure depends on: print assets, this code and its libraries, mkdocs.yml,
    data/, the files of docs/ that are not pages (images), the address and the day (events move
    from upcoming to past)."""
    digest = hashlib.sha256(assets)
    digest.update(f"{settings.site_url}\0{today.isoformat()}".encode())
    for package in MARKDOWN_PACKAGES:
        digest.update(f"\0{package}={importlib.metadata.version(package)}".encode())
    code = sorted(path for path in SITEGEN_FOLDER.rglob("*") if path.suffix in (".py", ".j2"))
    sources = [project.config_file, *sorted(project.data.glob("*.yml")),
               *sorted(path for path in project.docs.rglob("*") if path.is_file() and path.suffix != ".md"
                       and project.generated / DOWNLOADS_FOLDER not in path.parents)]
    # Each file is named from its folder, so that a copy of the project finds the same brochures.
    named = [(path.relative_to(SITEGEN_FOLDER), path) for path in code]
    named += [(path.relative_to(project.root), path) for path in sources]
    for name, path in named:
        digest.update(f"\0{name.as_posix()}\0".encode() + path.read_bytes())
    return digest.digest()


def _sources_fingerprint(project: Project, shared: bytes, brochure: Brochure, lang: str) -> str:
    digest = hashlib.sha256(shared + f"\0{brochure.id}\0{lang}".encode())
    for page in brochure.pages:
        digest.update(f"\0{page}\0".encode() + (project.docs / f"{page}.{lang}.md").read_bytes())
    return digest.hexdigest()[:24]


def _read_sources_index(cache: Path) -> dict:
    try:
        index = json.loads((cache / SOURCES_INDEX).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {}  # no index yet, or a damaged one: every document is written again
    return index if isinstance(index, dict) else {}


def _write_sources_index(cache: Path, index: dict) -> None:
    partial = cache / f".{SOURCES_INDEX}.partial"
    partial.write_text(json.dumps(index, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(partial, cache / SOURCES_INDEX)


def _clear_cache(cache: Path, in_use: set[tuple[str, str]]) -> None:
    """Drop brochures that no longer exist, and all but the few most recently used versions of
    the others: switching back and forth (say, between the address `make build` uses and the one
    the tests use) then costs nothing."""
    versions: dict[tuple[str, str], list[Path]] = {}
    for path in cache.glob("*.pdf"):
        brochure, lang, _ = path.name.removesuffix(".pdf").rsplit(".", 2)
        versions.setdefault((brochure, lang), []).append(path)
    for brochure_and_lang, paths in versions.items():
        keep = CACHED_VERSIONS if brochure_and_lang in in_use else 0
        for path in sorted(paths, key=lambda path: path.stat().st_mtime)[:max(len(paths) - keep, 0)]:
            path.unlink()


# -- what pages show about the downloads -----------------------------------------------------------

def download_file(project: Project, brochure_id: str, lang: str) -> Path:
    return project.generated / DOWNLOADS_FOLDER / f"{brochure_id}.{lang}.pdf"


def download_link(brochure_id: str) -> str:
    """Link target in a page's Markdown (from docs/): each language's page gets its own PDF."""
    return f"{GENERATED_FOLDER}/{DOWNLOADS_FOLDER}/{brochure_id}.pdf"


def download_label(data: SiteData, settings: SiteSettings, brochure: Brochure, lang: str, size: int) -> Markup:
    """'Community Sponsorship – Nederlands, PDF, 240 kB': the same words wherever the file is offered."""
    renderer = Renderer(data, lang, "", dt.date.today())
    kilobytes = renderer.number(max(1, round(size / 1000)))
    return renderer.t("download_label", title=brochure.title[lang], language=settings.language_name(lang),
                      size=renderer.t("download_size", kilobytes=kilobytes))
