"""Drawings seen in the browser: the preview task, the drawing's page, its files and who may
see them (exactly whoever may download the drawing)."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from renkei.conftest_helpers import login, run_worker
from renkei.core.models import AuditEntry
from renkei.inquiries.models import Referral
from renkei.inquiries.referrals import refer
from renkei.previews.choices import PreviewStatus
from renkei.previews.models import DrawingPreview
from renkei.previews.tasks import make_preview

from .conftest import send_inquiry

QUEUE = pytest.mark.django_db(databases="__all__", transaction=True)


def _page(inquiry, drawing, where="manage", pk=None):
    return reverse(f"previews:{where}_page", args=["miyako", pk or inquiry.pk, drawing.pk])


def _files(where, slug, pk, drawing):
    args = [slug, pk, drawing.pk]
    return [
        reverse(f"previews:{where}_page", args=args),
        reverse(f"previews:{where}_thumb", args=args),
        reverse(f"previews:{where}_file", args=[*args, 1]),
        reverse(f"previews:{where}_mesh", args=args),
    ]


@QUEUE
def test_an_accepted_pdf_and_stl_get_their_previews(client, alice, drawn_inquiry):
    run_worker()
    pdf, stl = drawn_inquiry.drawings.order_by("pk")
    pdf_preview, stl_preview = pdf.preview, stl.preview
    assert pdf_preview.status == PreviewStatus.READY, pdf_preview.error
    assert pdf_preview.page_count == 2 and len(pdf_preview.pages) == 2
    assert stl_preview.status == PreviewStatus.READY, stl_preview.error
    assert stl_preview.mesh_format == "stl"
    assert stl_preview.bbox_mm == [100.0, 50.0, 20.0]

    login(client, alice)
    page = client.get(_page(drawn_inquiry, pdf)).content.decode()
    second = reverse("previews:manage_file", args=["miyako", drawn_inquiry.pk, pdf.pk, 2])
    assert second in page and 'href="#page-2"' in page
    image = client.get(second)
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert b"".join(image.streaming_content).startswith(b"\x89PNG")
    thumb = client.get(reverse("previews:manage_thumb", args=["miyako", drawn_inquiry.pk, pdf.pk]))
    assert thumb.status_code == 200

    model = client.get(_page(drawn_inquiry, stl)).content.decode()
    assert "外形 100 × 50 × 20 mm" in model
    mesh_url = reverse("previews:manage_mesh", args=["miyako", drawn_inquiry.pk, stl.pk])
    assert mesh_url in model and "previews/viewer.js" in model
    assert client.get(mesh_url)["Content-Type"] == "model/stl"
    # The inquiry's page shows the thumbnails, each linking to the drawing's page.
    detail = client.get(reverse("inquiries:detail", args=["miyako", drawn_inquiry.pk]))
    assert _page(drawn_inquiry, stl) in detail.content.decode()
    board = client.get(reverse("inquiries:board", args=["miyako"])).content.decode()
    assert reverse("previews:manage_thumb", args=["miyako", drawn_inquiry.pk, stl.pk]) in board


@QUEUE
def test_a_second_run_leaves_a_current_preview_alone(drawn_inquiry):
    run_worker()
    drawing = drawn_inquiry.drawings.order_by("pk").first()
    before = DrawingPreview.objects.get(drawing=drawing)
    assert make_preview.call(drawing.pk) == "done"
    after = DrawingPreview.objects.get(drawing=drawing)
    assert (after.pages, after.updated_at) == (before.pages, before.updated_at)


@QUEUE
def test_the_backfill_makes_missing_and_outdated_previews(drawn_inquiry):
    run_worker()
    pdf, stl = drawn_inquiry.drawings.order_by("pk")
    DrawingPreview.objects.filter(drawing=pdf).delete()
    DrawingPreview.objects.filter(drawing=stl).update(converter_version=0)
    call_command("previews", "--missing", "--now")
    assert DrawingPreview.objects.get(drawing=pdf).status == PreviewStatus.READY
    from renkei.lib.preview import CONVERTER_VERSION

    assert DrawingPreview.objects.get(drawing=stl).converter_version == CONVERTER_VERSION


@pytest.mark.django_db
def test_the_page_says_the_preview_is_being_made_until_the_worker_ran(client, alice, drawn_inquiry):
    login(client, alice)
    drawing = drawn_inquiry.drawings.first()
    page = client.get(_page(drawn_inquiry, drawing)).content.decode()
    assert "プレビューを作成中です" in page
    assert reverse("inquiries:drawing", args=["miyako", drawn_inquiry.pk, drawing.pk]) in page


@QUEUE
def test_a_file_that_cannot_be_shown_gets_a_polite_message_and_still_downloads(
    client, alice, group
):
    inquiry = send_inquiry(group, [("古い図面.dwg", b"AC1027" + b"\0" * 200)])
    run_worker()
    drawing = inquiry.drawings.get()
    assert drawing.preview.status == PreviewStatus.FAILED
    login(client, alice)
    page = client.get(_page(inquiry, drawing)).content.decode()
    assert "ブラウザでは表示できません" in page and "ダウンロード" in page
    assert "unsupported" not in page
    download = client.get(reverse("inquiries:drawing", args=["miyako", inquiry.pk, drawing.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"AC1027")


@pytest.mark.django_db
def test_a_timed_out_conversion_says_so_in_japanese(client, alice, drawn_inquiry):
    from renkei.lib.preview import CONVERTER_VERSION, Preview
    from renkei.previews.services import record_preview

    drawing = drawn_inquiry.drawings.first()
    failed = Preview(False, "pdf", None, (), 0, None, "", None, "timeout", 60.0, 0.0)
    record_preview(drawing=drawing, made=failed, version=CONVERTER_VERSION)
    login(client, alice)
    page = client.get(_page(drawn_inquiry, drawing)).content.decode()
    assert "時間がかかりすぎ" in page and "timeout" not in page


@pytest.mark.django_db
def test_a_dxf_is_served_as_a_sandboxed_image(client, alice, drawn_inquiry, tmp_path):
    from renkei.lib.preview import CONVERTER_VERSION, Preview
    from renkei.previews.services import record_preview

    # Whatever the converter wrote, an SVG can carry script: it must never run.
    svg = Path(tmp_path / "drawing.svg")
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    drawing = drawn_inquiry.drawings.first()
    made = Preview(True, "dxf", None, (svg,), 1, None, "", (120.0, 80.0, 0.0), "", 0.1, 1.0)
    record_preview(drawing=drawing, made=made, version=CONVERTER_VERSION)
    login(client, alice)
    page = client.get(_page(drawn_inquiry, drawing)).content.decode()
    url = reverse("previews:manage_file", args=["miyako", drawn_inquiry.pk, drawing.pk, 1])
    assert f'<img src="{url}"' in page and "<script>alert" not in page
    assert "外形 120 × 80 mm" in page
    response = client.get(url)
    assert response["Content-Type"] == "image/svg+xml"
    assert response["Content-Security-Policy"].startswith("sandbox")
    assert response["X-Content-Type-Options"] == "nosniff"


@QUEUE
def test_viewing_a_drawing_is_audited_like_a_download(client, bob, alice, aoki, drawn_inquiry):
    refer(actor=alice, inquiry=drawn_inquiry, companies=[aoki], reasons={})
    referral = Referral.objects.get()
    drawing = drawn_inquiry.drawings.first()
    login(client, bob)
    assert client.get(_page(drawn_inquiry, drawing, "work", referral.pk)).status_code == 200
    entry = AuditEntry.objects.get(action="drawing.view", actor=bob)
    assert entry.object_id == str(drawing.pk) and drawing.original_name in entry.summary


@QUEUE
def test_nobody_who_may_not_download_sees_a_preview(
    client, alice, bob, carol, dave, hana, aoki, drawn_inquiry
):
    run_worker()
    drawn_inquiry.nda_required = True
    drawn_inquiry.save()
    refer(actor=alice, inquiry=drawn_inquiry, companies=[aoki], reasons={})
    referral = Referral.objects.get()
    pdf, stl = drawn_inquiry.drawings.order_by("pk")
    manage = _files("manage", "miyako", drawn_inquiry.pk, pdf) + _files(
        "manage", "miyako", drawn_inquiry.pk, stl
    )
    work = _files("work", "miyako", referral.pk, pdf) + _files("work", "miyako", referral.pk, stl)
    login(client, alice)
    assert [client.get(u).status_code for u in manage] == [200, 200, 200, 404, 200, 200, 404, 200]
    # bob's company has not accepted the group's NDA: he may not download, so he sees nothing.
    login(client, bob)
    assert {client.get(u).status_code for u in manage + work} == {404}
    for outsider in (carol, dave, hana):  # a supporter, another group's coordinator, not referred
        login(client, outsider)
        assert {client.get(u).status_code for u in manage + work} == {404}, outsider
    assert not AuditEntry.objects.filter(action="drawing.view").exclude(actor=alice).exists()


@QUEUE
def test_the_demo_member_sees_the_demo_drawings_previewed(client):
    from django.contrib.auth import get_user_model

    from renkei.previews.demo import KEY

    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())  # a second load adds nothing
    run_worker()
    member = get_user_model().objects.get(username="member")
    referrals = Referral.objects.filter(inquiry__submission_key=KEY)
    assert referrals.count() == 3  # passed to three machining members, the demo's among them
    referral = referrals.get(company__people__user=member)
    statuses = [d.preview.status for d in referral.inquiry.drawings.all()]
    assert statuses == [PreviewStatus.READY] * 3
    client.force_login(member)
    page = client.get(reverse("inquiries:referral", args=["rakunan-shisaku", referral.pk]))
    assert page.content.decode().count('class="drawing-thumb"') == 3
