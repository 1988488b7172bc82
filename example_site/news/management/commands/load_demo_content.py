"""Load the demo newsroom: front page, topics page, comment policy, stories. Safe to run again."""

import io
import math
import os

from django.conf import settings
from django.core.files.images import ImageFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.blocks import StreamValue
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Site

from news.demo_content import (
    COMMENT_POLICY_SETTINGS,
    EXPERTS,
    GERMAN_EDITION,
    STORIES,
    TOPICS_PAGE,
    TRANSLATIONS,
)
from news.models import NewsIndexPage, NewsStoryPage, TopicsPage
from wagtail_newsblocks.models import CommentPolicySettings, Expert

INDEX_SLUG = "newsroom"
DEMO_IMAGES = {
    "demo-sleeper-train": {
        "title": "Sleeper train at dawn (demo illustration)",
        "alt_text": "Illustration of a blue sleeper train crossing a valley below snow-capped mountains at dawn.",
        "draw": "draw_sleeper_train",
    },
    "demo-portrait-fischer": {
        "title": "Lena Fischer (demo portrait illustration)",
        "alt_text": "Lena Fischer",
        "draw": "draw_portrait",
    },
}


# `make demo` serves on 127.0.0.1 (runserver 127.0.0.1:$PORT).
DEMO_HOST = "127.0.0.1"


