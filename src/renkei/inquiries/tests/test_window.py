"""The public inquiry window: saved in full before 受付完了, once, with nothing typed lost."""

import re
import uuid

import pytest
from django.test import Client
from django.urls import reverse

from renkei.conftest_helpers import run_worker
from renkei.inquiries.models import Drawing, Inquiry

from .conftest import STEP, pdf_bytes, upload

WINDOW = "/g/miyako/inquiry/"


def form_data(**extra):
    data = {
        "submission_key": str(uuid.uuid4()),
        "customer_company": "株式会社ロケット工房",
        "contact_name": "宇宙 太郎",
        "email": "taro@rocket.example",
        "title": "アルミブラケット試作",
        "description": "A7075 のブラケットを 5 個。5軸加工の後アルマイト。",
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "1",
        "lines-MAX_NUM_FORMS": "20",
        "lines-0-part_name": "ブラケット",
        "lines-0-drawing_number": "A-100",
        "lines-0-quantity": "5",
        "lines-0-material": "A7075",
        "lines-0-process_text": "5軸加工 → アルマイト",
    }
    data.update(extra)
    return data


@pytest.mark.django_db
def test_anyone_sees_the_window_of_a_public_group(client, group):
    response = client.get(WINDOW)
    assert response.status_code == 200
    assert 'name="submission_key"' in response.content.decode()
    assert client.get("/g/no-such-group/inquiry/").status_code == 404


@pytest.mark.django_db
def test_an_inquiry_with_a_pdf_and_a_step_file_is_saved_before_the_customer_is_told(
    client, group, pdf, step
):
    response = client.post(WINDOW, form_data(files=[pdf, step]))
    inquiry = Inquiry.objects.get()
    assert response.status_code == 302
    assert response["Location"] == inquiry.get_tracking_url() + "?received=1"
    line = inquiry.lines.get()
    assert [s.process.code for s in line.line_steps.select_related("process")] == [
        "five_axis",
        "anodizing",
    ]
    names = sorted(d.original_name for d in inquiry.drawings.all())
    assert names == ["bracket.step", "図面 A-100.pdf"]
    for drawing in inquiry.drawings.all():
        assert drawing.original_name not in drawing.file.name  # stored under a random name
    assert {d.kind for d in inquiry.drawings.all()} == {"pdf", "step"}
    assert inquiry.reply_due_at is not None and inquiry.reply_due_at > inquiry.received_at

    page = client.get(response["Location"]).content.decode()
    assert "受付完了" in page or "received your inquiry" in page
    assert inquiry.reference in page


@pytest.mark.django_db
def test_a_double_submit_makes_one_inquiry(client, group):
    data = form_data()
    first = client.post(WINDOW, data)
    second = client.post(WINDOW, data)
    assert Inquiry.objects.count() == 1
    assert first["Location"] == second["Location"]


@pytest.mark.django_db
def test_an_error_keeps_what_was_typed_and_the_drawings_already_sent(client, group, pdf):
    data = form_data(email="not-an-address", files=[pdf])
    response = client.post(WINDOW, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "株式会社ロケット工房" in html and "5軸加工 → アルマイト" in html
    assert "図面 A-100.pdf" in html  # listed as already attached
    assert not Inquiry.objects.exists()

    data.pop("files")
    data["email"] = "taro@rocket.example"
    client.post(WINDOW, data)
    assert Inquiry.objects.get().drawings.count() == 1


@pytest.mark.django_db
def test_missing_fields_are_named(client, group):
    response = client.post(WINDOW, form_data(customer_company="", **{"lines-0-part_name": ""}))
    assert response.status_code == 400
    assert response.content.decode().count("This field is required.") >= 2
    assert not Inquiry.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("invoice.pdf", b"MZ\x90\x00" + b"\x00" * 200, "not a PDF"),
        ("empty.step", b"", "empty"),
        ("tool.exe", b"MZ\x90\x00", "not accepted"),
    ],
)
def test_bad_files_are_refused_by_name_and_the_rest_is_kept(client, group, name, data, reason):
    response = client.post(WINDOW, form_data(files=[upload(name, data)]))
    assert response.status_code == 400
    html = response.content.decode()
    assert name in html
    assert reason in html
    assert "株式会社ロケット工房" in html
    assert not Inquiry.objects.exists()
    assert not Drawing.objects.exists()


