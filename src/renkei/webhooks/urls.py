from django.urls import path

from renkei.webhooks import views

app_name = "webhooks"
urlpatterns = [
    path("g/<slug:slug>/manage/webhooks/", views.manage, name="manage"),
    path("g/<slug:slug>/manage/webhooks/<int:pk>/delete/", views.delete, name="delete"),
]
