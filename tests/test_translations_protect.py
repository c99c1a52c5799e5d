"""Protected spans survive machine translation: numbers, addresses, glossary terms, markup.

The backends here "translate" in ways that would destroy a protected span if it reached
them as it is (lower-casing, Arabic-Indic digits), but copy the placeholders, as models do
with acronyms; others mangle placeholders the way models sometimes do.
"""

import re

import pytest

from translations.protect import GlossaryEntry, translate_protected

# What the module sends instead of a protected span: an all-caps token. The test texts
# have no all-caps word of their own, so this finds exactly the placeholders.
PLACEHOLDER = re.compile(r"\b[A-Z]{4,}\b")
ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


class Backend:
    """Records what it is sent; lower-cases everything but the placeholders and writes
    digits as Arabic-Indic ones."""

    def __init__(self, mangle=None):
        self.calls: list[list[str]] = []
        self.mangle = mangle or (lambda text: text)

    def translate(self, texts, source, target):
        self.calls.append(list(texts))
        out = []
        for text in texts:
            pieces = re.split(f"({PLACEHOLDER.pattern})", text)
            translated = "".join(
                piece if PLACEHOLDER.fullmatch(piece) else piece.lower().translate(ARABIC_DIGITS)
                for piece in pieces
            )
            out.append(self.mangle(translated))
        return out

    @property
    def sent(self) -> str:
        return "\n".join(text for call in self.calls for text in call)


def translate(texts, backend=None, **kwargs):
    backend = backend or Backend()
    kwargs.setdefault("source", "de")
    kwargs.setdefault("target", "ar")
    return translate_protected(texts, backend=backend, **kwargs), backend


def test_numbers_dates_times_and_amounts_come_back_as_written():
    text = "Der Kurs beginnt am 24.11.2026 um 9:00 Uhr, dienstags 9–12 Uhr, Kosten 1.250,50 €."
    [outcome], backend = translate([text])
    assert outcome.text == (
        "der kurs beginnt am 24.11.2026 um 9:00 uhr, dienstags 9–12 uhr, kosten 1.250,50 €."
    )
    assert outcome.missing == []
    assert not re.search(r"\d", backend.sent)


def test_email_addresses_urls_and_phone_numbers_come_back_as_written():
    text = (
        "Schreiben Sie an Info@KVHS-Harburg.de, siehe https://www.Example.org/Kurse?id=12&x=3. "
        "Oder www.Landkreis-Harburg.de/Beratung. Telefon 040 66969 123, +49 4171 693-0 oder "
        "04171/693-0."
    )
    [outcome], backend = translate([text])
    for kept in (
        "Info@KVHS-Harburg.de,",
        "https://www.Example.org/Kurse?id=12&x=3.",  # the full stop is not part of the URL
        "www.Landkreis-Harburg.de/Beratung.",
        "040 66969 123,",
        "+49 4171 693-0 oder",
        "04171/693-0.",
    ):
        assert kept in outcome.text
    assert outcome.text.startswith("schreiben sie an ")
    assert outcome.missing == []
    assert "@" not in backend.sent and "www" not in backend.sent.lower()
    assert not re.search(r"\d", backend.sent)


def test_glossary_terms_are_kept_or_given_their_fixed_translation():
    glossary = [
        GlossaryEntry("KVHS"),
        GlossaryEntry("Winsen"),
        GlossaryEntry("Winsen (Luhe)", {"ar": "فينزن (لوهه)"}),
        GlossaryEntry("Jobcenter", {"ar": "مركز التوظيف", "fa": "مرکز کاریابی"}),
        GlossaryEntry("Amt"),
    ]
    text = "Die KVHS in Winsen (Luhe) und Winsen, das Jobcenter, das Amtsgericht, die kvhs."
    [outcome], _ = translate([text], glossary=glossary)
    # Longest term first: "Winsen (Luhe)" gets its fixed translation, "Winsen" alone is kept.
    # Whole words and case-sensitive: "Amtsgericht" and "kvhs" are ordinary text.
    assert outcome.text == (
        "die KVHS in فينزن (لوهه) und Winsen, das مركز التوظيف, das amtsgericht, die kvhs."
    )
    [english], _ = translate([text], glossary=glossary, target="en")
    assert "das Jobcenter," in english.text and "Winsen (Luhe)" in english.text


