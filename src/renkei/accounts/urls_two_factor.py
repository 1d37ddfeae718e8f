"""Two-factor authentication pages (app-less names: the file is included without a namespace)."""

from django.urls import URLPattern, path

from renkei.accounts import two_factor_views as views

urlpatterns: list[URLPattern] = [
    path("two-factor/", views.status, name="two_factor_status"),
    path("two-factor/setup/", views.setup, name="two_factor_setup"),
    path("two-factor/verify/", views.verify, name="two_factor_verify"),
    path("two-factor/recovery-codes/", views.recovery_codes, name="two_factor_recovery_codes"),
    path(
        "two-factor/recovery-codes/new",
        views.regenerate_recovery_codes,
        name="two_factor_regenerate_codes",
    ),
    path("two-factor/disable/", views.disable, name="two_factor_disable"),
]
