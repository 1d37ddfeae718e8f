"""Enumerations of the joint order window."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class InquiryStatus(models.TextChoices):
    """An inquiry's way through the coordinator's board (issue: 新着 → 確認中 → 回答済 → 見積提出 →
    受注 / 失注 / 辞退)."""

    NEW = "new", _("新着 (new)")
    REVIEWING = "reviewing", _("確認中 (reviewing)")
    ANSWERED = "answered", _("回答済 (answered)")
    QUOTED = "quoted", _("見積提出 (quoted)")
    WON = "won", _("受注 (won)")
    LOST = "lost", _("失注 (lost)")
    DECLINED = "declined", _("辞退 (declined)")


class Purpose(models.TextChoices):
    PROTOTYPE = "prototype", _("試作 (prototype)")
    PRODUCTION = "production", _("量産 (production)")
    REPAIR = "repair", _("単品修理 (one-off repair)")


class Industry(models.TextChoices):
    """End-use industries; some gate suppliers by certification (REFERENCE.md)."""

    AEROSPACE = "aerospace", _("航空・宇宙 (aerospace)")
    MEDICAL = "medical", _("医療 (medical)")
    AUTOMOTIVE = "automotive", _("自動車 (automotive)")
    SEMICONDUCTOR = "semiconductor", _("半導体 (semiconductor)")
    MACHINERY = "machinery", _("産業機械 (machinery)")
    RESEARCH = "research", _("研究開発 (research)")
    OTHER = "other", _("その他 (other)")


# What the customer reads on the tracking page: the board's words (新着, 見積提出, 受注 …) are the
# seller's, and tell a customer nothing about what happens next for them.
CUSTOMER_STATUS = {
    InquiryStatus.NEW: _("Received"),
    InquiryStatus.REVIEWING: _("Preparing our answer"),
    InquiryStatus.ANSWERED: _("Preparing your quote"),
    InquiryStatus.QUOTED: _("We have sent you our quote"),
    InquiryStatus.WON: _("We have received your order"),
    InquiryStatus.LOST: _("You declined the quote"),
    InquiryStatus.DECLINED: _("We could not take this on"),
}


def customer_status(status: str) -> str:
    """The customer's words for an inquiry's status."""
    return str(CUSTOMER_STATUS.get(InquiryStatus(status), InquiryStatus(status).label))
