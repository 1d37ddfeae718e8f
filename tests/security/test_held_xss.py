"""Stored XSS: whatever a customer, member or writer types is shown as text, never as markup —
on the tracking page, the coordinator's board and inquiry page, the member's view, notices,
knowledge articles and comments; mail goes out as plain text only."""

import email
import uuid

import pytest
from django.urls import reverse

from renkei.conftest_helpers import login, pdf_bytes, run_worker
from renkei.inquiries.models import Inquiry, Referral
from renkei.inquiries.services import HEADER_FIELDS, LINE_FIELDS

from .conftest import STEP_BYTES, held_form_data, held_live_markup, held_upload

WINDOW = "/g/miyako/inquiry/"
PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
]
SHORT = "<svg onload=alert()>"  # for the 20-character revision field
# Fields that are not free text (a choice, a date, a number, a 13-digit number, a tick box)
# cannot carry markup: the form refuses anything else.
NOT_TEXT = {
    "customer_corporate_number", "industry", "purpose", "quote_due", "desired_delivery",
    "nda_required", "email", "quantity", "certifications",
}  # fmt: skip
TEXT_HEADER = [f for f in HEADER_FIELDS if f not in NOT_TEXT]
TEXT_LINE = [f for f in LINE_FIELDS if f not in NOT_TEXT]


def _live(html: str) -> list[str]:
    return held_live_markup(html)


def _fit(field: str, payload: str) -> str:
    from renkei.inquiries.models import InquiryLine

    model = Inquiry if field in HEADER_FIELDS else InquiryLine
    limit = model._meta.get_field(field).max_length
    return payload if limit is None or len(payload) <= limit else SHORT


