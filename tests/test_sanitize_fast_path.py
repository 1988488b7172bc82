"""Rich text that is already clean skips bleach: it must be exactly what bleach would write.

The reader that recognises such text (``sanitize._already_clean``) may say
"no" too often, never "yes" wrongly: every text it accepts is compared with
bleach's own result, on generated documents and on the XSS corpus.
"""

from __future__ import annotations

import random
import re

import pytest

from tests.xss import url_vectors, vectors
from wagtail_newsblocks import sanitize
from wagtail_newsblocks.blocks import PARAGRAPH_FEATURES
from wagtail_newsblocks.sanitize import _already_clean, _cleaner, clean_rich_text

FEATURE_SETS = [
    tuple(sorted(PARAGRAPH_FEATURES)),
    ("bold", "italic", "link"),
    ("bold",),
    ("ol", "ul"),
]

_PIECES = [
    "Text",
    " ",
    "\n",
    "\t",
    "ä ß €",
    "a &amp; b",
    "&lt;tag&gt;",
    "&quot;",
    "&nbsp;",
    "&#39;",
    "&copy;",
    "&amp",
    "&",
    "<",
    ">",
    '"',
    "'",
    "\r",
    "\x00",
    "\x0c",
    "\x85",
    "<br>",
    "<br/>",
    "<hr>",
    "<!-- c -->",
    "<p>",
    "</p>",
    "<b>",
    "</b>",
    "<strong>",
    "</strong>",
    "<i>",
    "</i>",
    "<em>",
    "</em>",
    "<s>",
    "</s>",
    "<sup>",
    "</sup>",
    "<sub>",
    "</sub>",
    "<code>",
    "</code>",
    "<ul>",
    "</ul>",
    "<ol>",
    "</ol>",
    "<li>",
    "</li>",
    "<h2>",
    "</h2>",
    "<div>",
    "</div>",
    "<P>",
    "</a>",
    "<a>",
    '<a href="https://example.org/a?b=1">',
    '<a href="https://example.org/?a=1&amp;b=2">',
    '<a href="/relative/path">',
    '<a href="#anchor">',
    '<a href="mailto:desk@example.org">',
    '<a href="tel:+431234">',
    '<a href="javascript:alert(1)">',
    '<a href="java&#x09;script:alert(1)">',
    '<a href="java&amp;#x09;script:alert(1)">',
    '<a href="&amp;#106avascript:alert(1)">',
    '<a href="https://example.org/?a=&amp;lt;b">',
    '<a href="https://example.org/?a=1&amp;amp;b=2">',
    '<a href="https://example.org/?a=1&amp;#x3c;">',
    '<a href="https://example.org/&amp;x?y=1">',
    '<a href="https://example.org/?a=1&b=2">',
    '<a href="ftp://example.org">',
    '<a href="">',
    '<a href="https://x.org" href="https://y.org">',
    '<a href="https://x.org" title="t">',
    '<a linktype="page" id="3">',
    '<a id="3" linktype="page">',
    '<a linktype="document" id="7">',
    '<a linktype="page" id="x">',
    '<a onclick="alert(1)">',
    '<b class="x">',
    '<p style="color:red">',
    '<embed embedtype="image" id="1" format="left" alt="a"/>',
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
]


def _generated(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    documents = []
    for _ in range(count):
        if rng.random() < 0.5:
            # Mostly well-formed: paragraphs and lists of nested inline markup.
            documents.append(_well_formed(rng))
        else:
            documents.append("".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 14))))
    return documents


