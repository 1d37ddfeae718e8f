from django.urls import path

from renkei.inquiries import board, views, work

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
    path("g/<slug:slug>/manage/inquiries/<int:pk>/refer", board.refer, name="refer"),
    path("g/<slug:slug>/work/inquiries/", work.my_inquiries, name="work"),
    path("g/<slug:slug>/work/inquiries/<int:pk>/", work.referral, name="referral"),
    path(
        "g/<slug:slug>/work/inquiries/<int:pk>/drawings/<int:drawing_id>",
        work.referral_drawing,
        name="referral_drawing",
    ),
]
