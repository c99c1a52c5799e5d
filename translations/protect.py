"""What must come out of machine translation exactly as it went in.

`translate_protected(texts, source=, target=, backend=, glossary=, html=)` replaces every
protected span of each text with a placeholder, sends all texts to the backend in one batch,
puts the protected spans back and reports, per text, which of them the model lost (or, for
HTML, moved so that tags no longer nest).

Protected, in this order (an earlier kind wins where two overlap):

- with html=True, HTML tags and comments with all their attributes (Wagtail's rich text DB
  format: `<a linktype="page" id="3">`, `<embed embedtype="image" …/>`); the text between
  them is unescaped before translation and escaped again afterwards, so entities stay valid;
- URLs (`https://…`, `www.…`) and e-mail addresses;
- glossary terms (longest first, whole words, case-sensitive); a term with a fixed
  translation for the target language comes back as that translation;
- phone numbers in German formats (`040 66969 123`, `+49 4171 693-0`, `04171/693-0`);
- dates, times, amounts and ranges (`24.11.2026`, `9:00`, `9–12`, `1.250,50 €`, `B1`).

Protected spans that touch each other become one placeholder. Texts that are empty, or hold
nothing but protected material, whitespace and punctuation, are not sent to the backend.

Pure functions: no Django, no database.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import product
from string import ascii_uppercase


@dataclass(frozen=True)
class GlossaryEntry:
    term: str  # as written in German, e.g. "KVHS", "Winsen (Luhe)", "Jobcenter"
    # language -> fixed translation; absent: the term is kept as it is
    fixed: Mapping[str, str] = field(default_factory=dict)


@dataclass
class Outcome:
    text: str  # the translation with protected items restored
    missing: list[str]  # protected items of the source that are not in the output


# Placeholders are a two-letter prefix and a letter index of fixed width: "ZXAA", "ZXAB" …
# Uppercase Latin letters only. Sentencepiece splits such a token into a few rare pieces that
# look like an acronym, and OPUS-MT/argos Transformers copy acronyms ("KVHS", "BAMF") into
# every target script. No digits: numbers are what we protect, and models rewrite digits
# (Arabic-Indic digits for ar/fa, reformatted numbers). No brackets, underscores or markup:
# models drop brackets, turn underscores into spaces and translate or "fix" tag-like tokens.
# No real word, so nothing to translate. The index has a fixed width, so a placeholder
# that the model glued to a neighbouring word is still found; case changes are tolerated, and
# so are Cyrillic and Greek look-alike letters that ru/uk models sometimes put in.
_PREFIXES = ("ZX", "QZ", "XQ", "ZQ", "QX", "XZ")

_HOMOGLYPHS = str.maketrans(
    "АВЕКМНОРСТХУавекмнорстхуΑΒΕΖΗΙΚΜΝΟΡΤΥΧＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ",
    "ABEKMHOPCTXYabekmhopctxyABEZHIKMNOPTYXABCDEFGHIJKLMNOPQRSTUVWXYZ",
)

_TAG_RE = re.compile(r"<!--.*?-->|<(?:[^>\"']|\"[^\"]*\"|'[^']*')*>", re.DOTALL)
_URL_RE = re.compile(r"(?:https?://|(?<![\w@.])www\.)[^\s<>\"']+", re.IGNORECASE)
_EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE_RE = re.compile(
    r"(?<![\w+])(?:\+\d{1,3}[ \u00a0]?(?:\(0\)[ \u00a0]?)?\d|\(0\d{1,5}\)[ \u00a0]?\d|0\d)"
    r"(?:[ \u00a0/-]?\d)*"
)
_NUM = r"\d+(?:[.,:]\d+)*"
_NUMBER_RE = re.compile(
    r"\d{4}-\d{2}-\d{2}"  # ISO dates
    rf"|(?:(?<!\w)[A-Z]{{1,2}})?{_NUM}(?:\s?[–—-]\s?{_NUM})?(?:[a-z](?!\w))?(?:\s?[€%])?"
)
_TRAILING_URL_PUNCTUATION = ".,;:!?»«\"')]}"


@dataclass(eq=False)  # compared by identity: two equal tags are two items
class _Item:
    source: str  # as it was written in the source text
    restore: str  # what goes back into the translation
    glue_left: bool = False  # touched a word (or another item) on that side in the source
    glue_right: bool = False


# One pass finds (start, end, restore) spans in a piece of plain text.
_Finder = Callable[[str], list[tuple[int, int, str]]]


def _regex_finder(regex: re.Pattern, accept=None) -> _Finder:
    def find(text: str) -> list[tuple[int, int, str]]:
        spans = []
        for match in regex.finditer(text):
            span = accept(match) if accept else match.span()
            if span:
                spans.append((span[0], span[1], text[span[0] : span[1]]))
        return spans

    return find


def _url_span(match: re.Match) -> tuple[int, int] | None:
    url = match.group()
    while url and url[-1] in _TRAILING_URL_PUNCTUATION:
        # A closing bracket that belongs to the URL (Wikipedia-style) stays.
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        url = url[:-1]
    start = match.start()
    return (start, start + len(url)) if len(url) > len("www.") else None


def _phone_span(match: re.Match) -> tuple[int, int] | None:
    # Shorter runs starting with 0 are dates or times ("01.02.", "09:00"): numbers catch them.
    return match.span() if sum(c.isdigit() for c in match.group()) >= 6 else None


def _glossary_finder(glossary: Sequence[GlossaryEntry], target: str) -> _Finder | None:
    entries = {entry.term: entry for entry in glossary if entry.term}
    if not entries:
        return None
    terms = sorted(entries, key=len, reverse=True)
    regex = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, terms)) + r")(?!\w)")

    def find(text: str) -> list[tuple[int, int, str]]:
        return [
            (m.start(), m.end(), entries[m.group()].fixed.get(target, m.group()))
            for m in regex.finditer(text)
        ]

    return find


def _split(text: str, finders: list[_Finder], html: bool) -> list[str | _Item]:
    """The text as plain text pieces and protected items (adjacent items merged)."""
    pieces: list[str | _Item] = []
    if html:
        position = 0
        for match in _TAG_RE.finditer(text):
            pieces.append(html_lib.unescape(text[position : match.start()]))
            pieces.append(_Item(match.group(), match.group()))
            position = match.end()
        pieces.append(html_lib.unescape(text[position:]))
    else:
        pieces = [text]

    def source_form(value: str) -> str:
        return html_lib.escape(value, quote=False) if html else value

    for find in finders:
        next_pieces: list[str | _Item] = []
        for piece in pieces:
            if isinstance(piece, _Item):
                next_pieces.append(piece)
                continue
            position = 0
            for start, end, restore in find(piece):
                next_pieces.append(piece[position:start])
                next_pieces.append(_Item(source_form(piece[start:end]), source_form(restore)))
                position = end
            next_pieces.append(piece[position:])
        pieces = next_pieces

    merged: list[str | _Item] = []
    for piece in pieces:
        if piece == "":
            continue
        if isinstance(piece, _Item) and merged and isinstance(merged[-1], _Item):
            last = merged[-1]
            merged[-1] = _Item(last.source + piece.source, last.restore + piece.restore)
        else:
            merged.append(piece)
    for i, piece in enumerate(merged):
        if isinstance(piece, _Item):
            before = merged[i - 1] if i > 0 else ""
            after = merged[i + 1] if i + 1 < len(merged) else ""
            piece.glue_left = bool(before) and _is_word_char(before[-1])
            piece.glue_right = bool(after) and _is_word_char(after[0])
    return merged


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


@dataclass
class _Masked:
    text: str  # with placeholders, as sent to the model (without outer whitespace)
    items: dict[str, _Item]  # placeholder (upper case) -> item
    prefix: str
    width: int
    html: bool
    lead: str  # the source's leading and trailing whitespace, put back afterwards
    trail: str
    send: bool  # False: nothing for a model to translate


def _mask(text: str, finders: list[_Finder], html: bool) -> _Masked:
    pieces = _split(text, finders, html)
    count = sum(isinstance(piece, _Item) for piece in pieces)
    width = 2
    while len(ascii_uppercase) ** width < count:
        width += 1
    folded = text.translate(_HOMOGLYPHS).upper()
    # A prefix that the text itself does not contain, so nothing of it is taken for ours.
    prefix = next((p for p in _PREFIXES if p not in folded), _PREFIXES[0])
    indexes = ("".join(letters) for letters in product(ascii_uppercase, repeat=width))
    items: dict[str, _Item] = {}
    parts: list[str] = []
    for piece in pieces:
        if isinstance(piece, _Item):
            placeholder = prefix + next(indexes)
            items[placeholder] = piece
            parts.append(
                (" " if piece.glue_left else "") + placeholder + (" " if piece.glue_right else "")
            )
        else:
            parts.append(piece)
    masked = "".join(parts)
    stripped = masked.strip()
    lead = masked[: len(masked) - len(masked.lstrip())]
    trail = masked[len(masked.rstrip()) :] if stripped else ""
    # Letters left once the placeholders are gone: otherwise nothing to translate.
    rest = "".join(piece for piece in pieces if isinstance(piece, str))
    send = any(char.isalpha() for char in rest)
    return _Masked(stripped, items, prefix, width, html, lead, trail, send)


def _unmask(masked: _Masked, translated: str) -> Outcome:
    regex = re.compile(masked.prefix + "[A-Z]" * masked.width, re.IGNORECASE)
    folded = translated.translate(_HOMOGLYPHS)
    texts: list[str] = []  # texts[i] lies before found[i]; the last one after the last item
    found: list[_Item] = []
    current, position = "", 0
    for match in regex.finditer(folded):
        key = match.group().upper()
        item = masked.items.get(key)
        if item is None:
            continue  # not one of ours: left as the model wrote it
        if item in found:
            # A model that repeats a placeholder would duplicate a tag: the first one counts.
            current += translated[position : match.start()].rstrip()
        else:
            texts.append(current + translated[position : match.start()])
            found.append(item)
            current = ""
        position = match.end()
    texts.append(current + translated[position:])

    out: list[str] = []
    for i, text in enumerate(texts):
        left = found[i - 1] if i > 0 else None
        right = found[i] if i < len(found) else None
        # Next to a placeholder: no space where the source had none, one space where the
        # source had some and the model dropped or doubled it.
        if left is not None:
            if left.glue_right:
                text = text.lstrip()
            elif text[:1] and _is_word_char(text[0]):
                text = " " + text
            else:
                text = re.sub(r"^ {2,}", " ", text)
        if right is not None:
            if right.glue_left:
                text = text.rstrip()
            elif text[-1:] and _is_word_char(text[-1]):
                text = text + " "
            else:
                text = re.sub(r"(?<=\S) {2,}$", " ", text)
        out.append(html_lib.escape(text, quote=False) if masked.html else text)
        if right is not None:
            out.append(right.restore)
    missing = [item.source for item in masked.items.values() if item not in found]
    if masked.html:
        already = set(_misnested(list(masked.items.values())))  # a fragment cut that way
        missing += [item.source for item in _misnested(found) if item not in already]
    return Outcome(masked.lead + "".join(out).strip() + masked.trail, missing)


_VOID_ELEMENTS = {"br", "embed", "hr", "img", "wbr", "input", "source", "meta", "link"}
_TAG_NAME_RE = re.compile(r"<(/?)([a-zA-Z][\w:-]*)")


def _misnested(items: list[_Item]) -> list[_Item]:
    """The items (in output order) whose tags close something that is not open: a model
    that moved a placeholder across another one. Their text would not be valid HTML."""
    stack: list[str] = []
    wrong: list[_Item] = []
    for item in items:
        for tag in _TAG_RE.findall(item.restore):
            match = _TAG_NAME_RE.match(tag)
            if not match or tag.endswith("/>") or match.group(2).lower() in _VOID_ELEMENTS:
                continue
            name = match.group(2).lower()
            if not match.group(1):
                stack.append(name)
            elif stack and stack[-1] == name:
                stack.pop()
            elif item not in wrong:
                wrong.append(item)
    return wrong


def translate_protected(
    texts: list[str],
    *,
    source: str,
    target: str,
    backend,
    glossary: Sequence[GlossaryEntry] = (),
    html: bool = False,
) -> list[Outcome]:
    """Translate `texts` with `backend` in one call, keeping protected spans as they are.

    `html=True`: the texts are HTML fragments (Wagtail's rich text DB format); tags keep all
    their attributes and the result is valid HTML again. `Outcome.missing` lists the
    protected items of a text that the model lost (as written in the source), and with
    html=True the tags it moved so that they no longer nest; an empty list means the check
    passed: then every protected span is in the translation exactly once.
    """
    finders: list[_Finder] = [
        _regex_finder(_URL_RE, _url_span),
        _regex_finder(_EMAIL_RE),
    ]
    glossary_finder = _glossary_finder(glossary, target)
    if glossary_finder:
        finders.append(glossary_finder)
    finders += [_regex_finder(_PHONE_RE, _phone_span), _regex_finder(_NUMBER_RE)]

    masked = [_mask(text or "", finders, html) for text in texts]
    to_send = [m for m in masked if m.send]
    translations = backend.translate([m.text for m in to_send], source, target) if to_send else []
    if len(translations) != len(to_send):
        raise ValueError(f"The backend returned {len(translations)} texts for {len(to_send)}.")
    by_id = {id(m): t for m, t in zip(to_send, translations, strict=True)}
    # Texts not sent "translate" to themselves: placeholders restored, fixed terms replaced.
    return [_unmask(m, by_id.get(id(m), m.text)) for m in masked]