def _inline(rng: random.Random, depth: int = 0, in_link: bool = False) -> str:
    parts = []
    for _ in range(rng.randint(0, 4)):
        roll = rng.random()
        if roll < 0.45 or depth > 3:
            parts.append(rng.choice(["Wort", " und ", "ä&amp;ö", "&lt;x&gt;", "&quot;", " ", "\n"]))
        elif roll < 0.55:
            parts.append("<br>")
        elif roll < 0.7 and not in_link:
            start = rng.choice(
                [
                    '<a href="https://example.org/x">',
                    '<a href="https://example.org/w/index.php?title=X&amp;action=edit">',
                    '<a linktype="page" id="3">',
                    "<a>",
                ]
            )
            parts.append(f"{start}{_inline(rng, depth + 1, True)}</a>")
        else:
            tag = rng.choice(["b", "i", "strong", "em", "sup", "sub", "s", "code"])
            parts.append(f"<{tag}>{_inline(rng, depth + 1, in_link)}</{tag}>")
    return "".join(parts)


def _list(rng: random.Random, depth: int = 0) -> str:
    tag = rng.choice(["ul", "ol"])
    items = []
    for _ in range(rng.randint(1, 3)):
        inner = _inline(rng)
        if depth < 2 and rng.random() < 0.2:
            inner += _list(rng, depth + 1)
        items.append(f"<li>{inner}</li>")
    return f"<{tag}>{''.join(items)}</{tag}>"


def _well_formed(rng: random.Random) -> str:
    blocks = []
    for _ in range(rng.randint(1, 4)):
        blocks.append(f"<p>{_inline(rng)}</p>" if rng.random() < 0.7 else _list(rng))
    return rng.choice(["", "\n"]).join(blocks)


def _bleach(source: str, features: tuple[str, ...]) -> str:
    cleaned = _cleaner(features).clean(source)
    return sanitize._EMBED.sub(r"<embed\1/>", cleaned)


@pytest.mark.parametrize("features", FEATURE_SETS, ids="-".join)
def test_accepted_text_is_exactly_what_bleach_writes(features):
    accepted = 0
    for source in _generated(seed=len(features), count=1500):
        if _already_clean(source, features):
            accepted += 1
            assert _bleach(source, features) == source, source
    # The reader is useful only if it recognises ordinary clean text.
    assert accepted > 50


@pytest.mark.parametrize("features", FEATURE_SETS, ids="-".join)
def test_xss_corpus_never_passes_uncleaned(features):
    hostile = vectors() + [f'<p><a href="{url}">x</a></p>' for url in url_vectors()]
    for source in hostile:
        if _already_clean(source, features):
            assert _bleach(source, features) == source, source


def test_text_bleach_has_cleaned_is_recognised():
    features = tuple(sorted(PARAGRAPH_FEATURES))
    for source in _generated(seed=99, count=300):
        cleaned = _bleach(source, features)
        if "<embed" not in cleaned:
            # Not every cleaned text qualifies; the point is that a cleaned
            # text, if accepted, is left alone.
            assert clean_rich_text(cleaned, features) == cleaned


@pytest.mark.parametrize(
    "href",
    [
        "https://en.wikipedia.org/w/index.php?title=Template:X&amp;action=edit",
        "https://www.example.com/story.html?action=click&amp;module=RelatedLinks&amp;pgtype=A",
        "https://example.org/doc#:uid=3959&amp;h2=Data-model",
        "/search?q=wagtail&amp;page=2",
        "mailto:desk@example.org?subject=Tip&amp;body=Hello",
        # After the query begins, no scheme: bleach keeps these as they are too.
        "?x&amp;javascript:alert(1)",
        "#a&amp;b:c",
    ],
)
def test_links_with_query_strings_need_no_cleaning(href):
    # An article's links carry query strings ("&amp;" as written in HTML):
    # the text is already what bleach writes, and is recognised as such.
    features = tuple(sorted(PARAGRAPH_FEATURES))
    source = f'<p>See <a href="{href}">this</a>.</p>'
    assert _bleach(source, features) == source
    assert _already_clean(source, features)


