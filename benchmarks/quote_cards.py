#!/usr/bin/env python
"""Quote cards: what drawing one costs, and that serving a stored one draws nothing.

In one process, on an in-memory database and an in-memory default storage
(no disk, as on S3), for four pull quotes (German with a roster portrait, a
Russian quote long enough to be cut, Arabic right to left, French):

* drawing the card (layout, Pillow, PNG), against Wagtail making a
  1200×630 rendition of a 1600×900 image (core Wagtail's Pillow work, the
  baseline) in the same run;
* the first request for a card (look-up, draw, store);
* serving the stored card, with the cache warm and cold (as on another app
  server), against serving the story page the quote is on; the renderer is
  patched to count calls, and must not be called.

    python benchmarks/quote_cards.py [--repeat 15]

Read the medians and the ratios, not single runs: this machine is shared.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "example_site")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "example_site.test_settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import override_settings, setup_test_environment  # noqa: E402

QUOTES = {
    "de, portrait": {
        "quote": "Russland hat sich zu einem heiligen Kampf zum Schutz seiner Souveränität und Sicherheit gegen die hegemonialen Kräfte erhoben",
        "attribution": "",
        "role": "",
        "language": "de",
    },
    "ru, long (cut)": {
        "quote": "Это очень длинная цитата, которая не помещается на карточке никогда. " * 4,
        "attribution": "Сергей Иванов",
        "role": "министр транспорта",
        "language": "ru",
    },
    "ar, right to left": {
        "quote": "القطار الليلي جيد بقدر الاتصال الذي يوصلك إليه",
        "attribution": "سارة",
        "role": "متحدثة",
        "language": "ar",
    },
    "fr": {
        "quote": "Une excellente nouvelle pour les voyageurs qui refusent de prendre l'avion",
        "attribution": "Claire Dubois",
        "role": "porte-parole",
        "language": "fr",
    },
}


def median_ms(function, repeat: int, before=None) -> float:
    if before:
        before()
    function()  # warm-up: fonts, templates, renditions
    times = []
    for _ in range(repeat):
        if before:
            before()
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    setup_test_environment()
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    storages = {
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=storages, LANGUAGES=[("en", "English"), ("de", "Deutsch")]):
        run(args.repeat)


def run(repeat: int) -> None:
    from django.core.cache import cache
    from django.core.files.storage import default_storage
    from django.test import Client
    from wagtail.models import Locale, Page, Site

    from news.models import NewsIndexPage, NewsStoryPage
    from tests.factories import make_image, pull_quote_value
    from wagtail_newsblocks.models import Expert
    from wagtail_newsblocks.quote_cards import drawing
    from wagtail_newsblocks.quote_cards.content import card_for, find_quote
    from wagtail_newsblocks.quote_cards.links import card_url
    from wagtail_newsblocks.quote_cards.storage import card_path

    index = Page.get_first_root_node().add_child(
        instance=NewsIndexPage(title="Bench", slug="bench")
    )
    site = Site.objects.get(is_default_site=True)
    site.root_page = index
    site.save()
    expert = Expert.objects.create(
        name="Kim Jong Un",
        role="Machthaber Nordkoreas",
        portrait=make_image("portrait", size=(800, 800), colour=(90, 60, 40)),
    )
    body = []
    for name, value in QUOTES.items():
        speaker = expert.pk if name.startswith("de") else None
        body.append(("pull_quote", pull_quote_value(**value, speaker=speaker)))
    story = index.add_child(
        instance=NewsStoryPage(
            title="Bench story",
            slug="bench-story",
            lead="Lead",
            locale=Locale.objects.get(language_code="en"),
            body=body,
        )
    )
    story.save_revision().publish()
    photo = make_image("photo", size=(1600, 900))
    client = Client()

    def rendition():
        photo.renditions.all().delete()
        photo.get_rendition("fill-1200x630")

    baseline_draw = median_ms(rendition, repeat)
    baseline_page = median_ms(lambda: client.get(story.url), repeat)

    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"Django {django.get_version()}, Wagtail {__import__('wagtail').__version__}, "
        f"Pillow {__import__('PIL').__version__}"
    )
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"Load average before the run: {load}")
    print(f"Median of {repeat} runs after one warm-up. Baselines in the same run:")
    print(f"  Wagtail rendition fill-1200x630 of a 1600×900 image: {baseline_draw:7.1f} ms")
    print(f"  serving the story page:                             {baseline_page:7.1f} ms\n")
    print(
        f"{'quote':<20}{'draw ms':>9}{'÷ rend.':>9}{'1st req ms':>12}"
        f"{'stored ms':>11}{'cold ms':>9}{'÷ page':>8}{'draws':>7}{'kB':>6}"
    )
    for child in story.body:
        name = next(n for n, v in QUOTES.items() if v["quote"] == child.value["quote"])
        page, quote = find_quote(story.pk, child.id)
        card = card_for(page, quote)
        draw_ms = median_ms(lambda card=card: drawing.draw_card(card), repeat)
        url = card_url(story.pk, child.id, card.key)

        def empty(card=card, child=child):
            cache.clear()
            default_storage.delete(card_path(card, story.pk, child.id))

        first_ms = median_ms(lambda url=url: client.get(url), repeat, before=empty)
        client.get(url)
        with mock.patch.object(drawing, "draw_card", wraps=drawing.draw_card) as draw:
            stored_ms = median_ms(lambda url=url: client.get(url), repeat)
            cold_ms = median_ms(lambda url=url: client.get(url), repeat, before=cache.clear)
        size = len(client.get(url).content) / 1000
        print(
            f"{name:<20}{draw_ms:>9.1f}{draw_ms / baseline_draw:>9.2f}{first_ms:>12.1f}"
            f"{stored_ms:>11.2f}{cold_ms:>9.2f}{stored_ms / baseline_page:>8.2f}"
            f"{draw.call_count:>7}{size:>6.0f}"
        )
        assert draw.call_count == 0, "a stored card was drawn again"
    print("\ndraws: renderer calls while serving stored cards (must be 0).")


# Rows for ``make bench`` (benchmarks/story_blocks.py): the fields of its
# ``Measure``, with ``make(env, side, size)``. The card does not depend on
# the story's length; every size measures it again, which shows the noise.


def _bench_card(env):
    """A published story with the seed's pull quote by a roster expert, made once per run."""
    if getattr(env, "quote_card", None) is None:
        from wagtail.models import Locale

        from news.models import NewsStoryPage
        from tests.factories import make_image, pull_quote_value
        from wagtail_newsblocks.models import Expert
        from wagtail_newsblocks.quote_cards.content import card_for, find_quote
        from wagtail_newsblocks.quote_cards.links import card_url

        expert = Expert.objects.create(
            name="Kim Jong Un",
            role="Machthaber Nordkoreas",
            portrait=make_image("card portrait", size=(800, 800), colour=(90, 60, 40)),
        )
        value = {**QUOTES["de, portrait"], "speaker": expert.pk}
        story = (
            env.served["ours"]
            .get_parent()
            .add_child(
                instance=NewsStoryPage(
                    title="Card story",
                    slug="card-story",
                    lead="Lead",
                    locale=Locale.objects.get(language_code="de"),
                    body=[("pull_quote", pull_quote_value(**value))],
                )
            )
        )
        story.save_revision().publish()
        block_id = story.body[0].id
        page, quote = find_quote(story.pk, block_id)
        card = card_for(page, quote)
        env.quote_card = {"card": card, "url": card_url(story.pk, block_id, card.key)}
        env.quote_card["photo"] = make_image("card photo", size=(1600, 900))
    return env.quote_card


def _draw(env, side: str, size: int):
    from wagtail_newsblocks.quote_cards import drawing

    bench = _bench_card(env)
    if side == "core":
        photo = bench["photo"]

        def rendition():
            photo.renditions.all().delete()
            photo.get_rendition("fill-1200x630")

        return rendition
    return lambda: drawing.draw_card(bench["card"])


def _serve_stored(env, side: str, size: int):
    url = _bench_card(env)["url"]
    env.client.get(url)  # draws and stores the card

    def go():
        response = env.client.get(url)
        assert response.status_code == 200, response.status_code

    return go


STORY_MEASURES = [
    {
        "name": "quote card: draw",
        "make": _draw,
        "note": "drawing a 1200x630 card (Pillow), against Wagtail making a "
        "fill-1200x630 rendition of a 1600x900 image",
    },
    {
        "name": "quote card: serve stored",
        "make": _serve_stored,
        "core": "serve page (test client)",
        "note": "GET of a stored card, against serving the core story page",
    },
]


if __name__ == "__main__":
    main()
