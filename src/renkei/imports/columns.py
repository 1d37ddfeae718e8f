"""The columns of the import and export files: one sheet each for companies, equipment and
certifications. A header may be the Japanese label, the English label or the key."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from renkei.lib.jtext import fold_compact


@dataclass(frozen=True)
class Column:
    key: str
    ja: str
    en: str
    required: bool = False
    help: str | Promise = ""

    def label(self, language: str) -> str:
        return self.en if language.startswith("en") else self.ja


@dataclass(frozen=True)
class SheetSpec:
    kind: str
    ja: str
    en: str
    columns: tuple[Column, ...]

    def label(self, language: str) -> str:
        return self.en if language.startswith("en") else self.ja

    def column_by_header(self) -> dict[str, Column]:
        """Folded header spelling → column."""
        found = {}
        for column in self.columns:
            for spelling in (column.key, column.ja, column.en):
                found[fold_compact(spelling)] = column
        return found


LIST_HELP = _("Several values separated by 、 or , (names, aliases or codes).")
CORPORATE_NUMBER = Column(
    "corporate_number", "法人番号", "Corporate number", help=_("13 digits, optional.")
)
# lib.houjin gives its reasons in English and the row's message translates them when it is made
# (orgs.models.companies): named here so that makemessages keeps them in the catalogue.
CORPORATE_NUMBER_REASONS = (
    gettext_noop("must contain digits only"),
    gettext_noop("must be 13 digits"),
    gettext_noop("check digit does not match"),
)
COMPANY_KEY = (
    CORPORATE_NUMBER,
    Column("company", "会社名", "Company", help=_("Used when there is no 法人番号.")),
)

COMPANIES = SheetSpec(
    "companies",
    "会社",
    "Companies",
    (
        CORPORATE_NUMBER,
        Column("name", "会社名", "Company", required=True),
        Column("kana", "フリガナ", "Kana"),
        Column("name_en", "英語名", "English name"),
        Column("kind", "種別", "Kind", help=_("Manufacturer, bank, city … (default manufacturer)")),
        Column("prefecture", "都道府県", "Prefecture"),
        Column("address", "住所", "Address"),
        Column("employees", "従業員数", "Employees"),
        Column("capital_yen", "資本金（円）", "Capital (yen)"),
        Column("url", "ウェブサイト", "Website"),
        Column("email", "メール", "E-mail"),
        Column("phone", "電話", "Phone"),
        Column("profile", "紹介文", "Profile"),
        Column("batch_band", "ロット", "Batch size", help=_("e.g. 0-50, 50-500, 500-5000, 5000+")),
        Column("typical_lead_days", "標準納期（日）", "Typical lead time (days)"),
        Column("circle", "サークル", "Circle", help=_("core, active, supporter or observer")),
        Column("processes", "工程", "Processes", help=LIST_HELP),
        Column("materials", "材料", "Materials", help=LIST_HELP),
    ),
)

EQUIPMENT = SheetSpec(
    "equipment",
    "設備",
    "Equipment",
    (
        *COMPANY_KEY,
        Column("kind", "設備の種類", "Type", required=True),
        Column("maker_model", "メーカー・型式", "Maker / model"),
        Column("process", "工程", "Process"),
        Column("count", "台数", "Count"),
        Column("axes", "軸数", "Axes"),
        Column("x_mm", "X（mm）", "X (mm)"),
        Column("y_mm", "Y（mm）", "Y (mm)"),
        Column("z_mm", "Z（mm）", "Z (mm)"),
        Column("tolerance_um", "最高精度（µm）", "Best tolerance (µm)"),
    ),
)

CERTIFICATIONS = SheetSpec(
    "certifications",
    "認証",
    "Certifications",
    (
        *COMPANY_KEY,
        Column("standard", "規格", "Standard", required=True),
        Column("scope", "範囲", "Scope"),
        Column("number", "登録番号", "Certificate number"),
        Column("issuer", "認証機関", "Certification body"),
        Column("issued_on", "発行日", "Issued", help=_("YYYY-MM-DD")),
        Column("expires_on", "有効期限", "Expires", help=_("YYYY-MM-DD")),
        Column("status", "状態", "Status", help=_("active, suspended or withdrawn")),
    ),
)

SHEETS = {spec.kind: spec for spec in (COMPANIES, EQUIPMENT, CERTIFICATIONS)}


def sheet_for_name(name: str) -> SheetSpec | None:
    """The sheet kind an Excel sheet's name stands for, if any."""
    folded = fold_compact(name)
    for spec in SHEETS.values():
        if folded in {fold_compact(spec.kind), fold_compact(spec.ja), fold_compact(spec.en)}:
            return spec
    return None
