"""Write the partner-model pages (comparison, fact sheets, guide, matrix, figures) from data/.

Runs before MkDocs collects the pages, once per `make build` and per rebuild of `make serve`;
a data error stops the build before anything is written.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # make scripts/ importable

from mkdocs.exceptions import PluginError  # noqa: E402

from sitegen.data import DataError  # noqa: E402
from sitegen.generate import generate  # noqa: E402
from sitegen.project import Project, is_first_language_pass  # noqa: E402


def on_pre_build(config):
    if not is_first_language_pass(config):
        return  # the pages of every language are written in the first pass
    try:
        generate(Project.of_build(config))
    except DataError as error:
        raise PluginError(str(error)) from None


def on_serve(server, config, builder):
    """Rebuild the preview when an editor saves a data file."""
    server.watch(str(Project.of_build(config).data))
    return server
