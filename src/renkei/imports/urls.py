from django.urls import path

from renkei.imports import views

app_name = "imports"
urlpatterns = [
    path("g/<slug:slug>/manage/import/", views.group_imports, name="group"),
    path("g/<slug:slug>/manage/import/<int:pk>/", views.job, name="job"),
    path(
        "g/<slug:slug>/manage/import/template-<str:kind>.<str:fmt>",
        views.template_file,
        name="template",
    ),
    path("g/<slug:slug>/manage/export-<str:kind>.<str:fmt>", views.export_file, name="export"),
]
