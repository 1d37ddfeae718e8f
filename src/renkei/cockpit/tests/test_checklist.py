"""The coordinator's roles (1)–(4) and tasks (ア)–(キ) as a checklist in the cockpit: the seed's
items in its words, ticked by the coordinator with a note (audited), read by the group."""

import json

import pytest

from renkei.api.services import create_api_token
from renkei.conftest_helpers import login
from renkei.core.models import AuditEntry

pytestmark = pytest.mark.django_db

JA = {"HTTP_ACCEPT_LANGUAGE": "ja"}


def bearer(user):
    _token, secret = create_api_token(actor=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def api_checklist(client, user, group):
    response = client.get(f"/api/v1/groups/{group.slug}/cockpit", **bearer(user), **JA)
    assert response.status_code == 200
    return json.loads(response.content)["coordinator_checklist"]


def test_the_checklist_is_the_seeds_four_roles_and_seven_tasks(client, alice, group):
    items = api_checklist(client, alice, group)

    assert [i["kind"] for i in items] == ["role"] * 4 + ["task"] * 7
    assert [i["mark"] for i in items] == [
        "(1)", "(2)", "(3)", "(4)", "(ア)", "(イ)", "(ウ)", "(エ)", "(オ)", "(カ)", "(キ)"
    ]  # fmt: skip
    assert items[0]["text"] == "メタ組織のデザイナーである"
    assert items[3]["text"] == "共通言語（基盤）を創る：創造的な摩擦や融合"
    assert items[4]["text"] == "メンバ間の壁を低くする"
    assert items[-1]["text"] == "資金調達：事業計画のＰＤＣＡ"
    assert not any(i["done"] for i in items)


def test_the_page_shows_the_seeds_wording_in_japanese(client, alice, group):
    login(client, alice)

    page = client.get(f"/g/{group.slug}/cockpit/coordinator/", **JA).content.decode()

    assert "コーディネータの役割と実現すること" in page
    assert "メタ組織のデザイナーである" in page
    assert "適用場の設営（βテストユーザ、初期利用者の開拓）" in page
    assert "11項目中0項目が済んでいます。" in page


def test_a_tick_with_a_note_shows_on_the_page_and_in_the_api_and_is_audited(
    client, alice, bob, group
):
    login(client, alice)

    response = client.post(
        f"/g/{group.slug}/cockpit/coordinator/mark",
        {"item": "t5", "done": "on", "how": "地元新聞に取材記事が載った"},
    )

    assert response.status_code == 302
    assert response["Location"].endswith("#item-t5")
    items = {i["code"]: i for i in api_checklist(client, alice, group)}
    assert (items["t5"]["done"], items["t5"]["how"]) == (True, "地元新聞に取材記事が載った")
    assert items["t5"]["text"] == "広報活動"
    assert items["t5"]["marked_at"] is not None
    assert (
        AuditEntry.objects.filter(action="cockpit.coordinator_checklist", group=group).count() == 1
    )

    login(client, bob)  # a member reads the state, without the forms
    page = client.get(f"/g/{group.slug}/cockpit/coordinator/", **JA).content.decode()
    assert 'id="item-t5" data-done="1"' in page
    assert "地元新聞に取材記事が載った" in page
    assert "coordinator/mark" not in page
    assert "11項目中1項目が済んでいます。" in page


def test_unticking_keeps_the_note_and_opens_the_item(client, alice, group):
    login(client, alice)
    url = f"/g/{group.slug}/cockpit/coordinator/mark"
    client.post(url, {"item": "r1", "done": "on", "how": "規約を作った"})

    client.post(url, {"item": "r1", "how": "規約を作った"})

    items = {i["code"]: i for i in api_checklist(client, alice, group)}
    assert (items["r1"]["done"], items["r1"]["how"]) == (False, "規約を作った")


def test_an_unknown_item_or_a_long_note_is_refused_politely(client, alice, group):
    login(client, alice)
    url = f"/g/{group.slug}/cockpit/coordinator/mark"

    for data in ({"item": "zz", "done": "on"}, {"item": "r2", "done": "on", "how": "あ" * 501}):
        response = client.post(url, data, follow=True, **JA)
        assert response.status_code == 200
        assert "保存できませんでした。メモは500文字までです。" in response.content.decode()

    assert not any(i["done"] for i in api_checklist(client, alice, group))


def test_only_the_coordinator_ticks(client, bob, carol, dave, group):
    url = f"/g/{group.slug}/cockpit/coordinator/mark"
    for user, status in ((bob, 403), (carol, 403), (dave, 404)):
        login(client, user)
        assert client.post(url, {"item": "r1", "done": "on"}).status_code == status
    assert not AuditEntry.objects.filter(action="cockpit.coordinator_checklist").exists()


def test_another_groups_coordinator_cannot_read_the_checklist(client, dave, group):
    login(client, dave)
    assert client.get(f"/g/{group.slug}/cockpit/coordinator/").status_code == 404
    response = client.get(f"/api/v1/groups/{group.slug}/cockpit", **bearer(dave))
    assert response.status_code == 404