def _hostile_inquiry(client, payload: str, files=()) -> Inquiry:
    data = held_form_data(
        **{name: _fit(name, payload) for name in TEXT_HEADER},
        **{f"lines-0-{name}": _fit(name, payload) for name in TEXT_LINE},
        # A quoted local part may hold markup and still be a valid address.
        email='"<script>alert(1)</script>"@rocket.example',
    )
    if files:
        data["files"] = list(files)
    response = client.post(WINDOW, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Inquiry.objects.get(submission_key=data["submission_key"])


@pytest.fixture
def referred(client, group, alice, bob, aoki):
    """One hostile inquiry per payload, with hostile drawing names, passed to aoki."""
    from renkei.inquiries import referrals

    made = []
    for payload in PAYLOADS:
        files = [
            held_upload(f"{payload}.pdf".replace("/", ""), pdf_bytes()),
            held_upload('"><svg onload=alert(1)>.step', STEP_BYTES),
        ]
        inquiry = _hostile_inquiry(client, payload, files)
        assert inquiry.drawings.count() == 2
        referrals.refer(actor=alice, inquiry=inquiry, companies=[aoki], reasons={})
        made.append(inquiry)
    return made


@pytest.mark.django_db
def test_every_customer_field_is_kept_as_typed(client, group):
    inquiry = _hostile_inquiry(client, PAYLOADS[0])
    assert inquiry.title == PAYLOADS[0] and inquiry.description == PAYLOADS[0]
    assert inquiry.lines.get().notes == PAYLOADS[0]


@pytest.mark.django_db
def test_hostile_fields_and_file_names_are_inert_on_every_page(client, referred, alice, bob):
    pages = {}
    for inquiry in referred:
        pages[f"tracking {inquiry.reference}"] = client.get(inquiry.get_tracking_url())
    login(client, alice)
    pages["board"] = client.get(reverse("inquiries:board", args=["miyako"]))
    for inquiry in referred:
        url = reverse("inquiries:detail", args=["miyako", inquiry.pk])
        pages[f"detail {inquiry.reference}"] = client.get(url)
        pages[f"quote {inquiry.reference}"] = client.get(
            reverse("inquiries:quote", args=["miyako", inquiry.pk])
        )
    pages["alice's notices"] = client.get(reverse("notices:list"))
    pages["search"] = client.get("/knowledge/", {"q": "alert"})
    login(client, bob)
    pages["work"] = client.get(reverse("inquiries:work", args=["miyako"]))
    for referral in Referral.objects.filter(inquiry__in=referred):
        url = reverse("inquiries:referral", args=["miyako", referral.pk])
        pages[f"referral {referral.pk}"] = client.get(url)
    pages["bob's notices"] = client.get(reverse("notices:list"))

    for name, response in pages.items():
        assert response.status_code == 200, name
        html = response.content.decode()
        assert not _live(html), (name, _live(html))
    # The payloads are there, escaped: shown, not dropped.
    tracking = pages[f"tracking {referred[0].reference}"].content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in tracking
    detail = pages[f"detail {referred[1].reference}"].content.decode()
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in detail
    assert "&lt;svg onload=alert(1)&gt;.step" in detail  # the drawing's name


@pytest.mark.django_db
def test_a_hostile_drawing_name_is_a_safe_download_name(client, referred, alice):
    login(client, alice)
    inquiry = referred[1]
    for drawing in inquiry.drawings.all():
        url = reverse("inquiries:drawing", args=["miyako", inquiry.pk, drawing.pk])
        response = client.get(url)
        assert response.status_code == 200
        disposition = response["Content-Disposition"]
        assert disposition.startswith("attachment")
        assert "\n" not in disposition and "\r" not in disposition
        assert response["X-Content-Type-Options"] == "nosniff"
        b"".join(response.streaming_content)


@pytest.mark.django_db(databases="__all__", transaction=True)
def test_mail_about_a_hostile_inquiry_is_plain_text_only(client, group, alice, bob, aoki, smtp):
    from renkei.inquiries import referrals

    inquiry = _hostile_inquiry(client, PAYLOADS[1])
    referrals.refer(actor=alice, inquiry=inquiry, companies=[aoki], reasons={})
    run_worker()
    run_worker()
    assert {tuple(to) for to, _ in smtp.messages} >= {("alice@example.com",), ("bob@example.com",)}
    for recipients, raw in smtp.messages:
        message = email.message_from_string(raw)
        types = {part.get_content_type() for part in message.walk() if not part.is_multipart()}
        assert types == {"text/plain"}, (recipients, types)  # no HTML part to inject into


MARKDOWN = """# {p}

{p}

<script>alert(1)</script>
<img src=x onerror=alert(1)>
<a href="javascript:alert(1)">click</a>
[click](javascript:alert(1))
![x](javascript:alert(1))
<iframe src="https://evil.example/"></iframe>
"""


@pytest.mark.django_db
def test_knowledge_titles_and_bodies_show_no_markup(client, group, alice, bob):
    from renkei.knowledge import parts
    from renkei.knowledge.services import Draft, create_article

    articles = []
    for payload in PAYLOADS:
        item = create_article(
            actor=alice,
            group=group,
            kind="question",
            draft=Draft(title=payload, body=MARKDOWN.format(p=payload), tags=[payload[:40]]),
        )
        parts.post_answer(
            actor=bob, article=item, body=MARKDOWN.format(p=payload), key=uuid.uuid4()
        )
        articles.append(item)
    login(client, bob)
    pages = [client.get(item.get_absolute_url()) for item in articles]
    pages += [client.get(reverse("knowledge:history", args=["miyako", a.pk])) for a in articles]
    pages.append(client.get(reverse("knowledge:group", args=["miyako"])))
    pages.append(client.get("/knowledge/", {"q": "alert"}))
    pages.append(client.post(reverse("knowledge:preview"), {"body": MARKDOWN.format(p="x")}))
    for response in pages:
        assert response.status_code == 200, response.request["PATH_INFO"]
        html = response.content.decode()
        assert not _live(html), (response.request["PATH_INFO"], _live(html))
        assert "<iframe" not in html
    api = client.get("/api/v1/search", {"q": "alert"}).json()
    for item in api["articles"]["items"]:
        assert not _live(item["snippet_html"])


@pytest.mark.django_db
def test_comments_show_no_markup(client, group, alice, bob, aoki):
    from renkei.inquiries import comments, referrals

    inquiry = _hostile_inquiry(client, "ふつうの引き合い")
    referrals.refer(actor=alice, inquiry=inquiry, companies=[aoki], reasons={})
    for payload in PAYLOADS:
        comments.post_comment(
            actor=alice, inquiry=inquiry, body=f"@bob {payload}", key=uuid.uuid4()
        )
    login(client, alice)
    detail = client.get(reverse("inquiries:detail", args=["miyako", inquiry.pk])).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in detail
    login(client, bob)
    referral = Referral.objects.get(inquiry=inquiry)
    pages = [
        detail,
        client.get(reverse("inquiries:referral", args=["miyako", referral.pk])).content.decode(),
        client.get(reverse("notices:list")).content.decode(),
    ]
    for html in pages:
        assert not _live(html), _live(html)
    api = client.get(
        f"/api/v1/groups/miyako/inquiries/{inquiry.pk}/comments",
        headers={"Authorization": "Bearer " + _token(bob)},
    )
    assert api.status_code == 200
    assert "application/json" in api["Content-Type"]


def _token(user) -> str:
    from renkei.api.services import create_api_token

    return create_api_token(actor=user, name="xss")[1]
