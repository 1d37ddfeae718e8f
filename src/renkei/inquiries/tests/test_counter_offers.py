"""Counter-offers: a member answers with other materials, quantities (price breaks) or lead times;
the coordinator compares them side by side and quotes from any one of them."""

import json
import re
import uuid

import pytest
from django.urls import reverse

from renkei.api.services import create_api_token
from renkei.conftest_helpers import CUSTOMER, login
from renkei.core.models import AuditEntry
from renkei.inquiries import referrals
from renkei.inquiries.models import Answer, AnswerOffer, Quote, Referral
from renkei.inquiries.services import submit_inquiry
from renkei.lib.offers import unit_price

pytestmark = pytest.mark.django_db


@pytest.fixture
def inquiry(group, alice, aoki, sakura):
    made, _ = submit_inquiry(
        group=group,
        key=uuid.uuid4(),
        header=CUSTOMER | {"title": "ブラケット試作"},
        lines=[{"part_name": "ブラケット", "drawing_number": "A-100", "quantity": 10,
                "material": "A7075"}],
    )  # fmt: skip
    referrals.refer(actor=alice, inquiry=made, companies=[aoki, sakura], reasons={})
    return made


def answer_url(referral):
    return reverse("inquiries:referral", args=["miyako", referral.pk])


def rows(*offers, total=None):
    """The answer form's offer rows as a browser posts them: three rows, the unused ones empty."""
    offers = list(offers) + [{}] * max(0, 3 - len(offers))
    data = {
        "offers-TOTAL_FORMS": str(total if total is not None else len(offers)),
        "offers-INITIAL_FORMS": "0",
        "offers-MIN_NUM_FORMS": "0",
        "offers-MAX_NUM_FORMS": "5",
    }
    for n, offer in enumerate(offers):
        for name in ("material", "quantity", "price_yen", "lead_days", "note"):
            data[f"offers-{n}-{name}"] = offer.get(name, "")
    return data


STRAIGHT = {"kind": "can", "price_yen": "15000", "lead_days": "14", "valid_until": "2030-03-31"}
FIFTY = {"quantity": "50", "price_yen": "48,000", "lead_days": "20", "note": "量産治具を使用"}
A5052 = {"material": "A5052", "quantity": "10", "price_yen": "¥30,000", "lead_days": "10"}


def test_a_member_answers_with_two_offers_and_the_coordinator_quotes_from_the_second(
    client, alice, bob, aoki, inquiry
):
    to_aoki = Referral.objects.get(inquiry=inquiry, company=aoki)
    login(client, bob)
    page = client.get(answer_url(to_aoki)).content.decode()
    assert 'name="offers-0-price_yen"' in page and 'name="offers-2-price_yen"' in page

    sent = client.post(answer_url(to_aoki), STRAIGHT | rows(FIFTY, A5052))
    assert sent.status_code == 302, sent.content.decode()
    answer = Answer.objects.get(referral=to_aoki)
    offers = list(answer.offers.all())
    assert [(o.position, o.material, o.quantity, o.price_yen, o.lead_days) for o in offers] == [
        (1, "", 50, 48000, 20),
        (2, "A5052", 10, 30000, 10),
    ]
    assert AuditEntry.objects.filter(action="inquiry.answer", actor=bob).exists()
    # The member's own page shows the saved offers again, to revise.
    assert 'value="A5052"' in client.get(answer_url(to_aoki)).content.decode()

    login(client, alice)
    detail = client.get(reverse("inquiries:detail", args=["miyako", inquiry.pk])).content.decode()
    table = detail[detail.index('id="offer-comparison"') :]
    table = table[: table.index("</section>")]
    assert table.count("Quote from this") == 3  # as asked + two offers
    assert "株式会社青木精工" in table and "A5052" in table and "A7075" in table
    assert "¥960" in table and "¥48,000" in table  # 50個 ¥48,000 → ¥960 each
    assert "¥3,000" in table and "¥1,500" in table and "2030-03-31" in table

    second = offers[1]
    url = reverse("inquiries:quote_from_offer", args=["miyako", inquiry.pk])
    made = client.post(url, {"referral": to_aoki.pk, "offer": second.pk})
    quote = Quote.objects.get(inquiry=inquiry)
    assert made.status_code == 302
    assert made["Location"] == reverse(
        "inquiries:send_quote", args=["miyako", inquiry.pk, quote.revision]
    )
    line = quote.lines.get()
    assert (line.quantity, line.unit_price_yen, line.amount) == (10, 3000, 30000)
    assert line.company == aoki  # the settlement pays the quoting member its share
    assert "A5052" in line.description and "ブラケット" in line.description
    assert quote.lead_days == 10 and quote.source_offer == second
    assert quote.sent_at is None  # a draft: the summary page sends it

    # A double click on the same button is the same draft, not a second revision.
    client.post(url, {"referral": to_aoki.pk, "offer": second.pk})
    assert Quote.objects.filter(inquiry=inquiry).count() == 1
    # The straight answer is a row to quote from too: a new revision.
    client.post(url, {"referral": to_aoki.pk, "offer": ""})
    straight = Quote.objects.get(inquiry=inquiry, revision=2)
    assert [(li.quantity, li.unit_price_yen, li.company_id) for li in straight.lines.all()] == [
        (10, 1500, aoki.pk)
    ]
    assert straight.lead_days == 14


