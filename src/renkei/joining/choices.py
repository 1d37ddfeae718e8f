"""Enumerations of joining and leaving a group."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ApplicationStatus(models.TextChoices):
    """An application's way through screening: received → (put to the core members) →
    accepted / declined."""

    RECEIVED = "received", _("Received, being screened")
    IN_DECISION = "in_decision", _("Put to the core members")
    ACCEPTED = "accepted", _("Admitted as a member")
    DECLINED = "declined", _("Not admitted")


OPEN_STATUSES = (ApplicationStatus.RECEIVED, ApplicationStatus.IN_DECISION)


class CheckItem(models.TextChoices):
    """The coordinator's screening checklist. The seed's build stage documents the conditions of
    taking part and the way out (l.1754–1758); 京都試作ネット asks a new company to understand
    the purpose and the vision (l.5207–5209)."""

    PROFILE = "profile", _("Company profile checked (法人番号, address, contact)")
    CAPABILITIES = "capabilities", _("Capabilities plausible (processes, materials)")
    CERTIFICATES = "certificates", _("Certificates valid")
    REFERENCES = "references", _("References asked (customers, other members)")
    AGREEMENT = "agreement", _("Agreement to the member rules confirmed")
