"""Quality documents: the 検査合格 gate (web and API), uploads checked like drawings, who may open
them, the customer's view when the group shares, and a double submit being one document."""

import io
import json
import uuid

import pytest
from django.urls import reverse

from renkei.api.services import create_api_token
from renkei.conftest_helpers import login, pdf_bytes
from renkei.core.models import AuditEntry
from renkei.inquiries.services import submit_inquiry
from renkei.projects import claims, services
from renkei.projects.choices import EventKind
from renkei.projects.models import PackageEvent, WorkPackage
from renkei.projects.tests.conftest import make_order
from renkei.quality.models import DocumentRequirement, QualityDocument
from renkei.quality.services import documents as quality

pytestmark = pytest.mark.django_db


@pytest.fixture
def order(group, alice):
    return make_order(group, alice)


@pytest.fixture
def last_step(order, alice, bob, aoki):
    """The line's last step (検査), confirmed by aoki; the line asks for a 検査成績書."""
    project, _created = services.start_order_project(actor=alice, order=order)
    services.publish_packages(actor=alice, project=project)
    line = order.inquiry.lines.get()
    quality.set_line_documents(actor=alice, line=line, kinds=["inspection_report"], explicit=True)
    package = WorkPackage.objects.filter(project=project).order_by("-position").first()
    return claims.claim_package(actor=bob, package=package, company=aoki)


def _upload(client, package, *, name="report.pdf", data=None, kind="inspection_report", key=None):
    upload = io.BytesIO(pdf_bytes() if data is None else data)
    upload.name = name
    return client.post(
        reverse("quality:document_upload", args=[package.group.slug, package.pk]),
        {"kind": kind, "file": upload, "submission_key": key or uuid.uuid4().hex},
        follow=True,
    )


def _tap(client, package, kind):
    return client.post(
        reverse("projects:progress", args=[package.group.slug, package.pk]),
        {"kind": kind, "submission_key": uuid.uuid4().hex},
        follow=True,
    )


def test_inspected_waits_for_the_required_report_then_is_recorded(client, bob, last_step):
    login(client, bob)
    page = client.get(reverse("projects:package", args=["miyako", last_step.pk])).content
    assert "検査成績書".encode() in page and "未提出".encode() in page

    refused = _tap(client, last_step, EventKind.INSPECTED).content.decode()
    assert (
        "必要な品質書類（検査成績書）をアップロードするまで、検査合格は記録できません。" in refused
    )
    assert not PackageEvent.objects.filter(package=last_step, kind=EventKind.INSPECTED).exists()
    # Skipping to 出荷 does not get round it.
    assert "出荷は記録できません" in _tap(client, last_step, EventKind.SHIPPED).content.decode()

    uploaded = _upload(client, last_step).content.decode()
    assert "アップロードしました：検査成績書" in uploaded and "提出済み" in uploaded
    assert AuditEntry.objects.filter(action="quality.document_upload").count() == 1

    _tap(client, last_step, EventKind.INSPECTED)
    assert PackageEvent.objects.filter(package=last_step, kind=EventKind.INSPECTED).exists()


