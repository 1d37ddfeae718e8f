from django.urls import path

from renkei.inquiries import board, views

app_name = "inquiries"
urlpatterns = [
    path("g/<slug:slug>/inquiry/", views.window, name="window"),
    path("t/<str:token>/", views.tracking, name="tracking"),
    path("g/<slug:slug>/manage/inquiries/", board.board, name="board"),
    path("g/<slug:slug>/manage/inquiries/<int:pk>/", board.detail, name="detail"),
    path(
        "g/<slug:slug>/manage/inquiries/<int:pk>/drawings/<int:drawing_id>",
        board.drawing_file,
        name="drawing",
    ),
]
