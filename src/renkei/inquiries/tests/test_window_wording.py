"""The window speaks to the customer in their words: the notice after a changed resend and the
upload limits."""

import re

import pytest
from django.utils import translation

from .test_window import WINDOW, form_data

pytestmark = pytest.mark.django_db

SENT_BEFORE = (
    "このフォームはすでに送信され、受け付けています。変更した内容はまだ送信していません。"
    "別のお問い合わせとして送る場合は、内容をご確認のうえ図面をもう一度添付して「送信する」を"
    "押してください。先の内容を直したい場合は、確認メールのリンクからご連絡ください。"
)
LIMITS = "1ファイル50 MBまで、最大20ファイル・合計200 MBまで添付できます。"


def japanese(client, method, data=None):
    with translation.override("ja"):
        if method == "get":
            return client.get(WINDOW, HTTP_ACCEPT_LANGUAGE="ja")
        return client.post(WINDOW, data, HTTP_ACCEPT_LANGUAGE="ja")


def test_a_changed_resend_is_told_plainly_in_the_error_style(client, group):
    data = form_data()
    assert japanese(client, "post", data).status_code == 302
    response = japanese(client, "post", data | {"title": "別の部品"})
    assert response.status_code == 409
    html = response.content.decode()
    # The error style of the site's messages: ``.messages li.error`` in renkei.css.
    notice = re.search(
        r'<ul class="messages"><li class="error"[^>]*id="sent-before">(.*?)</li>', html
    )
    assert notice, "the notice is styled like the site's other error messages"
    assert notice.group(1) == SENT_BEFORE
    assert "引き合い" not in html


def test_the_upload_limits_read_as_one_plain_sentence(client, group):
    html = japanese(client, "get").content.decode()
    assert f'<span id="upload-limits">{LIMITS}</span>' in html
    assert "引き合い" not in html
