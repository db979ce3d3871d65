"""Write the partner-model pages (comparison, fact sheets, guide, matrix, figures) from data/.

Runs before MkDocs collects the pages, on every `make build` and `make serve`; a data error
stops the build before anything is written.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # make scripts/ importable

from mkdocs.exceptions import PluginError  # noqa: E402

from sitegen.data import DataError  # noqa: E402
from sitegen.generate import generate  # noqa: E402
from sitegen.project import Project  # noqa: E402


def on_pre_build(config):
    try:
        generate(Project(Path(config.config_file_path).parent))
    except DataError as error:
        raise PluginError(str(error)) from None


def on_serve(server, config, builder):
    """Rebuild the preview when an editor saves a data file."""
    server.watch(str(Path(config.config_file_path).parent / "data"))
    return server
