from django.urls import path

from renkei.products import manage, views

app_name = "products"
urlpatterns = [
    path("g/<slug:slug>/products/", views.product_list, name="list"),
    path("g/<slug:slug>/products/<slug:product>/", views.detail, name="detail"),
    path("g/<slug:slug>/products/<slug:product>/photo-<int:pk>.jpg", views.photo, name="photo"),
    path("o/<str:token>/", views.tracking, name="tracking"),
    path("o/<str:token>/invoices/<int:pk>.pdf", views.invoice_pdf, name="invoice_pdf"),
    path("g/<slug:slug>/manage/products/", manage.products, name="manage"),
    path("g/<slug:slug>/manage/products/new/", manage.new, name="new"),
    path("g/<slug:slug>/manage/products/<int:pk>/", manage.edit, name="edit"),
    path("g/<slug:slug>/manage/products/<int:pk>/options/", manage.option_add, name="option_add"),
    path(
        "g/<slug:slug>/manage/products/<int:pk>/options/<int:option>/remove",
        manage.option_remove,
        name="option_remove",
    ),
    path("g/<slug:slug>/manage/products/<int:pk>/photos/", manage.photo_add, name="photo_add"),
    path(
        "g/<slug:slug>/manage/products/<int:pk>/photos/<int:photo>/remove",
        manage.photo_remove,
        name="photo_remove",
    ),
    path("g/<slug:slug>/manage/products/<int:pk>/stock/", manage.stock, name="stock"),
    path("g/<slug:slug>/manage/products/orders/", manage.orders, name="orders"),
    path("g/<slug:slug>/manage/products/orders/<int:pk>/", manage.order, name="manage_order"),
    path(
        "g/<slug:slug>/manage/products/orders/<int:pk>/act",
        manage.order_action,
        name="order_action",
    ),
    path("g/<slug:slug>/manage/products/orders/<int:pk>/cancel", manage.cancel, name="cancel"),
]
