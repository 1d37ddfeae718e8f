"""Fixtures of the knowledge tests: articles written through the service, as the pages do."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from renkei.knowledge.services import Draft, create_article


def write(actor, group, kind="manual", title="記事", body="", **fields):
    return create_article(
        actor=actor, group=group, kind=kind, draft=Draft(title=title, body=body, **fields)
    )


def png(name="step1.png", size=(40, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 40, 40)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def glossary(alice, group):
    """The group's glossary knows that めっき is also written 鍍金 and メッキ."""
    return write(
        alice,
        group,
        kind="glossary",
        title="めっき",
        body="金属の表面を別の金属の薄い膜で覆う処理。",
        reading="めっき",
        synonyms="鍍金, メッキ",
    )


def make_inquiry(group, title, description):
    """An inquiry as a customer sends it through the window."""
    import uuid

    from renkei.inquiries.services import submit_inquiry

    inquiry, _ = submit_inquiry(
        group=group,
        key=uuid.uuid4(),
        header={
            "customer_company": "株式会社ロケット工房",
            "contact_name": "宇宙 太郎",
            "email": "taro@rocket.example",
            "title": title,
            "description": description,
        },
        lines=[{"part_name": "ブラケット", "quantity": 10}],
    )
    return inquiry
