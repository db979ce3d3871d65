"""French typography, applied by the build to French Markdown before it is rendered.

French sets a space before ; : ? ! and inside « », and that space must never break a line
away from its mark. Editors type a normal space, a no-break space or none at all; the build
puts a narrow no-break space (U+202F) in every one of these places, so that every French page
looks the same whatever keyboard it was typed on.

It works on Markdown, so it leaves alone whatever is not prose: code (fenced and inline),
HTML comments and tags with their attributes, link targets, autolinks, URLs, e-mail
addresses, entities (&nbsp;), {#anchor} and {: .class} marks, :icon: shortcodes, table
delimiter rows, admonition markers (!!! note, ??? tip; their quoted title is prose), the ":"
that opens a definition (any mark at the start of a line), the front matter, and a mark glued
to the next letter or digit (10:30, 1:2, a:b). Running it twice gives the same text as once.
"""

from __future__ import annotations

import re

NARROW_NO_BREAK_SPACE = "\u202f"
SPACES = "[ \u00a0\u202f]*"
SPACED_MARKS = ";:?!"

_PROTECTED = "|".join([
    r"\A---\n.*?\n---(?:\n|\Z)",  # front matter (YAML)
    r"^[ \t]*(?P<fence>`{3,}|~{3,})[^\n]*\n.*?(?:^[ \t]*(?P=fence)[ \t]*$|\Z)",  # fenced code
    r"<!--.*?-->",  # HTML comments, such as <!-- block: phases -->
    r"(?P<ticks>`+)[^`].*?(?P=ticks)",  # inline code
    r"<(?:https?://|mailto:)[^>\s]*>|<[\w.+-]+@[\w.-]+>",  # autolinks
    r"</?[a-zA-Z][^>]*>",  # HTML tags and their attributes
    r"^[ ]{0,3}\[[^\]\n]+\]:[ \t]*\S+[^\n]*$",  # reference definitions: [label]: url "title"
    r"\]\([^)\n]*\)",  # link and image targets: [text](target "title")
    r"\b(?:https?|ftp|mailto|tel):[^\s<>()\[\]]*[^\s<>()\[\].,;:!?]",  # bare URLs, not their final mark
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+",  # e-mail addresses
    r"&(?:#\d+|#x[0-9a-fA-F]+|\w+);",  # entities: &nbsp; &#39;
    r"\{[^{}\n]*\}",  # attribute lists { #anchor } {: .class }, and template braces
    r"(?<![\w:]):[\w+-]+:(?![\w:])",  # shortcodes such as :material-home:
    r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)+\|?[ \t]*$",  # table delimiter rows
    r"^[ \t]*(?:!!!|\?\?\?\+?)[ \t]+[\w-]+(?:[ \t]+[\w-]+)*",  # admonition and details markers
])
TYPOGRAPHY = re.compile(
    rf"(?P<protected>{SPACES}(?:{_PROTECTED}))"
    rf"|(?P<before>{SPACES})(?P<mark>[{SPACED_MARKS}])"
    rf"|(?P<open>«){SPACES}"
    rf"|{SPACES}(?P<close>»)",
    re.MULTILINE | re.DOTALL,
)


def french_spacing(text: str) -> str:
    """The text with a narrow no-break space before ; : ? ! and inside « », outside markup."""
    return TYPOGRAPHY.sub(_spaced, text)


def _spaced(match: re.Match) -> str:
    if match["protected"] is not None:
        return match[0]
    text = match.string
    if match["open"]:
        following = text[match.end():match.end() + 1]
        return match[0] if following in ("", "\n") else "«" + NARROW_NO_BREAK_SPACE
    if match["close"]:
        return match[0] if _starts_line(text, match.start("close")) else NARROW_NO_BREAK_SPACE + "»"
    mark = match["mark"]
    previous = text[match.start() - 1:match.start()] if match.start() else ""
    following = text[match.end():match.end() + 1]
    if _starts_line(text, match.start("mark")) or previous in "([{" or previous in SPACED_MARKS:
        return match[0]  # nothing to space from, or the second of two marks: "?!", "::"
    if following and (following.isalnum() or following in "_/") or mark + following == "::":
        return match[0]  # glued to what follows: 10:30, a:b, ::
    if mark == "!" and following == "[":
        return match[0]  # an image: ![text](target)
    return NARROW_NO_BREAK_SPACE + mark


def _starts_line(text: str, position: int) -> bool:
    """True when only spaces stand between the start of the line and `position`."""
    line_start = text.rfind("\n", 0, position) + 1
    return not text[line_start:position].strip(" \t\u00a0\u202f")


# The rules of each language that has any; a language without an entry is left as written.
RULES = {"fr": french_spacing}


def typeset(markdown: str, language: str) -> str:
    """A page's Markdown with the typography of its language."""
    rule = RULES.get(language)
    return rule(markdown) if rule else markdown
