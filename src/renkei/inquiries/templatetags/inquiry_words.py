"""Template filters that put the window's stored codes into the reader's words."""

from django import template

from renkei.capabilities.models.taxonomy import standard_choices

register = template.Library()


@register.filter
def certification_labels(codes: object) -> str:
    """The required certifications of an inquiry line (stored as standards' codes), named."""
    if not isinstance(codes, list):
        return ""
    labels = dict(standard_choices())
    return "、".join(str(labels.get(code, code)) for code in codes)
