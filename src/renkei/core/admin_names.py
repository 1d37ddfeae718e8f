"""Names the operators' admin shows for the third-party apps renkei installs, in their language.

django-otp and django-tasks-db write some of their app and model names as plain strings (not
gettext), and an app without a verbose name is shown as its label ("Otp_Totp"): no catalogue can
translate those. They are given translatable names here once every app is loaded. Only the
display names change, never ``original_attrs``, so migrations see nothing. Names the apps do
mark for translation (django-axes' models, the task results) are translated in our catalogue.
"""

from django.apps import apps
from django.contrib import admin
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

APP_NAMES: dict[str, Promise] = {
    "axes": _("login attempts"),
    "otp_totp": _("authenticator apps"),
    "otp_static": _("recovery codes"),
    "django_tasks_database": _("background tasks"),
}

MODEL_NAMES: dict[tuple[str, str], tuple[Promise, Promise]] = {
    ("otp_totp", "totpdevice"): (_("authenticator app"), _("authenticator apps")),
    ("otp_static", "staticdevice"): (_("recovery code set"), _("recovery code sets")),
    ("otp_static", "statictoken"): (_("recovery code"), _("recovery codes")),
}


def name_third_party_apps() -> None:
    for label, name in APP_NAMES.items():
        if label in apps.app_configs:
            apps.get_app_config(label).verbose_name = name  # type: ignore[assignment]
    for (label, model_name), (singular, plural) in MODEL_NAMES.items():
        if label in apps.app_configs:
            options = apps.get_model(label, model_name)._meta
            options.verbose_name = singular
            options.verbose_name_plural = plural
    # Django's default header names Django, not the site the operator runs.
    admin.site.site_header = _("renkei administration")
    admin.site.site_title = _("renkei administration")
