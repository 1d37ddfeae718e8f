"""The table of the cross-group test (test_held_cross_group): every group-scoped URL, what
its arguments are in the held world, and what a POST sends; and the patterns left out, with why."""

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse

from .conftest import World, held_png
from .joining_held import held_application


@dataclass(frozen=True)
class Route:
    """One URL of the table. ``args`` are the URL's arguments after the group slug (or all of
    them when the URL has no slug); ``data`` is what a POST sends. ``owner`` is who of alice's
    group opens it with ``owner_status`` (a GET only: the control that the ids are right)."""

    name: str
    method: str = "get"
    args: Callable[[World], list[Any]] = lambda w: []
    data: Callable[[World], dict[str, Any]] = lambda w: {}
    owner: str | None = "alice"
    owner_status: int = 200
    slugged: bool = True
    takes_id: bool = field(default=False)

    def url(self, world: World, slug: str) -> str:
        args = self.args(world)
        return reverse(self.name, args=[slug, *args] if self.slugged else args)

    @property
    def names_an_object(self) -> bool:
        return self.takes_id or any(isinstance(a, int) for a in self.args(_Probe()))


class _Probe:
    """Stands in for a World to see whether a route's arguments name an object."""

    def __getattr__(self, name: str) -> Any:
        return _Id()


class _Id:
    pk = 1
    revision = 1
    company_id = 1

    def __getattr__(self, name: str) -> Any:
        return _Id()  # w.money.invoice.pk


def post(name: str, args: Callable[[World], list[Any]] = lambda w: [], **kw: Any) -> Route:
    return Route(name, "post", args, owner=None, **kw)


def _product_order(w: World) -> Any:
    """A product of alice's group with one order, made without an audit entry (the snapshot
    compares those): the products' manage pages take their ids."""
    from renkei.products.models import Product, ProductOrder

    product = Product.objects.filter(group=w.group, slug="held-mug").first()
    if product is None:
        product = Product.objects.create(
            group=w.group, slug="held-mug", name="ビアマグ", price_yen=5500, published=True
        )
    order = ProductOrder.objects.filter(product=product).first()
    if order is None:
        order = ProductOrder.objects.create(
            group=w.group, product=product, number=1, submission_key=uuid.uuid4(),
            fingerprint="0" * 64, quantity=1, unit_price_yen=5500, total_yen=5500, tax_rate=10,
            tax_yen=500, customer_name="宇宙 太郎", email="x@example.com",
            postal_code="959-1200", address="燕市",
        )  # fmt: skip
    return order


def _quality_document(w: World) -> Any:
    """A quality document of alice's group's package, made without an audit entry (the
    snapshot compares those)."""
    from django.core.files.base import ContentFile

    from renkei.quality.models import QualityDocument

    found = QualityDocument.objects.filter(package=w.package).first()
    if found is None:
        found = QualityDocument(
            group=w.package.group, package=w.package, kind="inspection_report",
            original_name="report.pdf", file_kind="pdf", size=5, sha256="0" * 64,
            submission_key="held",
        )  # fmt: skip
        found.file.save("report.pdf", ContentFile(b"%PDF-"), save=False)
        found.save()
    return found


