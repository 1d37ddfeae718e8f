"""E-mail rendered from a pair of templates: ``<name>_subject.txt`` and ``<name>.txt``."""

from typing import Any

from django.core.mail import send_mail
from django.template import Context
from django.template.loader import get_template
from django.utils import translation


def render_text(template_name: str, context: dict[str, Any]) -> str:
    """A plain-text template, rendered without HTML escaping: a customer's "A&B <Ø10>" stays
    as typed in a mail's subject and body, where escaping would only garble it."""
    template: Any = get_template(template_name)
    return str(template.template.render(Context(context, autoescape=False)))


def send_templated_mail(name: str, context: dict[str, Any], to: list[str], language: str) -> None:
    """Renders in the recipient's language and sends over the configured SMTP server; raises
    on an SMTP error so that the task calling it fails and is retried."""
    with translation.override(language):
        subject = " ".join(render_text(f"{name}_subject.txt", context).split())
        body = render_text(f"{name}.txt", context)
    send_mail(subject, body, None, to)
