"""The demo newsroom's stories, as data.

The German story is the seed story (``shared/seed/story-de-kim-putin.txt``)
reproduced block for block, and ``SEED_STORY_EN`` its English translation; the
night-train story is written for the demo and uses every block the package
offers.
"""

import datetime
from zoneinfo import ZoneInfo

# Every story ends with the footer that follows the site's comment policy: the
# seed story (2023) is long closed, the night-train story open for 18 months.
COMMENT_POLICY_BY_AGE = {
    "mode": "auto",
    "message": "",
    "close_after_months": None,
    "discussion_page": None,
    "contact_email": "",
}

# The site's comment policy (Settings → Comment policy), filled in by
# ``load_demo_content``. The address is example.org's, not a real newsroom's.
COMMENT_POLICY_SETTINGS = {
    "close_after_months": 18,
    "contact_email": "community@example.org",
    "guidelines_url": "https://example.org/community-guidelines",
}

# Where current discussions live: linked from every closed footer by its title.
TOPICS_PAGE = {
    "slug": "themen",
    "language": "de",
    "title": "Themenübersicht",
    "intro": "Diese Artikel können Sie zurzeit kommentieren.",
}

# The newsroom's German edition: a section of the front page in the German
# locale. Wagtail gives a new page its parent's locale, so "Add child page"
# here makes German stories (docs/i18n.md).
GERMAN_EDITION = {
    "slug": "de",
    "language": "de",
    "title": "Deutsche Ausgabe",
    "intro": "Alle Geschichten auf Deutsch, die neuesten zuerst.",
}

SEED_STORY = {
    "slug": "kim-unterstuetzt-putin-im-heiligen-krieg",
    "language": "de",
    "kicker": "Treffen in Russland",
    "title": "Kim unterstützt Putin im „heiligen Krieg“",
    "first_published_at": datetime.datetime(2023, 9, 13, 10, 30, tzinfo=ZoneInfo("Europe/Vienna")),
    "lead": (
        "Das mit großer Spannung erwartete Aufeinandertreffen von Kremlchef Wladimir Putin "
        "und Nordkoreas Machthaber Kim Jong Un ist nun in vollem Gange. Am Mittwoch empfing "
        "der russische Staatschef seinen nordkoreanischen Amtskollegen am neuen "
        "Weltraumbahnhof Wostotschny im Osten Russlands. Der Staatsbesuch dient der "
        "gegenseitigen Unterstützung der beiden autoritären Herrscher und der engeren "
        "Kooperation im Militärbereich. Während Putin seinem Gast Hilfe beim Bau von "
        "Satelliten zusicherte, betonte Kim, sein Land würde Russland im „heiligen Krieg“ "
        "gegen den Westen beistehen."
    ),
    "body": [
        (
            "paragraph",
            "<p>„Russland hat sich zu einem heiligen Kampf zum Schutz seiner Souveränität und "
            "Sicherheit gegen die hegemonialen Kräfte erhoben“, sagte der nordkoreanische "
            "Präsident zu Putin. „Wir werden die Entscheidungen von Präsident Putin und der "
            "russischen Führung immer unterstützen“, so Kim. „Und wir werden im Kampf gegen "
            "den Imperialismus zusammenstehen.“ Er sei sicher, dass das Treffen ein weiterer "
            "Schritt sei, der die Beziehungen der beiden Länder auf ein neues Niveau heben "
            "werde.</p>",
        ),
        (
            "pull_quote",
            {
                "quote": (
                    "Russland hat sich zu einem heiligen Kampf zum Schutz seiner Souveränität "
                    "und Sicherheit gegen die hegemonialen Kräfte erhoben"
                ),
                "attribution": "Kim Jong Un",
                "role": "Machthaber Nordkoreas",
                "source_url": "",
                "language": "",
                "alignment": "inline",
            },
        ),
        (
            "paragraph",
            "<p>„Ich freue mich, Sie zu sehen“, sagte Putin, als er Kim bei dessen Ankunft "
            "etwa 40 Sekunden lang die Hand schüttelte. „Dies ist unser neues Kosmodrom.“ "
            "Über einen Übersetzer bedankte sich Kim bei Putin für die Einladung und für den "
            "herzlichen Empfang. Wenig später besichtigten die beiden Staatschefs die "
            "Startrampe des Weltraumbahnhofs und schauten sich die Montage einer Trägerrate "
            "vom Typ „Angara“ an. Kim zeige großes Interesse an russischer Raketentechnik, "
            "sagte Putin gegenüber anwesenden Journalisten.</p>",
        ),
        (
            "subhead",
            {"text": "Kreml: „Kooperation in sensiblen Bereichen“", "level": "h2", "anchor": ""},
        ),
        (
            "paragraph",
            "<p>Bei den Gesprächen dürften es auch um militärische Themen gehen. „Wir werden "
            "alle diese Themen besprechen“, antwortete der Kremlchef auf eine Frage nach einer "
            "militärisch-technischen Zusammenarbeit beider Staaten. Ein zentrales Thema der "
            "Beratungen dürften nordkoreanische Waffenlieferungen an Russland für dessen Krieg "
            "in der Ukraine sein. Der russische Präsidialamtssprecher Dmitri Peskow sagte auf "
            "eine entsprechende Frage allerdings lediglich: „Unsere Länder kooperieren in "
            "sensiblen Bereichen, die nicht öffentlich gemacht werden sollten.“</p>",
        ),
        (
            "expert_opinion",
            {
                "label": "Militärexperte",
                "headline": "Nordkoreanische Munition würde nicht viel ändern",
                "level": "h2",
                "expert": "dempsey-de",
                "statement": (
                    "<p>Nordkorea könnte Russland für seinen Krieg in der Ukraine "
                    "Artilleriemunition und Panzerabwehrraketen liefern - den Krieg entscheiden "
                    "dürfte das allerdings nicht. Etwa zehn bis elf Millionen Schuss hat Russland "
                    "westlichen Schätzungen zufolge im vergangenen Jahr in der Ukraine abgefeuert. "
                    "Lieferungen aus Nordkorea könnten Russland helfen, seine schwindenden "
                    "Munitionsbestände wieder aufzufüllen. „Der Zugang zu diesen Vorräten dürfte "
                    "den Konflikt verlängern, am Ausgang wird sich aber wahrscheinlich nichts "
                    "ändern“, sagt Joseph Dempsey, Forscher für Verteidigung am International "
                    "Institute for Strategic Studies.</p>"
                ),
                "quote": "",
                "how_obtained": "said",
                "disclosure": "",
            },
        ),
        ("comment_policy", COMMENT_POLICY_BY_AGE),
    ],
}

