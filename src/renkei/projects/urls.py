from django.urls import path

from renkei.projects import manage, views, work

app_name = "projects"
urlpatterns = [
    path("projects/", views.my_projects, name="mine"),
    path("g/<slug:slug>/projects/", views.project_list, name="list"),
    path("g/<slug:slug>/projects/start", views.start_order, name="start_order"),
    path("g/<slug:slug>/projects/new", views.new_development, name="new_development"),
    path("g/<slug:slug>/projects/<int:pk>/", views.project_detail, name="detail"),
    path("g/<slug:slug>/projects/<int:pk>/packages", views.add_package, name="add_package"),
    path("g/<slug:slug>/projects/<int:pk>/publish", views.publish, name="publish"),
    path("g/<slug:slug>/projects/<int:pk>/edit", views.edit_project, name="edit"),
    path("g/<slug:slug>/projects/<int:pk>/elements", views.add_element, name="add_element"),
    path("g/<slug:slug>/projects/<int:pk>/team", views.add_team_member, name="add_team"),
    path("g/<slug:slug>/projects/<int:pk>/funding", views.add_funding, name="add_funding"),
    path(
        "g/<slug:slug>/projects/<int:pk>/<str:part>/<int:part_id>/remove",
        views.remove_part,
        name="remove_part",
    ),
    path(
        "g/<slug:slug>/projects/<int:pk>/funding/<int:funding_id>",
        views.funding_status,
        name="funding_status",
    ),
    path("g/<slug:slug>/board/", work.board, name="board"),
    path("g/<slug:slug>/manage/allocate/", manage.allocate, name="allocate"),
    path("g/<slug:slug>/packages/<int:pk>/", work.package_detail, name="package"),
    path("g/<slug:slug>/packages/<int:pk>/claim", work.claim, name="claim"),
    path("g/<slug:slug>/packages/<int:pk>/confirm", work.confirm, name="confirm"),
    path("g/<slug:slug>/packages/<int:pk>/withdraw", work.withdraw, name="withdraw"),
    path("g/<slug:slug>/packages/<int:pk>/return", work.return_package, name="return"),
    path("g/<slug:slug>/packages/<int:pk>/offer", work.offer, name="offer"),
    path("g/<slug:slug>/packages/<int:pk>/edit", work.edit_package, name="edit_package"),
    path("g/<slug:slug>/packages/<int:pk>/progress", work.post_progress, name="progress"),
    path("g/<slug:slug>/packages/<int:pk>/photos/<int:event_id>", work.photo, name="photo"),
    path(
        "g/<slug:slug>/packages/<int:pk>/drawings/<int:drawing_id>",
        work.package_drawing,
        name="drawing",
    ),
    path("calendar/<str:token>.ics", work.ics_feed, name="ics"),
]
