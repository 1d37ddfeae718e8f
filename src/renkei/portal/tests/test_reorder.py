"""Order again: a new inquiry for the same group with the same lines and copies of the drawings."""

import re

import pytest
from django.test import Client

from renkei.conftest_helpers import run_worker
from renkei.core.models import AuditEntry
from renkei.inquiries.models import Drawing, Inquiry
from renkei.portal.tests.conftest import EMAIL, inquiry_with_drawings, mails_to, quoted, sign_in_as


def again_form(client, inquiry, **quantities):
    page = client.get(f"/portal/inquiries/{inquiry.pk}/again/")
    assert page.status_code == 200
    html = page.content.decode()
    key = re.search(r'name="submission_key" value="([^"]+)"', html).group(1)
    data = {"submission_key": key}
    for line in inquiry.lines.all():
        data[f"quantity_{line.pk}"] = str(quantities.get(line.part_name, line.quantity))
    return html, data


def test_the_confirm_page_shows_what_will_be_sent(client, group, alice, aoki):
    source = inquiry_with_drawings(group)
    quoted(source, alice, aoki, order=True)
    sign_in_as(client)
    html, _data = again_form(client, source)
    assert "シャフト" in html and "フランジ" in html
    assert "図面 A-100.pdf" in html and "bracket.step" in html
    assert 'value="4"' in html and 'value="2"' in html
    assert Inquiry.objects.count() == 1  # the page alone sends nothing


def test_ordering_again_copies_the_lines_and_drawings_into_one_new_inquiry(
    client, group, alice, aoki
):
    source = inquiry_with_drawings(group)
    quoted(source, alice, aoki, order=True)
    sign_in_as(client)
    _html, data = again_form(client, source, シャフト=10)

    first = client.post(f"/portal/inquiries/{source.pk}/again/", data)
    second = client.post(f"/portal/inquiries/{source.pk}/again/", data)  # a double click
    made = Inquiry.objects.exclude(pk=source.pk).get()
    assert first["Location"] == second["Location"] == made.get_tracking_url() + "?received=1"
    assert made.group == source.group and made.email == source.email
    assert made.number == source.number + 1
    assert source.reference in made.description
    lines = [(line.part_name, line.drawing_number, line.revision, line.quantity, line.material)
             for line in made.lines.all()]  # fmt: skip
    assert lines == [("シャフト", "S-1", "B", 10, ""), ("フランジ", "F-2", "", 2, "A5052")]

    old, new = list(source.drawings.all()), list(made.drawings.all())
    assert [d.original_name for d in new] == [d.original_name for d in old]
    assert [d.sha256 for d in new] == [d.sha256 for d in old]
    assert {d.pk for d in new}.isdisjoint(d.pk for d in old)
    assert {d.file.name for d in new}.isdisjoint(d.file.name for d in old)  # copies, not links
    for drawing in new:
        with drawing.file.open("rb") as copy:
            assert copy.read()
    assert Drawing.objects.filter(inquiry__isnull=True).count() == 0  # nothing left staged
    assert AuditEntry.objects.filter(action="portal.reorder", object_id=str(made.pk)).count() == 1


def test_a_quoted_inquiry_may_be_ordered_again_but_not_one_never_quoted(client, group, alice, aoki):
    quoted_one = inquiry_with_drawings(group)
    quoted(quoted_one, alice, aoki)
    fresh = inquiry_with_drawings(group, title="見積前")
    sign_in_as(client)
    assert client.get(f"/portal/inquiries/{quoted_one.pk}/again/").status_code == 200
    assert client.get(f"/portal/inquiries/{fresh.pk}/again/").status_code == 404


def test_the_same_page_sent_with_other_quantities_is_not_taken_for_the_first(
    client, group, alice, aoki
):
    source = inquiry_with_drawings(group)
    quoted(source, alice, aoki)
    sign_in_as(client)
    _html, data = again_form(client, source)
    client.post(f"/portal/inquiries/{source.pk}/again/", data)
    changed = data | {f"quantity_{source.lines.first().pk}": "99"}
    answer = client.post(f"/portal/inquiries/{source.pk}/again/", changed)
    assert answer.status_code == 409
    assert "already sent with other quantities" in answer.content.decode()
    assert Inquiry.objects.count() == 2


def test_a_quantity_out_of_range_is_answered_politely(client, group, alice, aoki):
    source = inquiry_with_drawings(group)
    quoted(source, alice, aoki)
    sign_in_as(client)
    _html, data = again_form(client, source)
    answer = client.post(
        f"/portal/inquiries/{source.pk}/again/", data | {f"quantity_{source.lines.first().pk}": "0"}
    )
    assert answer.status_code == 400
    assert "Enter a quantity from 1 to 10,000,000." in answer.content.decode()
    assert Inquiry.objects.count() == 1


def test_a_drawing_no_longer_kept_is_said_and_nothing_is_sent(client, group, alice, aoki):
    source = inquiry_with_drawings(group)
    quoted(source, alice, aoki)
    gone = source.drawings.first()
    gone.file.storage.delete(gone.file.name)
    sign_in_as(client)
    _html, data = again_form(client, source)
    answer = client.post(f"/portal/inquiries/{source.pk}/again/", data)
    assert answer.status_code == 400
    assert "is no longer kept" in answer.content.decode()
    assert Inquiry.objects.count() == 1
    assert Drawing.objects.filter(inquiry__isnull=True).count() == 0


def test_ordering_again_needs_the_csrf_token(group, alice, aoki):
    source = inquiry_with_drawings(group)
    quoted(source, alice, aoki)
    strict = Client(enforce_csrf_checks=True)
    sign_in_as(strict)
    answer = strict.post(f"/portal/inquiries/{source.pk}/again/", {})
    assert answer.status_code == 403
    assert Inquiry.objects.count() == 1


@pytest.mark.django_db(databases="__all__", transaction=True)
def test_an_order_again_is_acknowledged_and_the_coordinators_are_told(
    client, group, alice, aoki, smtp
):
    source = inquiry_with_drawings(group)
    quoted(source, alice, aoki, order=True)
    run_worker()
    smtp.messages.clear()
    sign_in_as(client)
    _html, data = again_form(client, source)
    client.post(f"/portal/inquiries/{source.pk}/again/", data)
    run_worker()
    made = Inquiry.objects.exclude(pk=source.pk).get()
    [(subject, _body)] = mails_to(smtp, EMAIL)
    assert made.reference in subject
    assert any(made.reference in subject for subject, _body in mails_to(smtp, alice.email))
