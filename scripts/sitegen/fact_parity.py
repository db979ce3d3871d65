"""Do the languages of a page state the same facts? Figures, amounts, dates, addresses, names.

A translation may say things differently, but it must not say different things: a figure that
is only in English, an amount that changed in Dutch and not in French, a link that one language
lost. This module reads each page in every language, extracts its facts in a normalised form,
and reports every fact that some languages of the page state and others do not.

What counts as a fact (each normalised so that the forms of every language compare equal):

- figure: a number written in digits. A separator followed by exactly three digits groups
  thousands, in every language ("5 275" = "5.275" = "5,275" = 5275; also no-break and narrow
  no-break spaces); any other "," or "." is a decimal point ("1,5" = "1.5"). So "0,125" reads
  as 125: write such decimals differently. A 4-digit number from 1900 to 2100 is a year.
- percentage: "84%", "84 %", "84 procent", "84 pour cent", "84 percent" -> 84%.
- amount: "€3,000", "3 000 €", "€ 3.000", "3.000 euro", "EUR 3,000" -> 3000 EUR.
- duration: a number and a unit of time: "18 months" = "18 mois" = "18 maanden"; ranges
  ("6-8 weeks", "6 à 8 semaines"). Here, and only here, the numbers one to twelve written in
  words count too, with "a"/"een"/"un" as one: "one year" = "een jaar" = "un an" = 1 year.
  Anywhere else a number in words is not a fact: write figures in digits in every language.
- date: "16 maart 2023" = "16 mars 2023" = "16 March 2023" = "March 16, 2023" = "16/03/2023" =
  "2023-03-16"; "maart 2023" = "March 2023" -> 2023-03; "1 juni" (no year) -> --06-01. The
  numbers inside a date are not counted again as figures or years.
- e-mail: any address, in the text or as a mailto: link, compared in lower case.
- link: the target of a Markdown link or image, of an autolink, of an HTML href/src, or a bare
  URL in the text. External links compare as written; internal links compare by the page or
  file they point to (the #anchor differs per language, since it comes from the heading).
- name: a proper name listed in data/names.yml, with its form in each language.

A duration and the same number without a unit count as the same fact, since ages and periods
lose their unit in translation ("moins de 18 ans" = "under 18"); a changed unit is reported.

What deliberately does not count: numbers of ordered lists and numbered headings ("1. ..."),
anything in code, in HTML comments (such as `<!-- block: x -->`) or in `{#anchor}` marks,
numbers glued to letters ("A2", "NT2", "2e"), and numbers written in words outside durations.

A page may declare a difference it means to keep, in the metadata of the language that has the
extra fact or lacks it:

    fact_differences:
      - fact: "318 days"
        reason: "The French article gives the processing time; the other sources do not."

`fact` is the fact as written on the page or in its normalised form. A declared difference is
not a problem; one that matches no real difference any more is (a stale declaration).
"""

from __future__ import annotations

import html
import posixpath
import functools
import re
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

import yaml

from sitegen.front_matter import FRONT_MATTER, FrontMatterError, split_page
from sitegen.problems import Problem
from sitegen.reading import SafeLoader, read_source
from sitegen.validation import read_yaml
from sitegen.translations import page_sources

KIND = "fact-parity"
DECLARATIONS_KEY = "fact_differences"
EVERY_LANGUAGE = "all"  # in data/names.yml: forms every language uses
SENTENCE_LENGTH = 160  # characters of context shown to the editor

SPACE = "[ \u00a0\u202f]"
NUMBER = (
    r"(?<![\w.,])(?:\d{1,3}(?:[ \u00a0\u202f.,]\d{3})+(?!\d)(?:[.,]\d{1,2}(?!\d))?"
    r"|\d+(?:[.,]\d+)?)(?!\w)"
)
GROUPED_THOUSANDS = re.compile(r"^\d{1,3}(?:[ \u00a0\u202f.,]\d{3})+")

MONTHS = {
    "en": ["january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december"],
    "nl": ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december"],
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre"],
    "de": ["januar", "februar", "märz", "april", "mai", "juni", "juli", "august",
           "september", "oktober", "november", "dezember"],
}
MONTH_NUMBER = {name: number for names in MONTHS.values() for number, name in enumerate(names, 1)}
ENGLISH_MONTHS_THAT_ARE_WORDS = {"may", "march"}  # only months when written with a capital
MONTH = "(?P<{}>" + "|".join(sorted(MONTH_NUMBER, key=len, reverse=True)) + ")"
DAY = r"(?P<day>[0-3]?\d)(?:er|e|st|nd|rd|th|ste|de)?\.?"
YEAR = r"(?P<year>(?:19|20)\d\d|2100)"

