"""Another group's ids on the JSON API and in search (the web pages are in
test_held_cross_group.py, whose helpers these tests share)."""

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from renkei.conftest_helpers import login

from .conftest import SECRET_ARTICLE, SECRET_TITLE, SECRETS, World
from .test_held_cross_group import _snapshot, leaks, shown

pytestmark = pytest.mark.django_db


# The JSON API, with an API token of the other group's coordinator.


@dataclass(frozen=True)
class ApiRoute:
    method: str
    path: Callable[[World, str], str]
    body: dict[str, Any] | None = None
    names_an_object: bool = True


API_ROUTES = [
    ApiRoute("get", lambda w, g: f"/api/v1/groups/{g}/inquiries", names_an_object=False),
    ApiRoute("get", lambda w, g: f"/api/v1/groups/{g}/inquiries/{w.inquiry.pk}"),
    ApiRoute(
        "put",
        lambda w, g: f"/api/v1/groups/{g}/inquiries/{w.inquiry.pk}/answer",
        {"kind": "cannot"},
    ),
    ApiRoute(
        "post",
        lambda w, g: f"/api/v1/groups/{g}/inquiries/{w.inquiry.pk}/referrals",
        {"company_ids": [1]},
    ),
    ApiRoute("get", lambda w, g: f"/api/v1/groups/{g}/inquiries/{w.inquiry.pk}/comments"),
    ApiRoute(
        "post", lambda w, g: f"/api/v1/groups/{g}/inquiries/{w.inquiry.pk}/comments", {"body": "x"}
    ),
    ApiRoute("get", lambda w, g: f"/api/v1/groups/{g}/projects/{w.project.pk}/packages"),
    ApiRoute(
        "post",
        lambda w, g: f"/api/v1/groups/{g}/packages/{w.package.pk}/events",
        {"kind": "step_done"},
    ),
    ApiRoute(
        "post",
        lambda w, g: f"/api/v1/groups/{g}/packages/{w.package.pk}/receiving-checks",
        {"result": "accepted", "quantity_received": 1, "final": True},
    ),
    ApiRoute("get", lambda w, g: f"/api/v1/groups/{g}/cockpit", names_an_object=False),
    ApiRoute("get", lambda w, g: f"/api/v1/groups/{g}/products/orders", names_an_object=False),
    ApiRoute("get", lambda w, g: f"/api/v1/groups/{g}/invoices", names_an_object=False),
    ApiRoute("get", lambda w, g: f"/api/v1/groups/{g}/invoices/{w.money.invoice.pk}"),
    ApiRoute("get", lambda w, g: f"/api/v1/groups/{g}/statements", names_an_object=False),
    ApiRoute("get", lambda w, g: f"/api/v1/groups/{g}/statements/{w.money.statement.pk}"),
    ApiRoute("get", lambda w, g: f"/api/v1/groups/{g}/payments", names_an_object=False),
    ApiRoute("get", lambda w, g: f"/api/v1/groups/{g}/payments/{w.money.payment.pk}"),
    ApiRoute("get", lambda w, g: f"/api/v1/groups/{g}/orders", names_an_object=False),
    ApiRoute("get", lambda w, g: f"/api/v1/groups/{g}/orders/{w.money.order.pk}"),
    ApiRoute(
        "post",
        lambda w, g: f"/api/v1/groups/{g}/payments",
        {"received_on": "2026-01-05", "amount": 100, "payer_name": "x"},
        names_an_object=False,
    ),
    ApiRoute(
        "post",
        lambda w, g: f"/api/v1/groups/{g}/articles",
        {"kind": "manual", "title": "x"},
        names_an_object=False,
    ),
]
# API paths that need no entry in API_ROUTES, and why.
API_NOT_IN_TABLE = {
    "/api/v1/groups/{slug}": "public group data (private groups: api/tests/test_isolation.py)",
    "/api/v1/groups/{slug}/members": "checked for leaks below",
    "/api/v1/groups/{slug}/products": "the published products, public (products/tests)",
    "/api/v1/groups/{slug}/inquiries#post": "the public window of the API",
    "/api/v1/companies/{company_id}": "checked with the unlisted member below",
    "/api/v1/companies/{company_id}/capabilities": "checked with the unlisted member below",
}


def _api_call(
    client: Client, route: ApiRoute, path: str, secret: str | None
) -> tuple[int | str, str]:
    headers = {"Authorization": f"Bearer {secret}"} if secret else {}
    try:
        if route.method == "get":
            response = client.get(path, headers=headers)
        else:
            response = getattr(client, route.method)(
                path, json.dumps(route.body or {}), content_type="application/json", headers=headers
            )
    except Exception as error:
        return f"raised {type(error).__name__}: {error}", ""
    return response.status_code, response.content.decode("utf-8", "replace")


