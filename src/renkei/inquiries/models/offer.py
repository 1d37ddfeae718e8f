"""A member's counter-offer: besides the straight answer, another material, quantity (price
breaks) or lead time the member can do the inquiry for."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# Bounds a person can mean: a group quotes no batch beyond ten million parts, no job beyond
# ¥10,000,000,000 and no lead time beyond three years. Anything larger is a slip of the finger
# (or a probe), refused with a message rather than stored or overflowing the column.
MAX_OFFERS = 5
MAX_OFFER_QUANTITY = 10_000_000
MAX_PRICE_YEN = 10_000_000_000
MAX_LEAD_DAYS = 1_000


class AnswerOffer(models.Model):
    """One alternative a member proposes with its answer, e.g. 「50個なら¥48,000」 or
    「材料をA5052に変更すれば10日で¥30,000」. ``price_yen`` is the member's price for the whole
    quantity, excluding tax, in whole yen; the group's fee comes on top when it is quoted."""

    answer = models.ForeignKey("Answer", on_delete=models.CASCADE, related_name="offers")
    position = models.PositiveSmallIntegerField(default=1)
    material = models.CharField(_("material"), max_length=100, blank=True)
    quantity = models.PositiveIntegerField(
        _("quantity"), validators=[MinValueValidator(1), MaxValueValidator(MAX_OFFER_QUANTITY)]
    )
    price_yen = models.PositiveBigIntegerField(
        _("price (yen, excl. tax)"), validators=[MaxValueValidator(MAX_PRICE_YEN)]
    )
    lead_days = models.PositiveIntegerField(
        _("lead time (days)"), validators=[MinValueValidator(1), MaxValueValidator(MAX_LEAD_DAYS)]
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["answer", "position"]
        verbose_name = _("counter-offer")
        verbose_name_plural = _("counter-offers")
        constraints = [
            models.UniqueConstraint(fields=["answer", "position"], name="offer_position_once")
        ]

    def __str__(self) -> str:
        return f"{self.answer_id}#{self.position} {self.quantity} ¥{self.price_yen}"

    @property
    def unit_price_yen(self) -> int:
        """円未満切り捨て: the unit price the quote line gets (see lib.offers.unit_price)."""
        from renkei.lib.offers import unit_price

        return unit_price(self.price_yen, self.quantity).yen
