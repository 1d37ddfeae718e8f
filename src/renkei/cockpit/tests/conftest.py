import datetime as dt
import uuid

import pytest
from django.utils import timezone, translation

from renkei.inquiries.models import Inquiry
from renkei.inquiries.services import submit_inquiry

HEADER = {
    "customer_company": "株式会社ロケット工房",
    "contact_name": "宇宙 太郎",
    "email": "taro@rocket.example",
    "title": "試作のお願い",
    "description": "図面の通り",
}


@pytest.fixture(autouse=True)
def _english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


def make_inquiry(group, *, replied_after_hours=None, due_in_hours=2, status=None):
    """An inquiry received now whose first reply was (or was not) sent in time."""
    inquiry, _ = submit_inquiry(group=group, key=uuid.uuid4(), header=HEADER, lines=[])
    now = timezone.now()
    fields = {"received_at": now, "reply_due_at": now + dt.timedelta(hours=due_in_hours)}
    if replied_after_hours is not None:
        fields["first_reply_at"] = now + dt.timedelta(hours=replied_after_hours)
    if status:
        fields["status"] = status
    Inquiry.objects.filter(pk=inquiry.pk).update(**fields)
    inquiry.refresh_from_db()
    return inquiry