@pytest.mark.parametrize(
    "href",
    [
        "&amp;#106avascript:alert(1)",
        "java&amp;#x09;script:alert(1)",
        "https://example.org/?a=&amp;lt;b",
        "https://example.org/?a=1&amp;amp;b=2",
        "https://example.org/?a=1&amp;#x3c;",
        "https://example.org/&amp;x?y=1",
    ],
)
def test_ampersands_that_could_begin_a_reference_or_a_scheme_go_to_bleach(href):
    # Bleach decodes character references again before it checks a link's
    # scheme, and writes a "&" that begins one back as it was; only an
    # ampersand in a query string, with no ";" after it, is left to the reader.
    features = tuple(sorted(PARAGRAPH_FEATURES))
    assert not _already_clean(f'<p><a href="{href}">x</a></p>', features)


@pytest.mark.parametrize("features", FEATURE_SETS, ids="-".join)
def test_text_from_the_editor_with_block_keys_is_what_bleach_writes(features):
    rng = random.Random(7)
    keyed = 0
    for source in _generated(seed=len(features) + 100, count=800):
        # As Draftail writes it: a block key on each paragraph, list and item.
        source = re.sub(
            r"<(p|ul|ol|li)>",
            lambda match: f'<{match.group(1)} data-block-key="{rng.randrange(16**5):05x}">',
            source,
        )
        keyed += "data-block-key" in source
        assert clean_rich_text(source, features) == _bleach(source, features), source
        sanitize._clean.cache_clear()
    assert keyed > 300


def _rules_without_cleaner(features):
    rules = sanitize._fast_rules(features)
    return lambda _features: rules


def _plain_paragraphs(features):
    return sanitize._fast_rules(features)[2]


@pytest.mark.parametrize("features", FEATURE_SETS, ids="-".join)
def test_plain_paragraphs_are_exactly_what_bleach_writes(features):
    # The one-call pattern for the commonest clean text answers before the
    # reader does: whatever it matches must be bleach's own output.
    pattern = _plain_paragraphs(features)
    matched = 0
    for source in _generated(seed=len(features) + 200, count=1500) + vectors():
        if pattern is not None and pattern.fullmatch(source):
            matched += 1
            assert _bleach(source, features) == source, source
    if pattern is not None:
        assert matched > 50


def test_plain_paragraphs_keep_to_the_features():
    bold_only = _plain_paragraphs(("bold",))
    assert bold_only.fullmatch("<p>Ein <b>fetter</b> Satz</p>\n<p>Zwei &amp; drei</p>")
    assert not bold_only.fullmatch("<p>Ein <i>kursiver</i> Satz</p>")
    # Links and nesting are the reader's: their attributes need the cleaner's rules.
    paragraphs = _plain_paragraphs(tuple(sorted(PARAGRAPH_FEATURES)))
    assert not paragraphs.fullmatch('<p><a href="https://example.org/">x</a></p>')
    assert not paragraphs.fullmatch("<p><b><i>x</i></b></p>")
    assert _already_clean("<p><b><i>x</i></b></p>", tuple(sorted(PARAGRAPH_FEATURES)))
    assert _plain_paragraphs(("ol", "ul")) is None or not _plain_paragraphs(("ol", "ul")).fullmatch(
        "<p><b>x</b></p>"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("„Zitat“ ä ß €", "„Zitat“ ä ß €"),
        ("Emoji 😀 bleibt", "Emoji 😀 bleibt"),
        ("halb \ud83d\ude00 Paar", "halb \ufffd\ufffd Paar"),
        ("\udc80Anfang und Ende\ud800", "\ufffdAnfang und Ende\ufffd"),
        ("ascii only", "ascii only"),
    ],
)
def test_lone_surrogates_and_nothing_else_are_replaced(text, expected):
    # The encoder's verdict decides; the replacement must still be exactly U+FFFD per surrogate.
    result = sanitize.without_lone_surrogates(text)
    assert result == expected
    assert sanitize._has_lone_surrogate({"a": [text]}) == (text != expected)
