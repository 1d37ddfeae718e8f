"""The signed-in customer's inquiries, across every group, and nobody else's."""

import uuid

from renkei.conftest_helpers import CUSTOMER
from renkei.inquiries.services import submit_inquiry
from renkei.portal.tests.conftest import inquiry_with_drawings, quoted, sign_in_as

PORTAL = "/portal/"


def test_the_list_shows_every_group_s_inquiries_of_the_address(
    client, group, other_group, alice, aoki
):
    ordered = inquiry_with_drawings(group)
    quote = quoted(ordered, alice, aoki, order=True)
    elsewhere = inquiry_with_drawings(other_group, email="TARO@rocket.EXAMPLE", title="めっき")
    strangers = inquiry_with_drawings(group, email="hanako@other.example", title="他社の引き合い")
    sign_in_as(client)

    page = client.get(PORTAL).content.decode()
    assert ordered.reference in page and elsewhere.reference in page
    assert strangers.reference not in page and "hanako" not in page
    miyako = page[page.index('id="group-miyako"') :]
    miyako = miyako[: miyako.index("</section>")]
    hokko = page[page.index('id="group-hokko"') :]
    hokko = hokko[: hokko.index("</section>")]
    assert ordered.reference in miyako and elsewhere.reference not in miyako
    assert elsewhere.reference in hokko and ordered.reference not in hokko
    mine = page[page.index(f'id="inquiry-{ordered.pk}"') :]
    mine = mine[: mine.index("</article>")]
    assert "We have received your order" in mine  # the customer's words, not 受注
    assert f"¥{quote.total:,}" in mine
    ordered.refresh_from_db()
    assert ordered.order.delivery_on.isoformat() in mine
    assert ordered.get_tracking_url() in mine
    assert f"/portal/inquiries/{ordered.pk}/again/" in mine
    other = page[page.index(f'id="inquiry-{elsewhere.pk}"') :]
    other = other[: other.index("</article>")]
    assert "Received" in other and "/again/" not in other  # nothing quoted to order again
    assert "invoice" not in page.lower()


def test_the_list_s_queries_do_not_grow_with_the_inquiries(
    client, group, alice, aoki, django_assert_max_num_queries
):
    quoted(inquiry_with_drawings(group), alice, aoki, order=True)
    sign_in_as(client)
    with django_assert_max_num_queries(12) as few:
        client.get(PORTAL)
    for _ in range(3):
        quoted(inquiry_with_drawings(group), alice, aoki, order=True)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(PORTAL)


def test_another_address_s_inquiry_is_not_found(client, group, alice, aoki):
    theirs = inquiry_with_drawings(group, email="hanako@other.example")
    quoted(theirs, alice, aoki)
    sign_in_as(client)
    assert client.get(f"/portal/inquiries/{theirs.pk}/again/").status_code == 404
    assert client.post(f"/portal/inquiries/{theirs.pk}/again/", {}).status_code == 404
    assert client.get("/portal/inquiries/999999/again/").status_code == 404


def test_without_a_customer_session_the_portal_asks_for_the_address(client, group, alice, aoki):
    inquiry = inquiry_with_drawings(group)
    quoted(inquiry, alice, aoki)
    page = client.get(PORTAL).content.decode()
    assert "Send me a sign-in link" in page and inquiry.reference not in page
    assert client.get(f"/portal/inquiries/{inquiry.pk}/again/")["Location"] == PORTAL


def test_a_staff_login_is_not_a_customer_session(client, group, alice):
    from renkei.conftest_helpers import login

    submit_inquiry(
        group=group, key=uuid.uuid4(), header=CUSTOMER | {"email": alice.email}, lines=[]
    )
    login(client, alice)
    assert "Send me a sign-in link" in client.get(PORTAL).content.decode()


def test_the_tracking_page_links_to_the_portal(client, group):
    inquiry = inquiry_with_drawings(group)
    page = client.get(inquiry.get_tracking_url() + "?received=1").content.decode()
    assert 'href="/portal/"' in page
