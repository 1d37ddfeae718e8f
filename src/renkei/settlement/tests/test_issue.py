"""Issuing: the document is numbered and kept at once; its PDF is drawn by the worker from the
frozen data (or by whoever opens it first), once, and never from anything changed since."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from renkei.conftest_helpers import run_worker
from renkei.lib.documents import Document, DocumentKind, Line, Party
from renkei.lib.money import tax_by_rate
from renkei.settlement.models import FrozenDocument, IssuedDocument
from renkei.settlement.services.issue import ensure_pdf, issue_document


def _png(colour: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 60), colour).save(buffer, format="PNG")
    return buffer.getvalue()


def _issue(group) -> IssuedDocument:
    lines = (Line("ブラケット 切削加工", 5, Decimal(12000), 60000),)
    document = Document(
        kind=DocumentKind.INVOICE, number="", issued_on=dt.date(2026, 6, 1),
        issuer=Party(name="企業組合みやこ試作"), recipient=Party(name="株式会社ロケット工房"),
        lines=lines, totals=tax_by_rate(lines),
    )  # fmt: skip
    return issue_document(actor=None, group=group, document=document)


@pytest.mark.django_db(databases="__all__", transaction=True)
def test_the_worker_draws_the_pdf_once_from_the_issued_data(group, terms):
    terms.seal.save("seal.png", ContentFile(_png("red")))
    issued = _issue(group)
    assert issued.number == "INV2026-00001" and not issued.pdf
    run_worker()
    drawn = IssuedDocument.objects.get(pk=issued.pk)
    assert drawn.pdf.read()[:5] == b"%PDF-" and len(drawn.sha256) == 64
    # The seal changed after issuing: the document keeps the one it was issued with.
    terms.seal.save("seal.png", ContentFile(_png("blue")))
    assert ensure_pdf(drawn).sha256 == drawn.sha256
    assert issued.data["seal_sha256"] and IssuedDocument.objects.count() == 1


@pytest.mark.django_db
def test_whoever_opens_it_first_draws_it_and_it_stays_frozen(group, terms):
    issued = _issue(group)
    first = ensure_pdf(issued)
    assert ensure_pdf(issued).pdf.name == first.pdf.name  # drawn once
    first.total_yen = 1
    with pytest.raises(FrozenDocument):
        first.save()
    with pytest.raises(FrozenDocument):
        IssuedDocument.objects.filter(pk=first.pk).update(total_yen=1)
    with pytest.raises(FrozenDocument):
        first.delete()
    assert IssuedDocument.objects.get(pk=first.pk).total_yen == 66000
