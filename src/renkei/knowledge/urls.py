from django.urls import path

from renkei.knowledge import history, part_views, views

app_name = "knowledge"

urlpatterns = [
    path("knowledge/", views.search_page, name="search"),
    path("knowledge/preview/", views.preview, name="preview"),
    path("g/<slug:slug>/knowledge/", views.group_articles, name="group"),
    path("g/<slug:slug>/knowledge/new/<str:kind>/", views.new_article, name="new"),
    path(
        "g/<slug:slug>/knowledge/contributions/",
        part_views.contributions_page,
        name="contributions",
    ),
    path("g/<slug:slug>/knowledge/<int:pk>/", views.article, name="article"),
    path("g/<slug:slug>/knowledge/<int:pk>/edit/", views.edit_article, name="edit"),
    path("g/<slug:slug>/knowledge/<int:pk>/history/", history.history, name="history"),
    path(
        "g/<slug:slug>/knowledge/<int:pk>/restore/<int:number>/",
        history.restore,
        name="restore",
    ),
    path("g/<slug:slug>/knowledge/<int:pk>/attachments/", part_views.attach, name="attach"),
    path(
        "g/<slug:slug>/knowledge/<int:pk>/attachments/<int:attachment_id>/",
        part_views.attachment_file,
        name="attachment",
    ),
    path(
        "g/<slug:slug>/knowledge/<int:pk>/attachments/<int:attachment_id>/delete/",
        part_views.detach,
        name="detach",
    ),
    path("g/<slug:slug>/knowledge/<int:pk>/answers/", part_views.answer, name="answer"),
    path(
        "g/<slug:slug>/knowledge/<int:pk>/answers/<int:answer_id>/accept/",
        part_views.accept,
        name="accept",
    ),
]
