from django.urls import path

from renkei.notices import views

app_name = "notices"
urlpatterns = [
    path("notices/", views.notice_list, name="list"),
    path("notices/<int:pk>/", views.open_notice, name="open"),
    path("notices/read-all", views.mark_all_read, name="read_all"),
]
