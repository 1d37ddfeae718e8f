"""Lets other apps' pages (the public group page) link to the products without their views
knowing of them."""

from django import template

from renkei.orgs.models import Group
from renkei.products.models import Product

register = template.Library()


@register.simple_tag
def products_on_sale(group: Group) -> int:
    """How many of the group's products the public may order."""
    return Product.objects.for_group(group).published().count()
