from django.db import models
from django.utils.translation import gettext_lazy as _


class PreviewStatus(models.TextChoices):
    PENDING = "pending", _("preview being made")
    READY = "ready", _("preview ready")
    FAILED = "failed", _("preview not possible")