def test_unit_prices_are_rounded_down_to_the_yen_and_the_difference_is_said(
    client, alice, bob, aoki, inquiry
):
    assert unit_price(10000, 3).yen == 3333 and unit_price(10000, 3).given_up == 1
    assert unit_price(48000, 50).yen == 960 and unit_price(48000, 50).exact
    assert unit_price(2, 3).yen == 0  # 円未満切り捨て, never rounded up
    to_aoki = Referral.objects.get(inquiry=inquiry, company=aoki)
    login(client, bob)
    odd = {"quantity": "3", "price_yen": "10000", "lead_days": "5"}
    assert client.post(answer_url(to_aoki), STRAIGHT | rows(odd)).status_code == 302
    login(client, alice)
    detail = client.get(reverse("inquiries:detail", args=["miyako", inquiry.pk])).content.decode()
    assert "¥3,333" in detail and "rounded down to the yen" in detail
    offer = AnswerOffer.objects.get()
    url = reverse("inquiries:quote_from_offer", args=["miyako", inquiry.pk])
    response = client.post(url, {"referral": to_aoki.pk, "offer": offer.pk}, follow=True)
    line = Quote.objects.get().lines.get()
    assert (line.quantity, line.unit_price_yen, line.amount) == (3, 3333, 9999)
    assert "¥1 less than the member" in response.content.decode()


HOSTILE = [
    ({"quantity": "-5", "price_yen": "1000", "lead_days": "3"}, "quantity"),
    ({"quantity": "5", "price_yen": str(10**20), "lead_days": "3"}, "price_yen"),
    ({"quantity": "五十", "price_yen": "1000", "lead_days": "3"}, "quantity"),
    ({"quantity": "5", "price_yen": "1e20", "lead_days": "3"}, "price_yen"),
    ({"quantity": "5", "price_yen": "1000", "lead_days": "99999999999"}, "lead_days"),
    ({"quantity": "5", "price_yen": "1000"}, "lead_days"),
    ({"material": "SUS304"}, "quantity"),
]


@pytest.mark.parametrize(("offer", "field"), HOSTILE)
def test_bad_offers_are_refused_politely_and_the_saved_answer_stays(
    client, bob, aoki, inquiry, offer, field
):
    to_aoki = Referral.objects.get(inquiry=inquiry, company=aoki)
    login(client, bob)
    client.post(answer_url(to_aoki), STRAIGHT | rows(FIFTY))

    response = client.post(answer_url(to_aoki), STRAIGHT | {"price_yen": "99"} | rows(offer))

    assert response.status_code == 400
    page = response.content.decode()
    row = page[page.index('id="offer-1"') :]
    row = row[: row.index("</fieldset>")]
    errors = re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', row, re.S)
    assert errors, row
    assert "Traceback" not in page and "Exception" not in page
    saved = Answer.objects.get(referral=to_aoki)
    assert saved.price_yen == 15000  # the answer is not half-changed either
    assert [(o.quantity, o.price_yen) for o in saved.offers.all()] == [(50, 48000)]
    assert f'name="offers-0-{field}"' in row


def test_hostile_numbers_are_refused_in_japanese(client, bob, aoki, inquiry):
    to_aoki = Referral.objects.get(inquiry=inquiry, company=aoki)
    login(client, bob)
    bad = {"quantity": "-5", "price_yen": str(10**20), "lead_days": "abc"}
    page = client.post(
        answer_url(to_aoki), STRAIGHT | rows(bad), HTTP_ACCEPT_LANGUAGE="ja"
    ).content.decode()
    assert "数量は 1 から 10,000,000 までで入力してください。" in page
    assert "金額は0円から10,000,000,000円までの半角数字で入力してください。" in page
    assert "整数を半角数字で入力してください（例: 12000）。" in page


