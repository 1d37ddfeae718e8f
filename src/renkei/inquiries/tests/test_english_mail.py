"""A customer who writes in English is written to in English: the group's English name (when it
has one) and "Dear John Smith," — not the Japanese name and 「John Smith 様」. A Japanese
customer's mail stays as it was: the company, then 「宇宙 太郎 様」."""

import uuid
from email import message_from_bytes
from email.policy import default

import pytest

from renkei.conftest_helpers import CUSTOMER, run_worker
from renkei.inquiries import replies
from renkei.inquiries.models import Inquiry

pytestmark = pytest.mark.django_db(databases="__all__", transaction=True)

WINDOW = "/g/miyako/inquiry/"


def window_form(**extra: str) -> dict[str, str]:
    return {
        "submission_key": str(uuid.uuid4()),
        "customer_company": "Rocket Works Ltd.",
        "contact_name": "John Smith",
        "email": "john@rocket.example",
        "title": "Aluminium bracket",
        "description": "Five brackets in A7075.",
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "1",
        "lines-MAX_NUM_FORMS": "20",
        "lines-0-part_name": "Bracket",
        "lines-0-quantity": "5",
        **extra,
    }


def read(raw: str) -> tuple[str, str]:
    """Subject and body as the customer's mail program shows them."""
    mail = message_from_bytes(raw.encode("utf-8"), policy=default)
    body = mail.get_content().replace("\r\n", "\n")
    return str(mail["subject"]).strip(), body


def mails_to(smtp, address: str) -> list[tuple[str, str]]:
    return [read(raw) for to, raw in smtp.messages if to == [address]]


@pytest.fixture
def english_named(group):
    group.name_en = "Miyako Prototyping Network"
    group.save(update_fields=["name_en"])
    return group


def test_an_english_inquiry_is_acknowledged_with_the_english_name_and_dear(
    client, english_named, alice, smtp
):
    client.post(WINDOW, window_form(), HTTP_ACCEPT_LANGUAGE="en")
    inquiry = Inquiry.objects.get()
    assert inquiry.language == "en"
    run_worker()
    [(subject, body)] = mails_to(smtp, "john@rocket.example")
    assert subject.startswith("[Miyako Prototyping Network] ")
    assert body.startswith("Dear John Smith,\n")
    assert "様" not in body and "みやこ試作ネット" not in subject + body
    assert "Thank you for your inquiry to Miyako Prototyping Network." in body
    assert "--\nMiyako Prototyping Network\n" in body


def test_the_coordinators_message_in_english_says_dear_and_the_english_name(
    english_named, alice, smtp
):
    inquiry = _english_inquiry(english_named)
    replies.post_message(actor=alice, inquiry=inquiry, body="Thank you, we are checking.")
    run_worker()
    subjects_bodies = mails_to(smtp, "john@rocket.example")
    subject, body = subjects_bodies[-1]
    assert subject == f"[Miyako Prototyping Network] About your inquiry {inquiry.reference}"
    assert body.startswith("Dear John Smith,\n\nThank you, we are checking.")
    assert "様" not in body and "みやこ試作ネット" not in body


def test_a_group_without_an_english_name_keeps_its_name_in_english_mail(group, alice, smtp):
    _english_inquiry(group)
    run_worker()
    [(subject, body)] = mails_to(smtp, "john@rocket.example")
    assert subject.startswith("[みやこ試作ネット] ")
    assert body.startswith("Dear John Smith,\n")


def test_japanese_mail_keeps_the_company_the_name_and_sama(english_named, alice, smtp):
    from renkei.inquiries.services import submit_inquiry

    submit_inquiry(group=english_named, key=uuid.uuid4(), header=CUSTOMER, lines=[], language="ja")
    run_worker()
    [(subject, body)] = mails_to(smtp, CUSTOMER["email"])
    assert subject.startswith("[みやこ試作ネット] ")
    assert body.startswith("株式会社ロケット工房\n宇宙 太郎 様\n")
    assert "Dear" not in body and "Miyako" not in body


def _english_inquiry(group) -> Inquiry:
    from renkei.inquiries.services import submit_inquiry

    header = {
        **CUSTOMER,
        "customer_company": "Rocket Works Ltd.",
        "contact_name": "John Smith",
        "email": "john@rocket.example",
    }
    made, _ = submit_inquiry(group=group, key=uuid.uuid4(), header=header, lines=[], language="en")
    return made
