from django.urls import path

from renkei.api import views
from renkei.api.v1 import api

app_name = "api"
urlpatterns = [
    path("api/v1/", api.urls),
    path("me/tokens/", views.tokens, name="tokens"),
    path("me/tokens/<int:pk>/revoke", views.revoke_token, name="revoke_token"),
]
