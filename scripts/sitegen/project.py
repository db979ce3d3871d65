"""Where things live, and which languages the site is built in (read from mkdocs.yml)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from sitegen.reading import SafeLoader, parsed_once


@dataclass(frozen=True)
class Project:
    """The folders of one checkout (or of a copy of it, as the tests use)."""

    root: Path

    @classmethod
    def of_build(cls, config) -> Project:
        """The project a MkDocs build runs in: the folder of its config file (`-f` may be relative)."""
        return cls(Path(config.config_file_path).resolve().parent)

    @property
    def config_file(self) -> Path:
        return self.root / "mkdocs.yml"

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def generated(self) -> Path:
        """The only folder generation writes to; git ignores it."""
        return self.docs / "models"

    @property
    def compiled_templates(self) -> Path:
        """Where Jinja keeps compiled templates between builds (git ignores .cache/)."""
        return self.root / ".cache" / "templates"

    def config(self) -> dict:
        return read_config(self.config_file)

    def languages(self) -> list[str]:
        """Locales of the i18n plugin in mkdocs.yml, the default language first."""
        return languages_from_config(self.config_file)


class _IgnoreTagsLoader(SafeLoader):
    """Reads mkdocs.yml without resolving MkDocs-only tags such as !ENV."""


_IgnoreTagsLoader.add_multi_constructor("", lambda loader, suffix, node: None)


@parsed_once
def read_config(config_file: Path, text: str) -> dict:
    """mkdocs.yml as plain data (MkDocs-only tags such as !ENV read as nothing)."""
    return yaml.load(text, Loader=_IgnoreTagsLoader)


def built_language_entries(config_file: Path) -> list[dict]:
    """The i18n plugin's entries for the languages that are built, the default language first."""
    for plugin in read_config(config_file).get("plugins", []):
        if isinstance(plugin, dict) and "i18n" in plugin:
            languages = plugin["i18n"]["languages"]
            ordered = sorted(languages, key=lambda lang: not lang.get("default", False))
            return [lang for lang in ordered if lang.get("build", True)]
    raise ValueError(f"{config_file}: no i18n plugin with languages is configured")


def languages_from_config(config_file: Path) -> list[str]:
    return [lang["locale"] for lang in built_language_entries(config_file)]


def is_first_language_pass(config) -> bool:
    """True in the first of the builds that mkdocs-static-i18n runs for one `mkdocs build`.

    The plugin builds the first language, then the others from that build's last step. Work done
    for all languages at once (generated pages, PDFs, checks of every page) belongs in the first.
    """
    return not config.plugins["i18n"].building


PROJECT = Project(Path(__file__).resolve().parents[2])
