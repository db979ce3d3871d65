"""Stop the build when a page's metadata block is broken or incomplete.

MkDocs silently ignores metadata it cannot read, which would lose the title and description.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # make scripts/ importable

from mkdocs.exceptions import PluginError  # noqa: E402

from sitegen.front_matter import FrontMatterError, split_page  # noqa: E402
from sitegen.project import is_first_language_pass  # noqa: E402


def on_pre_build(config):
    if not is_first_language_pass(config):
        return  # every page of every language is checked in the first pass
    docs = Path(config.docs_dir)
    problems = []
    for path in sorted(docs.rglob("*.md")):
        try:
            split_page(path)
        except FrontMatterError as error:
            problems.append(str(error).replace(str(docs.parent) + "/", ""))
    if problems:
        raise PluginError("Pages with broken metadata:\n  " + "\n  ".join(problems))
