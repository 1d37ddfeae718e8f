"""The 電子帳簿保存法 archive: search by date, amount, counterparty and kind, combined; the ZIP
with its index; a document's history; who sees what."""

import csv
import datetime as dt
import hashlib
import io
import zipfile

import pytest
from django.urls import reverse

from renkei.conftest_helpers import login
from renkei.core.models import AuditEntry
from renkei.settlement.choices import SettlementMode
from renkei.settlement.models import IssuedDocument
from renkei.settlement.services.invoices import issue_credit_note, issue_invoice
from renkei.settlement.tests.invoice_factory import accepted

pytestmark = pytest.mark.django_db

APRIL = dt.date(2026, 4, 10)
MAY = dt.date(2026, 5, 20)
JUNE = dt.date(2026, 6, 5)


@pytest.fixture
def documents(group, alice, aoki, sakura, terms, billing):
    """Three joint invoices to two customers in three months, and a credit note of the first."""
    rocket = accepted(group, alice, [("切削", 1, 10000, aoki)], customer="株式会社ロケット工房")
    hikari = accepted(
        group, alice, [("めっき", 2, 50000, sakura)], customer="ひかり電機株式会社",
        email="info@hikari.example",
    )  # fmt: skip
    rocket2 = accepted(group, alice, [("研磨", 3, 100000, aoki)], customer="株式会社ロケット工房")
    first = issue_invoice(actor=alice, settlements=[rocket], issued_on=APRIL)[0]
    second = issue_invoice(actor=alice, settlements=[hikari], issued_on=MAY)[0]
    third = issue_invoice(actor=alice, settlements=[rocket2], issued_on=JUNE)[0]
    credit = issue_credit_note(
        actor=alice, invoice=first, amount_yen=10000, reason="返品", issued_on=MAY
    )
    return {"first": first, "second": second, "third": third, "credit": credit}


def _search(client, group, **params):
    return client.get(
        reverse("settlement:archive", args=[group.slug]), params, HTTP_ACCEPT_LANGUAGE="ja"
    )


def _numbers(response) -> set[str]:
    return {d.number for d in response.context["page"].object_list}


def test_date_range_and_amount_range_combined(client, group, alice, documents):
    login(client, alice)
    response = _search(
        client, group, date_from="2026-04-01", date_to="2026-05-31", amount_min="50000"
    )
    assert response.status_code == 200
    # April's invoice (¥11,000) and May's credit note are below ¥50,000; June is out of range.
    assert _numbers(response) == {documents["second"].number}
    both = _search(client, group, date_from="2026-04-01", date_to="2026-06-30",
                   amount_min="10000", amount_max="200000")  # fmt: skip
    assert _numbers(both) == {
        documents["first"].number, documents["second"].number, documents["credit"].number
    }  # fmt: skip


def test_counterparty_with_date_folds_width_and_kana(client, group, alice, documents):
    login(client, alice)
    # Half-width katakana typed for a name printed full-width.
    response = _search(client, group, counterparty="ﾛｹｯﾄ", date_from="2026-06-01")
    assert _numbers(response) == {documents["third"].number}
    # Hiragana finds the katakana name, and the other way round.
    assert documents["second"].number in _numbers(_search(client, group, counterparty="ヒカリ"))
    assert documents["first"].number in _numbers(_search(client, group, counterparty="ろけっと"))


def test_kind_with_amount_and_all_criteria(client, group, alice, documents):
    login(client, alice)
    response = _search(client, group, kind="credit_note", amount_max="20000")
    assert _numbers(response) == {documents["credit"].number}
    everything = _search(client, group, kind="invoice", counterparty="ロケット",
                         date_from="2026-04-01", date_to="2026-04-30", amount_min="1",
                         amount_max="20000")  # fmt: skip
    assert _numbers(everything) == {documents["first"].number}