class Command(BaseCommand):
    help = (
        "Create the demo newsroom's front page, topics page, comment policy and stories. "
        "Running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--port",
            type=int,
            default=int(os.environ.get("PORT") or 8000),
            help=(
                "The port `make demo` serves on (default: $PORT, else 8000): the demo's "
                "Site is 127.0.0.1 on it, so that full URLs (share pages, canonical links, "
                "JSON-LD) point where the demo answers."
            ),
        )
        parser.add_argument(
            "--refresh",
            action="store_true",
            help=(
                "Rewrite the demo stories' content and the comment policy from the demo data "
                "(publishes a new revision of each story)."
            ),
        )

    @transaction.atomic
    def handle(self, *args, refresh=False, port=8000, **options):
        index = self.ensure_front_page(port)
        topics = self.ensure_topics_page(index)
        self.ensure_edition(index, GERMAN_EDITION)
        self.ensure_comment_policy(index, topics, refresh=refresh)
        for story in STORIES:
            self.ensure_story(index, story, refresh=refresh)
        if getattr(settings, "WAGTAIL_I18N_ENABLED", False):
            for story in TRANSLATIONS:
                self.ensure_story(index, story, refresh=refresh)

    def ensure_front_page(self, port: int = 8000) -> NewsIndexPage:
        index = NewsIndexPage.objects.filter(slug=INDEX_SLUG).first()
        if index is None:
            root = Page.get_first_root_node()
            index = root.add_child(
                instance=NewsIndexPage(
                    title="Newsblocks Demo Newsroom",
                    slug=INDEX_SLUG,
                    intro="Stories composed with wagtail-newsblocks, newest first.",
                )
            )
            index.save_revision().publish()
            self.stdout.write(f"Created the front page “{index.title}”.")
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(
                hostname=DEMO_HOST,
                port=port,
                root_page=index,
                is_default_site=True,
                site_name="Newsblocks Demo Newsroom",
            )
            return index
        old_root = site.root_page.specific if site.root_page_id != index.pk else None
        site.root_page = index
        site.site_name = "Newsblocks Demo Newsroom"
        # Where `make demo` serves (PORT may change between runs): Wagtail
        # builds full URLs from the Site.
        site.hostname, site.port = DEMO_HOST, port
        site.save()
        # Wagtail's installer leaves a bare "Welcome" page; nobody needs it once
        # the newsroom is the site's root.
        if type(old_root) is Page and not old_root.get_children().exists():
            old_root.delete()
        return index

    def ensure_topics_page(self, index: NewsIndexPage) -> TopicsPage:
        topics = TopicsPage.objects.filter(slug=TOPICS_PAGE["slug"]).first()
        if topics is not None:
            return topics
        locale, _ = Locale.objects.get_or_create(language_code=TOPICS_PAGE["language"])
        topics = index.add_child(
            instance=TopicsPage(
                title=TOPICS_PAGE["title"],
                slug=TOPICS_PAGE["slug"],
                intro=TOPICS_PAGE["intro"],
                locale=locale,
            )
        )
        topics.save_revision().publish()
        self.stdout.write(f"Created the topics page “{topics.title}”.")
        return topics

    def ensure_edition(self, index: NewsIndexPage, data: dict) -> NewsIndexPage:
        """A section of the newsroom in one language: where editors add its stories."""
        edition = NewsIndexPage.objects.child_of(index).filter(slug=data["slug"]).first()
        if edition is not None:
            return edition
        locale, _ = Locale.objects.get_or_create(language_code=data["language"])
        edition = index.add_child(
            instance=NewsIndexPage(
                title=data["title"], slug=data["slug"], intro=data["intro"], locale=locale
            )
        )
        edition.save_revision().publish()
        self.stdout.write(f"Created the {data['language']} edition “{edition.title}”.")
        return edition

    def ensure_comment_policy(
        self, index: NewsIndexPage, topics: TopicsPage, *, refresh: bool
    ) -> CommentPolicySettings:
        # Fills what is empty, so that an editor's own settings survive a re-run.
        policy = CommentPolicySettings.for_site(index.get_site())
        wanted = {**COMMENT_POLICY_SETTINGS, "discussion_page_id": topics.pk}
        changed = [
            name
            for name, value in wanted.items()
            if getattr(policy, name) != value and (refresh or not getattr(policy, name))
        ]
        for name in changed:
            setattr(policy, name, wanted[name])
        if changed:
            policy.save()
            self.stdout.write("Filled in the site's comment policy.")
        return policy

    def ensure_story(self, index: NewsIndexPage, data: dict, *, refresh: bool) -> NewsStoryPage:
        locale, _ = Locale.objects.get_or_create(language_code=data["language"])
        source = None
        if data.get("translation_of"):
            source = NewsStoryPage.objects.get(slug=data["translation_of"])
            story = NewsStoryPage.objects.filter(
                translation_key=source.translation_key, locale=locale
            ).first()
        else:
            story = NewsStoryPage.objects.filter(slug=data["slug"]).first()
        if story is not None and not refresh:
            self.stdout.write(f"Story “{story.title}” is already there.")
            return story
        body = [self.block(block_type, value) for block_type, value in data["body"]]
        if source is not None:
            # A translation's blocks keep the source's ids, as Wagtail's and
            # wagtail-localize's translations do: comments and segments follow them.
            ids = [child.id for child in source.body]
            assert len(ids) == len(body), f"{data['slug']}: one block per block of the source"
            body = StreamValue(
                NewsStoryPage.body.field.stream_block,
                [(*item, block_id) for item, block_id in zip(body, ids, strict=True)],
            )
        fields = {
            "title": data["title"],
            "kicker": data["kicker"],
            "lead": data["lead"],
            "body": body,
        }
        if story is None:
            story = index.add_child(
                instance=NewsStoryPage(
                    slug=data["slug"],
                    locale=locale,
                    **({"translation_key": source.translation_key} if source else {}),
                    **fields,
                )
            )
            action = "Created"
        else:
            for name, value in fields.items():
                setattr(story, name, value)
            story.save()
            action = "Refreshed"
        story.save_revision().publish()
        first_published_at = (
            data["first_published_at"] or story.first_published_at or timezone.now()
        )
        NewsStoryPage.objects.filter(pk=story.pk).update(
            first_published_at=first_published_at,
            last_published_at=max(
                first_published_at, story.last_published_at or first_published_at
            ),
        )
        story.refresh_from_db()
        self.stdout.write(f"{action} story “{story.title}” ({data['language']}).")
        return story

    def block(self, block_type: str, value):
        if block_type == "expert_opinion":
            return (
                block_type,
                {
                    **value,
                    "expert": self.ensure_expert(value["expert"]),
                    "name": "",
                    "role": "",
                    "organization": "",
                    "portrait": None,
                },
            )
        if block_type == "image":
            image = self.ensure_image(value["image"])
            return (
                "image",
                {
                    "image": {
                        "image": image,
                        "decorative": False,
                        "alt_text": DEMO_IMAGES[value["image"]]["alt_text"],
                    },
                    "caption": value["caption"],
                    "credit": value["credit"],
                },
            )
        return (block_type, value)

    def ensure_expert(self, key: str) -> Expert:
        """The roster entry for ``key``, created once; translations share a key."""
        spec = EXPERTS[key]
        locale, _ = Locale.objects.get_or_create(language_code=spec["language"])
        expert = Expert.objects.filter(name=spec["name"], locale=locale).first()
        if expert is not None:
            return expert
        source = self.ensure_expert(spec["translation_of"]) if spec["translation_of"] else None
        expert = Expert(
            locale=locale,
            name=spec["name"],
            role=spec["role"],
            organization=spec["organization"],
            bio=spec["bio"],
            profile_url=spec["profile_url"],
            portrait=self.ensure_image(spec["portrait"]) if spec["portrait"] else None,
        )
        if source is not None:
            expert.translation_key = source.translation_key
        expert.save()
        return expert

    def ensure_image(self, key: str):
        image_model = get_image_model()
        spec = DEMO_IMAGES[key]
        image = image_model.objects.filter(title=spec["title"]).first()
        if image is None:
            image = image_model(title=spec["title"])
            drawing = globals()[spec["draw"]]()
            image.file = ImageFile(io.BytesIO(drawing), name=f"{key}.png")
            image.save()
        return image


