import time
import uuid
from email import message_from_bytes
from email.policy import default
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from renkei.conftest_helpers import CUSTOMER, STEP_BYTES, compose_test_quote, pdf_bytes
from renkei.inquiries import referrals, replies
from renkei.inquiries.services import stage_drawing, submit_inquiry
from renkei.portal.session import SESSION_KEY

EMAIL = CUSTOMER["email"]


@pytest.fixture(autouse=True)
def _english(client):
    """Messages are asserted in English; the Japanese catalogue is checked elsewhere."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


def inquiry_with_drawings(group: Any, *, email: str = EMAIL, title: str = "シャフト試作") -> Any:
    key = uuid.uuid4()
    for name, data in [("図面 A-100.pdf", pdf_bytes()), ("bracket.step", STEP_BYTES)]:
        stage_drawing(group=group, key=key, upload=SimpleUploadedFile(name, data))
    inquiry, _ = submit_inquiry(
        group=group,
        key=key,
        header=CUSTOMER | {"email": email, "title": title},
        lines=[
            {"part_name": "シャフト", "drawing_number": "S-1", "revision": "B", "quantity": 4},
            {"part_name": "フランジ", "drawing_number": "F-2", "quantity": 2, "material": "A5052"},
        ],
    )
    return inquiry


def quoted(inquiry: Any, coordinator: Any, company: Any, *, order: bool = False) -> Any:
    referrals.refer(actor=coordinator, inquiry=inquiry, companies=[company], reasons={})
    quote = compose_test_quote(coordinator, inquiry, [("シャフト S-1", 4, 12000)])
    replies.send_quote(actor=coordinator, quote=quote)
    if order:
        replies.accept_quote(quote=quote)
    return quote


def sign_in_as(client: Any, email: str = EMAIL) -> None:
    """A customer session as the sign-in link leaves it (the link itself is tested apart)."""
    session = client.session
    session[SESSION_KEY] = {"email": email, "until": time.time() + 3600}
    session.save()


def read(raw: str) -> tuple[str, str]:
    mail = message_from_bytes(raw.encode("utf-8"), policy=default)
    return str(mail["subject"]).strip(), mail.get_content().replace("\r\n", "\n")


def mails_to(smtp: Any, address: str) -> list[tuple[str, str]]:
    return [read(raw) for to, raw in smtp.messages if to == [address]]
