"""Which language a plain-text story is in, when nobody says."""

from __future__ import annotations

import re
from collections import Counter

__all__ = ["guess_language"]

# The commonest short words of each language: enough to tell news text apart,
# not a general-purpose detector.
_STOPWORDS = {
    "de": "der die das und ist nicht mit sich des dem den ein eine zu auf für von im sie auch "
    "wird werden hat sagte dass wir aber nach bei",
    "en": "the and is not with of to in that for on was were has have said by from this it "
    "will would are be an at",
    "fr": "le la les et est pas avec des du une un pour dans que qui sur au aux ce cette sont "
    "ont été il elle à",
    "es": "el la los las y es no con del una un para en que por se su al lo como más pero",
    "it": "il la le e è non con del della un una per in che di si sono al lo gli ma",
    "nl": "de het een en is niet met van in dat voor op zijn ook aan bij maar naar",
}
# Each stop word with the languages it is one of ("la": French, Spanish, Italian).
_LANGUAGES_OF: dict[str, tuple[str, ...]] = {}
for _language, _words in _STOPWORDS.items():
    for _word in dict.fromkeys(_words.split()):  # a word listed twice counts once
        _LANGUAGES_OF[_word] = (*_LANGUAGES_OF.get(_word, ()), _language)
del _language, _words, _word
_TOKEN = re.compile(r"[^\W\d_]+", re.UNICODE)


def guess_language(text: str) -> str:
    """``"de"``, ``"en"``, ``"fr"``, … for ``text``, or ``""`` when it cannot tell."""
    # Each word looked up once, however often the text has it: a story's
    # thousands of words are some hundreds of different ones.
    scores = Counter()
    for token, count in Counter(_TOKEN.findall(text[:20000])).items():
        for language in _LANGUAGES_OF.get(token.lower(), ()):
            scores[language] += count
    return leading_language(scores)


def leading_language(scores: Counter) -> str:
    """The language with the most stop words, if it has three and half again the next one's."""
    ranked = scores.most_common(2)
    if not ranked or ranked[0][1] < 3:
        return ""
    if len(ranked) > 1 and ranked[0][1] < ranked[1][1] * 1.5:
        return ""
    return ranked[0][0]
