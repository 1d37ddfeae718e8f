"""Who signs and who is paid: the group's settlement terms and each party's billing details."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from renkei.core.models import TimeStamped
from renkei.lib.documents import BankAccount, Party, Rounding
from renkei.settlement.choices import (
    AccountKind,
    EntityForm,
    FeeKind,
    RoundingChoice,
    SettlementMode,
)

_digits = RegexValidator(r"^[0-9]*$", _("Use digits only."))


def seal_path(instance: "BillingDetails", filename: str) -> str:
    return f"settlement/seals/{instance._meta.model_name}-{instance.pk or 'new'}.png"


class BillingDetails(TimeStamped):
    """The details a party prints on what it issues: legal name, 登録番号, bank account."""

    legal_name = models.CharField(_("legal name"), max_length=150, blank=True)
    address = models.CharField(_("address"), max_length=250, blank=True)
    # 適格請求書発行事業者登録番号: "T" and 13 digits (a corporation's are its 法人番号).
    registration_number = models.CharField(
        _("invoice registration number"), max_length=14, blank=True
    )
    representative = models.CharField(_("representative"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    billing_email = models.EmailField(_("billing e-mail"), blank=True)
    bank_name = models.CharField(_("bank"), max_length=30, blank=True)
    bank_code = models.CharField(_("bank code"), max_length=4, blank=True, validators=[_digits])
    branch_name = models.CharField(_("branch"), max_length=30, blank=True)
    branch_code = models.CharField(_("branch code"), max_length=3, blank=True, validators=[_digits])
    account_kind = models.CharField(
        _("account type"), max_length=1, choices=AccountKind.choices, default=AccountKind.ORDINARY
    )
    account_number = models.CharField(
        _("account number"), max_length=7, blank=True, validators=[_digits]
    )
    account_holder_kana = models.CharField(_("account holder (kana)"), max_length=40, blank=True)
    # The name as a bank statement shows the party as payer (振込依頼人名), for matching.
    payer_kana = models.CharField(_("name as payer (kana)"), max_length=40, blank=True)
    rounding = models.CharField(
        _("consumption tax rounding"),
        max_length=10,
        choices=RoundingChoice.choices,
        default=RoundingChoice.DOWN,
    )
    fiscal_year_start_month = models.PositiveSmallIntegerField(
        _("fiscal year starts in month"),
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    seal = models.ImageField(_("seal image"), upload_to=seal_path, blank=True)

    class Meta:
        abstract = True

    def clean(self) -> None:
        from renkei.lib.money import normalize_registration_number, registration_number_error

        if self.registration_number:
            self.registration_number = normalize_registration_number(self.registration_number)
            if registration_number_error(self.registration_number) is not None:
                raise ValidationError(
                    {
                        "registration_number": _(
                            "This registration number is not valid: it is T and 13 digits, "
                            "and its check digit does not match. Please check it on your "
                            "registration notice."
                        )
                    }
                )
        bank = [self.bank_code, self.branch_code, self.account_number]
        if any(bank) and not all(bank):
            raise ValidationError(
                {"account_number": _("Give the bank code, the branch code and the account number.")}
            )
        if self.bank_code and len(self.bank_code) != 4:
            raise ValidationError({"bank_code": _("The bank code has 4 digits.")})
        if self.branch_code and len(self.branch_code) != 3:
            raise ValidationError({"branch_code": _("The branch code has 3 digits.")})

    def bank_account(self) -> BankAccount | None:
        if not (self.bank_code and self.branch_code and self.account_number):
            return None
        return BankAccount(
            bank_name=self.bank_name,
            bank_code=self.bank_code,
            branch_name=self.branch_name,
            branch_code=self.branch_code,
            kind=self.account_kind,
            number=self.account_number.zfill(7),
            holder_kana=self.account_holder_kana,
        )

    def party(self, fallback_name: str = "") -> Party:
        return Party(
            name=self.legal_name or fallback_name,
            address=self.address,
            registration_number=self.registration_number,
            corporate_number=self.registration_number[1:] if self.registration_number else "",
            representative=self.representative,
            email=self.billing_email,
            phone=self.phone,
            bank=self.bank_account(),
        )

    @property
    def rounding_method(self) -> Rounding:
        return Rounding(self.rounding)


class GroupSettlement(BillingDetails):
    """How a group settles its orders, and the details of the party that contracts for it: the
    group itself or its legal entity (a 企業組合, 事業協同組合 or a 株式会社 like 京都試作センター,
    seed l.3546–3554, 3633–3637, 3728–3735)."""

    group = models.OneToOneField("orgs.Group", on_delete=models.CASCADE, related_name="settlement")
    mode = models.CharField(
        _("who contracts"), max_length=10, choices=SettlementMode.choices,
        default=SettlementMode.JOINT,
    )  # fmt: skip
    entity_form = models.CharField(
        _("legal form"), max_length=20, choices=EntityForm.choices, default=EntityForm.NONE
    )
    fee_kind = models.CharField(
        _("fee"), max_length=20, choices=FeeKind.choices, default=FeeKind.MARGIN
    )
    # A percent for the percentage and margin kinds, yen for the fixed kind. The 10 is a product
    # default of renkei's (the group sets its own); the seed gives no fee.
    fee_value = models.DecimalField(
        _("fee value"), max_digits=12, decimal_places=2, default=Decimal("10"),
        validators=[MinValueValidator(0)],
    )  # fmt: skip
    # 締め日: the day of the month invoices are closed on, 0 = the month's last day.
    closing_day = models.PositiveSmallIntegerField(
        _("closing day"), default=0, validators=[MaxValueValidator(28)]
    )
    consolidated_invoices = models.BooleanField(
        _("one invoice per customer per closing day"), default=False
    )
    # 支払日 of the customer: months after the closing day, and the day (0 = month end).
    customer_pay_months = models.PositiveSmallIntegerField(
        _("customer pays, months after closing"), default=1, validators=[MaxValueValidator(3)]
    )
    customer_pay_day = models.PositiveSmallIntegerField(
        _("customer pays on day"), default=0, validators=[MaxValueValidator(28)]
    )
    # The group pays its members: within 60 days of receipt where 取適法 applies.
    member_pay_months = models.PositiveSmallIntegerField(
        _("members are paid, months after closing"), default=1, validators=[MaxValueValidator(2)]
    )
    member_pay_day = models.PositiveSmallIntegerField(
        _("members are paid on day"), default=0, validators=[MaxValueValidator(28)]
    )
    # A 仕入明細書 the member does not answer counts as confirmed after these days.
    deemed_days = models.PositiveSmallIntegerField(
        _("statements are deemed confirmed after (days)"), default=7,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )  # fmt: skip
    net_fee_in_statements = models.BooleanField(
        _("deduct the group's fee in the members' statements"), default=True
    )
    zengin_requester_code = models.CharField(
        _("transfer requester code (委託者コード)"), max_length=10, blank=True, validators=[_digits]
    )
    # Year-end distribution of a 組合 (中小企業等協同組合法 §59): reserves at least these shares.
    reserve_percent = models.DecimalField(
        _("legal reserve (% of surplus)"), max_digits=5, decimal_places=2, default=Decimal("10"),
        validators=[MinValueValidator(10), MaxValueValidator(100)],
    )  # fmt: skip
    education_percent = models.DecimalField(
        _("education reserve (% of surplus)"), max_digits=5, decimal_places=2,
        default=Decimal("5"), validators=[MinValueValidator(5), MaxValueValidator(100)],
    )  # fmt: skip
    capital_dividend_percent = models.DecimalField(
        _("dividend on paid-in capital (% a year)"), max_digits=5, decimal_places=2,
        default=Decimal("0"), validators=[MinValueValidator(0), MaxValueValidator(20)],
    )  # fmt: skip

    class Meta:
        verbose_name = _("settlement terms")
        verbose_name_plural = _("settlement terms")

    def __str__(self) -> str:
        return f"{self.group} ({self.get_mode_display()})"

    def party(self, fallback_name: str = "") -> Party:
        return super().party(fallback_name or self.group.name)


class MemberBilling(BillingDetails):
    """A member company's billing details: what it prints when it invoices (斡旋) and where it
    is paid (共同受注)."""

    company = models.OneToOneField("orgs.Company", on_delete=models.CASCADE, related_name="billing")

    class Meta:
        verbose_name = _("billing details")
        verbose_name_plural = _("billing details")

    def __str__(self) -> str:
        return str(self.company)

    def party(self, fallback_name: str = "") -> Party:
        return super().party(fallback_name or self.company.name)
