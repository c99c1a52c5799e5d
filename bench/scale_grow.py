"""Grows the demo site to scale size through the models (bench/run_scale.sh).

Usage (DJANGO_SETTINGS_MODULE must be set; progress goes to stderr):

    scale_grow.py mark                      # the two search words into the demo offers
    scale_grow.py grow OFFERS NEWS [JOBS]   # offers and news pages up to these totals

Every page is created the way an editor's publication creates it: `add_child` below
the offer index (or the news index), then one `save_revision().publish()`, so that
every receiver runs as it does in production (search text, translation states, the
version tokens of the shared cache, Wagtail's reference and search index). Nothing is
written with bulk_create or update(), and nothing of the project or its libraries is
patched: the validated saves run the project's own sibling slug check
(cms/modeltranslation_fixes.py, installed in every process), as the measurements and
an editor's publication do. Titles, slugs, intros and the body are written in every
published language; places, target groups, spoken languages and the organisation
come from the snippets the demo content created, so that the offer index's filters
have something to match.

`mark` republishes every demo offer with COMMON_WORD added to its intro (in German
and in every language the intro has text in) and puts RARE_WORD into the German
intro of one of them; `grow` puts COMMON_WORD into every new offer's intro and
RARE_WORD nowhere. The search for COMMON_WORD so matches every offer at both sizes,
the one for RARE_WORD exactly one page at both sizes.
"""

import datetime
import random
import sys
import time

# Search words: made up, so that no other text contains them (the search matches
# substrings of the casefolded text).
COMMON_WORD = "benchallgemein"
RARE_WORD = "benchseltenwort"
SEED = 20261126

# Per offer type and language: (title word, slug word, intro sentence, type field text).
OFFER_TEXTS = {
    "course": {
        "de": (
            "Deutschkurs",
            "deutschkurs",
            "Deutsch lernen in kleinen Gruppen",
            "Mo und Mi, 9–12 Uhr",
        ),
        "en": (
            "German course",
            "german-course",
            "Learn German in small groups",
            "Mon and Wed, 9–12",
        ),
        "ar": (
            "دورة اللغة الألمانية",
            "dawrat-almaniya",
            "تعلم الألمانية في مجموعات صغيرة",
            "الاثنين والأربعاء 9–12",
        ),
        "fa": (
            "کلاس زبان آلمانی",
            "kelas-almani",
            "آلمانی را در گروه‌های کوچک یاد بگیرید",
            "دوشنبه و چهارشنبه ۹–۱۲",
        ),
        "uk": (
            "Курс німецької мови",
            "kurs-nimetskoi",
            "Вивчайте німецьку в малих групах",
            "пн і ср, 9–12",
        ),
        "ru": (
            "Курс немецкого языка",
            "kurs-nemetskogo",
            "Учите немецкий в небольших группах",
            "пн и ср, 9–12",
        ),
        "tr": (
            "Almanca kursu",
            "almanca-kursu",
            "Küçük gruplarda Almanca öğrenin",
            "Pzt ve Çar, 9–12",
        ),
    },
    "volunteering": {
        "de": (
            "Ehrenamt",
            "ehrenamt",
            "Helfen Sie mit in Ihrer Nachbarschaft",
            "2 Stunden pro Woche",
        ),
        "en": ("Volunteering", "volunteering", "Help out in your neighbourhood", "2 hours a week"),
        "ar": ("عمل تطوعي", "amal-tatawui", "ساعد في حيك", "ساعتان في الأسبوع"),
        "fa": ("کار داوطلبانه", "kar-davtalabane", "در محله خود کمک کنید", "۲ ساعت در هفته"),
        "uk": (
            "Волонтерство",
            "volonterstvo",
            "Допомагайте у своєму районі",
            "2 години на тиждень",
        ),
        "ru": ("Волонтёрство", "volontyorstvo", "Помогайте в своём районе", "2 часа в неделю"),
        "tr": ("Gönüllülük", "gonulluluk", "Mahallenizde yardım edin", "Haftada 2 saat"),
    },
    "counselling": {
        "de": (
            "Beratung",
            "beratung",
            "Rat zu Aufenthalt, Arbeit und Wohnen",
            "Aufenthalt, Arbeit, Wohnen",
        ),
        "en": (
            "Counselling",
            "counselling",
            "Advice on residence, work and housing",
            "Residence, work, housing",
        ),
        "ar": ("استشارة", "istishara", "نصائح حول الإقامة والعمل والسكن", "الإقامة، العمل، السكن"),
        "fa": ("مشاوره", "moshavere", "مشاوره درباره اقامت، کار و مسکن", "اقامت، کار، مسکن"),
        "uk": (
            "Консультація",
            "konsultatsiia",
            "Поради щодо перебування, роботи та житла",
            "Перебування, робота, житло",
        ),
        "ru": (
            "Консультация",
            "konsultatsiya",
            "Советы по пребыванию, работе и жилью",
            "Пребывание, работа, жильё",
        ),
        "tr": (
            "Danışmanlık",
            "danismanlik",
            "Oturum, iş ve konut hakkında danışmanlık",
            "Oturum, iş, konut",
        ),
    },
}
NEWS_TEXTS = {
    "de": ("Neuigkeit", "neuigkeit", "Neues aus dem Landkreis Harburg"),
    "en": ("News", "news", "News from the district of Harburg"),
    "ar": ("خبر", "khabar", "أخبار من مقاطعة هاربورغ"),
    "fa": ("خبر", "khabar", "اخبار از شهرستان هاربورگ"),
    "uk": ("Новина", "novyna", "Новини з району Гарбург"),
    "ru": ("Новость", "novost", "Новости из района Харбург"),
    "tr": ("Haber", "haber", "Harburg ilçesinden haberler"),
}


