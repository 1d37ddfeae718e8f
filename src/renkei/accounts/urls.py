"""Account pages: password reset (urls_password) and two-factor authentication (urls_two_factor).

Included before django.contrib.auth.urls, so the views here take precedence over Django's."""

from django.urls import include, path

urlpatterns = [
    path("", include("renkei.accounts.urls_password")),
    path("", include("renkei.accounts.urls_two_factor")),
]
