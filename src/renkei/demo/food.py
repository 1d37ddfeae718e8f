"""The food-processing group's demo inquiries, sent through the window's own service."""

import uuid
from typing import Any

from renkei.demo.data.food import INQUIRIES
from renkei.inquiries.services import submit_inquiry
from renkei.orgs.models import Group


def load_demo_food_inquiries(group: Group) -> int:
    """Sends each demo inquiry once (keyed by its title); returns how many were new."""
    made = 0
    for inquiry in INQUIRIES:
        header: dict[str, Any] = dict(inquiry["header"])
        key = uuid.uuid5(uuid.NAMESPACE_URL, f"renkei-demo:food:{header['title']}")
        lines: list[dict[str, Any]] = [dict(line) for line in inquiry["lines"]]
        _inquiry, created = submit_inquiry(group=group, key=key, header=header, lines=lines)
        made += created
    return made
