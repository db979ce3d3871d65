"""One 404 page per language, plus a root 404 page that any static server uses.

mkdocs-static-i18n renders 404.html once per language into the same file, so only the last
language survived. This keeps each rendering: the default language's at the root (it speaks
all languages, see overrides/404.html), the others at /<lang>/404.html for servers that can
route errors per folder (deploy/ has nginx and Apache examples).
"""

from pathlib import Path

from mkdocs.plugins import event_priority

_rendered = {}


def on_post_template(output_content, template_name, config):
    if template_name == "404.html":
        _rendered[config.theme["language"]] = output_content
    return output_content


@event_priority(-200)  # after mkdocs-static-i18n (-100) has built every language
def on_post_build(config):
    i18n = config.plugins["i18n"]
    if i18n.building:
        return
    site = Path(config.site_dir)
    for lang in i18n.config.languages:
        if lang.build and lang.locale in _rendered:
            target = site / ("" if lang.default else lang.locale) / "404.html"
            target.write_text(_rendered[lang.locale], encoding="utf-8")
    _rendered.clear()
