"""Bad sources stop the build with a message that names the file, and leave site/ as it was.

What MkDocs itself checks (links, anchors, the navigation, page content) is tried in real
builds; what our plugin checks is tried in-process on its events, which is much faster.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError

from conftest import LANGUAGES, build, without_making_brochures
from sitegen.site_folder import MARKER_TEXT, SITE_MARKER


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def _build_fails(project: Path, *expected: str) -> str:
    site = project / "site"
    site.mkdir()  # a site an earlier build made: the build may replace it, and must not here
    (site / SITE_MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    (site / "marker.txt").write_text("previous build", encoding="utf-8")
    result = build(project, site)
    assert result.returncode != 0, "the build should have failed"
    for text in expected:
        assert text in result.output, f"{text!r} not in build output:\n{result.output[-3000:]}"
    assert (site / "marker.txt").exists() and not (site / "index.html").exists(), \
        "a failed build must leave the previous site untouched"
    return result.output


def _plugin_fails(project: Path, *expected: str) -> str:
    """Run the plugin's events as a build would, up to the first problem; return its message."""
    config = load_config(str(project / "mkdocs.yml"))
    plugin = config.plugins["resettlement-site"]
    plugin.on_startup(command="build", dirty=False)
    with pytest.raises(PluginError) as caught:
        plugin.on_config(config)
        plugin.on_pre_build(config)
    message = str(caught.value)
    for text in expected:
        assert text in message, f"{text!r} not in the message:\n{message}"
    assert "Traceback" not in message
    return message


def test_broken_links_and_anchors_name_the_page(project_copy):
    # in every language: a link in one language only would be a fact that differs
    without_making_brochures(project_copy)
    for lang in LANGUAGES:
        _append(project_copy / "docs" / f"faq.{lang}.md", "\n[lien](does-not-exist.md)\n")
        _append(project_copy / "docs" / f"about.{lang}.md", "\n[link](faq.md#no-such-question)\n")
    _build_fails(project_copy, "faq.fr.md", "does-not-exist.md", "about.nl.md", "no-such-question")


def test_missing_translation_names_the_file_to_create(project_copy):
    (project_copy / "docs" / "glossary.fr.md").unlink()
    _plugin_fails(project_copy, "docs/glossary.fr.md", "missing translation (fr)")


def test_page_in_an_unknown_language_is_refused(project_copy):
    (project_copy / "docs" / "faq.de.md").write_text("# Fragen\n", encoding="utf-8")
    _plugin_fails(project_copy, "docs/faq.de.md", "not a language of this site")


def test_page_left_out_of_the_navigation_fails(project_copy):
    for lang in ("nl", "fr", "en"):
        (project_copy / "docs" / f"orphan.{lang}.md").write_text("# Orphan\n", encoding="utf-8")
    _build_fails(project_copy, "orphan")


def test_unknown_content_block_names_the_page(project_copy):
    _append(project_copy / "docs" / "index.en.md", "\n<!-- block: no-such-block -->\n")
    _build_fails(project_copy, "index.en.md", "no-such-block")


def test_malformed_data_file_stops_the_build(project_copy):
    _append(project_copy / "data" / "key-figures.yml", "\n  - id: [unclosed\n")
    _plugin_fails(project_copy, "data/key-figures.yml", "not valid YAML")


def test_unreadable_page_metadata_names_the_file(project_copy):
    path = project_copy / "docs" / "faq.nl.md"
    path.write_text(path.read_text(encoding="utf-8").replace('description: "', "description: Vragen: ", 1),
                    encoding="utf-8")
    _plugin_fails(project_copy, "docs/faq.nl.md", "not valid YAML")