# The seed story in English: the English-locale translation of the German page
# (same translation_key, same block ids). Its subhead keeps the German story's
# anchor, as wagtail-localize translations do by default (docs/i18n.md), so that
# #kreml-kooperation-in-sensiblen-bereichen works in both languages.
SEED_STORY_EN = {
    "slug": "kim-backs-putin-in-holy-war",
    "language": "en",
    "translation_of": SEED_STORY["slug"],
    "kicker": "Meeting in Russia",
    "title": "Kim backs Putin in “holy war”",
    "first_published_at": SEED_STORY["first_published_at"],
    "lead": (
        "The eagerly awaited meeting between Kremlin leader Vladimir Putin and North Korea's "
        "ruler Kim Jong Un is now in full swing. On Wednesday the Russian head of state "
        "received his North Korean counterpart at the new Vostochny cosmodrome in the east "
        "of Russia. The state visit serves the two authoritarian rulers' mutual support and "
        "closer cooperation in military matters. While Putin promised his guest help with "
        "building satellites, Kim stressed that his country would stand by Russia in its "
        "“holy war” against the West."
    ),
    "body": [
        (
            "paragraph",
            "<p>“Russia has risen to a holy fight to protect its sovereignty and security "
            "against the hegemonic forces,” the North Korean president told Putin. “We will "
            "always support the decisions of President Putin and the Russian leadership,” Kim "
            "said. “And we will stand together in the fight against imperialism.” He was sure, "
            "he said, that the meeting was a further step that would raise relations between "
            "the two countries to a new level.</p>",
        ),
        (
            "pull_quote",
            {
                "quote": (
                    "Russia has risen to a holy fight to protect its sovereignty and security "
                    "against the hegemonic forces"
                ),
                "attribution": "Kim Jong Un",
                "role": "North Korea's ruler",
                "source_url": "",
                "language": "",
                "alignment": "inline",
            },
        ),
        (
            "paragraph",
            "<p>“I am glad to see you,” Putin said as he shook Kim's hand for about 40 seconds "
            "on his arrival. “This is our new cosmodrome.” Through an interpreter, Kim thanked "
            "Putin for the invitation and the warm welcome. A little later the two leaders "
            "toured the cosmodrome's launch pad and watched an “Angara” carrier rocket being "
            "assembled. Kim was showing great interest in Russian rocket technology, Putin told "
            "the journalists present.</p>",
        ),
        (
            "subhead",
            {
                "text": "Kremlin: “Cooperation in sensitive areas”",
                "level": "h2",
                "anchor": "kreml-kooperation-in-sensiblen-bereichen",
            },
        ),
        (
            "paragraph",
            "<p>The talks are also likely to touch on military matters. “We will discuss all "
            "these topics,” the Kremlin leader replied when asked about military and technical "
            "cooperation between the two states. A central topic of the talks is likely to be "
            "North Korean arms deliveries to Russia for its war in Ukraine. Asked about this, "
            "however, the Russian presidential spokesman Dmitry Peskov said only: “Our "
            "countries cooperate in sensitive areas that should not be made public.”</p>",
        ),
        (
            "expert_opinion",
            {
                "label": "Military expert",
                "headline": "North Korean ammunition would not change much",
                "level": "h2",
                "expert": "dempsey-en",
                "statement": (
                    "<p>North Korea could supply Russia with artillery ammunition and anti-tank "
                    "missiles for its war in Ukraine - but that is unlikely to decide the war. "
                    "By Western estimates, Russia fired some ten to eleven million rounds in "
                    "Ukraine last year. Deliveries from North Korea could help Russia replenish "
                    "its dwindling stocks of ammunition. “Access to these stockpiles is likely "
                    "to prolong the conflict, but it will probably not change the outcome,” "
                    "says Joseph Dempsey, defence researcher at the International Institute for "
                    "Strategic Studies.</p>"
                ),
                "quote": "",
                "how_obtained": "said",
                "disclosure": "",
            },
        ),
        ("comment_policy", COMMENT_POLICY_BY_AGE),
    ],
}

