from django.apps import AppConfig


class InquiriesConfig(AppConfig):
    name = "renkei.inquiries"
    label = "inquiries"

    def ready(self) -> None:
        from renkei.inquiries.mail_failures import connect

        connect()
