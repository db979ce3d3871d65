"""Give templates the state of the call to partners (data/status.yml) in the language being built.

overrides/partials/programme-status.html shows it at the top of every page, the 404 page too,
as `config.extra.programme_status`.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # make scripts/ importable

from mkdocs.exceptions import PluginError  # noqa: E402

from sitegen.data import DataError  # noqa: E402
from sitegen.project import Project  # noqa: E402
from sitegen.status import load_status  # noqa: E402


def on_pre_build(config):
    """Runs once per language (mkdocs-static-i18n builds each language in turn)."""
    project = Project.of_build(config)
    try:
        notices = load_status(project.data, project.languages())
    except DataError as error:
        raise PluginError(str(error)) from None
    config.extra["programme_status"] = notices[config.theme["language"]]
