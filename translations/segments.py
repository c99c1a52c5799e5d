"""A page's translatable fields as text segments, and back.

`page_segments(page, "de")` lists the texts of a page in one language, each under a key
that is the same in every language:

    title, seo_title, search_description, intro       plain fields
    how_to_take_part#0, how_to_take_part#1            a RichTextField, one per block element
    body.<block-id>                                   a CharBlock/TextBlock in a StreamField
    body.<block-id>#0                                 a RichTextBlock, one per block element
    body.<block-id>.alt                               a text child of a StructBlock
    body.<block-id>.items.0                           an item of a ListBlock

Rich text is split into the inner HTML of its block elements (`<p>`, `<li>`, `<h2>` …), so
that a whole paragraph is translated at once with its inline markup (links, bold).

`page_apply(page, "ar", translations)` writes `<field>_ar` on the page from the German
structure: rich text keeps the German markup around each translated element, a StreamField
keeps the German block ids, types and every non-text value. It also sets `slug_ar` from the
translated title. It does not save the page.

`page_source_hashes(page)` fingerprints each field's German segments, `source_hash` all of
them, so a translation can record what it was made from and which fields changed since.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import html
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from anyascii import anyascii
from django.conf import settings
from django.utils.text import slugify
from modeltranslation.translator import NotRegistered, translator
from wagtail import blocks
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page


@dataclass(frozen=True)
class Segment:
    key: str  # stable address inside the page, equal across languages
    field: str  # the model field without language suffix
    text: str  # for html segments an HTML fragment (the inner HTML of one block element)
    html: bool


PAGE_FIELDS = ("title", "seo_title", "search_description")
NOT_TRANSLATED = {"slug", "url_path"}

# Called for every text: (key, text, html) -> the replacement, or None to keep the text.
Visit = Callable[[str, str, bool], "str | None"]


def translatable_fields(page) -> list[str]:
    """Field names without language suffix: the Page fields first, then the page type's
    registered fields in the order the model declares them (stable across processes, unlike
    modeltranslation's own field mapping)."""
    registered: set[str] = set(PAGE_FIELDS)
    with contextlib.suppress(NotRegistered):
        registered |= set(translator.get_options_for_model(type(page)).all_fields)
    registered -= NOT_TRANSLATED
    names = list(PAGE_FIELDS)
    for model_field in page._meta.get_fields():
        if model_field.name in registered and model_field.name not in names:
            names.append(model_field.name)
    return names


def page_segments(page, language: str) -> list[Segment]:
    """The page's texts in `language`, read from `<field>_<language>` (no fallback)."""
    segments: list[Segment] = []
    for name in translatable_fields(page):

        def collect(key: str, text: str, is_html: bool, name=name) -> None:
            segments.append(Segment(key=key, field=name, text=text, html=is_html))

        _walk_field(page, name, language, collect)
    return segments


def page_apply(page, language: str, translated: Mapping[str, str]) -> None:
    """Write `<field>_<language>` for every translatable field from the German structure,
    with the texts of `translated` (key -> text); a key that is missing keeps the German
    text. Sets `slug_<language>` from the translated title. Does not save."""
    source = settings.LANGUAGE_CODE

    def replace(key: str, text: str, is_html: bool) -> str | None:
        return translated.get(key)

    for name in translatable_fields(page):
        setattr(page, f"{name}_{language}", _walk_field(page, name, source, replace))
    setattr(page, f"slug_{language}", _unique_slug(page, language))


def page_source_hashes(page, language: str = "de") -> dict[str, str]:
    """Each translatable field's sha256 over its segments (keys and texts)."""
    by_field: dict[str, list[tuple[str, str]]] = {name: [] for name in translatable_fields(page)}
    for segment in page_segments(page, language):
        by_field[segment.field].append((segment.key, segment.text))
    return {name: _sha256(items) for name, items in by_field.items()}


def source_hash(field_hashes: Mapping[str, str]) -> str:
    """One fingerprint of all fields (order does not matter)."""
    return _sha256(sorted(field_hashes.items()))


def _sha256(data) -> str:
    return hashlib.sha256(json.dumps(data, ensure_ascii=False).encode()).hexdigest()


# ---------------------------------------------------------------------------- fields


def _walk_field(page, name: str, language: str, visit: Visit):
    """Visit every text of `<name>_<language>`; returns the field value rebuilt with the
    replacements (the empty value of the field where it is empty)."""
    model_field = page._meta.get_field(name)
    value = getattr(page, f"{name}_{language}", None)
    if isinstance(model_field, StreamField):
        raw = _stream_raw(value)
        return _walk_block(model_field.stream_block, raw, name, visit) if raw else []
    text = getattr(value, "source", value) or ""  # RichText or str
    if not str(text).strip():
        return ""
    if isinstance(model_field, RichTextField):
        return _walk_rich_text(text, name, visit)
    replacement = visit(name, text, False)
    return text if replacement is None else replacement


def _stream_raw(value) -> list:
    """The StreamField's JSON-ish data with block ids, as a copy that is safe to change."""
    if not value:
        return []
    if isinstance(value, str):
        return json.loads(value)
    if hasattr(value, "get_prep_value"):
        value = value.get_prep_value()
    return copy.deepcopy(list(value))


def _walk_block(block, raw, key: str, visit: Visit):
    """Walk a block definition together with its raw value; returns the new raw value."""
    if isinstance(block, blocks.RichTextBlock):
        return _walk_rich_text(raw, key, visit) if isinstance(raw, str) else raw
    if isinstance(block, (blocks.CharBlock, blocks.TextBlock)):
        if not isinstance(raw, str) or not raw.strip():
            return raw
        replacement = visit(key, raw, False)
        return raw if replacement is None else replacement
    if isinstance(block, blocks.StructBlock):
        if not isinstance(raw, dict):
            return raw
        result = dict(raw)
        for name, child in block.child_blocks.items():
            if name in raw:
                result[name] = _walk_block(child, raw[name], f"{key}.{name}", visit)
        return result
    if isinstance(block, blocks.ListBlock):
        items = []
        for n, item in enumerate(raw or []):
            item_key = f"{key}.items.{n}"
            if isinstance(item, dict) and item.get("type") == "item" and "value" in item:
                value = _walk_block(block.child_block, item["value"], item_key, visit)
                items.append({**item, "value": value})
            else:  # the list format before Wagtail 2.16: bare values
                items.append(_walk_block(block.child_block, item, item_key, visit))
        return items
    if isinstance(block, blocks.StreamBlock):
        children = []
        for n, child in enumerate(raw or []):
            child_block = block.child_blocks.get(child.get("type"))
            if child_block is None:
                children.append(child)  # a block type that no longer exists
                continue
            child_key = f"{key}.{child.get('id') or n}"
            value = _walk_block(child_block, child.get("value"), child_key, visit)
            children.append({**child, "value": value})
        return children
    return raw  # choosers, URLs, e-mail addresses, dates, choices: not text


# ------------------------------------------------------------------------- rich text

# Tags inside a paragraph; every other tag (p, li, ul, h2, embed, hr …) ends one.
INLINE_TAGS = {"a", "b", "strong", "i", "em", "br", "span", "sup", "sub", "code", "s", "u"}
_TAG_RE = re.compile(r"<!--.*?-->|<(?:[^>\"']|\"[^\"]*\"|'[^']*')*>", re.DOTALL)
_TAG_NAME_RE = re.compile(r"</?([a-zA-Z][\w:-]*)")


def rich_text_spans(source: str) -> list[tuple[int, int]]:
    """(start, end) of each run of inline content in Wagtail's rich text DB format: the
    inner HTML of a `<p>`, `<li>`, `<h2>` …, without the whitespace around it. Runs with no
    visible text (`<p><br/></p>`) are left out."""
    spans: list[tuple[int, int]] = []
    start: int | None = None  # where the current run began
    end = 0  # where its last non-space content ended

    def close() -> None:
        nonlocal start
        if start is not None:
            text = _TAG_RE.sub("", source[start:end])
            if html.unescape(text).strip():
                spans.append((start, end))
        start = None

    position = 0
    for match in [*_TAG_RE.finditer(source), None]:
        text_end = match.start() if match else len(source)
        text = source[position:text_end]
        if text.strip():
            if start is None:
                start = position + len(text) - len(text.lstrip())
            end = position + len(text.rstrip())
        if match is None:
            break
        name = _TAG_NAME_RE.match(match.group())
        if name and name.group(1).lower() in INLINE_TAGS:
            if start is None:
                start = match.start()
            end = match.end()
        else:
            close()
        position = match.end()
    close()
    return spans


def _walk_rich_text(source: str, key: str, visit: Visit) -> str:
    parts: list[str] = []
    position = 0
    for n, (start, end) in enumerate(rich_text_spans(source)):
        replacement = visit(f"{key}#{n}", source[start:end], True)
        parts += [source[position:start], source[start:end] if replacement is None else replacement]
        position = end
    parts.append(source[position:])
    return "".join(parts)


# ----------------------------------------------------------------------------- slugs


def _unique_slug(page, language: str) -> str:
    """A Latin-script slug from the title in `language`, free among the page's siblings
    in that language (their own slug there, or the German one they fall back to)."""
    source = settings.LANGUAGE_CODE
    max_length = page._meta.get_field(f"slug_{language}").max_length or 255
    title = getattr(page, f"title_{language}", "") or ""
    german = getattr(page, f"slug_{source}", "") or page.slug or ""
    base = slugify(anyascii(title))[:max_length].strip("-") or german[:max_length]
    taken: set[str] = set()
    if page.pk and page.path:
        for own, fallback in Page.objects.sibling_of(page, inclusive=False).values_list(
            f"slug_{language}", f"slug_{source}"
        ):
            taken.add(own or fallback)
    slug, suffix = base, 1
    while slug in taken or not slug:
        suffix += 1
        tail = f"-{suffix}"
        slug = base[: max_length - len(tail)].rstrip("-") + tail
    return slug
