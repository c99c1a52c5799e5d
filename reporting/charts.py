"""Horizontal bar charts of report tables as inline SVG (issue 6).

Accessible and printable without script: the chart is one image (role="img") named by
its <title> and explained by its <desc>; the page puts the same numbers as a table beside
it. Each bar carries its number as text, and bars are hatched and outlined in black, so
the chart reads in black and white and for people who do not tell colours apart.

No style attribute anywhere: the Content-Security-Policy forbids inline styles, SVG
presentation attributes (fill, stroke, font-size) are allowed. In a right-to-left page
the chart is mirrored: labels at the inline start (right), bars growing leftwards.
"""

from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from portal.reporting import Table

from .exports import cell_text, is_number

WIDTH = 640
BAR_HEIGHT = 22
GAP = 8
PAD = 8
FONT_SIZE = 13
CHAR_WIDTH = 7.2  # average width of a character at FONT_SIZE, to size the columns
MAX_LABEL_CHARS = 34
MAX_BARS = 30  # more bars are not read; the table beside the chart has every row
INK = "#1b1b1b"
HATCH = "#1f4e6b"
HATCH_BG = "#dbe7ef"


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL_CHARS else label[: MAX_LABEL_CHARS - 1] + "…"


def _number(value) -> float:
    if value is None or not is_number(value):
        return 0.0
    return float(value) if isinstance(value, Decimal | float) else value


def bar_chart_svg(table: Table, *, rtl: bool = False) -> SafeString:
    """The table's rows as bars: table.chart_label names each bar, table.chart_value is
    its length. Negative values get no bar but keep their number. Only the first
    MAX_BARS rows are drawn (producers sort the largest first)."""
    bars = [
        (_short(cell_text(row.get(table.chart_label))), row.get(table.chart_value))
        for row in table.rows[:MAX_BARS]
    ]
    if not bars:
        return SafeString("")
    numbers = [_number(value) for _label, value in bars]
    texts = [cell_text(value) for _label, value in bars]
    largest = max(max(numbers), 0) or 1
    label_width = min(max(len(label) for label, _v in bars), MAX_LABEL_CHARS) * CHAR_WIDTH
    value_width = max(len(text) for text in texts) * CHAR_WIDTH + GAP
    bar_start = PAD + label_width + GAP  # measured from the inline start
    bar_room = WIDTH - bar_start - value_width - PAD
    height = PAD * 2 + len(bars) * (BAR_HEIGHT + GAP) - GAP

    def x(logical: float, length: float = 0) -> float:
        """A logical inline offset (and a length) as the x of the shape's left edge."""
        return round(WIDTH - logical - length if rtl else logical, 1)

    pattern_id = f"chart-{table.key}-hatch"
    title_id, desc_id = f"chart-{table.key}-title", f"chart-{table.key}-desc"
    shapes = []
    for index, ((label, _value), number, text) in enumerate(zip(bars, numbers, texts, strict=True)):
        top = PAD + index * (BAR_HEIGHT + GAP)
        baseline = top + BAR_HEIGHT / 2 + FONT_SIZE * 0.35
        length = round(max(number, 0) / largest * bar_room, 1)
        shapes.append(
            format_html(
                '<g class="chart__bar">'
                '<text x="{}" y="{}" text-anchor="end">{}</text>'
                '<rect x="{}" y="{}" width="{}" height="{}" fill="url(#{})" stroke="{}"'
                ' stroke-width="1.5"/>'
                '<text x="{}" y="{}" text-anchor="start" font-weight="bold">{}</text>'
                "</g>",
                x(bar_start - GAP),
                round(baseline, 1),
                label,
                x(bar_start, length),
                top,
                length,
                BAR_HEIGHT,
                pattern_id,
                INK,
                x(bar_start + length + GAP / 2),
                round(baseline, 1),
                text,
            )
        )
    # Logical text-anchor values follow `direction`, so "end" puts a label's end at the
    # bars in both directions.
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img"'
        ' aria-labelledby="{title_id} {desc_id}" viewBox="0 0 {width} {height}"'
        ' width="{width}" height="{height}" direction="{direction}"'
        ' font-size="{font_size}" fill="{ink}">'
        '<title id="{title_id}">{title}</title><desc id="{desc_id}">{desc}</desc>'
        '<defs><pattern id="{pattern_id}" width="6" height="6" patternUnits="userSpaceOnUse"'
        ' patternTransform="rotate(45)"><rect width="6" height="6" fill="{hatch_bg}"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="{hatch}" stroke-width="3"/></pattern></defs>'
        "{shapes}</svg>",
        title_id=title_id,
        desc_id=desc_id,
        width=WIDTH,
        height=height,
        direction="rtl" if rtl else "ltr",
        font_size=FONT_SIZE,
        ink=INK,
        title=table.title,
        desc=_description(table, bars, texts, total=len(table.rows)),
        pattern_id=pattern_id,
        hatch_bg=HATCH_BG,
        hatch=HATCH,
        shapes=format_html_join("", "{}", ((shape,) for shape in shapes)),
    )


def _description(table: Table, bars, texts, *, total: int) -> str:
    """What the chart shows, with every bar's number, for screen readers."""
    values = "; ".join(
        f"{label}: {text}" for (label, _value), text in zip(bars, texts, strict=True)
    )
    if total > len(bars):
        summary = _("Balkendiagramm der ersten %(count)s von %(total)s Zeilen. %(values)s.")
    else:
        summary = _("Balkendiagramm mit %(count)s Balken. %(values)s.")
    summary %= {"count": len(bars), "total": total, "values": values}
    return f"{table.description} {summary}".strip()
