from django.urls import path

from renkei.inquiries import (
    board,
    boundary,
    deciding_views,
    quoting,
    requirements,
    thread,
    views,
    work,
)

app_name = "inquiries"
urlpatterns = [
    path("g/<slug:slug>/inquiry/", views.window, name="window"),
    path("t/<str:token>/", views.tracking, name="tracking"),
    path("t/<str:token>/quote-<int:revision>.pdf", views.tracking_quote_pdf, name="tracking_pdf"),
    path("t/<str:token>/decide", views.decide, name="decide"),
    path("t/<str:token>/message", views.customer_message, name="customer_message"),
    path("g/<slug:slug>/manage/inquiries/", board.board, name="board"),
    path("g/<slug:slug>/manage/inquiries/<int:pk>/", board.detail, name="detail"),
    path(
        "g/<slug:slug>/manage/inquiries/<int:pk>/drawings/<int:drawing_id>",
        board.drawing_file,
        name="drawing",
    ),
    path("g/<slug:slug>/manage/inquiries/<int:pk>/refer", board.refer, name="refer"),
    path("g/<slug:slug>/inquiries/<int:pk>/comments", thread.comments_view, name="comments"),
    path("g/<slug:slug>/work/inquiries/", work.my_inquiries, name="work"),
    path("g/<slug:slug>/work/inquiries/<int:pk>/", work.referral, name="referral"),
    path(
        "g/<slug:slug>/work/inquiries/<int:pk>/drawings/<int:drawing_id>",
        work.referral_drawing,
        name="referral_drawing",
    ),
    path("g/<slug:slug>/manage/inquiries/<int:pk>/quote", quoting.compose, name="quote"),
    path(
        "g/<slug:slug>/manage/inquiries/<int:pk>/quote-from-offer",
        quoting.from_offer,
        name="quote_from_offer",
    ),
    path(
        "g/<slug:slug>/manage/inquiries/<int:pk>/quote-<int:revision>/send",
        quoting.send,
        name="send_quote",
    ),
    path(
        "g/<slug:slug>/manage/inquiries/<int:pk>/quote-<int:revision>.pdf",
        quoting.pdf,
        name="quote_pdf",
    ),
    path("g/<slug:slug>/manage/inquiries/<int:pk>/message", quoting.message, name="message"),
    path("g/<slug:slug>/manage/boundary/", boundary.rules, name="boundary"),
    path(
        "g/<slug:slug>/manage/boundary/<int:pk>/delete",
        boundary.delete,
        name="boundary_delete",
    ),
    path("g/<slug:slug>/manage/inquiries/<int:pk>/decline", boundary.decline, name="decline"),
    path("g/<slug:slug>/manage/requirements/", requirements.requirements, name="requirements"),
    path(
        "g/<slug:slug>/manage/requirements/<int:pk>/remove",
        requirements.remove,
        name="requirement_remove",
    ),
    path(
        "g/<slug:slug>/manage/lead-companies/",
        deciding_views.lead_companies,
        name="lead_companies",
    ),
    path("g/<slug:slug>/work/lead/", deciding_views.lead_desk, name="lead_desk"),
    path("g/<slug:slug>/work/lead/<int:pk>/", deciding_views.lead_inquiry, name="lead_inquiry"),
    path("g/<slug:slug>/work/hands/", deciding_views.hands, name="hands"),
    path("g/<slug:slug>/work/hands/<int:pk>/", deciding_views.hand, name="hand"),
    path(
        "g/<slug:slug>/manage/inquiries/<int:pk>/hands/<int:hand_id>/take",
        deciding_views.take_hand,
        name="take_hand",
    ),
    path("g/<slug:slug>/meeting/", deciding_views.meeting, name="meeting"),
]
