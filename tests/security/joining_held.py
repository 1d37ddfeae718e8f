"""A held application to join alice's group, for the cross-group table: made directly (no
audit entry, no notice), so that the table's snapshot of alice's group stays as it was."""

from typing import Any


def held_application(w: Any) -> Any:
    from renkei.joining.models import Application
    from renkei.orgs.models import Group

    if not isinstance(w.group, Group):
        return w.group  # the table's probe of whether a route names an object: any id will do
    found = Application.objects.filter(group=w.group).first()
    if found is None:
        found = Application.objects.create(
            group=w.group,
            company_name="申込工業",
            prefecture="京都府",
            address="京都市",
            contact_name="申込 太郎",
            email="apply@example.com",
            motivation="x",
        )
    return found