def test_the_zip_index_lists_exactly_the_results_with_matching_hashes(
    client, group, alice, documents
):
    login(client, alice)
    params = {"date_from": "2026-04-01", "date_to": "2026-05-31"}
    expected = _numbers(_search(client, group, **params))
    response = client.get(
        reverse("settlement:archive_zip", args=[group.slug]), params, HTTP_ACCEPT_LANGUAGE="ja"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    raw = archive.read("index.csv")
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert header[0] == "番号"
    assert {row[0] for row in body} == expected
    for row in body:
        pdf = archive.read(row[8])
        assert hashlib.sha256(pdf).hexdigest() == row[7]
        if row[9]:
            assert hashlib.sha256(archive.read(row[9])).hexdigest() == row[10]
        assert archive.read(row[11]).startswith(b"{")
    first = next(row for row in body if row[0] == documents["first"].number)
    assert "取消" in first[12] and documents["credit"].number in first[12]
    entry = AuditEntry.objects.get(action="settlement.archive.download")
    assert entry.actor == alice and entry.data["count"] == len(expected)


def test_bad_input_is_refused_in_japanese(client, group, alice, documents):
    login(client, alice)
    backwards = _search(client, group, date_from="2026-06-01", date_to="2026-04-01")
    assert backwards.status_code == 400
    assert "終了日" in backwards.content.decode() or "入れ替え" in backwards.content.decode()
    not_a_number = _search(client, group, amount_min="たくさん")
    assert not_a_number.status_code == 400 and "数字" in not_a_number.content.decode()
    huge = _search(client, group, amount_max="1" * 30, date_from="1900-01-01",
                   date_to="2100-01-01")  # fmt: skip
    assert huge.status_code == 400
    zipped = client.get(
        reverse("settlement:archive_zip", args=[group.slug]),
        {"date_from": "2026-13-01"},
        HTTP_ACCEPT_LANGUAGE="ja",
    )
    assert zipped.status_code == 400 and "日付" in zipped.content.decode()


def test_full_width_amounts_are_read(client, group, alice, documents):
    login(client, alice)
    response = _search(client, group, amount_min="５０，０００円")
    assert response.status_code == 200
    assert documents["second"].number in _numbers(response)


def test_history_lists_the_cancellation(client, group, alice, documents):
    login(client, alice)
    response = client.get(
        reverse("settlement:document_history", args=[group.slug, documents["first"].pk]),
        HTTP_ACCEPT_LANGUAGE="ja",
    )
    assert response.status_code == 200
    kinds = [e.kind for e in response.context["events"]]
    assert kinds[0] == "issued" and "cancelled" in kinds
    assert documents["credit"].number in response.content.decode()


def test_results_are_paginated(client, group, alice, documents, monkeypatch):
    from renkei.settlement.services import archive

    monkeypatch.setattr(archive, "PAGE_SIZE", 2)
    login(client, alice)
    first = _search(client, group)
    assert len(first.context["page"].object_list) == 2
    second = _search(client, group, page="2")
    assert not _numbers(first) & _numbers(second)


def test_members_see_only_their_own_documents(client, group, alice, bob, aoki, sakura, terms,
                                              billing):  # fmt: skip
    brokered = accepted(
        group, alice, [("切削", 1, 20000, aoki)], mode=SettlementMode.BROKERED,
        customer="株式会社ロケット工房",
    )  # fmt: skip
    joint = accepted(group, alice, [("めっき", 1, 30000, sakura)], customer="ひかり電機")
    mine = issue_invoice(actor=alice, settlements=[brokered], issued_on=APRIL)
    theirs = issue_invoice(actor=alice, settlements=[joint], issued_on=APRIL)
    login(client, bob)
    response = _search(client, group)
    assert response.status_code == 200
    assert _numbers(response) == {d.number for d in mine}  # aoki's invoice and its fee invoice
    other = theirs[0]
    assert (
        client.get(reverse("settlement:document_history", args=[group.slug, other.pk])).status_code
        == 404
    )
    zipped = client.get(reverse("settlement:archive_zip", args=[group.slug]))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(zipped.streaming_content)))
    index = list(csv.reader(io.StringIO(archive.read("index.csv").decode("utf-8-sig"))))[1:]
    # The numbers may repeat across issuers (aoki numbers its own invoices): compare the files.
    drawn = IssuedDocument.objects.filter(pk__in=[d.pk for d in mine])
    assert {row[7] for row in index} == {d.sha256 for d in drawn}
    assert len(index) == len(mine) and other.number not in {row[0] for row in index} - {
        d.number for d in mine
    }


def test_other_groups_and_outsiders_get_404(client, group, dave, carol, documents):
    doc = documents["first"]
    for person in (dave, carol):
        login(client, person)
        for url in (
            reverse("settlement:archive", args=[group.slug]),
            reverse("settlement:archive_zip", args=[group.slug]),
            reverse("settlement:document_history", args=[group.slug, doc.pk]),
            reverse("settlement:archive_file", args=[group.slug, doc.pk, "pdf"]),
            reverse("settlement:home", args=[group.slug]),
            reverse("settlement:export", args=[group.slug]),
            reverse("settlement:distribution", args=[group.slug]),
            reverse("settlement:capital", args=[group.slug]),
        ):
            assert client.get(url).status_code == 404, (person, url)


def test_the_document_as_issued_downloads(client, group, alice, documents):
    login(client, alice)
    doc = documents["first"]
    response = client.get(reverse("settlement:archive_file", args=[group.slug, doc.pk, "pdf"]))
    assert response.status_code == 200
    doc.refresh_from_db()
    assert (
        doc.sha256
        and hashlib.sha256(b"".join(response.streaming_content)).hexdigest() == doc.sha256
    )
