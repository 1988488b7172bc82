"""Who said it: speakers, roles and organisations in running news text.

News writing attributes quotations in a few fixed shapes, in every language
the importer knows:

* after the quotation: „…“, sagte Kim. / “…,” said Maren Holt, head of … /
  « … », a déclaré Claire Dubois. / “…,” Holt said.
* before it: Der Sprecher Dmitri Peskow sagte …: „…“
* with an appositive after the name: Joseph Dempsey, Forscher für
  Verteidigung am International Institute for Strategic Studies.

This module finds those shapes; it never guesses beyond them. Where a
passage attributes a quotation by description ("sagte der nordkoreanische
Präsident"), the person the same paragraph names is taken, because news
writing starts a new paragraph when the speaker changes; a paragraph naming
two people gives no speaker at all.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ..conf import newsblocks_settings
from ..quotation_marks import quotation_spans, strip_quotation_marks

if TYPE_CHECKING:
    from .rules import ImportRules

__all__ = [
    "Attribution",
    "Speaker",
    "StoryDraft",
    "SuggestedPullQuote",
    "attributions",
    "complete_name",
    "find_person",
    "first_attributed_quotation",
    "split_attribution",
]

_DASHES = "—–―-~"
_ATTRIBUTION_LINE = re.compile(rf"^\s*[{re.escape(_DASHES)}]+\s*(?P<text>\S.*)$", re.DOTALL)

# Words that start a description rather than a name: "sagte der Präsident",
# "said the spokeswoman", "a déclaré le ministre", "so er".
_DETERMINERS = frozenset(
    [
        "der",
        "die",
        "das",
        "den",
        "dem",
        "des",
        "ein",
        "eine",
        "einer",
        "eines",
        "einem",
        "einen",
        "er",
        "sie",
        "es",
        "man",
        "dieser",
        "diese",
        "dieses",
        "jener",
        "jene",
        "ihr",
        "sein",
        "seine",
        "ihre",
        "the",
        "a",
        "an",
        "he",
        "she",
        "they",
        "it",
        "his",
        "her",
        "their",
        "its",
        "one",
        "another",
        "this",
        "that",
        "these",
        "those",
        "le",
        "la",
        "les",
        "l",
        "un",
        "une",
        "il",
        "elle",
        "ils",
        "elles",
        "ce",
        "cette",
        "ces",
        "son",
        "sa",
        "ses",
        "leur",
    ]
)
# Lower-case words inside a name ("Ursula von der Leyen", "Ludwig van Beethoven").
_PARTICLES = frozenset(
    ["von", "van", "vom", "de", "da", "di", "du", "del", "della", "bin", "ibn", "al", "ten", "ter"]
)
# "der" only after "von"/"van": "von der Leyen", "van der Bellen".
_PARTICLE_FOLLOWERS = {"von": {"der", "dem"}, "van": {"der", "den"}}
# A clause after the name's comma that is not an appositive: "sagte Putin, als er …".
_NOT_APPOSITIVE = frozenset(
    [
        "als",
        "wenn",
        "weil",
        "dass",
        "während",
        "nachdem",
        "bevor",
        "ob",
        "und",
        "aber",
        "doch",
        "denn",
        "sondern",
        "der",
        "die",
        "das",
        "er",
        "sie",
        "es",
        "wir",
        "as",
        "when",
        "while",
        "because",
        "that",
        "which",
        "who",
        "whom",
        "whose",
        "and",
        "but",
        "if",
        "so",
        "he",
        "she",
        "they",
        "it",
        "we",
        "quand",
        "alors",
        "que",
        "qui",
        "lorsque",
        "parce",
        "puisque",
        "et",
        "mais",
        "il",
        "elle",
        "ils",
        "elles",
    ]
)
# Role words that may stand before a name ("Kremlchef Wladimir Putin",
# "Nordkoreas Machthaber Kim Jong Un", "President Joe Biden"). German
# compounds are matched by their ending ("Präsidialamtssprecher").
_ROLE_WORD = re.compile(
    r"^(?:\w*(?:chef|chefin|sprecher|sprecherin|präsident|präsidentin|minister|ministerin"
    r"|kanzler|kanzlerin|experte|expertin|forscher|forscherin|leiter|leiterin|direktor"
    r"|direktorin|machthaber|führer|führerin|vorsitzende|vorsitzender|professor|professorin"
    r"|analyst|analystin|ökonom|ökonomin|sekretär|sekretärin|botschafter|botschafterin"
    r"|abgeordnete|abgeordneter|bürgermeister|bürgermeisterin|staatschef|herrscher)"
    r"|president|prime|minister|chancellor|secretary|senator|governor|mayor|spokesman"
    r"|spokeswoman|spokesperson|director|chief|ceo|professor|economist|analyst|researcher"
    r"|leader|ministre|président|présidente|porte-parole|directeur|directrice|chancelier"
    r"|chancelière|maire|sénateur|chercheur|chercheuse|économiste|professeur)$",
    re.IGNORECASE,
)
_TOKEN = re.compile(r"[^\W\d_][\w'’.\-]*|\d[\w.\-]*|[^\w\s]", re.UNICODE)
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\s\"“”„»«’‘]*\s(?=\S)|$")
_MAX_NAME_TOKENS = 5
# Tokens after a quotation that are enough to find the name there (_name_after).
_NAME_TOKENS_READ = _MAX_NAME_TOKENS + 8


@dataclass(frozen=True)
class Speaker:
    """A person a passage names: name, and role and organisation where it says them."""

    name: str
    role: str = ""
    organization: str = ""

    @property
    def role_and_organization(self) -> str:
        return ", ".join(part for part in (self.role, self.organization) if part)


@dataclass(frozen=True)
class Attribution:
    """One quotation in a passage and what the passage says about its speaker."""

    start: int
    end: int
    quote: str  # without its enclosing marks
    name: str  # the named speaker, or "" when the quotation is unattributed or described
    described: bool  # attributed, but by description ("sagte der Präsident")
    role_part: str = ""  # role words before the name ("Kremlsprecher")
    appositive: str = ""  # what follows the name after a comma ("Forscher für … am …")


@dataclass(frozen=True)
class SuggestedPullQuote:
    """A pull quote PULL_QUOTE_FROM_TEXT proposes, to go after block ``after`` (0-based)."""

    after: int
    quote: str
    speaker: Speaker
    note: str


def split_attribution(text: str) -> Speaker | None:
    """``"— Kim Jong Un, Machthaber Nordkoreas"`` → speaker and role, split at the first comma."""
    text = " ".join(text.split()).strip()
    match = _ATTRIBUTION_LINE.match(text)
    if match:
        text = match.group("text")
    text = text.strip(" ." + _DASHES)
    if not text:
        return None
    name, _, role = text.partition(",")
    name, role = name.strip(), role.strip()
    if not name:
        return None
    return Speaker(name=name, role=role)


def is_attribution_line(text: str) -> bool:
    """A short line that starts with a dash: "— Kim Jong Un, Machthaber Nordkoreas"."""
    text = text.strip()
    return bool(_ATTRIBUTION_LINE.match(text)) and len(text) <= 300 and "\n" not in text


# -- names ------------------------------------------------------------------------


def _is_capitalised(token: str) -> bool:
    return token[:1].isupper()


def _tokens(text: str) -> list[str]:
    # findall: the strings alone, without a match object per word of a long story.
    return _TOKEN.findall(text)


def _split_role(run: list[str]) -> tuple[list[str], list[str]]:
    """``["Nordkoreas", "Machthaber", "Kim", "Jong", "Un"]`` → (role words, name words)."""
    for index in range(len(run) - 1, -1, -1):
        if _ROLE_WORD.match(run[index].rstrip(".")):
            return run[: index + 1], run[index + 1 :]
    return [], run


def _leading_run(tokens: list[str], start: int = 0) -> list[str]:
    """The capitalised words (with name particles) at ``tokens[start]`` and after."""
    run: list[str] = []
    index = start
    while index < len(tokens) and len(run) < _MAX_NAME_TOKENS + 2:
        token = tokens[index]
        if _is_capitalised(token) and token[0].isalpha():
            run.append(token)
        elif run and token in _PARTICLES:
            # A particle belongs to a name only when a capitalised word follows.
            rest = tokens[index + 1 : index + 3]
            if rest and rest[0] in _PARTICLE_FOLLOWERS.get(token, ()):
                if len(rest) > 1 and _is_capitalised(rest[1]):
                    run.extend([token, rest[0]])
                    index += 2
                    continue
                break
            if not rest or not _is_capitalised(rest[0]):
                break
            run.append(token)
        else:
            break
        index += 1
    return run


def _clean_name(words: list[str]) -> str:
    while words and words[0] in _PARTICLES:
        words = words[1:]
    name = " ".join(words).strip(" ,.;:")
    # Possessives are not part of a name: "Holt's" → "Holt".
    return re.sub(r"[’']s$", "", name)


def _name_after(text: str) -> tuple[str, bool, str, str]:
    """The speaker named at the start of ``text``: (name, described, role words, appositive)."""
    # ``text`` is all that follows a quotation, often the rest of a long
    # story; tokenising all of it for every quotation made long stories
    # quadratic. The name is among the first tokens: _leading_run reads at
    # most _MAX_NAME_TOKENS + 3 of them and looks two ahead, and one more
    # says whether an appositive follows.
    tokens = [match.group() for match in itertools.islice(_TOKEN.finditer(text), _NAME_TOKENS_READ)]
    if not tokens:
        return "", False, "", ""
    first = tokens[0]
    if first.lower() in _DETERMINERS or not _is_capitalised(first) or not first[0].isalpha():
        return "", True, "", ""
    run = _leading_run(tokens)
    if not run or len(run) > _MAX_NAME_TOKENS + 1:
        return "", True, "", ""
    role_words, name_words = _split_role(run)
    name = _clean_name(name_words)
    if not name:
        return "", True, "", ""
    rest_tokens = tokens[len(run) :]
    appositive = ""
    if rest_tokens[:1] == [","]:
        after_name = _text_after_run(text, run)
        appositive = _appositive(after_name)
    return name, False, " ".join(role_words), appositive


def _text_after_run(text: str, run: list[str]) -> str:
    position = 0
    for word in run:
        position = text.find(word, position) + len(word)
    return text[position:]


def _appositive(text: str) -> str:
    """``", Forscher für … Studies. Der …"`` → ``"Forscher für … Studies"``, or ""."""
    text = text.lstrip()
    if not text.startswith(","):
        return ""
    text = text[1:].strip()
    first = text.split(" ", 1)[0].lower().strip(",.")
    if not first or first in _NOT_APPOSITIVE:
        return ""
    sentence = _SENTENCE_END.split(text, maxsplit=1)[0]
    sentence = sentence.strip().rstrip(".!?…").strip()
    # An appositive is a phrase, not a clause with a quotation of its own.
    if any(mark in sentence for mark in '„“”"«»') or len(sentence) > 200:
        return ""
    return sentence


def _name_before(text: str) -> tuple[str, str]:
    """The speaker named at the end of ``text`` ("Der Sprecher Dmitri Peskow"): (name, role words)."""
    sentence = re.split(r"[.!?…:;]\s", text)[-1]
    tokens = _tokens(sentence)
    run: list[str] = []
    for token in reversed(tokens):
        if (_is_capitalised(token) and token[0].isalpha()) or (run and token in _PARTICLES):
            run.insert(0, token)
        else:
            break
    if not run or len(run) > _MAX_NAME_TOKENS + 2:
        return "", ""
    role_words, name_words = _split_role(run)
    # A capitalised word that opens the sentence is not a name ("Der", "Am").
    if name_words and name_words[0].lower() in _DETERMINERS:
        name_words = name_words[1:]
    return _clean_name(name_words), " ".join(
        word for word in role_words if word.lower() not in _DETERMINERS
    )


@lru_cache(maxsize=64)
def _verb_patterns(verbs: tuple[str, ...]) -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    alternation = "|".join(
        r"\s+".join(re.escape(part) for part in verb.split())
        for verb in sorted(verbs, key=len, reverse=True)
    )
    # „…“, sagte Kim.   “…,” said Holt.   « … », a déclaré Claire Dubois.
    after = re.compile(rf"^[\s,]*(?:{alternation})\s+(?P<rest>.*)$", re.IGNORECASE | re.DOTALL)
    # “…,” Holt said.
    name_then_verb = re.compile(
        rf"^[\s,]*(?P<name>[^\W\d_][\w'’.\-]*(?:\s+[^\W\d_][\w'’.\-]*){{0,4}})\s+(?:{alternation})\b",
        re.DOTALL,
    )
    # Der Sprecher Dmitri Peskow sagte auf eine Frage lediglich: „…“
    before = re.compile(
        rf"(?P<subject>[^.!?:;„“”\"«»]*?)\s+(?:{alternation})\b[^.!?„“”\"«»]*:\s*$",
        re.IGNORECASE | re.DOTALL,
    )
    return after, name_then_verb, before


_BREAKS = '.!?„“”"«»'


def _after_last_break(text: str, end: int) -> int:
    return max(text.rfind(mark, 0, end) for mark in _BREAKS) + 1


def attributions(text: str, *, rules: ImportRules, language: str) -> list[Attribution]:
    """Every quotation in ``text`` with what the text says about who said it."""
    after, name_then_verb, before = _verb_patterns(tuple(rules.words_for("SPEECH_VERBS", language)))
    found = []
    for start, end in quotation_spans(text):
        quote = text[start + 1 : end].strip()
        following = text[end + 1 :]
        name, described, role_words, appositive = "", False, "", ""
        match = after.match(following)
        if match:
            name, described, role_words, appositive = _name_after(match.group("rest"))
        else:
            match = name_then_verb.match(following)
            if match:
                name, role_words = _name_before(match.group("name"))
                described = not name
            else:
                # The pattern holds none of these marks and ends where the
                # quotation opens: only the text after the last of them can
                # match, and searching from there keeps long stories linear.
                # It ends in a colon, too, which few sentences before a
                # quotation have; trying every speech verb at each of their
                # words is the costly part (str.isspace() is re's \s).
                begin = _after_last_break(text, start)
                match = None
                if text[begin:start].rstrip().endswith(":"):
                    match = before.search(text, begin, start)
                if match:
                    name, role_words = _name_before(match.group("subject"))
                    described = not name
        found.append(
            Attribution(
                start=start,
                end=end,
                quote=quote,
                name=name,
                described=described,
                role_part=role_words,
                appositive=appositive,
            )
        )
    return found


# -- completing names from the rest of the story ---------------------------------------


def _runs(text: str) -> list[list[str]]:
    tokens = _tokens(text)
    runs, index = [], 0
    while index < len(tokens):
        # From an index, not a slice: a slice per word made long stories quadratic.
        run = _leading_run(tokens, index)
        if run:
            runs.append(run)
            index += len(run)
        else:
            index += 1
    return runs


def _invert_genitive(role: str, language: str) -> str:
    # German puts the genitive first before a name ("Nordkoreas Machthaber Kim
    # Jong Un") and after it in an appositive ("Kim Jong Un, Machthaber Nordkoreas").
    words = role.split()
    if (
        language.split("-")[0] == "de"
        and len(words) == 2
        and words[0].endswith("s")
        and _is_capitalised(words[0])
        and _ROLE_WORD.match(words[1])
    ):
        return f"{words[1]} {words[0]}"
    return role


def complete_name(name: str, story_text: str, *, language: str = "") -> tuple[str, str, bool]:
    """The fullest form of ``name`` the story uses, and the role words before it.

    ``"Kim"`` in a story that once says "Nordkoreas Machthaber Kim Jong Un"
    gives ``("Kim Jong Un", "Machthaber Nordkoreas", False)``. The third item
    is True when the story names two different people that ``name`` could
    mean; then ``name`` comes back as it was.
    """
    words = name.split()
    if not words:
        return name, "", False
    fuller: dict[str, str] = {}
    role = ""
    for run in _runs(story_text):
        if words[0] not in run:
            continue  # a run without the name's first word holds no form of it
        role_words, name_words = _split_role(run)
        if not name_words:
            continue
        # "Der Sprecher Dmitri Peskow" at the start of a sentence: the article is no role.
        role_words = [word for word in role_words if word.lower() not in _DETERMINERS]
        size = len(words)
        if name_words[:size] == words or name_words[-size:] == words:
            full = _clean_name(name_words)
            if len(full.split()) > size:
                fuller.setdefault(full, " ".join(role_words))
            elif full == name and role_words and not role:
                role = " ".join(role_words)
    if len(fuller) > 1:
        return name, "", True
    if fuller:
        full, full_role = next(iter(fuller.items()))
        return full, _invert_genitive(full_role or role, language), False
    return name, _invert_genitive(role, language), False


_INDEFINITE = re.compile(r"^(?:an?|eine?|une?)\s+", re.IGNORECASE)


def split_role(appositive: str, *, rules: ImportRules, language: str) -> tuple[str, str]:
    """``"Forscher für Verteidigung am International Institute …"`` → role, organisation.

    An indefinite article goes ("an ecologist" → "ecologist"): the role stands
    after the name on its own.
    """
    appositive = _INDEFINITE.sub("", appositive.strip())
    for marker in rules.words_for("ORGANIZATION_MARKERS", language):
        head, found, tail = appositive.partition(marker)
        if found and head.strip() and tail.strip()[:1].isupper():
            return head.strip(), tail.strip()
    return appositive.strip(), ""


# -- the rules' default callables ----------------------------------------------------------


def find_person(
    text: str, *, language: str, rules: ImportRules, context: str = ""
) -> Speaker | None:
    """The person a passage (an expert section) quotes or names, with role and organisation.

    The first quotation attributed to a named person wins; failing that, a
    passage that opens with "Name, role at organisation" names its person.
    ``context`` (the rest of the story) completes a short name.
    """
    for attribution in attributions(text, rules=rules, language=language):
        if attribution.name:
            return _speaker(attribution.name, attribution, text, context, rules, language)
    opening = _name_after(text)
    # Two words at least: a sentence may open with "Allerdings, …" too.
    if len(opening[0].split()) >= 2 and opening[3]:
        name, _described, _role_words, appositive = opening
        # "Lena Fischer, Ökonomin an der Uni X, rechnet damit, …": commas enclose it.
        appositive = appositive.split(",", 1)[0]
        role, organization = split_role(appositive, rules=rules, language=language)
        return Speaker(name=name, role=role, organization=organization)
    return None


def _speaker(
    name: str,
    attribution: Attribution,
    text: str,
    context: str,
    rules: ImportRules,
    language: str,
    *,
    split_organization: bool = True,
) -> Speaker:
    if attribution.appositive:
        if not split_organization:
            return Speaker(name=name, role=attribution.appositive)
        role, organization = split_role(attribution.appositive, rules=rules, language=language)
        return Speaker(name=name, role=role, organization=organization)
    full, role, _ambiguous = complete_name(name, f"{context}\n{text}", language=language)
    return Speaker(name=full, role=role or _invert_genitive(attribution.role_part, language))


@dataclass
class StoryDraft:
    """What PULL_QUOTE_FROM_TEXT sees: the body's paragraphs as text, and the whole story."""

    paragraphs: list[tuple[int, str]]  # (block index, plain text)
    story_text: str  # title, lead and body, for completing names
    language: str
    rules: Any


