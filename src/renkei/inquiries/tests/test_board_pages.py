"""The coordinator's board in pages: 50 rows each, the status filter kept, bad numbers polite."""

import pytest
from django.urls import reverse

from renkei.bench.board import make_inquiries
from renkei.conftest_helpers import login
from renkei.inquiries.board import PAGE_SIZE
from renkei.inquiries.models import Inquiry


@pytest.fixture
def many(group):
    make_inquiries(group, PAGE_SIZE + 12)
    return list(Inquiry.objects.for_group(group).order_by("-received_at", "-pk"))


def _references(html, inquiries):
    return [i.reference for i in inquiries if f">{i.reference}</a>" in html]


@pytest.mark.django_db
def test_the_board_shows_the_newest_page_first_and_the_rest_on_page_2(client, alice, many):
    login(client, alice)
    url = reverse("inquiries:board", args=["miyako"])
    first = client.get(url).content.decode()
    assert _references(first, many) == [i.reference for i in many[:PAGE_SIZE]]
    assert "page=2" in first
    second = client.get(url, {"page": 2}).content.decode()
    assert _references(second, many) == [i.reference for i in many[PAGE_SIZE:]]
    assert 'rel="prev"' in second
    assert 'rel="next"' not in second


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["0", "-1", "abc", "99999", "1.5", "２", ""])
def test_a_bad_page_number_answers_a_real_page_never_an_error(client, alice, many, page):
    login(client, alice)
    response = client.get(reverse("inquiries:board", args=["miyako"]), {"page": page})
    assert response.status_code == 200
    assert len(_references(response.content.decode(), many)) >= 1


@pytest.mark.django_db
def test_the_status_filter_is_kept_from_page_to_page(client, alice, group):
    make_inquiries(group, 4 * PAGE_SIZE)  # a quarter or more of them new
    login(client, alice)
    url = reverse("inquiries:board", args=["miyako"])
    new = list(Inquiry.objects.for_group(group).filter(status="new").order_by("-received_at"))
    assert len(new) > PAGE_SIZE
    html = client.get(url, {"status": "new"}).content.decode()
    assert "?status=new&amp;page=2" in html
    second = client.get(url, {"status": "new", "page": 2}).content.decode()
    assert _references(second, new) == [i.reference for i in new[PAGE_SIZE : 2 * PAGE_SIZE]]


@pytest.mark.django_db
def test_the_board_s_queries_do_not_grow_with_its_rows(
    client, alice, group, django_assert_max_num_queries
):
    make_inquiries(group, 3)
    login(client, alice)
    url = reverse("inquiries:board", args=["miyako"])
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    make_inquiries(group, PAGE_SIZE)
    with django_assert_max_num_queries(len(few)):
        client.get(url)
