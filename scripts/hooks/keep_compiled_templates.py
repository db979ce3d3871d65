"""Keep the theme's compiled templates in .cache/templates/ from one build to the next.

MkDocs compiles every Material template again for each language and for each rebuild of the
preview, which is about a third of a build. Jinja reuses a compiled template only while its
source is unchanged, so an edited override is always seen.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # make scripts/ importable

from sitegen.project import Project  # noqa: E402
from sitegen.reading import CompiledTemplates  # noqa: E402


def on_env(env, config, files):
    env.bytecode_cache = CompiledTemplates(Project.of_build(config).compiled_templates)
    return env
