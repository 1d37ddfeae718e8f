"""Settlement's pages. Each area's views module keeps its own ``urlpatterns`` list."""

from django.urls import URLPattern

from renkei.settlement.views import books as books_views
from renkei.settlement.views import distribution as distribution_views
from renkei.settlement.views import invoices as invoices_views
from renkei.settlement.views import orders as orders_views
from renkei.settlement.views import payments as payments_views
from renkei.settlement.views import settings as settings_views
from renkei.settlement.views import statements as statements_views
from renkei.settlement.views import trades as trades_views

app_name = "settlement"
urlpatterns: list[URLPattern] = []
urlpatterns += settings_views.urlpatterns
urlpatterns += payments_views.urlpatterns
urlpatterns += orders_views.urlpatterns
urlpatterns += statements_views.urlpatterns
urlpatterns += trades_views.urlpatterns
urlpatterns += invoices_views.urlpatterns
urlpatterns += books_views.urlpatterns
urlpatterns += distribution_views.urlpatterns
