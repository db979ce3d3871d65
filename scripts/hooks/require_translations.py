"""Stop the build when a page is missing in one of the site's languages.

mkdocs-static-i18n would otherwise publish the Dutch page in its place, with the wrong lang.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # make scripts/ importable

from mkdocs.exceptions import PluginError  # noqa: E402

from sitegen.project import is_first_language_pass  # noqa: E402
from sitegen.translations import translation_problems  # noqa: E402


def on_pre_build(config):
    if not is_first_language_pass(config):
        return
    # Every configured language, also when only one is built (DOCS_LANGUAGE while previewing).
    languages = [lang.locale for lang in config.plugins["i18n"].config.languages]
    problems = translation_problems(Path(config.docs_dir), languages)
    if problems:
        raise PluginError("Pages missing a translation:\n  " + "\n  ".join(map(str, problems)))
