"""{% region_link region %}: a link to the region's figures for those who may open them; and
the data dictionary's descriptions with their codes set as code."""

import re
from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from renkei.orgs.models import Region
from renkei.region.queries import can_view

register = template.Library()


@register.simple_tag(takes_context=True)
def region_link(context: dict[str, Any], region: Region) -> SafeString | str:
    request = context.get("request")
    if request is None or not can_view(getattr(request, "user", None), region):
        return ""
    return format_html(
        '<p><a class="btn secondary" href="{}" id="region-figures-{}">{}</a></p>',
        reverse("region:overview", args=[region.slug]),
        region.slug,
        gettext("Demand and supply across the region"),
    )


# The words of the open data that are codes, as the files spell them: in a description they are
# shown as code, in any language.
_CODE = re.compile(
    r"(?<![\w-])(YYYY-MM(?:-DD)?|_other|[a-z]+(?:_[a-z]+)+|all|process|certificate|material"
    r"|size|tolerance|capacity|price|other|industry|prefecture|certification|envelope)(?![\w-])"
)


@register.filter
def codes_as_code(text: object) -> SafeString:
    """A column's description with the codes it names (``material_family``, ``YYYY-MM``) set
    as code, the rest escaped."""
    return mark_safe(_CODE.sub(r"<code>\1</code>", escape(str(text))))  # noqa: S308 (escaped)
