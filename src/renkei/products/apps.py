from django.apps import AppConfig


class ProductsConfig(AppConfig):
    name = "renkei.products"
    verbose_name = "products"