# Written for the demo; the people, the operator and the association are fictional.
NIGHT_TRAIN_STORY = {
    "slug": "night-trains-return-to-the-alps",
    "language": "en",
    "kicker": "Rail travel",
    "title": "Night trains return to the Alps as operators join forces",
    "first_published_at": None,  # published when the demo content is loaded
    "lead": (
        "Three European rail operators will run a nightly sleeper service between Amsterdam, "
        "Munich and Innsbruck from next spring, the first regular overnight link across the "
        "Alps in more than a decade. Tickets go on sale in January."
    ),
    "body": [
        ("table_of_contents", {"title": "", "max_level": "h3"}),
        (
            "paragraph",
            "<p>The service will leave Amsterdam every evening at 19:40 and reach Innsbruck "
            "shortly after nine the next morning, with stops in Cologne and Munich. Each train "
            "carries <b>sleeper cars</b>, couchettes and a dining car, and the operators say "
            "fares will start below those of a return flight booked a month ahead.</p>",
        ),
        (
            "image",
            {
                "image": "demo-sleeper-train",
                "caption": "A sleeper car of the kind the new service will use.",
                "credit": "Illustration: Newsblocks demo",
            },
        ),
        (
            "subhead",
            {
                "text": "Why the operators are betting on sleepers again",
                "level": "h2",
                "anchor": "why-sleepers",
            },
        ),
        (
            "paragraph",
            "<p>Demand for overnight travel has grown every year since 2020, the operators said, "
            "driven by travellers who want to avoid short-haul flights. The old routes were "
            "dropped because rolling stock was expensive to maintain; the new trains were "
            "bought jointly, which spreads that cost.</p>",
        ),
        (
            "pull_quote",
            {
                "quote": "People don't just want to get there. They want to wake up in the mountains and feel they've \"already arrived\"",
                "attribution": "Maren Holt",
                "role": "head of long-distance services, Alpine Night Rail",
                "source_url": "https://example.org/press/alpine-night-rail-launch",
                "language": "",
                "alignment": "wide",
            },
        ),
        (
            "subhead",
            {"text": "Timetable and fares", "level": "h3", "anchor": ""},
        ),
        (
            "paragraph",
            "<ul><li>Amsterdam Centraal, dep. 19:40</li><li>Köln Hbf, dep. 22:15</li>"
            "<li>München Hbf, arr. 06:05</li><li>Innsbruck Hbf, arr. 09:10</li></ul>",
        ),
        (
            "expert_opinion",
            {
                "label": "Expert view",
                "headline": "Sleepers pay off only when they run full both ways",
                "level": "h3",
                "expert": "fischer-en",
                "statement": (
                    "<p>Rail economist <b>Lena Fischer</b> expects the service to survive its "
                    "first winter only if operators sell through-tickets with connecting "
                    "day trains, so that travellers from across the Netherlands and the "
                    "Rhineland can reach the night train on one booking.</p>"
                ),
                "quote": (
                    "A sleeper that runs half empty on the way back costs as much as a full one. "
                    'The timetable is the easy part; the "last mile" of ticketing is not'
                ),
                "how_obtained": "told_us",
                "disclosure": (
                    "Fischer's institute receives research funding from two of the three operators."
                ),
            },
        ),
        (
            "subhead",
            {"text": "What passenger groups say", "level": "h2", "anchor": ""},
        ),
        (
            "pull_quote",
            {
                "quote": "Une excellente nouvelle pour les voyageurs qui refusent de prendre l'avion",
                "attribution": "Claire Dubois",
                "role": "spokeswoman, European Passengers' Federation",
                "source_url": "",
                "language": "fr",
                "alignment": "right",
            },
        ),
        (
            "paragraph",
            "<p>Passenger groups welcomed the plan but asked for through-tickets that can be "
            "booked together with connecting day trains, and for bicycle spaces on every "
            "departure.</p>",
        ),
        # Repeats words from the next paragraph: rendered as an aside that
        # screen readers announce as a repeat (docs/accessibility.md).
        (
            "pull_quote",
            {
                "quote": "A night train is only as good as the connection that gets you to it",
                "attribution": "Tom Berger",
                "role": "Rail Users' Association North",
                "source_url": "",
                "language": "",
                "alignment": "left",
                "presentation": "auto",
            },
        ),
        (
            "paragraph",
            "<p>“A night train is only as good as the connection that gets you to it,” said "
            "Tom Berger, who speaks for the Rail Users' Association North. The association "
            "wants the operators to guarantee connections before tickets go on sale, so that "
            "a late day train does not cost travellers their berth, and to keep fares for "
            "children and bicycles the same all the way from Amsterdam to Innsbruck.</p>",
        ),
        ("comment_policy", COMMENT_POLICY_BY_AGE),
    ],
}

