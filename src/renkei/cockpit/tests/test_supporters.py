"""The supporters' read-only dashboard and the external-effects PDF for the city or the bank."""

import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from renkei.cockpit.services.kpi import record_effect
from renkei.cockpit.tests.conftest import make_inquiry
from renkei.conftest_helpers import login

pytestmark = pytest.mark.django_db


def test_supporter_downloads_a_pdf_with_the_figures(client, alice, carol, group):
    record_effect(actor=alice, group=group, kind="hires", occurred_on=timezone.localdate(), count=7)
    record_effect(
        actor=alice, group=group, kind="visitors", occurred_on=timezone.localdate(), count=1234
    )
    make_inquiry(group, replied_after_hours=1)
    login(client, carol)

    response = client.get(f"/g/{group.slug}/cockpit/supporters/report.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "外部効果報告書" in text and group.name in text
    assert "1,234" in text and "7" in text
    assert "100.0 %" in text  # reply within promise


def test_supporter_dashboard_is_read_only(client, alice, carol, group):
    record_effect(actor=alice, group=group, kind="media", occurred_on=timezone.localdate(), count=3)
    login(client, carol)

    page = client.get(f"/g/{group.slug}/cockpit/supporters/").content.decode()

    assert 'id="effect-media"' in page and ">3<" in page
    assert '<form method="post"' not in page.split("<main>")[1]


def test_the_report_is_404_for_another_group(client, dave, group):
    login(client, dave)
    assert client.get(f"/g/{group.slug}/cockpit/supporters/report.pdf").status_code == 404
    client.logout()
    assert client.get(f"/g/{group.slug}/cockpit/supporters/report.pdf").status_code == 302
