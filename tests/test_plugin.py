"""The site's MkDocs plugin and the package around it: declared options, one build date, data
that no caller can change for the next."""

from __future__ import annotations

import datetime as dt
import re
import shutil

import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, PluginError

from conftest import LANGUAGES, ROOT
from sitegen.data import load_site_data
from sitegen.project import Project, build_date


def test_mkdocs_yml_lists_one_plugin_of_ours_after_i18n_with_its_options():
    config = load_config(str(ROOT / "mkdocs.yml"))
    names = list(config.plugins)
    assert names.index("resettlement-site") > names.index("i18n")
    assert not config["hooks"], "the pipeline is one plugin, not hooks"
    options = dict(config.plugins["resettlement-site"].config)
    assert set(options) >= {"make_brochures", "pdf_workers", "cache_dir", "keep_compiled_templates"}


def _config_with(tmp_path, old: str, new: str):
    """mkdocs.yml in tmp_path with one line changed, reading the real docs/ and overrides/."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new).replace("docs_dir: docs", f"docs_dir: {ROOT / 'docs'}")
    text = text.replace("custom_dir: overrides", f"custom_dir: {ROOT / 'overrides'}")
    (tmp_path / "mkdocs.yml").write_text(text, encoding="utf-8")
    return str(tmp_path / "mkdocs.yml")


def test_a_wrong_option_value_is_refused_by_name(tmp_path, caplog):
    with pytest.raises(Abort):
        load_config(_config_with(tmp_path, "      pdf_workers: 0\n", "      pdf_workers: many\n"))
    assert "Plugin 'resettlement-site' option 'pdf_workers': Expected type: <class 'int'>" in caplog.text


def test_an_unknown_option_is_reported_by_name(tmp_path, caplog):
    load_config(_config_with(tmp_path, "      cache_dir: .cache\n", "      cache_dir: .cache\n      make_pdfs: true\n"))
    assert "Plugin 'resettlement-site' option 'make_pdfs': Unrecognised configuration name" in caplog.text


def test_the_project_takes_its_languages_from_mkdocs_yml_default_first():
    assert Project.at(ROOT).languages == tuple(LANGUAGES)


def test_one_build_date_from_source_date_epoch_or_today():
    assert build_date({"SOURCE_DATE_EPOCH": "1700000000"}) == dt.date(2023, 11, 14)
    assert build_date({}) == dt.date.today()
    assert build_date({"SOURCE_DATE_EPOCH": "not a number"}) == dt.date.today()


def test_data_handed_to_one_caller_cannot_be_changed_for_the_next():
    first = load_site_data(ROOT / "data", LANGUAGES)
    first.ui["sources_heading"]["nl"] = "changed"
    first.models.clear()
    second = load_site_data(ROOT / "data", LANGUAGES)
    assert second.ui["sources_heading"]["nl"] != "changed" and second.models


def test_no_script_changes_the_import_path():
    offenders = [path.relative_to(ROOT).as_posix() for folder in ("scripts", "benchmarks", "tests")
                 for path in (ROOT / folder).rglob("*.py") if "node_modules" not in path.parts
                 and re.search(r"sys\.path\.(insert|append)", path.read_text(encoding="utf-8"))]
    assert offenders == []


def test_a_build_that_requires_the_public_address_stops_without_it(tmp_path, monkeypatch):
    monkeypatch.delenv("SITE_URL", raising=False)
    config = load_config(_config_with(tmp_path, "      public_address: optional\n", "      public_address: required\n"))
    assert config.site_url is None
    with pytest.raises(PluginError, match="public_address is 'required' but no public address is set: SITE_URL="):
        config.plugins["resettlement-site"].on_config(config)
    monkeypatch.setenv("SITE_URL", "https://example.org/resettlement/")
    shutil.copytree(ROOT / "data", tmp_path / "data")  # read next, from beside mkdocs.yml
    config = load_config(_config_with(tmp_path, "      public_address: optional\n", "      public_address: required\n"))
    assert config.plugins["resettlement-site"].on_config(config).site_url == "https://example.org/resettlement/"