def test_the_api_refuses_inspected_with_a_clear_400(client, bob, last_step):
    _made, token = create_api_token(actor=bob, name="生産管理")

    def post() -> tuple[int, dict[str, str]]:
        response = client.post(
            f"/api/v1/groups/miyako/packages/{last_step.pk}/events",
            json.dumps({"kind": "inspected"}),
            content_type="application/json",
            headers={"Authorization": f"Bearer {token}", "Accept-Language": "ja"},
        )
        return response.status_code, json.loads(response.content)

    status, body = post()
    assert status == 400 and "検査成績書" in body["detail"]
    quality.upload_document(
        actor=bob, package=last_step, kind="inspection_report", name="r.pdf",
        data=pdf_bytes(), key="k1",
    )  # fmt: skip
    assert post()[0] == 201


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("tool.exe", b"MZ\x90\x00" * 100, "書類は PDF か写真（JPEG または PNG）で送ってください。"),
        ("report.pdf", b"MZ\x90\x00 this is no PDF" * 10, "このファイルは受け付けられません"),
        ("report.pdf", b"%PDF-1.7\n" + b"0" * (21 * 2**20), "MB を超えています"),
        ("photo.png", b"\x89PNG\r\n\x1a\n broken", "このファイルは受け付けられません"),
    ],
)
def test_hostile_uploads_are_refused_politely(client, bob, last_step, name, data, message):
    login(client, bob)
    response = _upload(client, last_step, name=name, data=data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not QualityDocument.objects.exists()


def test_a_double_submit_is_one_document(client, bob, last_step):
    login(client, bob)
    _upload(client, last_step, key="same-form")
    _upload(client, last_step, key="same-form")
    assert QualityDocument.objects.count() == 1


def test_only_the_package_company_and_coordinators_open_a_document(
    client, alice, bob, hana, dave, last_step
):
    document, _new = quality.upload_document(
        actor=bob, package=last_step, kind="inspection_report", name="青木_成績書.pdf",
        data=pdf_bytes(), key="k",
    )  # fmt: skip
    url = reverse("quality:document", args=["miyako", last_step.pk, document.pk])
    for user, status in ((bob, 200), (alice, 200), (hana, 404), (dave, 404)):
        client.logout()
        login(client, user)
        assert client.get(url).status_code == status, user
    assert AuditEntry.objects.filter(action="quality.document_download").count() == 2
    # Another member sees no section on the package page either.
    page = client.get(reverse("projects:package", args=["miyako", last_step.pk])).content
    assert b"quality-documents" not in page


def test_the_customer_sees_documents_only_when_the_group_shares(client, alice, bob, last_step):
    document, _new = quality.upload_document(
        actor=bob, package=last_step, kind="inspection_report", name="青木_成績書.pdf",
        data=pdf_bytes(), key="k",
    )  # fmt: skip
    inquiry = last_step.project.order.inquiry
    url = reverse("quality:tracking_document", args=[inquiry.tracking_token, document.pk])
    assert b"quality-documents" not in client.get(inquiry.get_tracking_url()).content
    assert client.get(url).status_code == 404

    login(client, alice)
    client.post(reverse("quality:settings", args=["miyako"]), {"share_with_customer": "on"})
    client.logout()
    page = client.get(inquiry.get_tracking_url()).content.decode()
    assert "品質書類" in page and "検査成績書" in page
    response = client.get(url)
    assert response.status_code == 200
    # Named by its kind, never by the member's file name.
    assert "青木" not in response["Content-Disposition"]
    assert AuditEntry.objects.filter(action="quality.document_download").count() == 1


def test_the_coordinator_sets_a_package_without_a_line(client, alice, bob, aoki, last_step):
    added = services.add_package(actor=alice, project=last_step.project, name="梱包")
    services.publish_packages(actor=alice, project=last_step.project)
    added = claims.claim_package(actor=bob, package=added, company=aoki)
    assert quality.required_kinds(added) == []
    login(client, alice)
    client.post(
        reverse("quality:package_requirement", args=["miyako", added.pk]),
        {"kinds": ["conformity", "rohs"]},
    )
    assert quality.missing_documents(added) == ["conformity", "rohs"]
    client.logout()
    login(client, bob)
    page = _tap(client, added, EventKind.INSPECTED).content.decode()
    assert "適合証明書、RoHS 適合宣言書" in page
    # A member cannot change what is required.
    client.post(reverse("quality:package_requirement", args=["miyako", added.pk]), {"kinds": []})
    assert quality.missing_documents(added) == ["conformity", "rohs"]


def test_the_window_line_choice_is_the_lines_requirement(client, group):
    page = client.get(reverse("inquiries:window", args=["miyako"])).content.decode()
    assert "必要な検査書類" in page and "ミルシート" in page
    inquiry, _new = submit_inquiry(
        group=group,
        key=uuid.uuid4(),
        header={"customer_company": "株式会社ロケット工房", "contact_name": "宇宙 太郎",
                "email": "taro@rocket.example", "title": "シャフト", "description": "図面通り"},
        lines=[{"part_name": "シャフト", "quantity": 2,
                "quality_documents": ["mill_certificate", "inspection_report"]}],
    )  # fmt: skip
    requirement = DocumentRequirement.objects.get(line=inquiry.lines.get())
    assert requirement.kinds == ["inspection_report", "mill_certificate"]
