"""What mkdocs.yml says about Markdown, languages and addresses, for output made without MkDocs
(the brochures): the same extensions and the same addresses as the web pages."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from sitegen.problems import Problem, ProblemsFound
from sitegen.project import Project, built_language_entries

# Markdown that MkDocs always enables, before the extensions listed in mkdocs.yml.
MKDOCS_EXTENSIONS = ["toc", "tables", "fenced_code"]


@dataclass(frozen=True)
class SiteSettings:
    """What mkdocs.yml says about Markdown, languages and addresses, read without MkDocs."""

    site_url: str | None  # None without a public address: then no page has an address to print
    languages: list[str]  # the default language first
    language_settings: dict[str, dict]  # the i18n plugin's entry per language
    extensions: list
    extension_configs: dict
    directory_urls: bool

    @classmethod
    def read(cls, project: Project, site_url: str | None) -> SiteSettings:
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
            site_url=site_url.rstrip("/") + "/" if site_url else None,
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

    def page_url(self, page: str, lang: str) -> str | None:
        """Absolute address of a page ('faq', 'models/comparison', 'index') in one language (None
        without a public address)."""
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

    def file_url(self, path: str, lang: str) -> str | None:
        """Absolute address of a file published in one language (None without a public address)."""
        return f"{self.site_url}{self.published_path(path, lang)}" if self.site_url else None




def with_fact_sheets_in_nav(nav: list, section: str, models: list[dict]) -> list:
    """mkdocs.yml's navigation with each empty section named `section` (`- Fiches per model: []`)
    listing one fact sheet per model of data/partner-models.yml, in its order: a new model needs
    no edit of mkdocs.yml. A section that lists pages itself is left as written."""
    found = False

    def fill(items: list) -> list:
        nonlocal found
        filled = []
        for item in items:
            if isinstance(item, dict) and len(item) == 1:
                title, children = next(iter(item.items()))
                found = found or title == section
                if title == section and not children:
                    children = [f"models/{model['id']}.md" for model in models]
                elif isinstance(children, list):
                    children = fill(children)
                item = {title: children}
            filled.append(item)
        return filled

    if not nav:  # no navigation written: MkDocs lists every page itself
        return nav
    filled = fill(nav)
    if not found:
        raise ProblemsFound("The navigation has no place for the fact sheets", [Problem(
            "mkdocs.yml", "nav", f"no section '{section}' (plugins.resettlement-site.fact_sheets_section): add "
            f"'- {section}: []' where the fact sheets belong", "nav")])
    return filled
