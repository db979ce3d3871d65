"""The site's public address (README, "The public address"): with it, a build writes absolute
addresses where they are needed (sitemap, canonical, hreflang, share tags, the brochures' web
addresses); without it, only relative links, and none of what needs an absolute address, so that
no published file carries a local or made-up address."""

from __future__ import annotations

from urllib.parse import urlsplit

NO_ADDRESS_NOTICE = ("Built without a public address: no sitemap, no share tags, no addresses in the brochures. "
                     "Set it with SITE_URL=https://… make build (see README).")


def site_path(site_url: str | None, base_path: str) -> str:
    """The path the site is served under ('/resettlement/'): the public address's, else
    `base_path`. Pages served for any address (404) link from it, as relative links cannot work there."""
    path = urlsplit(site_url).path if site_url else base_path
    return "/" + path.strip("/") + "/" if path.strip("/") else "/"


def language_homes(path: str, languages: list[str], current: str) -> list[dict]:
    """Each language's home page from the site's path, the current language first, for the pages
    served for any address."""
    ordered = [current] + [lang for lang in languages if lang != current]
    return [{"lang": lang, "link": path if lang == languages[0] else f"{path}{lang}/"} for lang in ordered]
