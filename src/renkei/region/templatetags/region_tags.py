"""{% region_link region %}: a link to the region's figures for those who may open them."""

from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
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