DATE_PATTERNS = [
    re.compile(rf"(?<![\w.,]){DAY}{SPACE}+{MONTH.format('month')}{SPACE}+{YEAR}(?!\d)", re.IGNORECASE),
    re.compile(rf"\b{MONTH.format('month')}{SPACE}+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?,?{SPACE}+{YEAR}(?!\d)",
               re.IGNORECASE),
    re.compile(rf"(?<![\d/.-])(?P<day>[0-3]?\d)(?P<sep>[/.-])(?P<month_number>[01]?\d)(?P=sep){YEAR}(?![\d])"),
    re.compile(rf"(?<![\d-]){YEAR}-(?P<month_number>[01]\d)-(?P<day>[0-3]\d)(?![\d])"),
    re.compile(rf"\b{MONTH.format('month')}{SPACE}+{YEAR}(?!\d)", re.IGNORECASE),
    re.compile(rf"(?<![\w.,]){DAY}{SPACE}+{MONTH.format('month')}\b", re.IGNORECASE),
]

CURRENCY = r"(?:€|EUR\b|euros?\b)"
AMOUNT = re.compile(rf"(?:€|\bEUR){SPACE}?(?P<number>{NUMBER})|(?P<number_first>{NUMBER}){SPACE}?{CURRENCY}")
PERCENTAGE = re.compile(
    rf"(?P<number>{NUMBER}){SPACE}?(?:%|(?:procent|percent|per cent|pour ?cent|prozent)\b)", re.IGNORECASE)

