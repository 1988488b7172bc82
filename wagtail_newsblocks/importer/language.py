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
_WORDS = {language: frozenset(words.split()) for language, words in _STOPWORDS.items()}
_TOKEN = re.compile(r"[^\W\d_]+", re.UNICODE)


def guess_language(text: str) -> str:
    """``"de"``, ``"en"``, ``"fr"``, … for ``text``, or ``""`` when it cannot tell."""
    tokens = [token.lower() for token in _TOKEN.findall(text[:20000])]
    if not tokens:
        return ""
    scores = Counter()
    for token in tokens:
        for language, words in _WORDS.items():
            if token in words:
                scores[language] += 1
    ranked = scores.most_common(2)
    if not ranked or ranked[0][1] < 3:
        return ""
    if len(ranked) > 1 and ranked[0][1] < ranked[1][1] * 1.5:
        return ""
    return ranked[0][0]