def draw_sleeper_train(width: int = 1600, height: int = 900) -> bytes:
    """Draw the demo illustration: dawn sky, mountains and a sleeper train.

    Drawn here rather than shipped or downloaded, so the demo needs no assets
    and no network.
    """
    picture = PILImage.new("RGB", (width, height))
    draw = ImageDraw.Draw(picture)
    for y in range(height):
        t = y / height
        draw.line(
            [(0, y), (width, y)], fill=(int(250 - 120 * t), int(180 - 60 * t), int(140 + 60 * t))
        )
    draw.ellipse(
        [width * 0.68, height * 0.18, width * 0.78, height * 0.18 + width * 0.1],
        fill=(255, 226, 160),
    )
    peaks = [
        (0, 0.62),
        (0.12, 0.38),
        (0.24, 0.55),
        (0.38, 0.3),
        (0.52, 0.52),
        (0.66, 0.34),
        (0.8, 0.5),
        (0.92, 0.36),
        (1, 0.58),
    ]
    outline = [(x * width, y * height) for x, y in peaks]
    draw.polygon([*outline, (width, height), (0, height)], fill=(74, 86, 120))
    for x, y in peaks[1:-1:2]:
        cx, cy = x * width, y * height
        draw.polygon([(cx, cy), (cx - 55, cy + 60), (cx + 55, cy + 60)], fill=(245, 245, 250))
    ground = int(height * 0.78)
    draw.rectangle([0, ground, width, height], fill=(46, 64, 52))
    for i in range(5):
        left = 120 + i * 280
        draw.rounded_rectangle(
            [left, ground - 110, left + 260, ground - 10], radius=18, fill=(28, 58, 120)
        )
        for w in range(4):
            wx = left + 25 + w * 58
            draw.rectangle([wx, ground - 90, wx + 40, ground - 60], fill=(255, 214, 120))
        for wheel in (left + 45, left + 215):
            draw.ellipse([wheel - 16, ground - 26, wheel + 16, ground + 6], fill=(20, 20, 20))
    draw.line([(0, ground + 8), (width, ground + 8)], fill=(120, 110, 100), width=6)
    for x in range(0, width, 40):
        draw.line([(x, ground + 4), (x + 20, ground + 14)], fill=(90, 80, 70), width=4)
    stars = [
        (math.sin(i * 12.9898) * 43758.5453 % 1, math.sin(i * 78.233) * 12345.678 % 1)
        for i in range(40)
    ]
    for sx, sy in stars:
        x, y = abs(sx) * width, abs(sy) * height * 0.25
        draw.ellipse([x, y, x + 3, y + 3], fill=(255, 255, 240))
    out = io.BytesIO()
    picture.save(out, format="PNG", optimize=True)
    return out.getvalue()


def draw_portrait(size: int = 800) -> bytes:
    """Draw the fictional expert's portrait: a friendly head-and-shoulders illustration."""
    picture = PILImage.new("RGB", (size, size), (214, 228, 240))
    draw = ImageDraw.Draw(picture)
    for y in range(size):
        t = y / size
        draw.line(
            [(0, y), (size, y)], fill=(int(200 + 30 * t), int(220 - 20 * t), int(238 - 30 * t))
        )
    centre = size / 2
    # shoulders and jacket
    draw.ellipse([centre - 330, size * 0.68, centre + 330, size * 1.45], fill=(44, 62, 96))
    draw.polygon(
        [(centre - 70, size * 0.70), (centre + 70, size * 0.70), (centre, size * 0.86)],
        fill=(240, 240, 236),
    )
    # neck and head
    draw.rectangle([centre - 55, size * 0.52, centre + 55, size * 0.72], fill=(224, 176, 146))
    draw.ellipse([centre - 150, size * 0.18, centre + 150, size * 0.60], fill=(232, 186, 156))
    # hair
    draw.chord([centre - 165, size * 0.12, centre + 165, size * 0.50], 180, 360, fill=(92, 58, 38))
    draw.rectangle([centre - 165, size * 0.30, centre - 120, size * 0.58], fill=(92, 58, 38))
    draw.rectangle([centre + 120, size * 0.30, centre + 165, size * 0.58], fill=(92, 58, 38))
    # eyes, glasses and smile
    for dx in (-58, 58):
        draw.ellipse(
            [centre + dx - 12, size * 0.385 - 12, centre + dx + 12, size * 0.385 + 12],
            fill=(40, 40, 40),
        )
        draw.ellipse(
            [centre + dx - 40, size * 0.385 - 30, centre + dx + 40, size * 0.385 + 30],
            outline=(50, 50, 60),
            width=6,
        )
    draw.line(
        [(centre - 18, size * 0.385), (centre + 18, size * 0.385)], fill=(50, 50, 60), width=6
    )
    draw.arc(
        [centre - 60, size * 0.42, centre + 60, size * 0.52], 20, 160, fill=(150, 70, 70), width=8
    )
    out = io.BytesIO()
    picture.save(out, format="PNG", optimize=True)
    return out.getvalue()
