"""Helpers for data migrations that move models between apps of this project."""


def content_types_move(apps, schema_editor, old_app: str, new_app: str, models) -> None:
    """The content types of `models` change app from `old_app` to `new_app`.

    Renamed in place, so that everything pointing at them (permissions and the groups
    and users holding them, Wagtail's log entries, revisions and reference index) keeps
    pointing at them. Where the new app already has a content type of that model (created
    by post_migrate when the new code ran `migrate` partway), the old one's permissions
    are merged into it and every row pointing at the old one is pointed at the new one
    before the old one is deleted.
    """
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    alias = schema_editor.connection.alias
    pointing = [
        (apps.get_model(app, model), field)
        for app, model, field in (
            ("wagtailcore", "ModelLogEntry", "content_type"),
            ("wagtailcore", "Revision", "content_type"),
            ("wagtailcore", "Revision", "base_content_type"),
            ("wagtailcore", "ReferenceIndex", "content_type"),
            ("wagtailcore", "ReferenceIndex", "base_content_type"),
            ("wagtailcore", "ReferenceIndex", "to_content_type"),
        )
    ]
    for model in models:
        old = ContentType.objects.using(alias).filter(app_label=old_app, model=model).first()
        if old is None:
            continue
        new = ContentType.objects.using(alias).filter(app_label=new_app, model=model).first()
        if new is None:
            old.app_label = new_app
            old.save(update_fields=["app_label"])
            continue
        for permission in Permission.objects.using(alias).filter(content_type=old):
            twin = (
                Permission.objects.using(alias)
                .filter(content_type=new, codename=permission.codename)
                .first()
            )
            if twin is None:
                permission.content_type = new
                permission.save(update_fields=["content_type"])
                continue
            for group in Group.objects.using(alias).filter(permissions=permission):
                group.permissions.add(twin)
            for user in permission.user_set.all():
                user.user_permissions.add(twin)
        for pointing_model, field in pointing:
            pointing_model.objects.using(alias).filter(**{field: old}).update(**{field: new})
        old.delete()
