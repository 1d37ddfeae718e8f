from django.urls import path

from renkei.orgs import nda_views, today_views, views

app_name = "orgs"
urlpatterns = [
    path("today/", today_views.today_page, name="today"),
    path("regions/", views.regions, name="regions"),
    path("g/<slug:slug>/", views.group_page, name="group"),
    path("g/<slug:slug>/manage/members/", views.manage_members, name="manage_members"),
    path("g/<slug:slug>/manage/members/add", views.add_member, name="add_member"),
    path("g/<slug:slug>/manage/members/<int:pk>/", views.edit_membership, name="edit_membership"),
    path("g/<slug:slug>/manage/settings/", views.group_settings, name="settings"),
    path("g/<slug:slug>/manage/invite", views.invite, name="invite"),
    path("g/<slug:slug>/nda/", nda_views.nda_page, name="nda"),
    path("invitations/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("me/company/", views.my_company, name="my_company"),
]
