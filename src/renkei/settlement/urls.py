"""Settlement's pages. Each area's views module keeps its own ``urlpatterns`` list."""

from django.urls import URLPattern

app_name = "settlement"
urlpatterns: list[URLPattern] = []
