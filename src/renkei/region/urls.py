from django.urls import path

from renkei.region import views

app_name = "region"
urlpatterns = [
    path("r/<slug:slug>/", views.overview, name="overview"),
    path("r/<slug:slug>/data/", views.dictionary, name="dictionary"),
    path("r/<slug:slug>/data/licence", views.licence, name="licence"),
    path("r/<slug:slug>/data/<slug:name>.<str:fmt>", views.download, name="download"),
    path("g/<slug:slug>/manage/region-sharing/", views.sharing, name="sharing"),
]
