"""E-mail text rendered from a pair of templates: ``<name>_subject.txt`` and ``<name>.txt``
(renkei.outbox files and sends it)."""

from typing import Any

from django.template import Context
from django.template.loader import get_template


def render_text(template_name: str, context: dict[str, Any]) -> str:
    """A plain-text template, rendered without HTML escaping: a customer's "A&B <Ø10>" stays
    as typed in a mail's subject and body, where escaping would only garble it."""
    template: Any = get_template(template_name)
    return str(template.template.render(Context(context, autoescape=False)))
