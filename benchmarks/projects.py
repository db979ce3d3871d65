"""Throw-away projects the benchmarks build: copies of the sources, config variants, baselines.

Nothing here writes into the checkout: every project lives in a temporary folder, so the
benchmarks never touch docs/ and can run while someone edits.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import yaml

from sitegen.data import load_site_data
from sitegen.project import built_language_entries, read_config
from sitegen.site_settings import with_fact_sheets_in_nav

ROOT = Path(__file__).resolve().parents[1]
PLUGIN = "resettlement-site"

SKIPPED_TOP_LEVEL = {"benchmarks", "tests", ".ci"}  # not read by the build
SYNTHETIC_FOLDER = "synthetic"


def source_files(root: Path = ROOT) -> list[Path]:
    """Files the build reads: tracked and new files that git does not ignore, as they are now."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=root, capture_output=True, check=True,
    ).stdout.decode().split("\0")
    return [Path(name) for name in listed
            if name and Path(name).parts[0] not in SKIPPED_TOP_LEVEL and (root / name).is_file()]


def copy_project(destination: Path, root: Path = ROOT) -> Path:
    """A copy of the working tree as it is now (uncommitted work included), without build output."""
    for relative in source_files(root):
        target = destination / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / relative, target)
    return destination


def write_variant(project: Path, name: str, **overrides) -> Path:
    """mkdocs.<name>.yml: the project's mkdocs.yml with some top-level keys replaced."""
    variant = project / f"mkdocs.{name}.yml"
    variant.write_text(yaml.safe_dump({"INHERIT": "mkdocs.yml", **overrides}, allow_unicode=True),
                       encoding="utf-8")
    return variant


def write_plugin_variant(project: Path, name: str, **options) -> Path:
    """mkdocs.<name>.yml: the project's mkdocs.yml with some options of our plugin changed."""
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    for option, value in options.items():
        pattern = re.compile(rf"^(\s+){option}: .*$", re.MULTILINE)
        if not pattern.search(text):
            raise ValueError(f"mkdocs.yml sets no option '{option}' of the {PLUGIN} plugin")
        text = pattern.sub(lambda match: f"{match[1]}{option}: {yaml.safe_dump(value).splitlines()[0]}", text, count=1)
    variant = project / f"mkdocs.{name}.yml"
    variant.write_text(text, encoding="utf-8")
    return variant


# -- (a)/(b) baselines: plain mkdocs-material, one language, without our plugin ---------------------------
OWN_TEMPLATE = re.compile(r"^template: .*\n", re.MULTILINE)


def plain_name(name: str, lang: str, languages: list[str]) -> str | None:
    """'faq.nl.md' -> 'faq.md' for lang nl; None for another language's file."""
    parts = name.split(".")
    if len(parts) >= 3 and parts[-2] in languages:
        return ".".join(parts[:-2] + parts[-1:]) if parts[-2] == lang else None
    return name


def plain_project(source: Path, lang: str, destination: Path) -> Path:
    """One-language project from `source`'s Markdown (generated pages included), without our plugin."""
    languages = site_languages(source)
    docs = source / "docs"
    for path in sorted(docs.rglob("*")):
        if not path.is_file() or path.name.startswith("."):
            continue
        name = plain_name(path.name, lang, languages)
        if name is not None:
            target = destination / "docs" / path.relative_to(docs).parent / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
            if target.suffix == ".md":  # our page templates (home.html) are not part of plain Material
                text = target.read_text(encoding="utf-8")
                target.write_text(OWN_TEMPLATE.sub("", text, count=1), encoding="utf-8")
    config = read_config(source / "mkdocs.yml")
    plain = {
        "site_name": config["site_name"],
        "site_url": "http://127.0.0.1:8000/",
        "theme": {"name": "material", "language": lang, "font": False},
        "markdown_extensions": config.get("markdown_extensions", []),
        "nav": nav_with_fact_sheets(source),
    }
    (destination / "mkdocs.yml").write_text(yaml.safe_dump(plain, allow_unicode=True), encoding="utf-8")
    return destination


def nav_with_fact_sheets(project: Path) -> list:
    """The navigation as the build completes it: the fact sheets listed from data/."""
    config = read_config(project / "mkdocs.yml")
    section = next(((options or {}).get("fact_sheets_section", "Fiches per model") for plugin in config["plugins"]
                    if isinstance(plugin, dict) for name, options in plugin.items() if name == "resettlement-site"),
                   "Fiches per model")
    models = load_site_data(project / "data", site_languages(project)).models
    return with_fact_sheets_in_nav(config["nav"], section, models)


def site_languages(project: Path) -> list[str]:
    """Locales the site is built in, the default language first."""
    return [entry["locale"] for entry in built_language_entries(project / "mkdocs.yml")]


# -- scale: the real pages mirrored into docs/synthetic/copy-N/ ---------------------------------
def prefix_nav(nav, prefix: str):
    """The same navigation with every page path under `prefix/` (links to other sites kept)."""
    if isinstance(nav, list):
        return [prefix_nav(item, prefix) for item in nav]
    if isinstance(nav, dict):
        return {title: prefix_nav(value, prefix) for title, value in nav.items()}
    return nav if "://" in nav else f"{prefix}/{nav}"


def page_count(docs: Path, lang: str) -> int:
    """Pages of one language (Markdown files with that suffix), synthetic copies included."""
    return sum(1 for _ in docs.rglob(f"*.{lang}.md"))


def add_synthetic_copies(project: Path, copies: int) -> list:
    """Mirror every real page (hand-written and generated) `copies` times; return the new nav.

    Each mirror keeps the real folder layout, so every relative link in it still resolves and
    the strict build checks the copies as thoroughly as the originals.
    """
    docs = project / "docs"
    originals = [path for path in sorted(docs.rglob("*"))
                 if path.is_file() and not path.name.startswith(".")
                 and path.relative_to(docs).parts[0] != SYNTHETIC_FOLDER]
    nav = nav_with_fact_sheets(project)
    extra = []
    for number in range(2, copies + 2):
        prefix = f"{SYNTHETIC_FOLDER}/copy-{number}"
        for path in originals:
            target = docs / prefix / path.relative_to(docs)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
        extra.append({f"Copy {number}": prefix_nav(nav, prefix)})
    return nav + extra
