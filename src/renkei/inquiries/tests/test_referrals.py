"""The coordinator passes an inquiry to members; each is mailed once and answers on its page."""

import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from renkei.conftest_helpers import CUSTOMER, login, run_worker
from renkei.core.models import AuditEntry
from renkei.inquiries.choices import InquiryStatus
from renkei.inquiries.models import Referral
from renkei.inquiries.services import submit_inquiry

from .conftest import pdf_bytes, upload

HEADER = CUSTOMER


@pytest.fixture
def inquiry(group, aoki, sakura):
    from renkei.inquiries.services import stage_drawing

    key = uuid.uuid4()
    stage_drawing(group=group, key=key, upload=upload("shaft.pdf", pdf_bytes()))
    made, _ = submit_inquiry(
        group=group,
        key=key,
        header=HEADER,
        lines=[{"part_name": "シャフト", "quantity": 3, "process_text": "旋削 → 無電解ニッケル"}],
    )
    return made


def refer(client, inquiry, *companies):
    url = reverse("inquiries:refer", args=["miyako", inquiry.pk])
    return client.post(url, {"company": [c.pk for c in companies]})


@pytest.mark.django_db(databases="__all__", transaction=True)
def test_members_are_mailed_once_and_answer(client, alice, bob, aoki, sakura, inquiry, smtp):
    login(client, alice)
    detail = client.get(reverse("inquiries:detail", args=["miyako", inquiry.pk])).content.decode()
    assert f'name="company" value="{aoki.pk}"' in detail
    refer(client, inquiry, aoki, sakura)
    refer(client, inquiry, aoki)  # twice: still one referral, one mail
    assert Referral.objects.filter(inquiry=inquiry).count() == 2
    run_worker()
    run_worker()
    to_bob = [m for m in smtp.messages if m[0] == ["bob@example.com"]]
    assert len(to_bob) == 1
    referral = Referral.objects.get(company=aoki)
    assert reverse("inquiries:referral", args=["miyako", referral.pk]) in to_bob[0][1]
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.REVIEWING

    login(client, bob)
    url = reverse("inquiries:referral", args=["miyako", referral.pk])
    page = client.get(url).content.decode()
    assert "シャフト" in page and "taro@rocket.example" not in page  # customer contact stays
    missing = client.post(url, {"kind": "can"})
    assert missing.status_code == 400
    response = client.post(url, {"kind": "can", "price_yen": "48000", "lead_days": "7"})
    assert response.status_code == 302
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.ANSWERED
    assert referral.answer.price_yen == 48000

    drawing = inquiry.drawings.get()
    got = client.get(
        reverse("inquiries:referral_drawing", args=["miyako", referral.pk, drawing.pk])
    )
    assert got.status_code == 200
    assert AuditEntry.objects.filter(action="drawing.download", actor=bob).exists()

    login(client, alice)
    detail = client.get(reverse("inquiries:detail", args=["miyako", inquiry.pk])).content.decode()
    assert "48,000" in detail


@pytest.mark.django_db
def test_only_the_referred_members_people_see_it(client, alice, bob, carol, dave, sakura, inquiry):
    login(client, alice)
    refer(client, inquiry, sakura)
    referral = Referral.objects.get()
    url = reverse("inquiries:referral", args=["miyako", referral.pk])
    for user in (bob, carol, dave):  # bob answers for aoki, not sakura
        login(client, user)
        assert client.get(url).status_code == 404, user


@pytest.mark.django_db
def test_a_cannot_answer_needs_a_reason_and_nda_drawings_stay_hidden(
    client, alice, bob, aoki, inquiry
):
    inquiry.nda_required = True
    inquiry.save()
    login(client, alice)
    refer(client, inquiry, aoki)
    referral = Referral.objects.get()
    login(client, bob)
    url = reverse("inquiries:referral", args=["miyako", referral.pk])
    assert "shaft.pdf" not in client.get(url).content.decode()
    drawing = inquiry.drawings.get()
    dl = reverse("inquiries:referral_drawing", args=["miyako", referral.pk, drawing.pk])
    assert client.get(dl).status_code == 404
    assert client.post(url, {"kind": "cannot"}).status_code == 400
    assert (
        client.post(url, {"kind": "cannot", "notes": "ニッケルは外注になります"}).status_code == 302
    )


@pytest.mark.django_db
def test_a_coordinator_cannot_refer_to_another_groups_company(client, alice, other_group, inquiry):
    from renkei.orgs.services import create_company

    outsider = create_company(actor=None, group=other_group, name="北の会社")
    login(client, alice)
    refer(client, inquiry, outsider)
    assert not Referral.objects.exists()


@pytest.mark.django_db
def test_a_company_that_left_the_group_no_longer_sees_its_inquiries(
    client, alice, bob, aoki, group, inquiry
):

    from renkei.inquiries.comments import can_read_thread
    from renkei.orgs.models import Membership
    from renkei.orgs.services import end_membership

    login(client, alice)
    refer(client, inquiry, aoki)
    referral = Referral.objects.get()
    url = reverse("inquiries:referral", args=["miyako", referral.pk])
    login(client, bob)
    assert client.get(url).status_code == 200
    assert can_read_thread(bob, inquiry)
    membership = Membership.objects.for_group(group).current().get(company=aoki)
    end_membership(actor=alice, membership=membership, left_on=timezone.localdate())
    assert client.get(url).status_code == 404
    assert client.post(url, {"kind": "cannot", "notes": "辞退"}).status_code == 404
    assert not can_read_thread(bob, inquiry)
    assert not referral.__class__.objects.filter(answer__isnull=False).exists()


@pytest.mark.django_db(databases="__all__", transaction=True)
def test_mail_subjects_keep_what_the_customer_typed(client, alice, bob, aoki, group, smtp):
    from email import message_from_string
    from email.policy import default

    inquiry, _ = submit_inquiry(
        group=group,
        key=uuid.uuid4(),
        header={**HEADER, "title": 'A&B "Shaft" <Ø10>'},
        lines=[{"part_name": "シャフト", "process_text": "5軸"}],
    )
    login(client, alice)
    refer(client, inquiry, aoki)
    run_worker()
    subjects = [message_from_string(raw, policy=default)["subject"] for _to, raw in smtp.messages]
    assert any('A&B "Shaft" <Ø10>' in s for s in subjects), subjects
    assert not any("&amp;" in s or "&lt;" in s for s in subjects)


@pytest.mark.django_db(databases="__all__", transaction=True)
def test_coordinators_are_told_of_a_new_inquiry_once_and_of_each_answer(
    client, alice, bob, aoki, group, smtp
):
    from renkei.notices.models import Notice, NoticeKind

    inquiry, _ = submit_inquiry(group=group, key=uuid.uuid4(), header=HEADER, lines=[])
    run_worker()
    run_worker()
    to_alice = [body for to, body in smtp.messages if to == ["alice@example.com"]]
    assert len(to_alice) == 1
    assert reverse("inquiries:detail", args=["miyako", inquiry.pk]) in to_alice[0]
    assert Notice.objects.filter(user=alice, kind=NoticeKind.INQUIRY_NEW).count() == 1
    login(client, alice)
    refer(client, inquiry, aoki)
    referral = Referral.objects.get()
    login(client, bob)
    url = reverse("inquiries:referral", args=["miyako", referral.pk])
    client.post(url, {"kind": "can", "price_yen": "48000", "lead_days": "7"})
    answered = Notice.objects.get(user=alice, kind=NoticeKind.INQUIRY_ANSWERED)
    assert "株式会社青木精工" in answered.text