@pytest.mark.django_db
def test_a_51_mb_file_is_refused(client, group):
    big = upload("big.step", STEP + b" " * (51 * 2**20))
    response = client.post(WINDOW, form_data(files=[big]))
    assert response.status_code == 400
    assert "50 MB" in response.content.decode()
    assert not Drawing.objects.exists()


@pytest.mark.django_db
def test_twenty_one_files_are_refused(client, group):
    files = [upload(f"part{n}.step", STEP) for n in range(21)]
    response = client.post(WINDOW, form_data(files=files))
    assert response.status_code == 400
    assert "At most 20 files" in response.content.decode()
    assert not Drawing.objects.exists()


@pytest.mark.django_db
def test_a_zip_with_parent_directory_names_is_refused(client, group):
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("../../evil.step", STEP)
    response = client.post(WINDOW, form_data(files=[upload("drawings.zip", buffer.getvalue())]))
    assert response.status_code == 400
    assert "drawings.zip" in response.content.decode()
    assert not Drawing.objects.exists()


@pytest.mark.django_db
def test_a_zip_bomb_is_refused_with_what_was_typed_kept(client, group):
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("huge.step", b"\x00" * (300 * 2**20))  # 300 MB unpacked
    assert len(buffer.getvalue()) < 1_000_000
    response = client.post(WINDOW, form_data(files=[upload("bomb.zip", buffer.getvalue())]))
    assert response.status_code == 400
    html = response.content.decode()
    assert "bomb.zip" in html
    assert "株式会社ロケット工房" in html and "アルミブラケット試作" in html
    assert not Inquiry.objects.exists()
    assert not Drawing.objects.exists()


@pytest.mark.django_db
def test_html_in_text_fields_is_shown_inert(client, group, alice):
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    client.post(WINDOW, form_data(title=hostile, description=hostile))
    inquiry = Inquiry.objects.get()
    assert inquiry.title == hostile  # kept as typed
    page = client.get(inquiry.get_tracking_url()).content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    from renkei.conftest_helpers import login

    login(client, alice)
    board = client.get(reverse("inquiries:board", args=["miyako"])).content.decode()
    assert "<img src=x" not in board


@pytest.mark.django_db
def test_the_form_needs_the_csrf_token(group):
    client = Client(enforce_csrf_checks=True)
    assert client.post(WINDOW, form_data()).status_code == 403
    assert not Inquiry.objects.exists()


@pytest.mark.django_db
def test_another_inquirys_token_or_a_made_up_one_shows_nothing(client, group):
    client.post(WINDOW, form_data())
    inquiry = Inquiry.objects.get()
    assert client.get(f"/t/{inquiry.tracking_token[:-2]}xx/").status_code == 404
    response = client.get(inquiry.get_tracking_url())
    assert response["Referrer-Policy"] == "same-origin"
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


@pytest.mark.django_db
def test_add_another_part_keeps_the_first(client, group):
    response = client.post(WINDOW, form_data(add_line="1"))
    html = response.content.decode()
    assert 'name="lines-1-part_name"' in html
    assert 'value="ブラケット"' in html
    assert not Inquiry.objects.exists()


@pytest.mark.django_db(databases="__all__", transaction=True)
def test_the_customer_gets_one_acknowledgement_with_the_tracking_link(client, group, smtp):
    client.post(WINDOW, form_data())
    inquiry = Inquiry.objects.get()
    run_worker()
    run_worker()
    assert len(smtp.messages) == 1
    recipients, body = smtp.messages[0]
    assert recipients == ["taro@rocket.example"]
    flat = re.sub(r"=\r?\n", "", body)
    assert inquiry.tracking_token in flat
    from renkei.inquiries.tasks import acknowledge_inquiry

    assert acknowledge_inquiry.call(inquiry.pk) == "skipped"
    assert len(smtp.messages) == 1


def test_pdf_fixture_is_a_real_pdf():
    assert pdf_bytes().startswith(b"%PDF-")
