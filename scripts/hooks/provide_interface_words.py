"""Make the interface words of data/ui.yml available to templates as `config.extra.ui`.

Templates then show a word as `config.extra.ui.key[language]`, and words that must appear in
every language on one page (the 404 page, the language suggestion) are all at hand.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # make scripts/ importable

from mkdocs.exceptions import PluginError  # noqa: E402

from sitegen.data import DataError, load_site_data  # noqa: E402
from sitegen.project import Project  # noqa: E402


def on_config(config):
    project = Project.of_build(config)
    try:
        config.extra["ui"] = load_site_data(project.data, project.languages()).ui
    except DataError as error:
        raise PluginError(str(error)) from None
    return config
