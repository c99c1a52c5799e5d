"""StreamField blocks: one base set that every page body is built from."""

from django.template.defaultfilters import linebreaksbr
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

# Rich text in bodies: no headings inside paragraphs (headings are their own block, so the
# outline stays correct), no embeds (third-party hosts).
RICH_TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link", "document-link"]


# The text blocks write their HTML here rather than through a template each: a page body
# of a dozen blocks was a dozen template renderings, a third of an uncached page.


class HeadingBlock(blocks.CharBlock):
    class Meta:
        icon = "title"
        label = _("Zwischenüberschrift")

    def render_basic(self, value, context=None):
        return format_html("<h2>{}</h2>", value)


class StepsBlock(blocks.ListBlock):
    """Numbered steps: "how do I take part", in plain words."""

    def __init__(self, **kwargs):
        super().__init__(blocks.CharBlock(label=_("Schritt")), **kwargs)

    class Meta:
        icon = "list-ol"
        label = _("Schritte")

    def render_basic(self, value, context=None):
        steps = format_html_join("", "<li>{}</li>", ((step,) for step in value))
        return format_html('<ol class="steps">{}</ol>', steps)


class NoticeBlock(blocks.TextBlock):
    class Meta:
        icon = "warning"
        label = _("Wichtiger Hinweis")

    def render_basic(self, value, context=None):
        return format_html('<p class="notice">{}</p>', linebreaksbr(value, autoescape=True))


class ParagraphBlock(blocks.RichTextBlock):
    def render_basic(self, value, context=None):
        from wagtail.templatetags.wagtailcore_tags import richtext  # needs the models

        return format_html('<div class="rich-text">{}</div>', richtext(value))


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Bild"))
    alt = blocks.CharBlock(
        label=_("Alternativtext"),
        required=False,
        help_text=_("Was auf dem Bild wichtig ist. Leer lassen, wenn es nur schmückt."),
    )
    caption = blocks.CharBlock(label=_("Bildunterschrift"), required=False)

    class Meta:
        icon = "image"
        label = _("Bild")
        template = "cms/blocks/image_block.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Dokument"))
    label = blocks.CharBlock(label=_("Linktext"), required=False)

    class Meta:
        icon = "doc-full"
        label = _("Dokument")
        template = "cms/blocks/document_block.html"


class BaseStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock(features=RICH_TEXT_FEATURES, label=_("Absatz"))
    steps = StepsBlock()
    notice = NoticeBlock()
    image = ImageBlock()
    document = DocumentBlock()
