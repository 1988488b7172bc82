"""The pages the markup-quality tests check.

The demo newsroom (front page, topics page, the German seed story and the
English story that uses every block), plus two stories that put the blocks
into the states the demo does not show: every pull-quote choice, expert
boxes without a heading, a comment footer without comments, and a story in
a right-to-left language. Shared by the HTML-validity, outline and browser
tests, so that all of them look at the same pages.
"""

from __future__ import annotations

from wagtail.images import get_image_model
from wagtail.models import Locale

from news.models import NewsIndexPage, NewsStoryPage, TopicsPage
from tests.factories import expert_opinion_value
from wagtail_newsblocks.quote_cards.links import share_url

# Languages the extra stories need besides the demo's English and German.
LANGUAGES = [("en", "English"), ("de", "Deutsch"), ("ar", "العربية")]

VARIANTS_SLUG = "every-block-in-every-state"
RIGHT_TO_LEFT_SLUG = "rtl-story"

_REPEATED = "The timetable is the easy part; the last mile of ticketing is not"


def _pull_quote(quote, **fields):
    return (
        "pull_quote",
        {
            "quote": quote,
            "attribution": "",
            "role": "",
            "speaker": None,
            "source_url": "",
            "language": "",
            "alignment": "inline",
            "presentation": "auto",
            **fields,
        },
    )


def _expert(**fields):
    return (
        "expert_opinion",
        expert_opinion_value(
            **{
                "name": "Ana Ruiz",
                "role": "Historian of railways",
                "statement": "<p>Sleepers come and go with the price of fuel.</p>",
                **fields,
            }
        ),
    )


def variants_body(image) -> list:
    """An English story with the blocks in the states the demo stories leave out."""
    return [
        ("table_of_contents", {"title": "In this story", "max_level": "h4"}),
        ("subhead", {"text": "Quotes of every kind", "level": "h2", "anchor": ""}),
        (
            "paragraph",
            f"<p>“{_REPEATED},” the planner said. “<i>Nobody</i> reads a timetable twice.”</p>",
        ),
        # Detected as a repeat; the editor's "repeats" for words that are there;
        # the editor's "standalone" although the words are there; no speaker.
        _pull_quote(_REPEATED, attribution="Rita Planner", alignment="right"),
        _pull_quote("Nobody reads a timetable twice", presentation="repeats", alignment="left"),
        _pull_quote(
            "Nobody reads a timetable twice",
            presentation="standalone",
            attribution="Rita Planner",
            role="timetable planner",
            source_url="https://example.org/interview",
        ),
        _pull_quote("Words found nowhere else", alignment="wide"),
        _pull_quote("Une phrase en français", language="fr", presentation="standalone"),
        ("subhead", {"text": "Boxes without headings", "level": "h3", "anchor": ""}),
        ("paragraph", "<p>Some boxes have no label and no headline.</p>"),
        _expert(),
        _expert(name="Ben Ode", headline="A headline without a label", level="h3"),
        ("subhead", {"text": "A minor heading", "level": "h4", "anchor": "minor"}),
        (
            "image",
            {
                "image": {"image": image, "decorative": True, "alt_text": ""},
                "caption": "",
                "credit": "Illustration: Newsblocks demo",
            },
        ),
        (
            "comment_policy",
            {
                "mode": "disabled",
                "message": "This story takes no comments.",
                "close_after_months": None,
                "discussion_page": None,
                "contact_email": "",
            },
        ),
    ]


def right_to_left_body() -> list:
    """A short Arabic story: floats, boxes and an English quote in a right-to-left page."""
    return [
        ("table_of_contents", {"title": "المحتويات", "max_level": "h3"}),
        ("subhead", {"text": "عودة القطارات الليلية", "level": "h2", "anchor": "night-trains"}),
        _pull_quote("القطار الليلي يعود إلى جبال الألب", alignment="left"),
        (
            "paragraph",
            "<p>قالت الشركات إن القطار الليلي يعود إلى جبال الألب في الربيع المقبل. "
            "وسيغادر القطار أمستردام كل مساء ويصل إلى إنسبروك في صباح اليوم التالي، "
            "مع توقف في كولونيا وميونيخ. وتقول الشركات إن الأسعار ستكون أقل من أسعار "
            "تذاكر الطيران.</p>",
        ),
        _pull_quote(
            "People want to wake up in the mountains",
            language="en",
            attribution="Maren Holt",
            alignment="right",
        ),
        (
            "paragraph",
            "<p>ورحبت جمعيات الركاب بالخطة، وطالبت بتذاكر موحدة مع قطارات النهار "
            "وبأماكن للدراجات في كل رحلة.</p>",
        ),
        _expert(
            label="رأي خبير",
            headline="القطارات الليلية تحتاج إلى ركاب في الاتجاهين",
            name="لينا فيشر",
            role="خبيرة اقتصاد النقل",
            statement="<p>تقول فيشر إن القطار يجب أن يمتلئ في الذهاب والإياب.</p>",
        ),
    ]


def add_story(index: NewsIndexPage, body, *, language: str, slug: str, title: str, lead: str):
    locale, _ = Locale.objects.get_or_create(language_code=language)
    story = index.add_child(
        instance=NewsStoryPage(
            title=title, slug=slug, lead=lead, kicker="", locale=locale, body=body
        )
    )
    story.save_revision().publish()
    return story


def add_extra_stories(index: NewsIndexPage) -> None:
    """Publish the two extra stories under the demo's front page (needs ``LANGUAGES``)."""
    image = get_image_model().objects.order_by("pk").first()
    add_story(
        index,
        variants_body(image),
        language="en",
        slug=VARIANTS_SLUG,
        title="Every block in every state",
        lead="A story for the tests: the blocks in the states the demo stories leave out.",
    )
    add_story(
        index,
        right_to_left_body(),
        language="ar",
        slug=RIGHT_TO_LEFT_SLUG,
        title="القطارات الليلية تعود إلى جبال الألب",
        lead="ثلاث شركات سكك حديد أوروبية ستشغل قطارا ليليا بين أمستردام وإنسبروك.",
    )


def site_urls(index: NewsIndexPage) -> dict[str, str]:
    """Every page to check, by a short name: front page, topics page, every story."""
    urls = {"front page": index.url, "topics page": TopicsPage.objects.get().url}
    for story in NewsStoryPage.objects.live().order_by("pk"):
        urls[story.slug] = story.url
        # The share page of the story's first pull quote (docs/quote-cards.md).
        quote = next((child for child in story.body if child.block_type == "pull_quote"), None)
        if quote is not None:
            urls[f"{story.slug}, quote share page"] = share_url(story.pk, quote.id)
    return urls
