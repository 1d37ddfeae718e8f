"""E-mail rendered from a pair of templates: ``<name>_subject.txt`` and ``<name>.txt``."""

from typing import Any

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation


def send_templated_mail(name: str, context: dict[str, Any], to: list[str], language: str) -> None:
    """Renders in the recipient's language and sends over the configured SMTP server; raises
    on an SMTP error so that the task calling it fails and is retried."""
    with translation.override(language):
        subject = " ".join(render_to_string(f"{name}_subject.txt", context).split())
        body = render_to_string(f"{name}.txt", context)
    send_mail(subject, body, None, to)