# The expert roster. Dempsey exists in German and English (one person, two
# locales, as Wagtail's i18n keeps translations); Fischer is fictional and has a
# portrait drawn by the loader.
EXPERTS = {
    "dempsey-en": {
        "translation_of": None,
        "language": "en",
        "name": "Joseph Dempsey",
        "role": "Defence researcher",
        "organization": "International Institute for Strategic Studies",
        "bio": "Researches military capabilities and defence economics.",
        "profile_url": "",
        "portrait": None,
    },
    "dempsey-de": {
        "translation_of": "dempsey-en",
        "language": "de",
        "name": "Joseph Dempsey",
        "role": "Forscher für Verteidigung",
        "organization": "International Institute for Strategic Studies",
        "bio": "Forscht zu militärischen Fähigkeiten und Verteidigungsökonomie.",
        "profile_url": "",
        "portrait": None,
    },
    "fischer-en": {
        "translation_of": None,
        "language": "en",
        "name": "Lena Fischer",
        "role": "Transport economist",
        "organization": "Institute for Rail and Mobility Research",
        "bio": "Studies the economics of long-distance and night trains in Europe (a fictional expert).",
        "profile_url": "https://example.org/experts/lena-fischer",
        "portrait": "demo-portrait-fischer",
    },
}

STORIES = [SEED_STORY, NIGHT_TRAIN_STORY]
# Loaded after STORIES when the demo runs with i18n (NEWSBLOCKS_DEMO_I18N).
TRANSLATIONS = [SEED_STORY_EN]
