from django.urls import path

from renkei.directory import views

app_name = "directory"
urlpatterns = [
    path("g/<slug:slug>/members/", views.members, name="members"),
    path("companies/<int:pk>/", views.company, name="company"),
    path("companies/<int:pk>/edit/", views.company_edit, name="company_edit"),
    path("companies/<int:pk>/equipment/new/", views.equipment_edit, name="equipment_new"),
    path(
        "companies/<int:pk>/equipment/<int:equipment_id>/",
        views.equipment_edit,
        name="equipment_edit",
    ),
    path(
        "companies/<int:pk>/certifications/new/", views.certification_edit, name="certification_new"
    ),
    path(
        "companies/<int:pk>/certifications/<int:certification_id>/",
        views.certification_edit,
        name="certification_edit",
    ),
    path("companies/<int:pk>/photos/add", views.photo_add, name="photo_add"),
    path(
        "companies/<int:pk>/photos/<int:photo_id>/delete", views.photo_delete, name="photo_delete"
    ),
    path("files/photos/<int:photo_id>", views.photo_file, name="photo_file"),
    path("files/certificates/<int:certification_id>", views.evidence_file, name="evidence_file"),
]
