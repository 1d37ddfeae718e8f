"""Settlement's pages. Each area's views module keeps its own ``urlpatterns`` list."""

from django.urls import URLPattern

from renkei.settlement.views import settings as settings_views

app_name = "settlement"
urlpatterns: list[URLPattern] = []
urlpatterns += settings_views.urlpatterns
