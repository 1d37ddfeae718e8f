from django.apps import AppConfig


class InquiriesConfig(AppConfig):
    name = "renkei.inquiries"
    label = "inquiries"
