"""The people in the admin: a password an operator sets there ends the person's access too."""

from typing import Any

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.db import transaction

from renkei.accounts import services
from renkei.core.request_context import current_request


# Generic only in the type stubs (not at run time): hence the ignores on the two classes.
class OperatorPasswordForm(AdminPasswordChangeForm):  # type: ignore[type-arg]
    """Django's admin form for setting a password; saving it also revokes the person's API
    tokens and is audited (an operator sets a password when an account is thought taken over)."""

    def save(self, commit: bool = True) -> Any:
        if not commit:
            return super().save(commit=False)
        request = current_request()
        actor = request.user if request is not None else None
        with transaction.atomic():
            user = super().save(commit=True)
            services.password_set_by_operator(actor=actor, user=user)
        return user


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class PersonAdmin(UserAdmin):  # type: ignore[type-arg]
    change_password_form = OperatorPasswordForm
