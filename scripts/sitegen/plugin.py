"""The site's one MkDocs plugin: every step of the pipeline, in the order it runs.

Each event is a few lines that call plain sitegen functions (tested without MkDocs). It is
listed in mkdocs.yml after `i18n`: mkdocs-static-i18n builds the default language, then each
other language from inside that build, so per-language work runs in every pass (`on_pre_build`
and the page events) and work for all languages at once runs in the first pass only. What a
build knows (the project, its languages, its date, its data) lives on the plugin instance.
"""

from __future__ import annotations

import logging
import re
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import Abort, PluginError
from mkdocs.plugins import BasePlugin, event_priority

from sitegen.brochure_cache import unwritable_reason
from sitegen.brochure_document import PRINT_FOLDER, BrochureError
from sitegen.brochures import CACHE_FOLDER, build_brochures
from sitegen.citations import citation_problems
from sitegen.data import SiteData, load_site_data
from sitegen.fact_parity import data_text_parity_problems, fact_parity_problems, load_names
from sitegen.front_matter import FrontMatterError, split_page
from sitegen.generate import DOWNLOADS_FOLDER, generate, hand_made_files
from sitegen.i18n_status import OUTDATED, data_texts, page_states
from sitegen.offers import BrochureOffers
from sitegen.page_links import outdated_notice, page_alternates, with_notice
from sitegen.interface_words import missing_word_problems
from sitegen.pages import fill_blocks, with_sources
from sitegen.preview import explain_failed_rebuilds
from sitegen.problems import Problem, ProblemsFound
from sitegen.safe_pages import page_content_problems
from sitegen.project import Project, build_date
from sitegen.public_address import language_homes, site_path
from sitegen.reading import CompiledTemplates, NotUTF8Error
from sitegen.site_output import (
    add_default_alternate, drop_invalid_autocomplete, named_menu_toggle, split_search_index, write_language_404_pages,
)
from sitegen.site_folder import BuildLock
from sitegen.site_settings import SiteSettings, with_fact_sheets_in_nav
from sitegen.status import status_notices
from sitegen.synonyms import load_synonyms
from sitegen.terminology import data_terminology_problems, load_terms, terminology_problems
from sitegen.translations import PAGE_NAME, translation_problems
from sitegen.typography import typeset

log = logging.getLogger("mkdocs.plugins.resettlement-site")
ONE_OF_MANY = re.compile(r"\b(1 [a-z]+)s\b")  # MkDocs counts "1 warnings"


class SiteConfig(base.Config):
    """The plugin's options in mkdocs.yml (`plugins: - resettlement-site: ...`)."""

    make_brochures = c.Type(bool, default=True)
    """Make the PDF brochures whose sources changed; false keeps the PDFs already made (the preview
    always keeps them)."""
    pdf_workers = c.Type(int, default=0)
    """PDFs made at the same time; 0 is one per processor core."""
    cache_dir = c.Type(str, default=".cache")
    """Kept between builds, relative to mkdocs.yml: brochures and compiled templates."""
    keep_compiled_templates = c.Type(bool, default=True)
    """Keep the theme's compiled templates in cache_dir (about a third of a build)."""
    search_index_per_language = c.Type(bool, default=True)
    """One search index per language (false leaves the i18n plugin's one index of every language)."""
    public_address = c.Choice(("optional", "required"), default="optional")
    """Whether a build needs `site_url` (SITE_URL): without it, the build writes no absolute address
    (README, "The public address"); `required` stops such a build instead."""
    fact_sheets_section = c.Type(str, default="Fiches per model")
    """The section of `nav` that the build fills with one fact sheet per model of
    data/partner-models.yml, in its order."""
    base_path = c.Type(str, default="/")
    """The path the site is served under when there is no public address, for the 404 pages'
    links (with one, its path is used)."""


