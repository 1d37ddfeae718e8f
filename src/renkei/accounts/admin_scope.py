"""Who may use the Django admin: platform operators (superusers), nobody else.

The admin lists rows of every group and knows nothing of renkei's group scoping, so giving a
coordinator any admin permission (even ``view_*``) shows them other groups' inquiry titles,
comments and roles that renkei's own pages answer with 404. Coordinators run their group from
renkei's pages; the admin stays an operator's tool. ``AccountsConfig.ready`` puts this check in
place of ``admin.site.has_permission``, so every admin page and the admin index refuse a
non-operator, whatever ``is_staff`` or permissions the account may have been given.
"""

from django.http import HttpRequest


def operators_only(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_active and user.is_superuser)
