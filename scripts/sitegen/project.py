"""Where things live, and which languages the site is built in (read from mkdocs.yml)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml


@dataclass(frozen=True)
class Project:
    """The folders of one checkout (or of a copy of it, as the tests use)."""

    root: Path

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

    def config(self) -> dict:
        return read_config(self.config_file)

    def languages(self) -> list[str]:
        """Locales of the i18n plugin in mkdocs.yml, the default language first."""
        return languages_from_config(self.config_file)


class _IgnoreTagsLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without resolving MkDocs-only tags such as !ENV."""


_IgnoreTagsLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def read_config(config_file: Path) -> dict:
    """mkdocs.yml as plain data (MkDocs-only tags such as !ENV read as nothing)."""
    return yaml.load(config_file.read_text(encoding="utf-8"), Loader=_IgnoreTagsLoader)


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


PROJECT = Project(Path(__file__).resolve().parents[2])
