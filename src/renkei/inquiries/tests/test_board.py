"""The coordinator's board and drawings: only the group's coordinators, every download audited."""

import pytest
from django.urls import reverse

from renkei.conftest_helpers import login
from renkei.core.models import AuditEntry
from renkei.inquiries.models import Inquiry

from .test_window import WINDOW, form_data


@pytest.fixture
def inquiry(client, group, pdf):
    client.post(WINDOW, form_data(files=[pdf]))
    client.logout()
    return Inquiry.objects.get()


@pytest.mark.django_db
def test_coordinator_sees_the_inquiry_with_its_reply_clock(client, alice, inquiry):
    login(client, alice)
    html = client.get(reverse("inquiries:board", args=["miyako"])).content.decode()
    assert inquiry.reference in html
    assert "min left" in html or "overdue" in html
    detail = client.get(reverse("inquiries:detail", args=["miyako", inquiry.pk]))
    assert "ブラケット" in detail.content.decode()


@pytest.mark.django_db
def test_drawing_download_is_audited(client, alice, inquiry):
    login(client, alice)
    drawing = inquiry.drawings.get()
    url = reverse("inquiries:drawing", args=["miyako", inquiry.pk, drawing.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert "attachment" in response["Content-Disposition"]
    entry = AuditEntry.objects.get(action="drawing.download")
    assert entry.actor == alice and "図面 A-100.pdf" in entry.summary


@pytest.mark.django_db
def test_members_supporters_and_other_groups_get_404(client, bob, carol, dave, inquiry):
    drawing = inquiry.drawings.get()
    urls = [
        reverse("inquiries:board", args=["miyako"]),
        reverse("inquiries:detail", args=["miyako", inquiry.pk]),
        reverse("inquiries:drawing", args=["miyako", inquiry.pk, drawing.pk]),
    ]
    for user in (bob, carol, dave):
        login(client, user)
        for url in urls:
            assert client.get(url).status_code == 404, (user, url)
    assert not AuditEntry.objects.filter(action="drawing.download").exists()


@pytest.mark.django_db
def test_another_groups_inquiry_id_is_404_for_a_coordinator(client, dave, other_group, inquiry):
    login(client, dave)
    url = reverse("inquiries:detail", args=[other_group.slug, inquiry.pk])
    assert client.get(url).status_code == 404
