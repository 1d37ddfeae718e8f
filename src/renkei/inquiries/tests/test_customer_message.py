"""A message the customer writes on the tracking page reaches the coordinators: a notice, a mail
to those who want each one at once, and a mark on their board until they open the inquiry."""

import re
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from renkei.conftest_helpers import CUSTOMER, PASSWORD, compose_test_quote, login, run_worker
from renkei.inquiries import replies
from renkei.inquiries.services import submit_inquiry
from renkei.notices.models import Notice, NoticeKind
from renkei.orgs.choices import PersonRole
from renkei.orgs.services import grant_role


def new_inquiry(group):
    made, _ = submit_inquiry(group=group, key=uuid.uuid4(), header=CUSTOMER, lines=[])
    return made


def sent_quote(inquiry, alice):
    quote = compose_test_quote(alice, inquiry, [("シャフト", 5, 12000)], lead_days=None)
    return replies.send_quote(actor=alice, quote=quote)


def write(client, inquiry, body):
    return client.post(
        reverse("inquiries:customer_message", args=[inquiry.tracking_token]), {"body": body}
    )


def board_row(client, inquiry) -> str:
    page = client.get(reverse("inquiries:board", args=[inquiry.group.slug])).content.decode()
    link = reverse("inquiries:detail", args=[inquiry.group.slug, inquiry.pk])
    return page.split(f'href="{link}"', 1)[1].split("</tr>", 1)[0]


@pytest.fixture
def gina(group):
    """A second coordinator of alice's group."""
    user = get_user_model().objects.create_user(
        username="gina", password=PASSWORD, email="gina@example.com"
    )
    grant_role(actor=None, user=user, group=group, role=PersonRole.COORDINATOR)
    return user


@pytest.mark.django_db
def test_the_customers_message_gives_each_coordinator_a_notice(client, group, alice, gina, dave):
    inquiry = new_inquiry(group)
    response = write(client, inquiry, "納期を 1 週間早められますか?")
    assert response.status_code == 302
    link = reverse("inquiries:detail", args=["miyako", inquiry.pk])
    for user in (alice, gina):
        notice = Notice.objects.get(user=user, kind=NoticeKind.CUSTOMER_MESSAGE)
        assert notice.link == link and notice.group == group
        assert inquiry.reference in notice.text and "納期を 1 週間早められますか?" in notice.text
    assert not Notice.objects.filter(user=dave).exists()  # another group's coordinator


@pytest.mark.django_db
def test_the_board_marks_it_for_each_coordinator_until_they_open_it(client, group, alice, gina):
    inquiry, quiet = new_inquiry(group), new_inquiry(group)
    write(client, inquiry, "図面を差し替えます")
    login(client, alice)
    assert "unread-message" in board_row(client, inquiry)
    assert "unread-message" not in board_row(client, quiet)

    assert client.get(reverse("inquiries:detail", args=["miyako", inquiry.pk])).status_code == 200
    assert "unread-message" not in board_row(client, inquiry)
    login(client, gina)  # she has not opened it yet
    assert "unread-message" in board_row(client, inquiry)


@pytest.mark.django_db
def test_many_messages_before_anyone_looks_make_one_notice(client, group, alice):
    inquiry = new_inquiry(group)
    for n in range(3):
        write(client, inquiry, f"追記 {n}")
    assert inquiry.messages.filter(from_customer=True).count() == 3  # every message is kept
    assert Notice.objects.filter(user=alice, kind=NoticeKind.CUSTOMER_MESSAGE).count() == 1
    login(client, alice)
    client.get(reverse("inquiries:detail", args=["miyako", inquiry.pk]))
    write(client, inquiry, "もう一点")  # read since: a new notice
    assert Notice.objects.filter(user=alice, kind=NoticeKind.CUSTOMER_MESSAGE).count() == 2


@pytest.mark.django_db
def test_an_empty_message_is_refused_and_tells_no_one(client, group, alice):
    inquiry = new_inquiry(group)
    response = write(client, inquiry, "   ")
    assert response.status_code == 302
    assert not inquiry.messages.exists()
    assert not Notice.objects.filter(kind=NoticeKind.CUSTOMER_MESSAGE).exists()


@pytest.mark.django_db
def test_accepting_the_quote_is_told_once_not_also_as_a_message(group, alice):
    replies.accept_quote(quote=sent_quote(new_inquiry(group), alice))
    kinds = list(Notice.objects.filter(user=alice).values_list("kind", flat=True))
    assert NoticeKind.QUOTE_ACCEPTED in kinds and NoticeKind.CUSTOMER_MESSAGE not in kinds


@pytest.mark.django_db(databases="__all__", transaction=True)
def test_the_coordinator_is_mailed_the_customers_message_once(client, group, alice, smtp):
    inquiry = new_inquiry(group)
    run_worker()
    smtp.messages.clear()
    write(client, inquiry, "納期を早められますか?")
    run_worker()
    run_worker()
    [raw] = [mail for to, mail in smtp.messages if to == ["alice@example.com"]]
    raw = re.sub(r"=\r?\n", "", raw)  # quoted-printable soft line breaks
    notice = Notice.objects.get(user=alice, kind=NoticeKind.CUSTOMER_MESSAGE)
    assert reverse("notices:open", args=[notice.pk]) in raw
    assert not [to for to, _ in smtp.messages if to == [CUSTOMER["email"]]]  # not back to them


@pytest.mark.django_db
def test_declining_the_quote_with_a_reason_reaches_the_coordinator(client, group, alice):
    inquiry = new_inquiry(group)
    sent_quote(inquiry, alice)
    client.post(
        reverse("inquiries:decide", args=[inquiry.tracking_token]),
        {"decision": "decline", "revision": "1", "reason": "予算を超えました"},
    )
    notice = Notice.objects.get(user=alice, kind=NoticeKind.CUSTOMER_MESSAGE)
    assert "予算を超えました" in notice.text
