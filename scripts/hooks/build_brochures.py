"""Make the PDF brochures of data/brochures.yml before MkDocs collects the files that link to them.

Each lands in docs/models/downloads/<id>.<lang>.pdf, so a page's link to models/downloads/<id>.pdf
leads to the brochure in the page's own language. Only brochures whose sources changed are made
again; the build log says how long that took.
"""

import logging
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # make scripts/ importable

from mkdocs.exceptions import PluginError  # noqa: E402

from sitegen.brochures import PRINT_FOLDER, BrochureError, build_brochures  # noqa: E402
from sitegen.data import DataError, load_site_data  # noqa: E402
from sitegen.project import Project, is_first_language_pass  # noqa: E402

log = logging.getLogger("mkdocs.hooks.build_brochures")
_previewing = {"active": False}


def on_startup(command, dirty):
    _previewing["active"] = command == "serve"


def on_pre_build(config):
    if not is_first_language_pass(config):
        return  # the PDFs of every language are made in the first pass
    project = Project.of_build(config)
    languages = project.languages()
    if _previewing["active"] and any((project.generated / "downloads").glob("*.pdf")):
        log.info("Brochures: kept as they are while previewing (make build makes them again)")
        return
    started = time.perf_counter()
    try:
        made = build_brochures(project, load_site_data(project.data, languages), config.site_url or "")
    except (DataError, BrochureError) as error:
        raise PluginError(str(error)) from None
    rebuilt = [brochure for brochure in made if brochure.rebuilt]
    times = "".join(f"\n  {brochure.file.name}: {brochure.seconds:.1f} s" for brochure in rebuilt)
    log.info(f"Brochures: {len(rebuilt)} of {len(made)} PDFs made, {len(made) - len(rebuilt)} unchanged, "
             f"in {time.perf_counter() - started:.1f} s{times}")


def on_files(files, config):
    """The print template and stylesheet in overrides/brochure/ are for the PDFs, not for the site."""
    print_folder = PRINT_FOLDER.relative_to("overrides").as_posix() + "/"
    for file in [file for file in files if file.src_uri.startswith(print_folder)]:
        files.remove(file)
    return files