def first_attributed_quotation(draft: StoryDraft) -> SuggestedPullQuote | None:
    """The default PULL_QUOTE_FROM_TEXT rule: a pull quote from the story's first attributed quotation.

    Takes the first quotation in the body of at least ``PULL_QUOTE_MIN_WORDS``
    words that fits a pull quote and that the text attributes to a named
    person — directly ("…“, so Kim"), or by description where the paragraph
    names exactly one speaker. The name is completed from the story ("Kim" →
    "Kim Jong Un") and the role taken from the appositive or the words before
    the fullest mention.
    """
    rules, language = draft.rules, draft.language
    min_words = rules["PULL_QUOTE_MIN_WORDS"]
    limit = newsblocks_settings.PULL_QUOTE_MAX_LENGTH
    for index, text in draft.paragraphs:
        found = attributions(text, rules=rules, language=language)
        named = {attribution.name for attribution in found if attribution.name}
        for attribution in found:
            quote = strip_quotation_marks(attribution.quote).rstrip(",").strip()
            if len(quote.split()) < min_words or len(quote) > limit:
                continue
            if attribution.name:
                how = "named"
                name = attribution.name
            elif attribution.described and len(named) == 1:
                how = "paragraph"
                name = next(iter(named))
            else:
                continue
            # A pull quote has one line for the role: the appositive as written.
            speaker = _speaker(
                name,
                attribution,
                text,
                draft.story_text,
                rules,
                language,
                split_organization=False,
            )
            return SuggestedPullQuote(after=index, quote=quote, speaker=speaker, note=how)
    return None
