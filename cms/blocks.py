"""StreamField blocks: one base set that every page body is built from."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

# Rich text in bodies: no headings inside paragraphs (headings are their own block, so the
# outline stays correct), no embeds (third-party hosts).
RICH_TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link", "document-link"]


class HeadingBlock(blocks.CharBlock):
    class Meta:
        icon = "title"
        label = _("Zwischenüberschrift")
        template = "cms/blocks/heading_block.html"


class StepsBlock(blocks.ListBlock):
    """Numbered steps: "how do I take part", in plain words."""

    def __init__(self, **kwargs):
        super().__init__(blocks.CharBlock(label=_("Schritt")), **kwargs)

    class Meta:
        icon = "list-ol"
        label = _("Schritte")
        template = "cms/blocks/steps_block.html"


class NoticeBlock(blocks.TextBlock):
    class Meta:
        icon = "warning"
        label = _("Wichtiger Hinweis")
        template = "cms/blocks/notice_block.html"


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
    paragraph = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES, label=_("Absatz"), template="cms/blocks/paragraph_block.html"
    )
    steps = StepsBlock()
    notice = NoticeBlock()
    image = ImageBlock()
    document = DocumentBlock()
