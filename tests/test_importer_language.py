"""Guessing a plain-text story's language from its commonest short words (importer/language.py)."""

from __future__ import annotations

from collections import Counter

import pytest

from wagtail_newsblocks.importer.language import (
    _STOPWORDS,
    _TOKEN,
    guess_language,
    leading_language,
)


def counted_word_by_word(text: str) -> str:
    """The rule, stated plainly: every word of the text, counted for every language it is one of."""
    scores = Counter()
    for token in _TOKEN.findall(text[:20000]):
        for language, words in _STOPWORDS.items():
            if token.lower() in words.split():
                scores[language] += 1
    return leading_language(scores)


TEXTS = {
    "de": "Kim unterstützt Putin im „heiligen Krieg“. Der Machthaber sagte, dass die Armee "
    "nicht allein sei und auch die Nachbarn mit ihr seien.",
    "en": "The ferry company said on Monday that the night crossing will run again from May, "
    "and that it was not the first time.",
    "fr": "Le gouvernement a annoncé que la réforme des retraites sera votée avec les voix "
    "de la majorité et qu'elle est pour cette année.",
    "": "Kim Jong Un Putin Moskau Pjöngjang 2024",
}


@pytest.mark.parametrize("language, text", TEXTS.items())
def test_a_story_s_language_is_told_by_its_short_words(language, text):
    assert guess_language(text) == language


@pytest.mark.parametrize(
    "text",
    [
        *TEXTS.values(),
        "",
        "la la la",  # French, Spanish and Italian alike: a tie
        "LA Le ET est DIE der",  # words in capitals count
        "de de de het een",  # German and Dutch share "de"
        "İstanbul ist die Stadt, in der die Brücke nicht mit dem Auto",
        ("und " * 30000),  # only the first 20,000 characters count
    ],
)
def test_each_word_counts_as_often_as_the_text_has_it(text):
    assert guess_language(text) == counted_word_by_word(text)
