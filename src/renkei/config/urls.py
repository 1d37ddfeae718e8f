"""Top-level URL map."""

from django.contrib import admin
from django.urls import include, path

from renkei.core.metrics import metrics
from renkei.core.views import healthz, livez, readyz
from renkei.orgs.views import home

# A full disk or a busy database raised outside a view (a middleware) is a 503 too.
handler500 = "renkei.core.unavailable.server_error"

urlpatterns = [
    path("", home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("livez", livez, name="livez"),
    path("readyz", readyz, name="readyz"),
    path("metrics", metrics, name="metrics"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("renkei.accounts.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("", include("renkei.orgs.urls")),
    path("", include("renkei.directory.urls")),
    path("", include("renkei.imports.urls")),
    path("", include("renkei.inquiries.urls")),
    path("", include("renkei.notices.urls")),
    path("", include("renkei.api.urls")),
    path("", include("renkei.webhooks.urls")),
    path("", include("renkei.projects.urls")),
    path("", include("renkei.knowledge.urls")),
    path("", include("renkei.cockpit.urls")),
    path("", include("renkei.portal.urls")),
    path("", include("renkei.settlement.urls")),
    path("", include("renkei.region.urls")),
    path("", include("renkei.quality.urls")),
    path("", include("renkei.previews.urls")),
    path("", include("renkei.catalogue.urls")),
    path("", include("renkei.products.urls")),
    path("", include("renkei.joining.urls")),
    path("", include("renkei.capabilities.urls")),
]
