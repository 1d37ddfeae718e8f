"""Enumerations of the organisations domain."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    """Growth stages of a manufacturing group (seed l.885–905, 1571–2330)."""

    FORMATION = "formation", _("創成期 (formation)")
    BUILDING = "building", _("構築期 (building)")
    DEVELOPMENT = "development", _("開発期 (development)")
    PRODUCT = "product", _("製品化期 (productisation)")
    BUSINESS = "business", _("事業化期 (business)")


class Circle(models.TextChoices):
    """Community circles around a group (seed l.2603–2620): core, active, supporters, outsiders.

    The fourth circle is the outsider (異端者) who sends opinions from outside (seed l.2601–2634),
    not a passive observer; the stored value stays "observer" so that old rows keep their meaning.
    """

    CORE = "core", _("Core")
    ACTIVE = "active", _("Active")
    SUPPORTER = "supporter", _("Supporter")
    OBSERVER = "observer", _("Outsider (sends opinions from outside)")


class MemberRole(models.TextChoices):
    """A member company's office in the group."""

    LEADER = "leader", _("代表幹事 (leader)")
    SECRETARY = "secretary", _("幹事 (secretary)")
    AUDITOR = "auditor", _("監事 (auditor)")
    MEMBER = "member", _("会員 (member)")
    SUPPORTING = "supporting", _("賛助会員 (supporting member)")


class PersonRole(models.TextChoices):
    """What a person may do in a group."""

    COORDINATOR = "coordinator", _("Coordinator (事務局)")
    MEMBER_ADMIN = "member_admin", _("Member admin")
    MEMBER_STAFF = "member_staff", _("Member staff")
    SUPPORTER = "supporter", _("Supporter (read-only)")
    # Sees and keeps the group's books (settlement), nothing else of the coordinator's.
    ACCOUNTANT = "accountant", _("Accountant (会計)")


class InquiryRouting(models.TextChoices):
    """Who receives a new inquiry first. MNI mails every member; 京都試作ネット's coordinator
    chooses (issue "Joint order window", item 9)."""

    COORDINATOR = "coordinator", _("事務局が選ぶ (the coordinator chooses)")
    MATCHED = "matched", _("条件に合う会員へ自動で渡す (to the members that match)")
    ALL = "all", _("全会員へ自動で渡す (to every manufacturing member)")


class JobDecision(models.TextChoices):
    """Who decides which member takes a job (seed l.516–518: 磨き屋's 幹事企業 chooses;
    l.4315–4317: MNI's members see the drawings and decide among themselves; l.2092–2096: the
    core members decide at their regular meeting)."""

    COORDINATOR = "coordinator", _("The coordinator decides")
    LEAD_COMPANY = "lead_company", _("The lead company of the field chooses")
    HANDS = "hands", _("Members raise their hands")
    MEETING = "meeting", _("The core members decide at their regular meeting")


class CompanyKind(models.TextChoices):
    """What sort of organisation a company record is."""

    MANUFACTURER = "manufacturer", _("Manufacturer")
    CITY = "city", _("Local government")
    CHAMBER = "chamber", _("Chamber of commerce")
    BANK = "bank", _("Bank")
    UNIVERSITY = "university", _("University / research")
    # A person holding a membership in their own name: an engineer, a retired 技能士 (カーティベータ
    # is a group of individuals, seed l.2009–2011, 2049–2051; a 企業組合's 組合員 are individuals,
    # l.3427, 3884–3886).
    INDIVIDUAL = "individual", _("Individual (engineer, craftsperson)")
    OTHER = "other", _("Other")


# Who may take on work: companies that make things, and people holding a membership in their
# own name (an individual without machines still fails the size and tolerance gates).
MAKER_KINDS = (CompanyKind.MANUFACTURER, CompanyKind.INDIVIDUAL)


PREFECTURES = [
    "北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県", "茨城県", "栃木県",
    "群馬県", "埼玉県", "千葉県", "東京都", "神奈川県", "新潟県", "富山県", "石川県", "福井県",
    "山梨県", "長野県", "岐阜県", "静岡県", "愛知県", "三重県", "滋賀県", "京都府", "大阪府",
    "兵庫県", "奈良県", "和歌山県", "鳥取県", "島根県", "岡山県", "広島県", "山口県", "徳島県",
    "香川県", "愛媛県", "高知県", "福岡県", "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県",
    "鹿児島県", "沖縄県",
]  # fmt: skip
PREFECTURE_CHOICES = [(p, p) for p in PREFECTURES]