def test_html_tags_with_their_attributes_and_entities_stay_valid():
    texts = [
        'Melden Sie sich <b>bis Montag</b> bei <a linktype="page" id="3">der KVHS</a> an.',
        'Fragen? <a href="mailto:Info@Example.org">Schreiben Sie uns</a> &amp; rufen Sie an.',
        'Tom &amp; Jerry &lt;3 <a href="https://Example.org/?A=1&amp;B=2">Seite</a>',
    ]
    outcomes, backend = translate(texts, html=True, glossary=[GlossaryEntry("KVHS")])
    assert [o.text for o in outcomes] == [
        'melden sie sich <b>bis montag</b> bei <a linktype="page" id="3">der KVHS</a> an.',
        'fragen? <a href="mailto:Info@Example.org">schreiben sie uns</a> &amp; rufen sie an.',
        'tom &amp; jerry &lt;3 <a href="https://Example.org/?A=1&amp;B=2">seite</a>',
    ]
    assert all(o.missing == [] for o in outcomes)
    # The model sees text, not markup or entities.
    assert not re.search(r"<[ab/]|href|linktype|&amp;", backend.sent)
    assert "Tom & Jerry <" in backend.sent


def test_spaces_a_model_adds_or_drops_around_placeholders_are_repaired():
    text = 'Melden Sie sich <b>bis Montag</b> bei <a linktype="page" id="3">uns</a> an.'

    def add_spaces(out):
        return PLACEHOLDER.sub(lambda m: f"  {m.group().lower()}  ", out)

    def drop_spaces(out):
        return re.sub(rf"\s*({PLACEHOLDER.pattern})\s*", r"\1", out)

    for mangle in (add_spaces, drop_spaces):
        [outcome], _ = translate([text], Backend(mangle), html=True)
        assert outcome.text == (
            'melden sie sich <b>bis montag</b> bei <a linktype="page" id="3">uns</a> an.'
        )
        assert outcome.missing == []


def test_placeholders_with_cyrillic_look_alike_letters_are_still_found():
    cyrillic = str.maketrans("AXEKMHOPCT", "АХЕКМНОРСТ")
    [outcome], _ = translate(
        ["Termin am 24.11.2026 um 9:00"],
        Backend(lambda out: PLACEHOLDER.sub(lambda m: m.group().translate(cyrillic), out)),
    )
    assert outcome.text == "termin am 24.11.2026 um 9:00"
    assert outcome.missing == []


def test_missing_names_what_the_model_dropped_or_mangled():
    text = "Rufen Sie 040 66969 123 an oder schreiben Sie an info@example.org."

    def drop_first(out):
        return PLACEHOLDER.sub("", out, count=1)

    def mangle_last(out):
        last = PLACEHOLDER.findall(out)[-1]
        return out.replace(last, f"{last[:2]}-{last[2:]}")

    [dropped], _ = translate([text], Backend(drop_first))
    assert dropped.missing == ["040 66969 123"]
    assert "040" not in dropped.text
    [mangled], _ = translate([text], Backend(mangle_last))
    assert mangled.missing == ["info@example.org"]


def test_tags_a_model_moved_across_each_other_are_reported():
    text = "Bitte <b>heute</b> anmelden."

    def swap(out):
        first, second = PLACEHOLDER.findall(out)
        return out.replace(first, "@@").replace(second, first).replace("@@", second)

    [outcome], _ = translate([text], Backend(swap), html=True)
    assert outcome.missing == ["</b>"]


def test_a_repeated_tag_placeholder_is_restored_once():
    [outcome], _ = translate(
        ["Bitte <b>heute</b> anmelden."],
        Backend(lambda out: PLACEHOLDER.sub(lambda m: f"{m.group()} {m.group()}", out)),
        html=True,
    )
    assert outcome.text == "bitte <b>heute</b> anmelden."


def test_one_batch_and_nothing_sent_that_has_nothing_to_translate():
    texts = ["", "   ", "9:00–12:00", "Hallo Welt", "info@example.org", "Jobcenter", "Danke"]
    outcomes, backend = translate(
        texts, glossary=[GlossaryEntry("Jobcenter", {"ar": "مركز التوظيف"})]
    )
    assert backend.calls == [["Hallo Welt", "Danke"]]
    assert [o.text for o in outcomes] == [
        "",
        "   ",
        "9:00–12:00",
        "hallo welt",
        "info@example.org",
        "مركز التوظيف",
        "danke",
    ]
    assert all(o.missing == [] for o in outcomes)


def test_markup_without_text_is_not_sent():
    embed = '<embed embedtype="image" id="1" format="left" alt="Ein Bild"/>'
    outcomes, backend = translate([embed, "<b> </b>"], html=True)
    assert backend.calls == []
    assert [o.text for o in outcomes] == [embed, "<b> </b>"]


def test_a_backend_that_loses_texts_is_an_error():
    class Short:
        def translate(self, texts, source, target):
            return texts[:-1]

    with pytest.raises(ValueError):
        translate(["Eins", "Zwei"], Short())