class _Placeholders:
    """Stands in for a World: each object's id is the API path's parameter name."""

    def __getattr__(self, name: str) -> Any:
        if name == "money":
            return self  # w.money.invoice.pk is "{invoice_id}" too
        return type("Placeholder", (), {"pk": "{" + name + "_id}"})()


def test_every_group_scoped_api_path_is_in_the_table():
    from renkei.api.v1 import api

    tried = set()
    for route in API_ROUTES:
        path = route.path(_Placeholders(), "{slug}")  # type: ignore[arg-type]
        tried.add(path if route.method == "get" else f"{path}#{route.method}")
    missing = []
    for path, operations in api.get_openapi_schema()["paths"].items():
        if "{" not in path:
            continue
        for method in operations:
            key = path if method == "get" else f"{path}#{method}"
            if key not in tried and path not in tried and key not in API_NOT_IN_TABLE:
                missing.append(key)
    assert not missing, f"add these API operations to API_ROUTES: {missing}"


def test_api_refuses_another_groups_coordinator_and_changes_nothing(
    client, held_world, dave, alice, held_token_for
):
    mine, theirs = held_token_for(alice), held_token_for(dave)
    for route in API_ROUTES:  # the control: alice's token reads her group's objects
        if route.method == "get":
            path = route.path(held_world, "miyako")
            assert _api_call(client, route, path, mine)[0] == 200, path
    before = _snapshot()
    problems = []
    cases = [(r, "miyako") for r in API_ROUTES]
    cases += [(r, "hokko") for r in API_ROUTES if r.names_an_object]
    for route, slug in cases:
        path = route.path(held_world, slug)
        for secret in (theirs, None):
            status, body = _api_call(client, route, path, secret)
            if status not in {401, 403, 404}:
                problems.append(
                    f"{route.method.upper()} {path} ({'dave' if secret else 'anonymous'}): {status}"
                )
            elif leaked := leaks(body):
                problems.append(f"{route.method.upper()} {path}: shows {leaked}")
    assert not problems, "\n".join(problems)
    after = _snapshot()
    after.pop("api.ApiToken", None), before.pop("api.ApiToken", None)
    assert after == before


def test_api_shows_no_unlisted_member_or_internal_note_to_another_group(
    client, held_world, dave, held_token_for
):
    secret = held_token_for(dave)
    headers = {"Authorization": f"Bearer {secret}"}
    hidden = held_world.hidden_member.pk
    for path in (f"/api/v1/companies/{hidden}", f"/api/v1/companies/{hidden}/capabilities"):
        assert client.get(path, headers=headers).status_code == 404, path
    for path in ("/api/v1/groups/miyako/members", "/api/v1/companies", "/api/v1/groups/miyako"):
        response = client.get(path, headers=headers)
        assert response.status_code == 200, path
        text = response.content.decode()
        assert held_world.hidden_member.name not in text and "internal_note" not in text, path
        assert not leaks(text), path


# Search: never a hit the reader may not open.

SEARCHED = ["極秘", "シャフト", "研磨", "門外不出", "非公開", "相談", "ロケット"]


def test_search_never_shows_another_groups_private_article_inquiry_or_company(
    client, held_world, alice, dave, held_token_for
):
    # The control: alice finds her group's private things with the same words.
    login(client, alice)
    mine = shown(client.get("/knowledge/", {"q": "極秘"}).content.decode())
    assert SECRET_TITLE in mine
    assert SECRET_ARTICLE in shown(client.get("/knowledge/", {"q": "門外不出"}).content.decode())
    client.logout()

    secret = held_token_for(dave)
    login(client, dave)
    for word in SEARCHED:
        page = client.get("/knowledge/", {"q": word})
        assert page.status_code == 200
        html = page.content.decode()
        assert not leaks(html), word
        assert held_world.hidden_member.name not in shown(html), word
        response = client.get(
            "/api/v1/search", {"q": word}, headers={"Authorization": f"Bearer {secret}"}
        )
        assert response.status_code == 200
        body = response.json()
        answer = json.dumps(body, ensure_ascii=False)
        assert not [s for s in SECRETS if s in answer], word
        assert held_world.hidden_member.name not in answer, word
        assert body["inquiries"]["count"] == 0, word
        ids = {item["id"] for item in body["articles"]["items"]}
        assert not ids & {held_world.article.pk, held_world.question.pk}, word
        in_group = client.get("/g/miyako/knowledge/", {"q": word}).content.decode()
        assert not leaks(in_group), word
        directory = client.get("/g/miyako/members/", {"q": word}).content.decode()
        assert held_world.hidden_member.name not in shown(directory), word