def _setup():
    import django

    django.setup()


def _languages() -> list[str]:
    from django.conf import settings

    return [code for code, _name in settings.LANGUAGES]


def _paragraph(text: str) -> str:
    import json

    return json.dumps([{"type": "paragraph", "value": f"<p>{text}</p>"}])


def _publish(page) -> None:
    from django.db import transaction
    from django.utils import translation

    with transaction.atomic(), translation.override("de"):
        page.save_revision().publish()


class Progress:
    def __init__(self, what: str, total: int):
        self.what, self.total, self.done = what, total, 0
        self.start = time.monotonic()

    def step(self):
        self.done += 1
        if self.done % 100 == 0 or self.done == self.total:
            spent = time.monotonic() - self.start
            eta = spent / self.done * (self.total - self.done)
            print(
                f"-- {self.what}: {self.done}/{self.total}, {spent:.0f} s, "
                f"{spent / self.done * 1000:.0f} ms per page, about {eta:.0f} s to go",
                file=sys.stderr,
                flush=True,
            )


def mark() -> int:
    from django.utils import translation

    from cms.models import OfferPage

    with translation.override("de"):
        offers = [page.specific for page in OfferPage.objects.live().order_by("path")]
        if not offers:
            print("scale_grow.py: no live offer to mark", file=sys.stderr)
            return 1
        for number, page in enumerate(offers):
            for code in _languages():
                intro = getattr(page, f"intro_{code}", None) or ""
                if code == "de" or intro.strip():
                    words = [intro.strip(), COMMON_WORD]
                    if code == "de" and number == len(offers) - 1:
                        words.append(RARE_WORD)
                    setattr(page, f"intro_{code}", " ".join(w for w in words if w))
            _publish(page)
    print(f"MARKED {len(offers)}")
    return 0


def _translated(page, values: dict[str, tuple], number: int, place_name: str) -> None:
    """Title, slug and intro in every language (values: the texts' table)."""
    for code in _languages():
        title, slug, intro, *_rest = values.get(code) or values["de"]
        setattr(page, f"title_{code}", f"{title} {place_name} {number}")
        setattr(page, f"slug_{code}", f"{slug}-{number}")
        setattr(page, f"intro_{code}", f"{intro} ({place_name}, {number}).")


def _add(parent_model, parent_pk: int, page) -> None:
    """add_child below the parent, its row locked: workers running side by side
    (grow ... JOBS) take turns at the tree (treebeard derives the new path from the
    last child), then publish at the same time."""
    from django.db import transaction

    with transaction.atomic():
        parent = parent_model.objects.select_for_update().get(pk=parent_pk)
        parent.add_child(instance=page)


def _offer(number: int, snippets: dict):
    from cms.constants import CefrLevel
    from cms.models import CounsellingPage, LanguageCoursePage, VolunteeringPage

    kinds = (
        ("course", LanguageCoursePage),
        ("volunteering", VolunteeringPage),
        ("counselling", CounsellingPage),
    )
    rng = random.Random(SEED * 100_000 + number)  # noqa: S311 - reproducible content
    kind, model = kinds[number % len(kinds)]
    texts = OFFER_TEXTS[kind]
    places = rng.sample(snippets["places"], rng.choice((1, 1, 2)))
    page = model(
        organisation=rng.choice(snippets["organisations"]) if snippets["organisations"] else None,
        contact_email=f"angebot{number}@example.org",
        contact_phone=f"04171 {number:06d}",
    )
    _translated(page, texts, number, places[0].name_de or places[0].name)
    page.title = page.title_de
    page.slug = page.slug_de
    for code in _languages():
        _title, _slug, text, detail = texts.get(code) or texts["de"]
        setattr(page, f"intro_{code}", f"{getattr(page, f'intro_{code}')} {COMMON_WORD}")
        setattr(page, f"body_{code}", _paragraph(f"{text}. {number}"))
        field = {"course": "schedule", "volunteering": "time_needed"}.get(kind, "topics")
        setattr(page, f"{field}_{code}", detail)
    if kind == "course":
        page.cefr_level = rng.choice([value for value, _label in CefrLevel.choices])
        page.childcare = rng.random() < 0.3
    # ParentalManyToManyFields: kept on the instance, written by add_child's save.
    groups, spoken = snippets["groups"], snippets["spoken"]
    page.places = places
    page.target_groups = rng.sample(groups, rng.randint(1, min(3, len(groups))))
    page.languages_spoken = rng.sample(spoken, rng.randint(1, min(4, len(spoken))))
    return page