UNITS = {
    "en": {"year": "year", "years": "year", "month": "month", "months": "month", "week": "week",
           "weeks": "week", "day": "day", "days": "day", "hour": "hour", "hours": "hour"},
    "nl": {"jaar": "year", "jaren": "year", "maand": "month", "maanden": "month", "week": "week",
           "weken": "week", "dag": "day", "dagen": "day", "uur": "hour", "uren": "hour"},
    "fr": {"an": "year", "ans": "year", "année": "year", "années": "year", "mois": "month",
           "semaine": "week", "semaines": "week", "jour": "day", "jours": "day", "heure": "hour",
           "heures": "hour"},
    "de": {"jahr": "year", "jahre": "year", "jahren": "year", "monat": "month", "monate": "month",
           "monaten": "month", "woche": "week", "wochen": "week", "tag": "day", "tage": "day",
           "tagen": "day", "stunde": "hour", "stunden": "hour"},
}
NUMBER_WORDS = {
    "en": ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"],
    "nl": ["één", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien", "elf", "twaalf"],
    "fr": ["un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze", "douze"],
    "de": ["ein", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun", "zehn", "elf", "zwölf"],
}
WORDS_FOR_ONE = {"en": ["a", "an"], "nl": ["een"], "fr": ["une"], "de": ["eine", "einen", "einem", "einer"]}
RANGE = r"(?:-|–|—|to|tot|à|a|bis)"

MARKUP = re.compile(
    r"(?P<code>(?P<ticks>`+).+?(?P=ticks))"
    r"|(?P<link>!?\[(?P<text>[^\]]*)\]\(\s*<?(?P<target>[^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\))"
    r"|<(?P<autolink>(?:https?://|mailto:)[^>\s]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)>"
    r"|(?P<tag></?[a-zA-Z][^>]*>)"
    r"|(?P<url>https?://[^\s<>()\[\]\"']+[^\s<>()\[\]\"'.,;:!?])"
    r"|(?P<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)"
    r"|(?P<attributes>\{:?\s*[#.][^}]*\})"
    r"|(?P<entity>&(?:#\d+|#x[0-9a-fA-F]+|\w+);)"
)
TAG_ADDRESS = re.compile(r"\b(?:href|src)\s*=\s*[\"']([^\"']*)[\"']")
REFERENCE_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+[\"'(].*)?$")
LINE_START = re.compile(
    r"^\s*(?:>\s*)*"  # quotes
    r"(?:#{1,6}\s+(?:\d+(?:\.\d+)*[.)]\s+)?"  # a heading and its number
    r"|(?:[-*+]|\d+[.)])\s+"  # a list item and its number
    r"|[!?]{3}\+?\s+[\w-]+(?:\s+(?=\"))?)?"  # an admonition's type (its title is prose)
)
FENCE = re.compile(r"^\s*(```|~~~)")
COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
LANGUAGE_SUFFIX = re.compile(r"\.[a-z]{2}(\.\w+)$")  # faq.fr.md, brochure.nl.pdf
SENTENCE_END = re.compile(r"[.!?:;](?=\s+[\"“«(]?[A-ZÀ-Ý0-9])")


@dataclass(frozen=True)
class Name:
    """A proper name and how each language writes it; a language it does not list is not checked."""

    label: str
    forms: dict[str, tuple[str, ...]]

    def forms_in(self, language: str) -> tuple[str, ...]:
        return self.forms.get(language, self.forms.get(EVERY_LANGUAGE, ()))


@dataclass(frozen=True)
class Fact:
    kind: str  # figure, year, percentage, amount, duration, date, email, link or name
    value: str  # normalised: the same in every language
    line: int  # in the page file
    sentence: str  # where it stands, for the editor

    @property
    def key(self) -> tuple[str, str]:
        return self.kind, self.value


@dataclass(frozen=True)
class Declaration:
    """A difference a page means to keep (`fact_differences:` in its metadata)."""

    file: str
    language: str
    line: int
    fact: str
    reason: str


@dataclass(frozen=True)
class Difference:
    """A fact some languages of a page state and others do not."""

    page: str
    key: tuple[str, str]
    stated_in: dict[str, Fact]  # language -> first place it stands, in the site's language order
    lacking: tuple[str, ...]
    languages: tuple[str, ...]  # the site's languages, the source language first

    @property
    def is_extra(self) -> bool:
        """Stated by a minority: extra where it stands; otherwise missing where it does not.

        A tie (one of two languages) goes the way of the first language, the source of the
        translations: what it states, the others lack.
        """
        if len(self.stated_in) != len(self.lacking):
            return len(self.stated_in) < len(self.lacking)
        return self.languages.index(next(iter(self.stated_in))) > self.languages.index(self.lacking[0])


@dataclass(frozen=True)
class PageParity:
    """One line of a status report: does a page state the same facts in every language?"""

    page: str
    languages: tuple[str, ...]
    differences: int  # undeclared, one per fact
    declared: int
    stale: int

    @property
    def matches(self) -> bool:
        return self.differences == 0 and self.stale == 0


def describe(key: tuple[str, str]) -> str:
    """`"318 days" (duration)`: how a fact is named in messages."""
    kind, value = key
    if kind == "duration":
        count, unit = value.split(" ")
        value = f"{count} {unit}" if count == "1" else f"{count} {unit}s"
    return f'"{value}" ({kind})'


# --- names -------------------------------------------------------------------------------


def load_names(path: Path, root: Path) -> tuple[list[Name], list[Problem]]:
    """The names of data/names.yml, and a Problem for each entry an editor must fix."""
    file = _relative(path, root)
    problems: list[Problem] = []
    try:
        content = read_yaml(path, problems)
    except OSError as error:
        return [], [Problem(file, "", f"cannot be read ({error.strerror})")]
    if problems:
        return [], [replace(problem, file=file) for problem in problems]
    entries = content.get("names") if isinstance(content, dict) else None
    if not isinstance(entries, list):
        return [], [Problem(file, "names", "needs a list of names ('names:' followed by '- ' lines)")]
    names, problems = [], []
    owner: dict[str, int] = {}  # form -> index of its entry
    for index, entry in enumerate(entries):
        where = f"names[{index}]"
        name = _name_from_entry(entry, file, where, problems)
        if name is None:
            continue
        for language, forms in name.forms.items():
            for form in forms:
                previous = owner.setdefault(form, index)
                if previous != index:
                    problems.append(Problem(file, f"{where}.{language}",
                                            f'"{form}" is already a form of names[{previous}]; list it once'))
        names.append(name)
    return names, problems


def _name_from_entry(entry: object, file: str, where: str, problems: list[Problem]) -> Name | None:
    if isinstance(entry, str) and entry.strip():
        return Name(entry.strip(), {EVERY_LANGUAGE: (entry.strip(),)})
    if not isinstance(entry, dict) or not entry:
        problems.append(Problem(file, where, "write a name (Fedasil) or its forms per language ({nl: [CGVS], fr: [CGRA]})"))
        return None
    forms: dict[str, tuple[str, ...]] = {}
    for language, value in entry.items():
        values = [value] if isinstance(value, str) else value
        if not isinstance(language, str) or not re.fullmatch(r"[a-z]{2}|" + EVERY_LANGUAGE, language):
            problems.append(Problem(file, f"{where}.{language}", f"is not a language code (nl, fr, en) or '{EVERY_LANGUAGE}'"))
        elif not isinstance(values, list) or not values or not all(isinstance(v, str) and v.strip() for v in values):
            problems.append(Problem(file, f"{where}.{language}", "needs a name or a list of names ([CGRA, HCR])"))
        else:
            forms[language] = tuple(v.strip() for v in values)
    if not forms:
        return None
    label = " / ".join(dict.fromkeys(values[0] for values in forms.values()))
    return Name(label, forms)


def _name_pattern(form: str) -> str:
    """A form as a whole-word pattern: ' matches either apostrophe, a final * any word ending."""
    word_ending = r"\w*" if form.endswith("*") else ""
    text = re.sub("['’]", "['’]", re.escape(form.rstrip("*")))
    return rf"(?<!\w){text}{word_ending}(?!\w)"


# --- extraction --------------------------------------------------------------------------


def facts_in_markdown(markdown: str, language: str, names: list[Name] = (), first_line: int = 1,
                      page_folder: str = "") -> list[Fact]:
    """Every fact of a Markdown text, in order; `first_line` is the file line of its first line.

    Internal links are resolved from `page_folder` (the page's folder inside docs/).
    """
    name_patterns = _name_patterns(names, language)
    facts: list[Fact] = []
    for line in readable_lines(markdown, first_line):
        facts.extend(_facts_of_prose(line, language, name_patterns, page_folder))
    return facts


@dataclass(frozen=True)
class ReadableLine:
    """One line of Markdown as a reader sees it: no markup, link texts kept, their targets aside."""

    number: int
    prose: str
    addresses: list[tuple[int, str]]  # (place in prose, link target or mailto: address)
    address_spans: list[tuple[int, int]]  # where the prose shows an address: no other fact there


def readable_lines(markdown: str, first_line: int = 1) -> list[ReadableLine]:
    """The lines a reader reads: not code, comments, list and heading numbers or {#anchor} marks."""
    lines = []
    in_fence = False
    for number, line in enumerate(COMMENT.sub(_blank_lines, markdown).split("\n"), first_line):
        if FENCE.match(line):
            in_fence = not in_fence
        elif in_fence or not line.strip():
            continue
        elif reference := REFERENCE_DEFINITION.match(line):
            lines.append(ReadableLine(number, line[:reference.start(1)].strip(), [(0, reference[1])], []))
        else:
            lines.append(ReadableLine(number, *_prose(line[LINE_START.match(line).end():])))
    return lines


def _blank_lines(match: re.Match) -> str:
    """Removed text keeps its line breaks, so that line numbers stay right."""
    return "\n" * match[0].count("\n")


def _prose(line: str) -> tuple[str, list[tuple[int, str]], list[tuple[int, int]]]:
    """The line as a reader sees it, the addresses in it (link targets, e-mails) with their
    places, and the spans that show an address (a URL in the text), which hold no other fact."""
    parts: list[str] = []
    addresses: list[tuple[int, str]] = []
    address_spans: list[tuple[int, int]] = []
    length = 0
    position = 0
    for match in MARKUP.finditer(line):
        parts.append(line[position:match.start()])
        length += match.start() - position
        position = match.end()
        shown = match["autolink"] or match["url"] or match["email"]
        if match["code"] or match["tag"]:
            addresses.extend((length, target) for target in TAG_ADDRESS.findall(match["tag"] or ""))
            replacement = " "
        elif match["link"] is not None:
            addresses.append((length, match["target"]))
            replacement = _prose(match["text"])[0]
        elif shown:
            addresses.append((length, shown if "@" not in shown or ":" in shown else f"mailto:{shown}"))
            address_spans.append((length, length + len(shown)))
            replacement = shown
        elif match["attributes"]:
            replacement = ""
        else:
            replacement = html.unescape(match["entity"])
        parts.append(replacement)
        length += len(replacement)
    parts.append(line[position:])
    return "".join(parts), addresses, address_spans


def _name_patterns(names: list[Name], language: str) -> tuple[tuple[str, re.Pattern, str], ...]:
    """(start of the form up to any apostrophe, pattern, the name's label) for every form of the
    names in `language`; the start is what a line must contain for the form to be in it."""
    return _compiled_forms(tuple((form, name.label) for name in names for form in name.forms_in(language)))


@functools.lru_cache(maxsize=None)
def _compiled_forms(forms: tuple[tuple[str, str], ...]) -> tuple[tuple[str, re.Pattern, str], ...]:
    """Compiled once per set of forms (a build reads some 1,200 texts against the same names),
    longest first, so that "Caritas International" is found before "Caritas"."""
    longest_first = sorted(forms, key=lambda pair: len(pair[0]), reverse=True)
    return tuple((re.split("['’]", form.rstrip("*"))[0], re.compile(_name_pattern(form)), label)
                 for form, label in longest_first)


def _facts_of_prose(line: ReadableLine, language: str, name_patterns: tuple[tuple[str, re.Pattern, str], ...],
                    page_folder: str) -> list[Fact]:
    found: list[tuple[int, str, str]] = []  # (place, kind, value)
    for place, address in line.addresses:
        found.extend((place, kind, value) for kind, value in _address_facts(address, page_folder))
    text = line.prose
    for start, end in line.address_spans:
        text = text[:start] + " " * (end - start) + text[end:]
    for start, pattern, label in name_patterns:
        if start in text:  # a quick look saves running every name's pattern on every line
            text = _take(pattern, text, found, lambda match, label=label: ("name", label))
    for pattern in DATE_PATTERNS:
        text = _take(pattern, text, found, _date)
    text = _take(AMOUNT, text, found, lambda match: ("amount", _number(match["number"] or match["number_first"]) + " EUR"))
    text = _take(PERCENTAGE, text, found, lambda match: ("percentage", _number(match["number"]) + "%"))
    text = _take(_duration_pattern(), text, found, _duration)
    _take(re.compile(NUMBER), text, found, _figure)
    return [Fact(kind, value, line.number, _sentence_at(line.prose, place)) for place, kind, value in sorted(found)]


def _take(pattern: re.Pattern, text: str, found: list, read) -> str:
    """Record what `read` makes of each match, and blank the match so that no other kind reads it."""
    for match in pattern.finditer(text):
        fact = read(match)
        if fact:
            found.append((match.start(), *fact))
            text = text[:match.start()] + " " * (match.end() - match.start()) + text[match.end():]
    return text


def _address_facts(address: str, page_folder: str) -> list[tuple[str, str]]:
    address = address.strip()
    if address.lower().startswith("mailto:"):
        return [("email", address[len("mailto:"):].split("?")[0].lower())]
    if re.match(r"^[a-z][a-z0-9+.-]*:", address, re.IGNORECASE):
        return [("link", address)]
    path = address.split("#")[0].split("?")[0]
    if not path:
        return []  # a link to a place on the same page: anchors differ per language
    resolved = posixpath.normpath(posixpath.join(page_folder, LANGUAGE_SUFFIX.sub(r"\1", path)))
    return [("link", resolved)]


def _date(match: re.Match) -> tuple[str, str] | None:
    groups = match.groupdict()
    if groups.get("month"):
        word = match["month"]
        if word.lower() in ENGLISH_MONTHS_THAT_ARE_WORDS and word[0].islower():
            return None
        month = MONTH_NUMBER[word.lower()]
    else:
        month = int(match["month_number"])
    day = int(groups["day"]) if groups.get("day") else None
    if not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
        return None
    if groups.get("year") is None:
        return "date", f"--{month:02}-{day:02}"
    return "date", f"{match['year']}-{month:02}" + (f"-{day:02}" if day is not None else "")


@functools.cache
def _duration_pattern() -> re.Pattern:
    """Durations in the words of every language: a page quoting another language's phrase, or a
    new language's page that still holds the text it is translated from, is read the same."""
    units = {word: unit for table in UNITS.values() for word, unit in table.items()}
    words = sorted({word for table in (NUMBER_WORDS, WORDS_FOR_ONE) for words in table.values() for word in words},
                   key=len, reverse=True)
    # A number word is whole: "huit" in "dix-huit" and "dix" before "-huit" are not counts.
    count = rf"(?:{NUMBER}|(?<![\w-])(?:{'|'.join(words)})(?![\w-]))" if words else NUMBER
    unit_words = "|".join(sorted(units, key=len, reverse=True))
    return re.compile(
        rf"(?P<first>{count})(?:{SPACE}*{RANGE}{SPACE}*(?P<last>{count}))?{SPACE}+(?P<unit>{unit_words})(?!\w)",
        re.IGNORECASE)


def _duration(match: re.Match) -> tuple[str, str]:
    language_units = {word: unit for table in UNITS.values() for word, unit in table.items()}
    counts = [_count(match["first"])] + ([_count(match["last"])] if match["last"] else [])
    return "duration", f"{'-'.join(counts)} {language_units[match['unit'].lower()]}"


def _count(written: str) -> str:
    word = written.lower()
    for words in NUMBER_WORDS.values():
        if word in words:
            return str(words.index(word) + 1)
    if any(word in words for words in WORDS_FOR_ONE.values()) or word == "een":
        return "1"
    return _number(written)


def _figure(match: re.Match) -> tuple[str, str]:
    value = _number(match[0])
    is_year = re.fullmatch(r"\d{4}", match[0]) and 1900 <= int(value) <= 2100
    return ("year" if is_year else "figure"), value


def _number(written: str) -> str:
    """'5 275', '5.275', '5,275' -> '5275'; '1,5' -> '1.5'."""
    grouped = GROUPED_THOUSANDS.match(written)
    if grouped:
        whole = re.sub(r"\D", "", grouped[0])
        decimals = written[grouped.end():].lstrip(".,")
    else:
        whole, _, decimals = written.replace(",", ".").partition(".")
    number = Decimal(f"{whole}.{decimals}" if decimals else whole)
    return format(number.normalize(), "f") if decimals else str(int(whole))


def _sentence_at(text: str, place: int) -> str:
    starts = [match.end() for match in SENTENCE_END.finditer(text, 0, place)]
    start = starts[-1] if starts else 0
    end_match = SENTENCE_END.search(text, place)
    end = end_match.end() if end_match else len(text)
    return _shorten(text[start:end], place - start)


def _shorten(sentence: str, place: int = 0) -> str:
    sentence = re.sub(r"\s+", " ", sentence.replace("**", "").replace("*", "").replace("|", " | ")).strip()
    if len(sentence) <= SENTENCE_LENGTH:
        return sentence
    start = max(0, min(place - SENTENCE_LENGTH // 3, len(sentence) - SENTENCE_LENGTH))
    shown = sentence[start:start + SENTENCE_LENGTH].strip()
    return ("…" if start else "") + shown + ("…" if start + SENTENCE_LENGTH < len(sentence) else "")


# --- pages -------------------------------------------------------------------------------


def page_facts(path: Path, language: str, names: list[Name], docs_dir: Path) -> tuple[dict, list[Fact]]:
    """The metadata of a page file and the facts of its body, with line numbers of the file."""
    metadata, body = split_page(path)
    text = read_source(path)
    first_line = text[:len(text) - len(body)].count("\n") + 1
    folder = path.parent.relative_to(docs_dir).as_posix()
    return metadata, facts_in_markdown(body, language, names, first_line, "" if folder == "." else folder)


def page_differences(page: str, facts: dict[str, list[Fact]], languages: list[str],
                     names: list[Name]) -> list[Difference]:
    """Each fact that some languages of one page state and others do not."""
    present = [language for language in languages if language in facts]
    first: dict[str, dict[tuple[str, str], Fact]] = {}
    for language in present:
        first[language] = {}
        for fact in facts[language]:
            first[language].setdefault(fact.key, fact)
    numbers = {language: _numbers_stated(first[language]) for language in present}
    checked_in = {name.label: [lang for lang in present if name.forms_in(lang)] for name in names}
    differences = []
    for key in dict.fromkeys(key for language in present for key in first[language]):
        concerned = checked_in.get(key[1], present) if key[0] == "name" else present
        stated_in = {lang: first[lang][key] for lang in concerned if key in first[lang]}
        lacking = tuple(lang for lang in concerned
                        if key not in first[lang] and not _stated_without_unit(key, numbers[lang]))
        if stated_in and lacking:
            differences.append(Difference(page, key, stated_in, lacking, tuple(languages)))
    return differences


def _numbers_stated(facts: dict[tuple[str, str], Fact]) -> dict[str, set[str]]:
    """The bare figures of a language, and the numbers of its durations."""
    stated: dict[str, set[str]] = {"figure": set(), "duration": set()}
    for kind, value in facts:
        if kind == "figure":
            stated["figure"].add(value)
        elif kind == "duration":
            stated["duration"].update(value.split(" ")[0].split("-"))
    return stated


def _stated_without_unit(key: tuple[str, str], numbers: dict[str, set[str]]) -> bool:
    """An age or a period may lose its unit in translation: "moins de 18 ans" = "under 18".

    So a duration counts as stated where its numbers stand as bare figures, and a bare figure
    where a duration has that number. A changed unit (18 months, 18 weeks) is still reported.
    """
    kind, value = key
    if kind == "duration":
        return set(value.split(" ")[0].split("-")) <= numbers["figure"]
    return kind == "figure" and value in numbers["duration"]


def declarations(path: Path, language: str, metadata: dict, root: Path) -> tuple[list[Declaration], list[Problem]]:
    """The `fact_differences:` of one page file, and a Problem for each one written wrongly."""
    file = _relative(path, root)
    entries = metadata.get(DECLARATIONS_KEY)
    if entries is None:
        return [], []
    lines = _declaration_lines(path)
    if not isinstance(entries, list):
        return [], [Problem(file, f"line {lines[0] if lines else 1}", f"{DECLARATIONS_KEY} must be a list of "
                            "'- fact: ...' / 'reason: ...' entries", KIND, language)]
    found, problems = [], []
    for index, entry in enumerate(entries):
        line = lines[index] if index < len(lines) else 1
        if not (isinstance(entry, dict) and isinstance(entry.get("fact"), (str, int, float))
                and isinstance(entry.get("reason"), str) and entry["reason"].strip()):
            problems.append(Problem(file, f"line {line}", f"{DECLARATIONS_KEY}[{index}] needs a 'fact' and a "
                                    "'reason' (why this language differs)", KIND, language))
            continue
        found.append(Declaration(file, language, line, str(entry["fact"]).strip(), entry["reason"].strip()))
    return found, problems


def _declaration_lines(path: Path) -> list[int]:
    """File line of each entry under fact_differences:, read from the YAML nodes."""
    match = FRONT_MATTER.match(read_source(path))
    node = yaml.compose(match[1], Loader=SafeLoader) if match else None
    for key, value in getattr(node, "value", []):
        if key.value == DECLARATIONS_KEY and isinstance(value, yaml.SequenceNode):
            return [item.start_mark.line + 2 for item in value.value]
        if key.value == DECLARATIONS_KEY:
            return [value.start_mark.line + 2]
    return []


def declares(declaration: Declaration, key: tuple[str, str], names: list[Name]) -> bool:
    """Whether a declaration names this fact, as written on a page or in its normalised form."""
    written = declaration.fact
    if written.casefold() in {key[1].casefold(), describe(key).split(" (")[0].strip('"').casefold()}:
        return True
    return key in {fact.key for fact in facts_in_markdown(written, declaration.language, names)}


@dataclass
class _PageResult:
    problems: list[Problem]
    differences: int
    declared: int
    stale: int


def _check_page(page: str, files: dict[str, Path], languages: list[str], names: list[Name],
                docs_dir: Path, root: Path) -> _PageResult:
    facts: dict[str, list[Fact]] = {}
    declared: dict[str, list[Declaration]] = {}
    problems: list[Problem] = []
    for language in languages:
        if language not in files:
            continue
        try:
            metadata, facts[language] = page_facts(files[language], language, names, docs_dir)
        except FrontMatterError as error:
            problems.append(Problem(_relative(files[language], root), "", str(error).split(": ", 1)[-1],
                                    "invalid", language))
            continue
        declared[language], invalid = declarations(files[language], language, metadata, root)
        problems.extend(invalid)
    used: set[Declaration] = set()
    differences = 0
    for difference in page_differences(page, facts, languages, names):
        for problem in _difference_problems(difference, files, root):
            declaration = next((d for d in declared.get(problem.language, ())
                                if declares(d, difference.key, names)), None)
            if declaration:
                used.add(declaration)
            else:
                problems.append(problem)
                differences += 1
    stale = [d for language in declared for d in declared[language] if d not in used]
    problems.extend(Problem(d.file, f"line {d.line}", f'declares a difference for "{d.fact}", but the languages '
                            "of this page no longer differ on it: remove the declaration", KIND, d.language)
                    for d in stale)
    return _PageResult(problems, differences, len(used), len(stale))


def _difference_problems(difference: Difference, files: dict[str, Path], root: Path) -> list[Problem]:
    fact = describe(difference.key)
    if difference.is_extra:
        where = "/".join(difference.stated_in)
        return [Problem(_relative(files[language], root), f"line {stated.line}",
                        f'fact {fact} is only in {where}; it stands in: "{stated.sentence}"', KIND, language)
                for language, stated in difference.stated_in.items()]
    source = next(iter(difference.stated_in.values()))
    stating = "/".join(difference.stated_in)
    verb = "states" if len(difference.stated_in) == 1 else "state"
    # Translations keep the shape of their source, so the same line is the best place to look.
    return [Problem(_relative(files[language], root), f"line {source.line}",
                    f'lacks fact {fact} that {stating} {verb}: "{source.sentence}"', KIND, language)
            for language in difference.lacking]


def fact_parity_problems(docs_dir: Path, languages: list[str], names: list[Name], root: Path) -> list[Problem]:
    """Every difference in facts between the languages of every page, hand-written and generated."""
    return sorted(problem for page, files in page_sources(docs_dir).items()
                  for problem in _check_page(page, files, languages, names, docs_dir, root).problems)


def data_text_parity_problems(texts: dict[str, dict[str, dict]], languages: list[str],
                              names: list[Name]) -> list[Problem]:
    """Each data text (file name -> place -> {language: text}) whose languages state different
    facts, named by its file and place: otherwise only the generated pages that show it would be
    named, and editors never edit those."""
    problems = []
    for filename, places in texts.items():
        for place, text in places.items():
            facts = {lang: facts_in_markdown(text[lang], lang, names) for lang in languages
                     if isinstance(text.get(lang), str)}
            for difference in page_differences(place, facts, languages, names):
                stated = "/".join(difference.stated_in)
                for lang in difference.lacking:
                    problems.append(Problem(f"data/{filename}", f"{place}.{lang}",
                                            f"lacks fact {describe(difference.key)} that {stated} state",
                                            "fact-parity", lang))
    return problems


def fact_parity_summary(docs_dir: Path, languages: list[str], names: list[Name], root: Path) -> list[PageParity]:
    """Per page: do its languages state the same facts? For the status report."""
    summary = []
    for page, files in page_sources(docs_dir).items():
        result = _check_page(page, files, languages, names, docs_dir, root)
        summary.append(PageParity(page, tuple(lang for lang in languages if lang in files),
                                  result.differences, result.declared, result.stale))
    return summary


def declared_differences(docs_dir: Path, languages: list[str], root: Path) -> list[Declaration]:
    """Every difference the pages declare, with its reason: for the status report."""
    found = []
    for files in page_sources(docs_dir).values():
        for language in languages:
            if language in files:
                try:
                    metadata, _ = split_page(files[language])
                except FrontMatterError:
                    continue  # fact_parity_problems reports it
                found.extend(declarations(files[language], language, metadata, root)[0])
    return found


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def parity_report(docs_dir: Path, languages: list[str], names: list[Name], root: Path) -> str:
    """The whole check as text: counts per page first, then one line per problem."""
    summary = fact_parity_summary(docs_dir, languages, names, root)
    problems = fact_parity_problems(docs_dir, languages, names, root)
    width = max(len(page.page) for page in summary)
    lines = [f"Fact parity: {len(problems)} problems on {sum(not p.matches for p in summary)} of "
             f"{len(summary)} pages", "", f"{'page':<{width}}  differences  declared  stale"]
    lines += [f"{p.page:<{width}}  {p.differences:>11}  {p.declared:>8}  {p.stale:>5}" for p in summary]
    return "\n".join([*lines, "", *map(str, problems), ""])