ROUTES = [
    # The window's inside: board, one inquiry, its drawings, quotes, messages, comments.
    Route("inquiries:board"),
    Route("inquiries:detail", args=lambda w: [w.inquiry.pk]),
    Route("inquiries:drawing", args=lambda w: [w.inquiry.pk, w.drawing.pk]),
    post(
        "inquiries:refer",
        lambda w: [w.inquiry.pk],
        data=lambda w: {"company": w.referral.company_id},
    ),
    post(
        "inquiries:comments",
        lambda w: [w.inquiry.pk],
        data=lambda w: {"body": "x", "key": uuid.uuid4()},
    ),
    Route("inquiries:work", owner="bob"),
    Route("inquiries:referral", args=lambda w: [w.referral.pk], owner="bob"),
    post("inquiries:referral", lambda w: [w.referral.pk], data=lambda w: {"kind": "cannot"}),
    Route("inquiries:referral_drawing", args=lambda w: [w.referral.pk, w.drawing.pk], owner="bob"),
    Route("inquiries:quote", args=lambda w: [w.open_inquiry.pk]),
    post("inquiries:quote", lambda w: [w.open_inquiry.pk], data=lambda w: {"fee_percent": "10"}),
    post(
        "inquiries:quote_from_offer",
        lambda w: [w.inquiry.pk],
        data=lambda w: {"referral": w.referral.pk, "offer": ""},
    ),
    post("inquiries:send_quote", lambda w: [w.inquiry.pk, w.quote.revision]),
    Route("inquiries:quote_pdf", args=lambda w: [w.inquiry.pk, w.quote.revision]),
    post("inquiries:message", lambda w: [w.inquiry.pk], data=lambda w: {"body": "x"}),
    # Who decides who takes a job: lead companies, raised hands, the core members' meeting.
    Route("inquiries:lead_companies"),
    post("inquiries:lead_companies", data=lambda w: {"remove": w.referral.company_id}),
    Route("inquiries:lead_desk", owner_status=403),
    Route("inquiries:lead_inquiry", args=lambda w: [w.inquiry.pk]),
    Route("inquiries:hands", owner_status=403),
    Route("inquiries:hand", args=lambda w: [w.inquiry.pk], owner_status=403),
    post("inquiries:hand", lambda w: [w.inquiry.pk], data=lambda w: {"confirmed": "on"}),
    post("inquiries:take_hand", lambda w: [w.inquiry.pk, w.referral.pk]),
    Route("inquiries:meeting", owner_status=403),
    post("inquiries:meeting", data=lambda w: {"held_on": "2026-12-01"}),
    Route("inquiries:boundary"),
    post("inquiries:boundary", data=lambda w: {"phrase": "x", "reason": "x"}),
    post("inquiries:boundary", data=lambda w: {"delete": w.boundary_rule.pk}, takes_id=True),
    Route("inquiries:boundary_delete", args=lambda w: [w.boundary_rule.pk]),
    post("inquiries:boundary_delete", args=lambda w: [w.boundary_rule.pk]),
    post("inquiries:decline", lambda w: [w.open_inquiry.pk], data=lambda w: {"body": "x"}),
    Route("inquiries:requirements"),
    post("inquiries:requirements", data=lambda w: {"standard": w.requirement.standard_id}),
    post("inquiries:requirement_remove", lambda w: [w.requirement.pk]),
    # Projects, packages, the claiming board, progress and photos.
    Route("projects:list"),
    post("projects:start_order", data=lambda w: {"order": w.order.pk}, takes_id=True),
    Route("projects:new_development"),
    post("projects:new_development", data=lambda w: {"title": "x", "goal": "x"}),
    Route("projects:detail", args=lambda w: [w.project.pk]),
    Route("projects:detail", args=lambda w: [w.development.pk]),
    post("projects:add_package", lambda w: [w.project.pk], data=lambda w: {"title": "x"}),
    post("projects:publish", lambda w: [w.project.pk]),
    post("projects:edit", lambda w: [w.development.pk], data=lambda w: {"title": "x"}),
    post("projects:add_element", lambda w: [w.development.pk], data=lambda w: {"name": "x"}),
    post(
        "projects:add_team",
        lambda w: [w.development.pk],
        data=lambda w: {"company": w.team_member.company_id, "role": "lead"},
    ),
    post(
        "projects:add_funding",
        lambda w: [w.development.pk],
        data=lambda w: {"kind": "own", "name": "x"},
    ),
    post("projects:remove_part", lambda w: [w.development.pk, "element", w.element.pk]),
    post("projects:remove_part", lambda w: [w.development.pk, "team", w.team_member.pk]),
    post("projects:remove_part", lambda w: [w.development.pk, "funding", w.funding.pk]),
    post(
        "projects:funding_status",
        lambda w: [w.development.pk, w.funding.pk],
        data=lambda w: {"status": "granted"},
    ),
    Route("projects:board"),
    Route("projects:allocate"),
    post("projects:allocate", data=lambda w: {"action": "accept"}),
    Route("projects:package", args=lambda w: [w.package.pk]),
    post(
        "projects:claim", lambda w: [w.package.pk], data=lambda w: {"company": w.package.company_id}
    ),
    post(
        "projects:confirm",
        lambda w: [w.package.pk],
        data=lambda w: {"company": w.package.company_id},
    ),
    post("projects:withdraw", lambda w: [w.package.pk]),
    post("projects:return", lambda w: [w.package.pk], data=lambda w: {"reason": "x"}),
    post(
        "projects:offer", lambda w: [w.package.pk], data=lambda w: {"company": w.package.company_id}
    ),
    post("projects:edit_package", lambda w: [w.package.pk], data=lambda w: {"title": "x"}),
    post(
        "projects:progress",
        lambda w: [w.package.pk],
        data=lambda w: {"kind": "delayed", "note": "x", "submission_key": "k"},
    ),
    Route("projects:photo", args=lambda w: [w.package.pk, w.photo_event.pk]),
    Route("projects:drawing", args=lambda w: [w.package.pk, w.drawing.pk]),
    # Receiving inspection and corrective actions (quality).
    post(
        "quality:receive",
        lambda w: [w.package.pk],
        data=lambda w: {"result": "accepted", "quantity_received": "1", "final": "1"},
    ),
    Route("quality:corrective_actions"),
    Route("quality:corrective_action", args=lambda w: [w.inspection.action.pk]),
    post(
        "quality:corrective_action",
        lambda w: [w.inspection.action.pk],
        data=lambda w: {"op": "answer", "cause": "x", "countermeasure": "x"},
    ),
    Route("quality:check_photo", args=lambda w: [w.inspection.check.pk, w.inspection.photo.pk]),
    # A drawing's own page and its preview files, wherever it downloads from. No preview is
    # made for the world's drawing, so its files answer 404 to their owner too.
    Route("previews:manage_page", args=lambda w: [w.inquiry.pk, w.drawing.pk]),
    Route("previews:manage_thumb", args=lambda w: [w.inquiry.pk, w.drawing.pk], owner_status=404),
    Route("previews:manage_file", args=lambda w: [w.inquiry.pk, w.drawing.pk, 1], owner_status=404),
    Route("previews:manage_mesh", args=lambda w: [w.inquiry.pk, w.drawing.pk], owner_status=404),
    Route("previews:work_page", args=lambda w: [w.referral.pk, w.drawing.pk], owner="bob"),
    Route(
        "previews:work_thumb",
        args=lambda w: [w.referral.pk, w.drawing.pk],
        owner="bob",
        owner_status=404,
    ),
    Route(
        "previews:work_file",
        args=lambda w: [w.referral.pk, w.drawing.pk, 1],
        owner="bob",
        owner_status=404,
    ),
    Route(
        "previews:work_mesh",
        args=lambda w: [w.referral.pk, w.drawing.pk],
        owner="bob",
        owner_status=404,
    ),
    Route("previews:package_page", args=lambda w: [w.package.pk, w.drawing.pk]),
    Route("previews:package_thumb", args=lambda w: [w.package.pk, w.drawing.pk], owner_status=404),
    Route(
        "previews:package_file", args=lambda w: [w.package.pk, w.drawing.pk, 1], owner_status=404
    ),
    Route("previews:package_mesh", args=lambda w: [w.package.pk, w.drawing.pk], owner_status=404),
    # Knowledge articles, their history, photos and answers.
    Route("knowledge:new", args=lambda w: ["manual"]),
    post("knowledge:new", lambda w: ["manual"], data=lambda w: {"title": "x", "key": uuid.uuid4()}),
    Route("knowledge:contributions"),
    Route("knowledge:article", args=lambda w: [w.article.pk]),
    Route("knowledge:edit", args=lambda w: [w.article.pk]),
    post(
        "knowledge:edit",
        lambda w: [w.article.pk],
        data=lambda w: {"title": "x", "key": uuid.uuid4()},
    ),
    Route("knowledge:history", args=lambda w: [w.article.pk]),
    post("knowledge:restore", lambda w: [w.article.pk, 1]),
    post(
        "knowledge:attach",
        lambda w: [w.article.pk],
        data=lambda w: {"file": held_png(), "kind": "image", "caption": "x"},
    ),
    Route("knowledge:attachment", args=lambda w: [w.article.pk, w.attachment.pk]),
    post("knowledge:detach", lambda w: [w.article.pk, w.attachment.pk]),
    post(
        "knowledge:answer",
        lambda w: [w.question.pk],
        data=lambda w: {"body": "x", "key": uuid.uuid4()},
    ),
    post("knowledge:accept", lambda w: [w.question.pk, w.answer.pk]),
    # The cockpit.
    Route("cockpit:home"),
    Route("cockpit:stage"),
    post("cockpit:mark", data=lambda w: {"item": "x"}),
    post("cockpit:assess", data=lambda w: {"note": "x"}),
    post("cockpit:move", data=lambda w: {"stage": "building"}),
    Route("cockpit:kpis"),
    post("cockpit:set_target", data=lambda w: {"kpi": "x", "target": "1", "tolerance": "1"}),
    post("cockpit:add_effect", data=lambda w: {"kind": "x", "amount": "1"}),
    post("cockpit:add_indicator", data=lambda w: {"name": "x", "unit": "x", "target": "1"}),
    post(
        "cockpit:add_reading", data=lambda w: {"indicator": "1", "month": "2026-01", "value": "1"}
    ),
    Route("cockpit:coordinator"),
    post("cockpit:coordinator_mark", data=lambda w: {"item": "r1", "done": "on", "how": "x"}),
    Route("cockpit:levers"),
    post("cockpit:add_document", data=lambda w: {"kind": "mission", "title": "x", "body": "x"}),
    post(
        "cockpit:acknowledge",
        lambda w: [w.document.pk],
        data=lambda w: {"company": w.referral.company_id},
    ),
    post("cockpit:uncertainty", data=lambda w: {"title": "x"}),
    Route("cockpit:risks"),
    post("cockpit:risks", data=lambda w: {"review": w.risk.pk}, takes_id=True),
    Route("cockpit:proposals"),
    Route("cockpit:proposal", args=lambda w: [w.proposal.pk]),
    post(
        "cockpit:vote",
        lambda w: [w.proposal.pk],
        data=lambda w: {"company": w.referral.company_id, "choice": "yes"},
    ),
    Route("cockpit:maps"),
    Route("cockpit:mix"),
    post("cockpit:add_circle_person", data=lambda w: {"circle": "core", "name": "x"}),
    post("cockpit:add_opinion", lambda w: [w.outsider.pk], data=lambda w: {"text": "x"}),
    Route("cockpit:canvas"),
    post("cockpit:canvas", data=lambda w: {"value_propositions": "x"}),
    Route("cockpit:incorporation"),
    post("cockpit:incorporation", data=lambda w: {"action": "figures", "workers": "9"}),
    Route("cockpit:cases"),
    Route("cockpit:case", args=lambda w: ["niigata-itcoop"]),
    Route("cockpit:supporters"),
    Route("cockpit:supporters_pdf"),
    # Imports and exports.
    Route("imports:group"),
    Route("imports:job", args=lambda w: [w.job.pk]),
    Route("imports:template", args=lambda w: ["companies", "csv"]),
    Route("imports:export", args=lambda w: ["all", "xlsx"]),
    Route("imports:export", args=lambda w: ["companies", "csv"]),
    Route("imports:export", args=lambda w: ["equipment", "csv"]),
    # Webhooks: the endpoint and delivery ids travel in the form.
    Route("webhooks:manage"),
    Route("webhooks:delete", args=lambda w: [w.endpoint.pk]),
    post("webhooks:delete", args=lambda w: [w.endpoint.pk]),
    post(
        "webhooks:manage",
        data=lambda w: {"action": "delete", "endpoint": w.endpoint.pk},
        takes_id=True,
    ),
    post(
        "webhooks:manage",
        data=lambda w: {"action": "ping", "endpoint": w.endpoint.pk},
        takes_id=True,
    ),
    post(
        "webhooks:manage",
        data=lambda w: {"action": "deactivate", "endpoint": w.endpoint.pk},
        takes_id=True,
    ),
    post(
        "webhooks:manage",
        data=lambda w: {"action": "retry", "delivery": w.delivery.pk},
        takes_id=True,
    ),
    post(
        "webhooks:manage",
        data=lambda w: {
            "action": "create",
            "url": "https://93.184.215.14/x",
            "events": "inquiry.created",
        },
    ),
    # The group's members and settings.
    Route("orgs:manage_members"),
    post("orgs:add_member", data=lambda w: {"name": "よその会社"}),
    Route("orgs:edit_membership", args=lambda w: [w.membership.pk]),
    post(
        "orgs:edit_membership", lambda w: [w.membership.pk], data=lambda w: {"internal_note": "x"}
    ),
    Route("orgs:settings"),
    post("orgs:settings", data=lambda w: {"name": "乗っ取り"}),
    post("orgs:invite", data=lambda w: {"email": "eve@example.com", "role": "coordinator"}),
    Route("orgs:nda"),
    # Individual members: adding a person, a member's standing in a 企業組合, a person's skills.
    Route("capabilities:add_individual"),
    post(
        "capabilities:add_individual",
        data=lambda w: {"name": "よその人", "circle": "active", "role": "member"},
    ),
    Route("capabilities:standing", args=lambda w: [w.membership.pk]),
    post("capabilities:standing", lambda w: [w.membership.pk], data=lambda w: {"standing": ""}),
    # A company's id: its skills page sends its own people on to the company editor.
    Route(
        "capabilities:skills_edit",
        args=lambda w: [w.membership.company_id],
        slugged=False,
        owner_status=302,
    ),
    post(
        "capabilities:skills_edit",
        lambda w: [w.membership.company_id],
        data=lambda w: {"section": "basic", "basic-name": "乗っ取り"},
        slugged=False,
    ),
    # Company pages by id: the unlisted member's, and a member's private parts.
    Route("directory:company", args=lambda w: [w.hidden_member.pk], slugged=False),
    Route("directory:company_edit", args=lambda w: [w.membership.company_id], slugged=False),
    post(
        "directory:company_edit",
        lambda w: [w.membership.company_id],
        data=lambda w: {"name": "乗っ取り"},
        slugged=False,
    ),
    Route("directory:equipment_new", args=lambda w: [w.membership.company_id], slugged=False),
    Route(
        "directory:equipment_edit",
        args=lambda w: [w.membership.company_id, w.equipment.pk],
        slugged=False,
    ),
    Route("directory:certification_new", args=lambda w: [w.membership.company_id], slugged=False),
    Route(
        "directory:certification_edit",
        args=lambda w: [w.membership.company_id, w.certification.pk],
        slugged=False,
    ),
    post(
        "directory:photo_add",
        lambda w: [w.hidden_member.pk],
        data=lambda w: {"photo-image": held_png(), "photo-caption": "x"},
        slugged=False,
    ),
    post(
        "directory:photo_delete",
        lambda w: [w.hidden_member.pk, w.hidden_photo.pk],
        slugged=False,
    ),
    Route("directory:photo_file", args=lambda w: [w.hidden_photo.pk], slugged=False),
    Route("directory:evidence_file", args=lambda w: [w.certification.pk], slugged=False),
    # Settlement: the group's books, a member's own money, by id.
    Route("settlement:home"),
    Route("settlement:terms"),
    post("settlement:terms", data=lambda w: {"legal_name": "乗っ取り", "mode": "joint"}),
    Route("settlement:billing", args=lambda w: [w.money.share.company_id]),
    post(
        "settlement:billing",
        lambda w: [w.money.share.company_id],
        data=lambda w: {"legal_name": "x"},
    ),
    Route("settlement:orders"),
    Route("settlement:order", args=lambda w: [w.money.settlement.pk]),
    post(
        "settlement:order", lambda w: [w.money.settlement.pk], data=lambda w: {"action": "accept"}
    ),
    Route(
        "settlement:order_document",
        args=lambda w: [w.money.settlement.pk, w.money.confirmation.pk],
    ),
    Route("settlement:purchase_orders", owner="bob"),
    Route("settlement:purchase_order_pdf", args=lambda w: [w.money.purchase_order.pk], owner="bob"),
    post(
        "settlement:purchase_order_answer",
        lambda w: [w.money.purchase_order.pk],
        data=lambda w: {"decision": "decline", "reason": "x"},
    ),
    Route("settlement:prices", owner="bob"),
    post(
        "settlement:prices", data=lambda w: {"share": w.money.share.pk, "price": "1"}, takes_id=True
    ),
    Route("settlement:invoices"),
    Route("settlement:invoice", args=lambda w: [w.money.invoice.pk]),
    Route("settlement:invoice_pdf", args=lambda w: [w.money.invoice.pk]),
    Route("settlement:invoice_xml", args=lambda w: [w.money.invoice.pk]),
    Route("settlement:credit_note", args=lambda w: [w.money.invoice.pk]),
    post(
        "settlement:credit_note",
        lambda w: [w.money.invoice.pk],
        data=lambda w: {"amount_10": "100", "reason": "x"},
    ),
    post("settlement:issue_invoice", lambda w: [w.money.settlement.pk]),
    Route("settlement:payments"),
    post(
        "settlement:payments",
        data=lambda w: {
            "action": "record",
            "received_on": "2026-01-05",
            "amount_yen": "100",
            "payer_name": "x",
            "invoice": w.money.invoice.pk,
        },
        # the id is a choice of the form: refused as an invalid choice (400)
        takes_id=False,
    ),
    Route("settlement:bank_import", args=lambda w: [w.money.bank_import.pk]),
    Route("settlement:allocate", args=lambda w: [w.money.payment.pk]),
    post(
        "settlement:allocate",
        lambda w: [w.money.payment.pk],
        data=lambda w: {f"amount_{w.money.invoice.pk}": "100"},
    ),
    Route("settlement:overdue"),
    Route("settlement:remind", args=lambda w: [w.money.invoice.pk]),
    post("settlement:remind", lambda w: [w.money.invoice.pk]),
    Route("settlement:statements"),
    Route("settlement:statements_issue"),
    post("settlement:statements_issue", data=lambda w: {"month": "2026-01"}),
    Route("settlement:statement", args=lambda w: [w.money.statement.pk]),
    post("settlement:statement_confirm", lambda w: [w.money.statement.pk]),
    post(
        "settlement:statement_dispute",
        lambda w: [w.money.statement.pk],
        data=lambda w: {"note": "x"},
    ),
    Route("settlement:statement_pdf", args=lambda w: [w.money.statement.pk, "statement"]),
    Route("settlement:payouts"),
    post(
        "settlement:payout_make",
        data=lambda w: {"transfer_on": "2026-12-25", "statements": w.money.statement.pk},
        # the id is a choice of the form: refused as an invalid choice (400)
        takes_id=False,
    ),
    Route("settlement:payout_download", args=lambda w: [w.money.transfer.pk]),
    post("settlement:payout_paid", lambda w: [w.money.transfer.pk]),
    Route("settlement:trades", owner="bob"),
    Route("settlement:trade_new", owner="bob"),
    post(
        "settlement:trade_new",
        data=lambda w: {
            "seller": w.hidden_member.pk,
            "description": "x",
            "quantity": "1",
            "amount_yen": "1",
        },
        takes_id=True,
    ),
    Route("settlement:trade", args=lambda w: [w.money.trade.pk], owner="bob"),
    post("settlement:trade_answer", lambda w: [w.money.trade.pk], data=lambda w: {"accept": "1"}),
    post("settlement:trade_delivered", lambda w: [w.money.trade.pk]),
    Route("settlement:trade_invoice", args=lambda w: [w.money.trade.pk], owner=None),
    Route("settlement:archive"),
    Route("settlement:archive_zip"),
    Route("settlement:document_history", args=lambda w: [w.money.invoice.pk]),
    Route("settlement:archive_file", args=lambda w: [w.money.invoice.pk, "pdf"]),
    Route("settlement:export"),
    Route("settlement:distribution"),
    post("settlement:distribution", data=lambda w: {"fiscal_year": "2025", "surplus": "1000"}),
    Route("settlement:capital"),
    post(
        "settlement:capital",
        data=lambda w: {
            "company": w.money.share.company_id,
            "on": "2026-01-05",
            "units": "1",
            "paid_in_yen": "1",
        },
        # the id is a choice of the form: refused as an invalid choice (400)
        takes_id=False,
    ),
    Route("settlement:distribution_detail", args=lambda w: [w.money.distribution.pk]),
    Route("settlement:distribution_csv", args=lambda w: [w.money.distribution.pk]),
    post("settlement:distribution_propose", lambda w: [w.money.distribution.pk]),
    post("settlement:distribution_adopt", lambda w: [w.money.distribution.pk]),
    # Member scorecards: the company's own people and the coordinators only.
    Route("quality:scorecards"),
    Route("quality:scorecards", owner="bob"),
    Route("quality:scorecard", args=lambda w: [w.membership.company_id]),
    # Quality documents: upload, download, what a package or a line requires, the setting.
    post("quality:document_upload", lambda w: [w.package.pk], data=lambda w: {"kind": "rohs"}),
    Route(
        "quality:document",
        args=lambda w: [w.package.pk, _quality_document(w).pk],
        takes_id=True,
    ),
    post("quality:package_requirement", lambda w: [w.package.pk], data=lambda w: {"kinds": "rohs"}),
    post(
        "quality:line_requirement",
        lambda w: [w.inquiry.pk, w.inquiry.lines.first().pk],
        data=lambda w: {"kinds": "rohs"},
        takes_id=True,
    ),
    Route("quality:settings"),
    post("quality:settings", data=lambda w: {"share_with_customer": "on"}),
    # The group's choice to share its figures with the region.
    Route("region:sharing"),
    post("region:sharing", data=lambda w: {"shares": "on"}),
    # The printed catalogue: the coordinator's print page; a member's own choice to stay out.
    Route("catalogue:manage"),
    post("catalogue:listing", lambda w: [w.membership.company_id], data=lambda w: {"listed": "0"}),
    # Joining and leaving: applications and their screening, fees, documents, leaving.
    Route("joining:applications"),
    post("joining:settings", data=lambda w: {"probation_jobs": "1"}),
    Route("joining:application", args=lambda w: [held_application(w).pk]),
    post("joining:check", lambda w: [held_application(w).pk], data=lambda w: {"item": "profile"}),
    post("joining:propose", lambda w: [held_application(w).pk]),
    post("joining:accept", lambda w: [held_application(w).pk]),
    post("joining:decline", lambda w: [held_application(w).pk], data=lambda w: {"reason": "x"}),
    Route("joining:fees"),
    post(
        "joining:fees",
        data=lambda w: {"company": w.membership.company_id, "year": 2025, "amount_yen": 1},
        takes_id=True,
    ),
    Route("joining:documents", owner="bob"),
    post(
        "joining:acknowledge",
        lambda w: [w.document.pk],
        data=lambda w: {"company": w.membership.company_id},
    ),
    Route("joining:leave", args=lambda w: [w.membership.pk]),
    post(
        "joining:leave",
        lambda w: [w.membership.pk],
        data=lambda w: {"left_on": "2026-01-01", "reason": "x"},
    ),
    # The group's own products: the coordinator's pages (the public ones are not in the table).
    Route("products:manage"),
    Route("products:new"),
    post("products:new", data=lambda w: {"name": "x", "slug": "x", "price_yen": "1"}),
    Route("products:edit", args=lambda w: [_product_order(w).product_id], takes_id=True),
    post(
        "products:edit",
        lambda w: [_product_order(w).product_id],
        data=lambda w: {"name": "x"},
        takes_id=True,
    ),
    post(
        "products:option_add",
        lambda w: [_product_order(w).product_id],
        data=lambda w: {"name": "x", "price_delta_yen": "1"},
        takes_id=True,
    ),
    post(
        "products:option_remove",
        lambda w: [_product_order(w).product_id, 1],
        takes_id=True,
    ),
    post("products:photo_add", lambda w: [_product_order(w).product_id], takes_id=True),
    post(
        "products:photo_remove",
        lambda w: [_product_order(w).product_id, 1],
        takes_id=True,
    ),
    post(
        "products:stock",
        lambda w: [_product_order(w).product_id],
        data=lambda w: {"delta": "5"},
        takes_id=True,
    ),
    Route("products:orders"),
    Route("products:manage_order", args=lambda w: [_product_order(w).pk], takes_id=True),
    post(
        "products:order_action",
        lambda w: [_product_order(w).pk],
        data=lambda w: {"action": "ship"},
        takes_id=True,
    ),
    Route("products:cancel", args=lambda w: [_product_order(w).pk], takes_id=True),
    post(
        "products:cancel",
        lambda w: [_product_order(w).pk],
        data=lambda w: {"reason": "x"},
        takes_id=True,
    ),
    # A person's own things by id.
    Route("notices:open", args=lambda w: [w.notice.pk], slugged=False, owner_status=302),
    post("api:revoke_token", lambda w: [w.token.pk], slugged=False),
]

