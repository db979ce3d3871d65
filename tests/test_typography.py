"""French typography: narrow no-break spaces where French sets a space, never inside markup."""

from __future__ import annotations

import pytest

from sitegen.typography import french_spacing

N = "\u202f"  # narrow no-break space


@pytest.mark.parametrize("typed", ["Quoi ? Oui ! Non ; bof : fin", "Quoi? Oui! Non; bof: fin",
                                   "Quoi\u00a0? Oui\u00a0! Non\u00a0; bof\u00a0: fin", f"Quoi{N}? Oui{N}! Non{N}; bof{N}: fin"])
def test_a_narrow_no_break_space_before_the_high_marks_however_it_was_typed(typed):
    assert french_spacing(typed) == f"Quoi{N}? Oui{N}! Non{N}; bof{N}: fin"


@pytest.mark.parametrize("typed", ["« Bonjour »", "«Bonjour»", "«\u00a0Bonjour\u00a0»"])
def test_inside_guillemets(typed):
    assert french_spacing(typed) == f"«{N}Bonjour{N}»"


@pytest.mark.parametrize("markdown", [
    "Voir https://fedasil.be/fr?page=2:3 ici",
    "Écrivez à resettlement@fedasil.be.",
    "Le webinaire commence à 10:30.",
    "[Lien](https://x.be/a?b=c:d \"Titre\")",
    '[Lien](faq.md#couts "Combien ? Voir : ici")',
    '<a href="https://x.be/?a=b" title="Quoi ?">Lien</a>',
    "Code `a : b ? c` ici",
    "```yaml\ntitle: x\nquestion: « a » ?\n```",
    "## Titre { #quoi-faire }",
    "Icône :material-home: ici",
    "Terme\n:   Définition",
    "<!-- block: phases -->",
    "![Carte](carte.png)",
    "| A | B |\n|:--|--:|",
    "Voir&nbsp;ici",
    "---\ntitle: \"Quoi : x\"\n---\n",
    "[ref]: https://x.be/a?b=c",
])
def test_markup_is_left_alone(markdown):
    assert french_spacing(markdown) == markdown


def test_prose_around_markup_is_spaced():
    markdown = ('!!! note "Titre : x"\n    Voir [le lien](https://x.be/?a=b) : ici !\n'
                "Terme\n:   Définition : oui\n`code`: bien")
    assert french_spacing(markdown) == (f'!!! note "Titre{N}: x"\n    Voir [le lien](https://x.be/?a=b){N}: ici{N}!\n'
                                        f"Terme\n:   Définition{N}: oui\n`code`{N}: bien")


def test_two_marks_take_one_space():
    assert french_spacing("Vraiment ?!") == f"Vraiment{N}?!"


def test_applying_it_twice_changes_nothing():
    markdown = "Quoi ? « Oui » : [a](b.md) ; 10:30 !\n```\nx: y\n```\n"
    once = french_spacing(markdown)
    assert once != markdown and french_spacing(once) == once
