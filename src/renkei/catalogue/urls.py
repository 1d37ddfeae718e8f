from django.urls import path

from renkei.catalogue import views

app_name = "catalogue"
urlpatterns = [
    path("g/<slug:slug>/catalogue/", views.page, name="page"),
    path("g/<slug:slug>/catalogue.pdf", views.pdf, name="pdf"),
    path("g/<slug:slug>/catalogue.en.pdf", views.pdf_en, name="pdf_en"),
    path("g/<slug:slug>/manage/catalogue/", views.manage, name="manage"),
    path("g/<slug:slug>/catalogue/listing/<int:company_id>", views.listing, name="listing"),
]