# Group-scoped or id-taking patterns that are not in the table, and why.
NOT_IN_TABLE = {
    "inquiries:window": "the public window: anyone may send an inquiry",
    "portal:again": "scoped by the customer session's verified e-mail, not a group: another "
    "address's id is a 404 (portal/tests/test_list.py)",
    "inquiries:tracking_pdf": "keyed by the tracking token, which is the customer's secret",
    "quality:tracking_document": "keyed by the tracking token, which is the customer's secret; "
    "another order's document is a 404 (quality/tests/test_documents.py)",
    "region:overview": "the region's aggregates, not a group's: who may see them (operators, "
    "the region's supporters, sharing groups' coordinators) is region/tests/test_region.py's",
    "region:dictionary": "the region's open-data dictionary (region/tests/test_region.py)",
    "region:licence": "the region's open-data licence, operators only (region/tests)",
    "region:download": "the region's aggregates as open data (region/tests/test_region.py)",
    "settlement:customer_document": "keyed by the tracking token, which is the customer's "
    "secret; another order's document is a 404 (settlement/tests/test_orders.py)",
    "orgs:group": "the public group page (checked for leaks below)",
    "directory:members": "the public directory (checked for leaks below)",
    "knowledge:group": "the group's article list (checked for leaks below)",
    "catalogue:page": "the public catalogue, listed members only (checked for leaks below)",
    "catalogue:pdf": "the public catalogue as a PDF (catalogue/tests: listed members only)",
    "catalogue:pdf_en": "the public catalogue's English PDF (catalogue/tests)",
    "joining:apply": "the public application to join: anyone may apply (joining/tests)",
    "joining:sent": "the public thank-you page after applying; it names no application",
    "joining:rules": "the group's current member rules, public for applicants to read",
    "products:list": "the group's published products, public (products/tests)",
    "products:detail": "a published product's page and order form, public; unpublished ones "
    "and another group's are 404 (products/tests/test_orders.py)",
    "products:photo": "a published product's photo, public; another group's is 404 "
    "(products/tests/test_orders.py)",
    "products:invoice_pdf": "keyed by the order's tracking token, the customer's secret; "
    "another order's invoice is a 404 (products/tests/test_invoices.py)",
}
