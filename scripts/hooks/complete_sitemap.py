"""Add the x-default alternate (the default language) to every page of sitemap.xml.

mkdocs-static-i18n lists each page once per language with its translations; search engines
also want to know which version to show readers whose language is none of them.
"""

import gzip
import re
from pathlib import Path

from mkdocs.plugins import event_priority

DEFAULT_ALTERNATE = re.compile(r'(\s*)<xhtml:link rel="alternate" hreflang="{lang}" href="([^"]+)"/>')


@event_priority(-200)  # after mkdocs-static-i18n (-100) has written the sitemap of all languages
def on_post_build(config):
    i18n = config.plugins["i18n"]
    if i18n.building:
        return
    default = next(lang.locale for lang in i18n.config.languages if lang.default)
    sitemap = Path(config.site_dir) / "sitemap.xml"
    pattern = re.compile(DEFAULT_ALTERNATE.pattern.format(lang=default))
    text = pattern.sub(
        lambda match: f'{match[0]}{match[1]}<xhtml:link rel="alternate" hreflang="x-default" href="{match[2]}"/>',
        sitemap.read_text(encoding="utf-8"),
    )
    sitemap.write_text(text, encoding="utf-8")
    sitemap.with_suffix(".xml.gz").write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))
