"""Progress by API (simple EDI): idempotency keys, and isolation between groups."""

import json

import pytest

from renkei.api.services import create_api_token
from renkei.projects.models import PackageEvent

pytestmark = pytest.mark.django_db


def _token(user):
    _made, secret = create_api_token(actor=user, name="生産管理")
    return secret


def _post(client, slug, package_id, body, token, key=None):
    headers = {"Authorization": f"Bearer {token}"}
    if key:
        headers["Idempotency-Key"] = key
    response = client.post(
        f"/api/v1/groups/{slug}/packages/{package_id}/events",
        json.dumps(body),
        content_type="application/json",
        headers=headers,
    )
    return response.status_code, json.loads(response.content)


def test_the_same_event_twice_with_one_key_makes_one_event(client, bob, held):
    token = _token(bob)

    first = _post(client, "miyako", held.pk, {"kind": "started"}, token, key="mes-0001")
    again = _post(client, "miyako", held.pk, {"kind": "started"}, token, key="mes-0001")

    assert first[0] == 201 and again[0] == 200
    assert first[1] == again[1]
    assert first[1]["kind"] == "started" and first[1]["key"] == "mes-0001"
    assert PackageEvent.objects.filter(package=held, kind="started").count() == 1
    # The key may also come in the body.
    body = {"kind": "step_done", "key": "mes-0002"}
    assert _post(client, "miyako", held.pk, body, token)[0] == 201
    assert _post(client, "miyako", held.pk, body, token)[0] == 200
    held.refresh_from_db()
    assert held.stage == "step_done"


def test_an_event_for_another_groups_package_is_refused(client, dave, bob, held, other_group):
    token = _token(dave)
    status, _body = _post(client, "miyako", held.pk, {"kind": "started"}, token, key="x")
    assert status == 404
    status, _body = _post(client, "hokko", held.pk, {"kind": "started"}, token, key="x")
    assert status == 404
    status, _body = _post(client, "miyako", 999999, {"kind": "started"}, _token(bob), key="x")
    assert status == 404
    assert not PackageEvent.objects.filter(kind="started").exists()


def test_another_member_of_the_group_is_forbidden_and_keys_leak_nothing(client, bob, hana, held):
    _post(client, "miyako", held.pk, {"kind": "started"}, _token(bob), key="k")
    status, body = _post(client, "miyako", held.pk, {"kind": "started"}, _token(hana), key="k")
    assert status == 403 and "id" not in body


def test_bad_events_are_400(client, bob, held):
    token = _token(bob)
    assert _post(client, "miyako", held.pk, {"kind": "exploded"}, token)[0] == 400
    assert _post(client, "miyako", held.pk, {"kind": "delayed"}, token)[0] == 400
    status, body = _post(client, "miyako", held.pk, {"kind": "delayed", "note": "停電"}, token)
    assert status == 201 and body["note"] == "停電"
    assert client.post(
        f"/api/v1/groups/miyako/packages/{held.pk}/events",
        "not json",
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    ).status_code in (400, 422)


def test_without_a_token_nothing_is_posted(client, held):
    response = client.post(
        f"/api/v1/groups/miyako/packages/{held.pk}/events",
        json.dumps({"kind": "started"}),
        content_type="application/json",
    )
    assert response.status_code == 404
    assert not PackageEvent.objects.filter(kind="started").exists()


def test_a_projects_packages_and_history_are_listed(client, bob, dave, held):
    token = _token(bob)
    _post(client, "miyako", held.pk, {"kind": "started"}, token, key="s")
    url = f"/api/v1/groups/miyako/projects/{held.project_id}/packages"

    response = client.get(url, headers={"Authorization": f"Bearer {token}"})
    data = json.loads(response.content)
    assert response.status_code == 200
    assert all(p["process"] for p in data["packages"])
    first = data["packages"][0]
    assert first["company_name"] == "株式会社青木精工" and first["stage"] == "started"
    assert [e["kind"] for e in first["events"]][-1] == "started"
    other = client.get(url, headers={"Authorization": f"Bearer {_token(dave)}"})
    assert other.status_code == 404
    assert client.get(url).status_code == 404
