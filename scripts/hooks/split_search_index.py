"""Give each language its own search index, so a search never returns another language's page.

mkdocs-static-i18n merges every language into one search/search_index.json. After the last
language is built, this splits it into <language root>/search/search_index.json, with
addresses relative to that root (the page template points each language's search there).
"""

import json
from pathlib import Path

from mkdocs.plugins import event_priority


@event_priority(-200)  # after mkdocs-static-i18n (-100) has built every language
def on_post_build(config):
    i18n = config.plugins["i18n"]
    if i18n.building:
        return
    languages = [lang.locale for lang in i18n.config.languages if lang.build]
    default = next(lang.locale for lang in i18n.config.languages if lang.default)
    site = Path(config.site_dir)
    merged = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    per_language = {lang: [] for lang in languages}
    for entry in merged["docs"]:
        first = entry["location"].split("/", 1)[0]
        lang = first if first in languages and first != default else default
        if lang != default:
            entry = {**entry, "location": entry["location"].removeprefix(f"{lang}/")}
        per_language[lang].append(entry)
    for lang, docs in per_language.items():
        folder = site / ("" if lang == default else lang) / "search"
        folder.mkdir(parents=True, exist_ok=True)
        index = {"config": {**merged["config"], "lang": [lang]}, "docs": docs}
        (folder / "search_index.json").write_text(
            json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
        )
