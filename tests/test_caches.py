"""What is kept from one build to the next (parsed files, compiled templates) never hides an edit."""

from __future__ import annotations

import os
from pathlib import Path

from jinja2 import Environment, FileSystemLoader

from conftest import LANGUAGES, build, page_path
from sitegen.data import load_site_data
from sitegen.front_matter import split_page
from sitegen.reading import CompiledTemplates, parsed_once


def test_a_parsed_file_is_parsed_again_once_its_text_changes(tmp_path):
    parsed = []

    @parsed_once
    def lines(path: Path, text: str) -> list[str]:
        parsed.append(text)
        return text.splitlines()

    source = tmp_path / "notes.txt"
    source.write_text("one\n", encoding="utf-8")
    assert lines(source) == lines(source) == ["one"]
    assert len(parsed) == 1, "the same text is parsed once"
    source.write_text("two\n", encoding="utf-8")  # same size, possibly the same timestamp
    assert lines(source) == ["two"]


def test_site_data_is_read_again_after_an_edit_that_keeps_size_and_timestamp(data_dir):
    status = data_dir / "status.yml"
    assert load_site_data(data_dir, LANGUAGES).status["status"] == "message"
    before = status.stat()
    text = status.read_text(encoding="utf-8")
    status.write_text(text.replace("status: message", "status: closed "), encoding="utf-8")  # same size
    os.utime(status, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert status.stat().st_size == before.st_size
    assert load_site_data(data_dir, LANGUAGES).status["status"] == "closed"


def test_each_reader_of_a_parsed_file_gets_its_own_copy(tmp_path):
    page = tmp_path / "faq.nl.md"
    page.write_text("---\ntitle: Vragen\ndescription: Korte antwoorden.\nsources: [a]\n---\n# Vragen\n",
                    encoding="utf-8")
    meta, _ = split_page(page)
    meta["title"] = "changed by one reader"
    assert split_page(page)[0]["title"] == "Vragen"


def _render(folder: Path, cache: Path, **settings) -> str:
    environment = Environment(loader=FileSystemLoader(folder), bytecode_cache=CompiledTemplates(cache), **settings)
    return environment.get_template("page.html").render(name="Gent")


def test_a_compiled_template_is_compiled_again_when_its_source_or_settings_change(tmp_path):
    templates, cache = tmp_path / "templates", tmp_path / "cache"
    templates.mkdir()
    template = templates / "page.html"
    template.write_text("{% if true %}\nHello {{ name }}\n{% endif %}\n", encoding="utf-8")
    assert _render(templates, cache) == "\nHello Gent\n"
    assert any(cache.iterdir()), "the compiled template is kept"
    assert _render(templates, cache, trim_blocks=True) == "Hello Gent\n", "other settings, other compiled code"
    template.write_text("{% if true %}\nDag {{ name }}\n{% endif %}\n", encoding="utf-8")
    assert _render(templates, cache) == "\nDag Gent\n"


def test_a_cache_folder_that_cannot_be_written_only_slows_the_build(tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "page.html").write_text("Hello {{ name }}", encoding="utf-8")
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    assert _render(templates, blocked / "cache") == "Hello Gent"


def test_an_edited_theme_override_shows_in_the_next_build(project_copy, tmp_path):
    first = build(project_copy, tmp_path / "first")
    assert first.returncode == 0, first.output[-3000:]
    assert any((project_copy / ".cache" / "templates").iterdir()), "compiled templates are kept"
    footer = project_copy / "overrides" / "partials" / "copyright.html"
    footer.write_text(footer.read_text(encoding="utf-8") + "\n<p>edited-footer-marker</p>\n", encoding="utf-8")
    second = build(project_copy, tmp_path / "second")
    assert second.returncode == 0, second.output[-3000:]
    for lang in LANGUAGES:
        assert "edited-footer-marker" in page_path(second.site, lang, "faq").read_text(encoding="utf-8")
