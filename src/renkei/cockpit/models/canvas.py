"""A group's business model canvas (seed l.4806–4970 draws one for each of four platforms)."""

from django.conf import settings
from django.db import models

BLOCKS = (
    "key_partners",
    "key_activities",
    "key_resources",
    "value_propositions",
    "customer_relationships",
    "channels",
    "customer_segments",
    "cost_structure",
    "revenue_streams",
)


class Canvas(models.Model):
    """The nine blocks of the group's business model, as text."""

    group = models.OneToOneField("orgs.Group", on_delete=models.CASCADE, related_name="+")
    blocks = models.JSONField(default=dict)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"canvas {self.group_id}"
