from django.urls import path

from renkei.capabilities import people_views

app_name = "capabilities"
urlpatterns = [
    path(
        "g/<slug:slug>/manage/members/individual/",
        people_views.add_individual,
        name="add_individual",
    ),
    path(
        "g/<slug:slug>/manage/members/<int:pk>/standing/",
        people_views.standing,
        name="standing",
    ),
    path("companies/<int:pk>/skills/", people_views.skills_edit, name="skills_edit"),
]
