"""Give every page the addresses of the same page in each language.

Templates use them for the language switcher (relative links, so it works under any sub-path
or host and without JavaScript) and for hreflang links (absolute, built from site_url).
"""

import posixpath

from mkdocs.utils import get_relative_url


def _languages(config):
    i18n = config.plugins["i18n"].config
    return [lang for lang in i18n.languages if lang.build]


def on_page_context(context, page, config, nav):
    languages = _languages(config)
    current = config.theme["language"]
    default = next(lang.locale for lang in languages if lang.default)
    prefix = "" if current == default else f"{current}/"
    path_in_language = page.url.removeprefix(prefix)
    site_url = config.site_url.rstrip("/") + "/"
    alternates = []
    for lang in languages:
        target = path_in_language if lang.locale == default else f"{lang.locale}/{path_in_language}"
        alternates.append({
            "lang": lang.locale,
            "name": lang.name,
            "href": get_relative_url(target or "./", page.url or "./"),
            "absolute": posixpath.join(site_url, target) if target else site_url,
            "current": lang.locale == current,
        })
    context["page_alternates"] = alternates
    context["language_root"] = get_relative_url(prefix or "./", page.url or "./").rstrip("/") or "."
    context["default_alternate"] = next(alt for alt in alternates if alt["lang"] == default)
    return context