def test_more_offers_than_allowed_are_refused(client, bob, aoki, inquiry):
    to_aoki = Referral.objects.get(inquiry=inquiry, company=aoki)
    login(client, bob)
    six = [{"quantity": str(n), "price_yen": "1000", "lead_days": "3"} for n in range(1, 7)]
    response = client.post(answer_url(to_aoki), STRAIGHT | rows(*six))
    assert response.status_code == 400
    assert "at most 5 offers" in response.content.decode()
    huge = client.post(answer_url(to_aoki), STRAIGHT | rows(FIFTY, total=100000))
    assert huge.status_code == 400
    assert not Answer.objects.filter(referral=to_aoki).exists()


def test_empty_rows_are_ignored_and_a_double_submit_is_one_answer(client, bob, aoki, inquiry):
    to_aoki = Referral.objects.get(inquiry=inquiry, company=aoki)
    login(client, bob)
    for _ in range(2):
        assert client.post(answer_url(to_aoki), STRAIGHT | rows(FIFTY)).status_code == 302
    assert Answer.objects.filter(referral=to_aoki).count() == 1
    assert AnswerOffer.objects.count() == 1
    # A post without the rows (an older page) keeps the offers; empty rows remove them.
    client.post(answer_url(to_aoki), STRAIGHT)
    assert AnswerOffer.objects.count() == 1
    client.post(answer_url(to_aoki), STRAIGHT | rows())
    assert AnswerOffer.objects.count() == 0


def test_other_members_and_other_groups_cannot_see_or_use_the_offers(
    client, alice, bob, hana, dave, aoki, inquiry
):
    to_aoki = Referral.objects.get(inquiry=inquiry, company=aoki)
    login(client, bob)
    client.post(answer_url(to_aoki), STRAIGHT | rows(A5052 | {"note": "青木だけの別案"}))
    offer = AnswerOffer.objects.get()
    to_sakura = Referral.objects.get(inquiry=inquiry, company__name="さくら鍍金工業")
    login(client, hana)
    assert client.get(answer_url(to_aoki)).status_code == 404
    assert "青木だけの別案" not in client.get(answer_url(to_sakura)).content.decode()

    url = reverse("inquiries:quote_from_offer", args=["miyako", inquiry.pk])
    data = {"referral": to_aoki.pk, "offer": offer.pk}
    for user in (bob, hana, dave):
        login(client, user)
        assert client.post(url, data).status_code == 404, user
        detail = client.get(reverse("inquiries:detail", args=["miyako", inquiry.pk]))
        assert detail.status_code == 404, user
    login(client, dave)
    elsewhere = reverse("inquiries:quote_from_offer", args=["hokko", inquiry.pk])
    assert client.post(elsewhere, data).status_code == 404
    # alice cannot quote an offer under another referral, nor a made-up one.
    login(client, alice)
    assert client.post(url, {"referral": to_sakura.pk, "offer": offer.pk}).status_code == 404
    assert client.post(url, {"referral": to_aoki.pk, "offer": "x"}).status_code == 404
    assert not Quote.objects.exists()


def _put(client, url, body, secret):
    response = client.put(
        url, json.dumps(body), content_type="application/json",
        headers={"Authorization": f"Bearer {secret}"},
    )  # fmt: skip
    return response.status_code, json.loads(response.content)


def test_the_api_answer_takes_offers_and_refuses_bad_ones_with_400(client, bob, aoki, inquiry):
    _token, secret = create_api_token(actor=bob, name="test")
    url = f"/api/v1/groups/miyako/inquiries/{inquiry.pk}/answer"
    body = {"kind": "can", "price_yen": 15000, "lead_days": 14, "offers": [
        {"quantity": 50, "price_yen": 48000, "lead_days": 20},
        {"material": "A5052", "quantity": 10, "price_yen": 30000, "lead_days": 10},
    ]}  # fmt: skip
    status, answer = _put(client, url, body, secret)
    assert status == 200, answer
    assert [(o["quantity"], o["unit_price_yen"]) for o in answer["offers"]] == [
        (50, 960),
        (10, 3000),
    ]

    for offers, field in [
        ([{"quantity": -1, "price_yen": 1, "lead_days": 1}], "offers.0.quantity"),
        ([{"quantity": 1, "price_yen": 10**20, "lead_days": 1}], "offers.0.price_yen"),
        ([{"quantity": "たくさん", "price_yen": 1, "lead_days": 1}], "offers.0.quantity"),
        ([{"quantity": 1, "price_yen": 1, "lead_days": 1}] * 6, "offers"),
    ]:
        status, refused = _put(client, url, body | {"offers": offers}, secret)
        assert status == 400, refused
        assert field in refused["errors"], refused
    assert AnswerOffer.objects.count() == 2  # nothing saved was lost
    schema = client.get("/api/v1/openapi.json").json()
    assert "OfferIn" in schema["components"]["schemas"]
