"""An article's links are picked from a list of what the writer may open, not typed as ids."""

import re
import uuid

import pytest
from django.urls import reverse

from renkei.conftest_helpers import login
from renkei.inquiries import referrals
from renkei.knowledge.models import Article
from renkei.knowledge.tests.conftest import make_inquiry, write
from renkei.orgs.services import create_company

pytestmark = pytest.mark.django_db


@pytest.fixture
def things(group, other_group, alice, aoki):
    """Two inquiries of the group (one passed to aoki), one of another group, and a company
    only the other group's people see."""
    passed = make_inquiry(group, "アルミブラケット試作", "5個")
    kept_back = make_inquiry(group, "社外秘シャフト", "2本")
    referrals.refer(actor=alice, inquiry=passed, companies=[aoki], reasons={})
    elsewhere = make_inquiry(other_group, "他団体の案件", "1個")
    unseen = create_company(actor=None, group=other_group, name="見えない工業", kana="みえない")
    unseen.memberships.update(listed_publicly=False)
    return {"passed": passed, "kept_back": kept_back, "elsewhere": elsewhere, "unseen": unseen}


def offered(client, url):
    html = client.get(url).content.decode()
    return set(re.findall(r'name="links" value="([a-z]+:\d+)"', html)), html


def new_url(kind="manual"):
    return reverse("knowledge:new", args=["miyako", kind])


def post_new(client, links):
    data = {"title": "ブラケットの段取り", "body": "手順", "visibility": "group",
            "key": str(uuid.uuid4()), "links": links}  # fmt: skip
    return client.post(new_url(), data)


def test_the_coordinator_is_offered_the_groups_inquiries_and_the_companies_shown(
    client, alice, aoki, things
):
    login(client, alice)
    values, html = offered(client, new_url())
    assert {f"inquiry:{things['passed'].pk}", f"inquiry:{things['kept_back'].pk}"} <= values
    assert f"company:{aoki.pk}" in values
    assert f"inquiry:{things['elsewhere'].pk}" not in values
    assert f"company:{things['unseen'].pk}" not in values
    assert "アルミブラケット試作" in html and 'type="checkbox"' in html
    assert "inquiry:12" not in html  # nobody is asked to type ids any more


def test_a_member_is_offered_only_the_inquiries_passed_to_their_company(client, bob, things):
    login(client, bob)
    values, html = offered(client, new_url())
    assert f"inquiry:{things['passed'].pk}" in values
    assert f"inquiry:{things['kept_back'].pk}" not in values
    assert "社外秘シャフト" not in html and "他団体の案件" not in html


def test_ticked_links_are_saved_in_the_apis_format(client, bob, aoki, things):
    login(client, bob)
    picked = [f"inquiry:{things['passed'].pk}", f"company:{aoki.pk}"]
    assert post_new(client, picked).status_code == 302
    article = Article.objects.get()
    assert sorted((link.target, link.target_id) for link in article.links.all()) == sorted(
        [("inquiry", things["passed"].pk), ("company", aoki.pk)]
    )


def test_a_link_not_offered_is_refused_and_nothing_is_saved(client, bob, things):
    login(client, bob)
    for value in (f"inquiry:{things['kept_back'].pk}", f"company:{things['unseen'].pk}", "x:1"):
        response = post_new(client, [value])
        assert response.status_code == 400, value
        assert "ブラケットの段取り" in response.content.decode()  # what was typed is kept
    assert not Article.objects.exists()


def test_editing_shows_the_links_ticked_and_keeps_those_the_editor_cannot_open(
    client, alice, bob, group, aoki, things
):
    from renkei.knowledge.services import Draft, update_article

    article = write(bob, group, title="段取り")
    links = [("inquiry", things["passed"].pk), ("inquiry", things["kept_back"].pk)]
    update_article(actor=alice, article=article, draft=Draft(title="段取り", links=links))
    login(client, bob)
    url = reverse("knowledge:edit", args=["miyako", article.pk])
    html = client.get(url).content.decode()
    ticked = re.findall(r'<input[^>]*value="(inquiry:\d+)"[^>]*checked', html)
    assert ticked == [f"inquiry:{things['passed'].pk}"]
    assert "社外秘シャフト" not in html

    response = client.post(
        url,
        {"title": "段取り", "body": "", "visibility": "group", "key": str(uuid.uuid4()),
         "links": [f"company:{aoki.pk}"]},
    )  # fmt: skip
    assert response.status_code == 302
    saved = {(link.target, link.target_id) for link in article.links.all()}
    assert saved == {("company", aoki.pk), ("inquiry", things["kept_back"].pk)}
