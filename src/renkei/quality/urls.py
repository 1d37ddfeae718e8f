"""Quality's pages. Each area's views module keeps its own ``urlpatterns`` list."""

from django.urls import URLPattern

from renkei.quality.views import documents as documents_views
from renkei.quality.views import inspection as inspection_views
from renkei.quality.views import scorecards as scorecards_views

app_name = "quality"
urlpatterns: list[URLPattern] = []
urlpatterns += documents_views.urlpatterns
urlpatterns += scorecards_views.urlpatterns
urlpatterns += inspection_views.urlpatterns
