"""Pages that can do no harm: every link leads to a web page, an e-mail address or the site
itself, and nothing in a page runs code or loads anything from another site.

Markdown lets a page hold any HTML; these rules make "no request leaves the site's origin" and
"no page runs code" something the build enforces rather than something editors remember. A link
to another site (`<a href="https://…">`, `[text](https://…)`) is fine: following a link is the
reader's choice, loading an image or a script is not.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from sitegen.offers import LIST_BLOCK
from sitegen.pages import BLOCK_NAMES, block_marker_problems
from sitegen.problems import Problem
from sitegen.reading import read_source
from sitegen.translations import PAGE_NAME
from sitegen.validation import LINK_SCHEMES, URL_SCHEME

KIND = "unsafe"
# Code is shown, never run: its content is left out before the rules are applied.
CODE = re.compile(r"^[ \t]*(```|~~~).*?^[ \t]*\1[ \t]*$|`[^`\n]+`|<!--.*?-->", re.DOTALL | re.MULTILINE)
MARKDOWN_LINK = re.compile(r"(!?)\[[^\]\n]*\]\(\s*<?([^\s)>]*)")
REFERENCE_DEFINITION = re.compile(r"^[ ]{0,3}\[[^\]\n]+\]:[ \t]*<?([^\s>]+)", re.MULTILINE)
AUTOLINK = re.compile(r"<([a-zA-Z][a-zA-Z0-9+.-]{1,31}:[^\s<>]*)>")
TAG = re.compile(r"<([a-zA-Z][\w:-]*)((?:\s+[^\s\"'=<>/]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'<>`]+))?)*)\s*/?>")
ATTRIBUTE = re.compile(r"([^\s\"'=<>/]+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s\"'<>`]+))?")
STYLE_BLOCK = re.compile(r"<style\b[^>]*>(.*?)</style\s*>", re.DOTALL | re.IGNORECASE)
CSS_REQUEST = re.compile(r"url\(\s*['\"]?\s*((?:https?:)?//[^'\")\s]*)|@import\s+['\"]?((?:https?:)?//[^'\";\s]*)",
                         re.IGNORECASE)
OTHER_ORIGIN = re.compile(r"^(https?:)?//", re.IGNORECASE)
INVISIBLE = re.compile(r"[\x00-\x20\x7f]")  # browsers ignore these inside a scheme ("java\tscript:")

# Elements that run code, show another site inside the page, or change where links lead.
FORBIDDEN_TAGS = ("script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "meta")
# Elements whose address the browser loads by itself, without the reader asking.
LOADING_TAGS = ("img", "script", "link", "style", "source", "video", "audio", "track", "picture", "input",
                "image", "svg", "use")
ADDRESS_ATTRIBUTES = ("href", "src", "srcset", "poster", "action", "formaction", "data", "xlink:href")


def page_content_problems(docs_dir: Path, languages: list[str], root: Path) -> list[Problem]:
    """On every page (hand-written and generated): every unsafe link, element or attribute, and
    every comment meant as a block marker that is not one."""
    problems = []
    for path in sorted(docs_dir.rglob("*.md")):
        name = PAGE_NAME.match(path.name)
        if name and name["lang"] in languages:
            text, file = read_source(path), path.relative_to(root).as_posix()
            problems += markdown_safety_problems(text, file, name["lang"])
            problems += block_marker_problems(text, file, name["lang"], BLOCK_NAMES + (LIST_BLOCK,))
    return problems


def markdown_safety_problems(text: str, file: str, language: str) -> list[Problem]:
    """The problems of one page's text (metadata block included: its title and description are
    printed in every page's head)."""
    text = CODE.sub(lambda match: re.sub(r"[^\n]", " ", match[0]), text)
    problems: list[Problem] = []

    def add(position: int, message: str) -> None:
        problems.append(Problem(file, f"line {text.count(chr(10), 0, position) + 1}", message, KIND, language))

    for match in MARKDOWN_LINK.finditer(text):
        _check_address(match[2], match.start(2), add, loaded=bool(match[1]))
    for pattern in (REFERENCE_DEFINITION, AUTOLINK):
        for match in pattern.finditer(text):
            _check_address(match[1], match.start(1), add, loaded=False)
    for tag in TAG.finditer(text):
        _check_tag(tag, add)
    for block in STYLE_BLOCK.finditer(text):
        _check_css(block[1], block.start(1), add)
    return problems


def _check_tag(tag: re.Match, add) -> None:
    name = tag[1].lower()
    if name in FORBIDDEN_TAGS:
        add(tag.start(), f"<{name}> is not allowed in a page: it could run code or show another site inside "
                         "this one; remove it (for a video or map, link to it instead)")
        return
    for attribute in ATTRIBUTE.finditer(tag[2]):
        key, value = attribute[1].lower(), html.unescape((attribute[2] or "").strip("\"'"))
        position = tag.start(2) + attribute.start()
        if key.startswith("on"):
            add(position, f"the attribute {key}= on <{name}> runs code in the reader's browser; remove it")
        elif key == "style":
            _check_css(value, position, add)
        elif key in ADDRESS_ATTRIBUTES:
            for address in (value.split(",") if key == "srcset" else [value]):
                address = address.strip().split(" ")[0]
                _check_address(address, position, add, loaded=name in LOADING_TAGS, element=name)


def _check_address(address: str, position: int, add, loaded: bool, element: str = "") -> None:
    readable = html.unescape(address)
    scheme = URL_SCHEME.match(INVISIBLE.sub("", readable))
    if scheme and scheme[1].lower() not in LINK_SCHEMES:
        add(position, f"the address '{readable}' starts with '{scheme[1]}:', which a browser would run or "
                      "open instead of a web page; a link may only lead to https://, to mailto: or to a page "
                      "of this site (a relative link)")
    elif loaded and OTHER_ORIGIN.match(readable):
        what = f"<{element}>" if element else "the image"
        add(position, f"{what} would be loaded from another site ({readable}), and no request may leave "
                      "the site's own address; save the file in docs/ and refer to it with a relative path")


def _check_css(css: str, position: int, add) -> None:
    for match in CSS_REQUEST.finditer(css):
        add(position + match.start(), f"the style loads {match[1] or match[2]} from another site, and no "
                                      "request may leave the site's own address; remove it")