class SitePlugin(BasePlugin[SiteConfig]):
    def __init__(self):
        self.previewing = False
        self.lock: BuildLock | None = None
        self.rendered_404: dict[str, str] = {}

    # -- once per run ---------------------------------------------------------------------------
    def on_startup(self, command, dirty):
        """Runs first, once: `mkdocs serve` keeps brochures as they are (they take a minute)."""
        self.previewing = command == "serve"

    def on_config(self, config):
        """Runs once, before i18n reconfigures the first language: the languages come from the
        i18n plugin's validated configuration; one date for the whole build."""
        i18n_languages = config.plugins["i18n"].config.languages
        ordered = sorted(i18n_languages, key=lambda lang: not lang.default)
        self.all_locales = [lang.locale for lang in ordered]
        self.language_names = [(lang.locale, lang.name) for lang in ordered if lang.build]
        # Data and pages are checked in every language, also when the preview builds only one
        # (DOCS_LANGUAGE=fr make serve): data/ holds every language's texts.
        self.project = Project(Path(config.config_file_path).resolve().parent, tuple(self.all_locales))
        self.today = build_date(root=self.project.root)
        self.cache = self.project.root / self.config.cache_dir
        self.site_url = config.site_url or None
        if self.site_url is None:
            if self.config.public_address == "required":
                raise PluginError("mkdocs.yml: plugins.resettlement-site.public_address is 'required' but no public "
                                  "address is set: SITE_URL=https://… make build (see README, 'The public address')")
            # A sitemap lists absolute addresses only: none without a public address (MkDocs
            # writes sitemap.xml.gz only beside it).
            config.theme.static_templates.discard("sitemap.xml")
        self.site_path = site_path(self.site_url, self.config.base_path)
        # Templates show interface words as config.extra.ui.key[language], all languages at hand.
        data = self._data()
        config.extra["ui"] = data.ui
        config.nav = self._run(lambda: with_fact_sheets_in_nav(config.nav, self.config.fact_sheets_section, data.models))
        # The team's address, for the "Something wrong on this page?" link in every footer.
        config.extra["feedback_contact"] = data.brochures.contact
        return config

    # -- once per language ----------------------------------------------------------------------
    def on_pre_build(self, config):
        """Runs before each language's pages are read. In the first pass: (in the preview) wait
        for any other build of this project, check every page in every language and the search
        synonyms, write the pages
        from data/, check that every page states the same facts in every language with the
        official terms, make the brochures, before MkDocs collects the files that link to them."""
        if not self._building_other_language(config):
            if self.previewing:  # `docs.py build` holds the lock itself, around the whole build
                self.lock = BuildLock(self.project.root, say=log.info)
                self.lock.acquire()
            self._check_pages()
            self.synonyms = self._run(lambda: load_synonyms(self.project.data, self.project.docs,
                                                            list(self.project.languages)))
            self.data = self._run(lambda: generate(self.project, self.today)[0])
            self._check_content()
            self._check_words()
            self._make_brochures()
        self.data = self._data()
        self.lang = config.theme["language"]
        config.extra["programme_status"] = status_notices(self.data)[self.lang]
        # Material titles the page's table of contents with the toc extension's title, else with
        # its own "Table of contents": the site's words say it is this page's.
        config.mdx_configs.setdefault("toc", {})["title"] = self.data.ui["page_contents"][self.lang]
        self.offers = BrochureOffers(self.project, self.data, SiteSettings.read(self.project, self.site_url),
                                     self.today)
        states, _ = page_states(self.project, list(self.project.languages))  # broken metadata is reported above
        self.outdated = {(self.project.root / state.path).relative_to(self.project.docs).as_posix()
                         for state in states if state.lang == self.lang and state.state == OUTDATED}

    def on_files(self, files, config):
        """The print template and stylesheet in overrides/brochure/ are for the PDFs, not the site;
        without a public address, the i18n plugin's sitemap template is no template any more, and
        not to be copied as a file either."""
        print_folder = PRINT_FOLDER.relative_to("overrides").as_posix() + "/"
        for file in [file for file in files if file.src_uri.startswith(print_folder)
                     or (self.site_url is None and file.src_uri == "sitemap.xml")]:
            files.remove(file)
        return files

    def on_env(self, env, config, files):
        """Compiled templates kept between builds; an edited template is always compiled again."""
        if self.config.keep_compiled_templates:
            env.bytecode_cache = CompiledTemplates(self.cache / "templates")
        return env

    # -- once per page --------------------------------------------------------------------------
    def on_page_markdown(self, markdown, page, config, files):
        """Before Markdown becomes HTML: offer the brochures, fill `<!-- block: name -->` lines
        with tables from data/, list the page's sources at its end, say when a translation is
        behind its Dutch page, and set the typography of the page's language."""
        markdown = self._run(lambda: self.offers.offer(
            markdown, page.meta.get("brochure"), page.file.src_uri, page.url, self.lang))
        markdown = self._run(lambda: fill_blocks(markdown, self.data, self.lang, page.file.src_uri, self.today))
        if not page.meta.get("generated"):  # generated pages list their sources themselves
            markdown = with_sources(markdown, self.data, self.lang, page.file.src_uri, page.meta.get("sources", []))
        if page.file.src_uri in self.outdated:
            notice = outdated_notice(page.url, self.lang, self.project.languages[0], self.data.ui)
            markdown = with_notice(markdown, notice)
        return typeset(markdown, self.lang)

    def on_page_context(self, context, page, config, nav):
        """The same page in every language, for the switcher and hreflang."""
        context.update(page_alternates(page.url, self.lang, self.language_names, self.site_url))
        return context

    def on_template_context(self, context, template_name, config):
        """404.html is served for any address at any depth, where relative links cannot work: its
        links start from the site's path (the public address's, else the base_path option)."""
        if template_name == "404.html":
            locales = [locale for locale, _ in self.language_names]
            homes = language_homes(self.site_path, locales, self.lang)
            context.update(base_url=self.site_path, language_homes=homes,
                           language_root=homes[0]["link"].rstrip("/"))
        return context

    def _mended_theme_markup(self, output: str) -> str:
        """Material's hidden checkboxes, in every page and the 404 page: valid and named."""
        return named_menu_toggle(drop_invalid_autocomplete(output), self.data.ui["menu_toggle"][self.lang])

    def on_post_page(self, output, page, config):
        return self._mended_theme_markup(output)

    def on_post_template(self, output_content, template_name, config):
        """404.html is rendered once per language into one file: keep each language's."""
        output_content = self._mended_theme_markup(output_content)
        if template_name == "404.html":
            self.rendered_404[self.lang] = output_content
        return output_content

    # -- once, after every language -------------------------------------------------------------
    @event_priority(-200)  # after mkdocs-static-i18n (-100) has built every language
    def on_post_build(self, config):
        """One search index per language, x-default in the sitemap, a 404 page per language."""
        if self._building_other_language(config):
            return
        site = Path(config.site_dir)
        locales = [locale for locale, _ in self.language_names]
        built = [lang.locale for lang in config.plugins["i18n"].config.languages if lang.build]
        if self.config.search_index_per_language:
            split_search_index(site, [locale for locale in locales if locale in built], self.synonyms)
        if self.site_url:
            add_default_alternate(site, locales[0])
        write_language_404_pages(site, self.rendered_404, locales)
        self.rendered_404 = {}
        self._release_lock()

    def on_build_error(self, error):
        """A failed build: free the folder for the next one; MkDocs' "Aborted with 1 warnings"
        reads "1 warning"."""
        if isinstance(error, Abort):
            error.message = ONE_OF_MANY.sub(r"\1", error.message)
        self._release_lock()

    def on_serve(self, server, config, builder):
        """Rebuild the preview when an editor saves a data file; show a failed rebuild's message
        in the browser."""
        server.watch(str(self.project.data))
        explain_failed_rebuilds(server)
        return server

    # -- helpers --------------------------------------------------------------------------------
    def _release_lock(self) -> None:
        """The preview's rebuild is done: a build waiting in this folder may start."""
        if self.lock:
            self.lock.release()
            self.lock = None

    @staticmethod
    def _building_other_language(config) -> bool:
        """True in the passes mkdocs-static-i18n runs for the languages after the first."""
        return config.plugins["i18n"].building

    def _data(self) -> SiteData:
        return self._run(lambda: load_site_data(self.project.data, list(self.project.languages)))

    def _check_pages(self) -> None:
        """Every page in every configured language (also when one is previewed), each with a
        readable metadata block: MkDocs would silently publish the Dutch page or lose the title."""
        hand_made = hand_made_files(self.project)
        if hand_made:
            raise PluginError(str(ProblemsFound("Files put by hand in a folder the build writes", hand_made)))
        problems = translation_problems(self.project.docs, self.all_locales)
        if problems:
            raise PluginError(str(ProblemsFound("Pages missing a translation", problems)))
        broken = []
        for path in sorted(self.project.docs.rglob("*.md")):
            file, name = path.relative_to(self.project.root).as_posix(), PAGE_NAME.match(path.name)
            language = name["lang"] if name else ""
            try:
                split_page(path)
            except FrontMatterError as error:
                broken.append(Problem(file, "", str(error).removeprefix(f"{path}: "), "metadata", language))
            except NotUTF8Error as error:
                where, _, message = str(error).partition(": ")
                broken.append(Problem(file, where, message, "encoding", language))
        if broken:
            raise PluginError(str(ProblemsFound("Pages with broken metadata", broken)))

    def _check_content(self) -> None:
        """Nothing on any page, generated ones included, runs code, loads anything from another site
        or links to javascript:, data: or a local file; every block marker names a known block;
        every interface word the templates and the code use is in data/ui.yml."""
        problems = missing_word_problems(self.project.root, self.data.ui)
        problems += page_content_problems(self.project.docs, list(self.project.languages), self.project.root)
        if problems:
            raise PluginError(str(ProblemsFound(
                "Content that is not allowed or would go missing (see CONTRIBUTING.md, 'When a check fails')",
                problems)))

    def _check_words(self) -> None:
        """The same facts in every language (figures, amounts, durations, dates, e-mail addresses,
        links, the names of data/names.yml) and no refused term (data/terminology.yml), on every
        page, generated ones included, and in every data text; each page citing sources of
        data/sources.yml, the same in every language."""
        root, languages = self.project.root, list(self.project.languages)
        names, problems = load_names(self.project.data / "names.yml", root)
        terms, term_file_problems = load_terms(self.project.data / "terminology.yml", root)
        problems += term_file_problems
        problems += citation_problems(self.project.docs, languages, self.data.sources, root)
        if not problems:
            in_data = data_text_parity_problems(data_texts(self.project), languages, names)
            generated = self.project.generated.relative_to(root).as_posix() + "/"
            # A generated page differs because a data text does: name the data text only.
            problems += in_data + [problem for problem in fact_parity_problems(self.project.docs, languages, names, root)
                                   if not (in_data and problem.file.startswith(generated))]
            problems += terminology_problems(self.project.docs, languages, terms, root)
            problems += data_terminology_problems(self.project.data, languages, terms, root)
        if problems:
            raise PluginError(str(ProblemsFound(
                "Facts or words that differ between languages (see CONTRIBUTING.md, 'Facts in every "
                "language')", problems)))

    def _make_brochures(self) -> None:
        downloads = self.project.generated / DOWNLOADS_FOLDER
        if (self.previewing or not self.config.make_brochures) and any(downloads.glob("*.pdf")):
            log.info("Brochures: kept as they are (make build makes them again)")
            return
        started = time.perf_counter()
        cache = self.cache / CACHE_FOLDER.name
        with ExitStack() as temporary:
            if problem := unwritable_reason(cache):
                log.info(f"Brochures: {cache} cannot be written ({problem}); they are made in a temporary "
                         "folder, and made again by the next build")
                cache = Path(temporary.enter_context(tempfile.TemporaryDirectory(prefix="brochures-")))
            made = self._run(lambda: build_brochures(
                self.project, self.data, self.site_url, self.today, workers=self.config.pdf_workers or None,
                cache=cache))
        rebuilt = [brochure for brochure in made if brochure.rebuilt]
        times = "".join(f"\n  {brochure.file.name}: {brochure.seconds:.1f} s" for brochure in rebuilt)
        log.info(f"Brochures: {len(rebuilt)} of {len(made)} PDFs made, {len(made) - len(rebuilt)} unchanged, "
                 f"in {time.perf_counter() - started:.1f} s{times}")

    @staticmethod
    def _run(step):
        """A step whose problems stop the build with their message, never a traceback."""
        try:
            return step()
        except (ProblemsFound, BrochureError) as error:
            raise PluginError(str(error)) from None
