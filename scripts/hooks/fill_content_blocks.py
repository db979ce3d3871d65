"""Replace `<!-- block: name -->` lines in hand-written pages with tables made from data/.

So the key figures, the figures by year, the phases of the year and the information sessions
are written once, in data/, and shown in every language.
"""

import datetime as dt
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # make scripts/ importable

from mkdocs.exceptions import PluginError  # noqa: E402

from sitegen.data import load_site_data  # noqa: E402
from sitegen.pages import BLOCK_MARKER, BLOCK_NAMES, fill_blocks  # noqa: E402
from sitegen.project import Project  # noqa: E402

_site_data = {}


def on_pre_build(config):
    project = Project.of_build(config)
    _site_data["data"] = load_site_data(project.data, project.languages())


def on_page_markdown(markdown, page, config, files):
    unknown = [name for name in BLOCK_MARKER.findall(markdown) if name not in BLOCK_NAMES]
    if unknown:
        raise PluginError(
            f"docs/{page.file.src_uri}: unknown block '{unknown[0]}' "
            f"(known blocks: {', '.join(BLOCK_NAMES)})"
        )
    lang = config.theme["language"]
    return fill_blocks(markdown, _site_data["data"], lang, page.file.src_uri, dt.date.today())
