"""Enumerations of projects and work packages."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProjectKind(models.TextChoices):
    """An order has a customer (an accepted quote); a development project has none yet
    (江戸っ子1号, 下町ボブスレー: seed l.1246–1262, 1771–1815)."""

    ORDER = "order", _("受注案件 (order)")
    DEVELOPMENT = "development", _("開発プロジェクト (development)")


class ProjectStatus(models.TextChoices):
    ACTIVE = "active", _("進行中 (active)")
    DONE = "done", _("完了 (done)")
    CANCELLED = "cancelled", _("中止 (cancelled)")


class PackageKind(models.TextChoices):
    PART = "part", _("部品 (part)")
    PROCESS = "process", _("工程 (process step)")


class PackageState(models.TextChoices):
    """Where a package is on the claiming board. A claim is tentative until the member company's
    own approver confirms it: the two-layer decision (seed l.1246–1262)."""

    DRAFT = "draft", _("下書き (draft)")
    OPEN = "open", _("募集中 (on the board)")
    TENTATIVE = "tentative", _("仮押さえ (tentative, awaiting the company's approval)")
    ASSIGNED = "assigned", _("担当確定 (confirmed)")


class Stage(models.TextChoices):
    """Progress on the shop floor, in order (seed l.4633–4672: simple entry on the floor)."""

    NONE = "", _("未着手 (not started)")
    STARTED = "started", _("着手 (started)")
    STEP_DONE = "step_done", _("工程完了 (step done)")
    INSPECTED = "inspected", _("検査合格 (passed inspection)")
    SHIPPED = "shipped", _("出荷 (shipped)")


STAGE_ORDER = [Stage.NONE, Stage.STARTED, Stage.STEP_DONE, Stage.INSPECTED, Stage.SHIPPED]
DONE_STAGES = {Stage.STEP_DONE, Stage.INSPECTED, Stage.SHIPPED}


class EventKind(models.TextChoices):
    """Everything that happens to a package; the log is append-only."""

    CREATED = "created", _("作成 (created)")
    PUBLISHED = "published", _("公開 (published on the board)")
    CLAIMED = "claimed", _("仮押さえ (claimed)")
    OFFERED = "offered", _("打診 (offered by the coordinator)")
    CONFIRMED = "confirmed", _("社内承認 (confirmed by the company)")
    WITHDRAWN = "withdrawn", _("取り下げ (claim withdrawn)")
    EXPIRED = "expired", _("期限切れ (claim expired)")
    RETURNED = "returned", _("返却 (returned)")
    STARTED = "started", _("着手 (started)")
    STEP_DONE = "step_done", _("工程完了 (step done)")
    INSPECTED = "inspected", _("検査合格 (passed inspection)")
    SHIPPED = "shipped", _("出荷 (shipped)")
    DELAYED = "delayed", _("遅延 (delayed)")
    PHOTO = "photo", _("写真 (photo)")
    RECEIVED = "received", _("受入確認 (received)")


PROGRESS_KINDS = [
    EventKind.STARTED, EventKind.STEP_DONE, EventKind.INSPECTED, EventKind.SHIPPED,
    EventKind.DELAYED, EventKind.PHOTO, EventKind.RECEIVED,
]  # fmt: skip
STAGE_OF_EVENT = {
    EventKind.STARTED: Stage.STARTED,
    EventKind.STEP_DONE: Stage.STEP_DONE,
    EventKind.INSPECTED: Stage.INSPECTED,
    EventKind.SHIPPED: Stage.SHIPPED,
}


class TeamRole(models.TextChoices):
    LEAD = "lead", _("幹事会社 (lead)")
    MEMBER = "member", _("会員企業 (member)")
    UNIVERSITY = "university", _("大学・研究機関 (university)")
    SUPPORTER = "supporter", _("支援機関 (supporter)")


class FundingKind(models.TextChoices):
    """Where the money comes from; カーティベータ moved from members' pockets to crowdfunding to a
    company (seed l.1912–2000)."""

    OWN = "own", _("自己資金 (own funds)")
    CROWDFUNDING = "crowdfunding", _("クラウドファンディング (crowdfunding)")
    SUBSIDY = "subsidy", _("補助金 (subsidy)")
    LOAN = "loan", _("融資 (loan)")
    INVESTMENT = "investment", _("出資 (investment)")
    # A local 信用金庫 collecting deposits in support of the project (江戸っ子1号, seed
    # l.1786–1788).
    SUPPORT_DEPOSIT = "support_deposit", _("応援預金 (support deposit)")


class FundingStatus(models.TextChoices):
    PLANNED = "planned", _("予定 (planned)")
    APPLIED = "applied", _("申請中 (applied)")
    OPEN = "open", _("募集中 (open for pledges)")  # a crowdfunding only
    GRANTED = "granted", _("採択・決定 (granted)")
    REFUSED = "refused", _("不採択 (refused)")
    # A crowdfunding whose deadline passed with the goal missed: nothing is received (seed
    # l.1969–1975). A crowdfunding only.
    NOT_FUNDED = "not_funded", _("不成立 (not funded)")
    RECEIVED = "received", _("入金済 (received)")


CROWDFUNDING_ONLY = frozenset({FundingStatus.OPEN, FundingStatus.NOT_FUNDED})
