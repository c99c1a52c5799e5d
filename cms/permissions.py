"""What the editorial roles may do in the CMS (portal.roles collects it)."""

from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page, Site

from portal.roles import ROLE_EDITOR, ROLE_MODERATOR, model_permissions, role_permissions

# Images and documents: Wagtail checks these per collection (GroupCollectionPermission),
# not as a group's model permissions; given on the root collection, they hold in every
# collection below it (the demo's and any an administrator adds).
_MEDIA_PERMISSIONS = (
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
)
_EDITORIAL_MODEL_PERMISSIONS = (
    ("wagtailadmin", "access_admin"),
    # The directories pages refer to (organisations, places, forms, target groups,
    # languages).
    *[
        ("cms", f"{action}_{model}")
        for model in ("organisation", "place", "brochure", "targetgroup", "spokenlanguage")
        for action in ("add", "change", "delete", "view")
    ],
)
_PAGE_PERMISSIONS = {
    ROLE_EDITOR: ("add_page", "change_page"),
    ROLE_MODERATOR: ("add_page", "change_page", "publish_page", "lock_page", "unlock_page"),
}


@role_permissions
def editorial_permissions(groups) -> None:
    """Both editorial roles keep the directories, images and documents (in every
    collection); their page permissions apply from the default site's home page down
    (none before `portal_setup` made it)."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    home: Page | None = site.root_page if site else None
    editorial = model_permissions(*_EDITORIAL_MODEL_PERMISSIONS)
    media = model_permissions(*_MEDIA_PERMISSIONS)
    # Wagtail's migration makes the root collection; a database emptied since (a flush)
    # gets it back here.
    root_collection = Collection.get_first_root_node() or Collection.add_root(name="Root")
    for role, codenames in _PAGE_PERMISSIONS.items():
        group = groups[role]
        group.permissions.add(*editorial)
        for permission in media:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=permission
            )
        if home is None:
            continue
        for permission in model_permissions(*[("wagtailcore", c) for c in codenames]):
            GroupPagePermission.objects.get_or_create(group=group, page=home, permission=permission)
