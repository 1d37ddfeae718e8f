"""Template filters that put the window's stored codes into the reader's words."""

from django import template

from renkei.capabilities.choices import Standard

register = template.Library()


@register.filter
def certification_labels(codes: object) -> str:
    """The required certifications of an inquiry line (stored as Standard values), named."""
    if not isinstance(codes, list):
        return ""
    labels = dict(Standard.choices)
    return "、".join(str(labels.get(code, code)) for code in codes)