def _news(number: int):
    from django.utils import timezone

    from cms.models import NewsPage

    rng = random.Random(SEED * 100_000 + number)  # noqa: S311 - reproducible content
    page = NewsPage(date=timezone.localdate() - datetime.timedelta(days=rng.randint(0, 3 * 365)))
    _translated(page, NEWS_TEXTS, number, "Winsen")
    page.title = page.title_de
    page.slug = page.slug_de
    for code in _languages():
        text = (NEWS_TEXTS.get(code) or NEWS_TEXTS["de"])[2]
        setattr(page, f"body_{code}", _paragraph(f"{text}. {number}"))
    return page


def _indexes():
    from cms.models import NewsIndexPage, OfferIndexPage

    offers = OfferIndexPage.objects.live().order_by("path").first()
    news = NewsIndexPage.objects.live().order_by("path").first()
    if offers is None or news is None:
        raise SystemExit("scale_grow.py: no offer or news index: run demo_content first")
    return offers, news


def counts() -> tuple[int, int]:
    from cms.models import NewsPage, OfferPage

    offers, news = _indexes()
    return (
        OfferPage.objects.descendant_of(offers).count(),
        NewsPage.objects.descendant_of(news).count(),
    )


def slug_check() -> str:
    """Which sibling slug check page saves run in this process: the project's (one query
    per language, cms/modeltranslation_fixes.py, installed for every process by
    CmsConfig.ready()) or wagtail-modeltranslation's own (every sibling loaded whole on
    every validated save). Only described, never changed: the growth runs the project's
    code as it is, like the measurements."""
    from cms.models import OfferPage

    if getattr(OfferPage.clean, "replaces_modeltranslation_slug_check", False):
        return "the project's (one query per language, cms/modeltranslation_fixes.py)"
    return "wagtail-modeltranslation's (every sibling loaded)"


def grow_part(offers: range, news: range, part: int, jobs: int) -> int:
    """This worker's share (every jobs-th number) of the offers and news pages."""
    from django.utils import translation

    from cms.models import Organisation, Place, SpokenLanguage, TargetGroup

    offer_index, news_index = _indexes()
    snippets = {
        "places": list(Place.objects.order_by("pk")),
        "groups": list(TargetGroup.objects.order_by("pk")),
        "spoken": list(SpokenLanguage.objects.order_by("pk")),
        "organisations": list(Organisation.objects.order_by("pk")),
    }
    if not (snippets["places"] and snippets["groups"] and snippets["spoken"]):
        raise SystemExit("scale_grow.py: no places, target groups or spoken languages")
    print(f"-- sibling slug check: {slug_check()}", file=sys.stderr)
    name = f"worker {part + 1}/{jobs}" if jobs > 1 else "grow"
    mine_offers = [n for n in offers if n % jobs == part]
    mine_news = [n for n in news if n % jobs == part]
    with translation.override("de"):
        progress = Progress(f"{name}, offers", len(mine_offers))
        for number in mine_offers:
            page = _offer(number, snippets)
            _add(type(offer_index), offer_index.pk, page)
            _publish(page)
            progress.step()
        progress = Progress(f"{name}, news", len(mine_news))
        for number in mine_news:
            page = _news(number)
            _add(type(news_index), news_index.pk, page)
            _publish(page)
            progress.step()
    return len(mine_offers) + len(mine_news)


def grow(total_offers: int, total_news: int, jobs: int) -> int:
    """Up to the totals, in `jobs` worker processes (scale_grow.py part ...)."""
    import subprocess

    from django.db import connections

    have_offers, have_news = counts()
    connections.close_all()
    offers = f"{have_offers + 1}:{max(total_offers, have_offers) + 1}"
    news = f"{have_news + 1}:{max(total_news, have_news) + 1}"
    start = time.monotonic()
    workers = [
        subprocess.Popen(  # noqa: S603 - this script, our own arguments
            [sys.executable, __file__, "part", offers, news, str(part), str(jobs)]
        )
        for part in range(jobs)
    ]
    failed = [worker.args for worker in workers if worker.wait() != 0]
    if failed:
        print(f"scale_grow.py: workers failed: {failed}", file=sys.stderr)
        return 1
    added_offers = max(total_offers - have_offers, 0)
    added_news = max(total_news - have_news, 0)
    print(f"GROWN {added_offers} {added_news} {time.monotonic() - start:.0f}")
    return 0


def _range(text: str) -> range:
    first, stop = text.split(":")
    return range(int(first), int(stop))


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[1] == "mark":
        _setup()
        return mark()
    if len(argv) in (4, 5) and argv[1] == "grow":
        _setup()
        return grow(int(argv[2]), int(argv[3]), int(argv[4]) if len(argv) == 5 else 1)
    if len(argv) == 6 and argv[1] == "part":
        _setup()
        grow_part(_range(argv[2]), _range(argv[3]), int(argv[4]), int(argv[5]))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
