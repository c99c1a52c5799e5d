"""What the editorial roles may do with machine translation (portal.roles collects it):
keep the glossary. Translating a page needs only the right to edit it."""

from portal.roles import ROLE_EDITOR, ROLE_MODERATOR, model_permissions, role_permissions


@role_permissions
def glossary_permissions(groups) -> None:
    glossary = model_permissions(
        *[
            ("translations", f"{action}_glossaryterm")
            for action in ("add", "change", "delete", "view")
        ]
    )
    for role in (ROLE_EDITOR, ROLE_MODERATOR):
        groups[role].permissions.add(*glossary)
