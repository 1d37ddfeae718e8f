from django.urls import path

from renkei.portal import views

app_name = "portal"
urlpatterns = [
    path("portal/", views.portal, name="portal"),
    path("portal/sent/", views.sent, name="sent"),
    path("portal/in/<str:token>/", views.sign_in, name="sign_in"),
    path("portal/out/", views.sign_out, name="sign_out"),
    path("portal/inquiries/<int:pk>/again/", views.again, name="again"),
]
