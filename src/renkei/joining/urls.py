from django.urls import path

from renkei.joining import manage, views

app_name = "joining"
urlpatterns = [
    path("g/<slug:slug>/join/", views.apply, name="apply"),
    path("g/<slug:slug>/join/sent/", views.sent, name="sent"),
    path("g/<slug:slug>/join/rules/", views.rules, name="rules"),
    path("g/<slug:slug>/documents/", views.documents, name="documents"),
    path("g/<slug:slug>/documents/<int:pk>/acknowledge", views.acknowledge, name="acknowledge"),
    path("g/<slug:slug>/manage/applications/", manage.applications, name="applications"),
    path("g/<slug:slug>/manage/applications/settings", manage.save_settings, name="settings"),
    path("g/<slug:slug>/manage/applications/<int:pk>/", manage.application, name="application"),
    path("g/<slug:slug>/manage/applications/<int:pk>/check", manage.check, name="check"),
    path("g/<slug:slug>/manage/applications/<int:pk>/propose", manage.propose, name="propose"),
    path("g/<slug:slug>/manage/applications/<int:pk>/accept", manage.accept, name="accept"),
    path("g/<slug:slug>/manage/applications/<int:pk>/decline", manage.decline, name="decline"),
    path("g/<slug:slug>/manage/fees/", manage.fees, name="fees"),
    path("g/<slug:slug>/members/<int:pk>/leave/", manage.leave, name="leave"),
]
