"""Hostile input to the API gets a documented 4xx with a JSON body ``detail`` + ``errors``, never
a 500 nor Django's HTML error page; and the OpenAPI schema declares every answer."""

import json

import pytest

from renkei.api.services import create_api_token

pytestmark = pytest.mark.django_db

HUGE = str(2**63)  # one past SQLite's and PostgreSQL's bigint


@pytest.fixture
def alice_token(alice):
    return create_api_token(actor=alice, name="test")[1]


def _call(client, method, url, token=None, body=None, **extra):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    if body is not None and not isinstance(body, bytes):
        body = json.dumps(body)
    call = getattr(client, method)
    if method == "get":
        return call(url, extra, headers=headers)
    return call(url, body, content_type="application/json", headers=headers)


def _documented_error(response, status):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json"), response.content[:300]
    body = json.loads(response.content)
    assert isinstance(body["detail"], str) and body["detail"]
    assert isinstance(body["errors"], dict)
    for field, messages in body["errors"].items():
        assert isinstance(field, str)
        assert messages and all(isinstance(m, str) and m for m in messages)
    return body


LISTS = [
    "/api/v1/groups",
    "/api/v1/groups/miyako/members",
    "/api/v1/companies",
    "/api/v1/processes",
    "/api/v1/materials",
    "/api/v1/groups/miyako/inquiries",
    "/api/v1/search",
]


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("params", [{"offset": HUGE}, {"offset": "-1"}, {"limit": HUGE}])
def test_a_page_out_of_range_is_refused_with_errors_by_field(
    client, group, alice_token, url, params
):
    response = _call(client, "get", url, token=alice_token, **params)
    body = _documented_error(response, 422)
    assert set(params) <= set(body["errors"])


@pytest.mark.parametrize("path", [f"/api/v1/companies/{HUGE}", "/api/v1/companies/10e400"])
def test_an_id_beyond_the_database_range_is_refused(client, group, path):
    _documented_error(client.get(path), 422)


def test_the_error_messages_are_japanese_for_a_japanese_caller(client, group):
    response = client.get("/api/v1/groups", {"limit": "0"}, headers={"Accept-Language": "ja"})
    body = _documented_error(response, 422)
    assert body["errors"]["limit"] == ["1以上の値にしてください。"]


def _article(**fields):
    return {"kind": "manual", "title": "旋盤の段取り", "body": "本文", **fields}


def test_an_article_link_id_beyond_bigint_is_refused(client, group, alice_token):
    body = _article(links=[{"target": "company", "id": 2**63}])
    response = _call(client, "post", "/api/v1/groups/miyako/articles", alice_token, body)
    errors = _documented_error(response, 422)["errors"]
    assert "links[0].id" in errors


@pytest.mark.parametrize(
    "payload",
    [
        b"{not json",
        b"[1, 2, 3]",
        json.dumps(_article(title=["a"])).encode(),
        json.dumps(_article(kind="nonsense")).encode(),
        json.dumps(_article(tags="one")).encode(),
        json.dumps(_article(title="\x00" * 10)).encode(),
        json.dumps(_article(title="長" * 100_000)).encode(),
        json.dumps(_article(meeting_on="2024-02-30")).encode(),
        json.dumps(_article(action_items=[{"what": 1}])).encode(),
    ],
)
def test_hostile_article_bodies_get_a_documented_4xx(client, group, alice_token, payload):
    response = _call(client, "post", "/api/v1/groups/miyako/articles", alice_token, payload)
    assert response.status_code in (400, 422), response.content[:300]
    _documented_error(response, response.status_code)


@pytest.mark.parametrize(
    "params",
    [{"q": "\x00"}, {"q": "あ" * 10_000}, {"q": "%" * 200}, {"limit": "1.5"}, {"limit": "x"}],
)
def test_hostile_search_parameters_never_break_the_search(client, group, params):
    response = client.get("/api/v1/search", params)
    assert response.status_code in (200, 422), response.content[:300]
    if response.status_code == 422:
        _documented_error(response, 422)


def test_an_oversize_request_gets_a_json_413(client, group, alice_token, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    payload = json.dumps(_article(body="x" * 5000)).encode()
    response = _call(client, "post", "/api/v1/groups/miyako/articles", alice_token, payload)
    _documented_error(response, 413)


def test_not_found_unauthorized_and_wrong_method_answer_the_documented_shape(client, group):
    _documented_error(client.get("/api/v1/groups/nothing-here"), 404)
    _documented_error(client.get("/api/v1/no-such-endpoint"), 404)
    _documented_error(client.get("/api/v1/groups", headers={"Authorization": "Bearer nope"}), 401)
    wrong_method = client.delete("/api/v1/groups")
    _documented_error(wrong_method, 405)
    assert "GET" in wrong_method["Allow"]


def _schema(client):
    return json.loads(client.get("/api/v1/openapi.json").content)


def test_the_schema_declares_the_idempotency_key_header(client):
    paths = _schema(client)["paths"]
    for path in [
        "/api/v1/groups/{slug}/packages/{package_id}/events",
        "/api/v1/groups/{slug}/inquiries/{inquiry_id}/comments",
        "/api/v1/groups/{slug}/articles",
    ]:
        headers = [p for p in paths[path]["post"]["parameters"] if p["in"] == "header"]
        assert [h["name"] for h in headers] == ["Idempotency-Key"], path
        assert headers[0]["required"] is False


def test_the_schema_declares_every_error_answer(client):
    schema = _schema(client)
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            assert {"401", "404", "422"} <= set(responses), (method, path)
            if "requestBody" in operation:
                assert "413" in responses, (method, path)
            error = responses["422"]["content"]["application/json"]["schema"]
            ref = error["$ref"].rsplit("/", 1)[-1]
            assert {"detail", "errors"} <= set(schema["components"]["schemas"][ref]["properties"])


def test_ids_and_pages_are_bounded_in_the_schema(client):
    paths = _schema(client)["paths"]
    parameters = {p["name"]: p for p in paths["/api/v1/companies"]["get"]["parameters"]}
    assert parameters["offset"]["schema"]["maximum"] <= 2**63 - 1
    company = paths["/api/v1/companies/{company_id}"]["get"]["parameters"][0]
    assert company["schema"]["maximum"] == 2**63 - 1


HOSTILE_VALUES = ["0", "-1", HUGE, "1e400", "x", "\x00", "'; DROP TABLE x; --", "あ" * 5000]


def test_no_operation_answers_500_to_hostile_values(client, group, alice_token):
    """Every path and query parameter of every operation, and a few hostile bodies, as a
    fuzzer would send them: only documented 4xx (or 2xx), always JSON."""
    schema = _schema(client)
    headers = {"Authorization": f"Bearer {alice_token}"}
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            names = [p["name"] for p in operation.get("parameters", []) if p["in"] == "path"]
            queries = [p["name"] for p in operation.get("parameters", []) if p["in"] == "query"]
            for value in HOSTILE_VALUES:
                url = path
                for name in names:
                    url = url.replace("{" + name + "}", "1" if name != "slug" else "miyako")
                calls = []
                for name in names:
                    hostile = path.replace("{" + name + "}", _quote(value))
                    for other in names:
                        hostile = hostile.replace("{" + other + "}", "1")
                    calls.append((hostile, {}))
                calls += [(url, {name: value}) for name in queries]
                for target, params in calls:
                    if method == "get":
                        response = client.get(target, params, headers=headers)
                    else:
                        body = json.dumps({"kind": value, "title": value, "body": value})
                        response = getattr(client, method)(
                            target, body, content_type="application/json", headers=headers
                        )
                    assert response.status_code < 500, (method, target, params)
                    assert response["Content-Type"].startswith("application/json"), target
                    if response.status_code >= 400:
                        _documented_error(response, response.status_code)
                    documented = set(operation["responses"])
                    assert str(response.status_code) in documented, (method, target, params)


def _quote(value: str) -> str:
    from urllib.parse import quote

    return quote(value, safe="")


def test_the_schema_has_no_status_written_twice(client):
    """ninja keys responses by int and the error sweep by text: mixed, JSON gets one key twice,
    which Swagger UI refuses to render at all (a parser keeping the last one hides it)."""
    raw = client.get("/api/v1/openapi.json").content

    def no_duplicates(pairs):
        keys = [key for key, _value in pairs]
        assert len(keys) == len(set(keys)), sorted(k for k in keys if keys.count(k) > 1)
        return dict(pairs)

    schema = json.loads(raw, object_pairs_hook=no_duplicates)
    assert schema["paths"]


@pytest.mark.parametrize(
    "extra",
    [{"quantity": -5}, {"quantity": 0}, {"quantity": 10**30}, {"quantity": True},
     {"quantity": "五"}, {"material": "a\u0000b"}, {"material": "x" * 101}],
)  # fmt: skip
def test_a_lineless_inquiry_checks_its_quantity_and_material(client, group, extra):
    """An inquiry sent without lines is one line of its header's quantity and material: they
    get the line's checks, a 400 by field, never a 500 (and nothing is counted or kept)."""
    from renkei.inquiries.models import Inquiry

    data = {
        "company": "株式会社ロケット工房", "contact_name": "宇宙 太郎",
        "email": "taro@rocket.example", "title": "ブラケット", "description": "図面の通り",
    } | extra  # fmt: skip
    response = client.post(f"/api/v1/groups/{group.slug}/inquiries", {"data": json.dumps(data)})
    assert response.status_code == 400, response.content
    body = response.json()
    assert set(body["errors"]) <= {"quantity", "material"} and body["errors"]
    assert not Inquiry.objects.exists()


def test_a_nul_in_the_address_or_the_query_is_refused_before_the_database(client, group):
    """PostgreSQL refuses NUL in text (DataError, a 500); SQLite found nothing. Both now answer
    before any query: 404 for an address, the documented 422 for a query, a 400 page on the
    site — never 500."""
    api_path = client.get("/api/v1/groups/mi%00yako/cockpit")
    assert api_path.status_code == 404 and api_path.json()["errors"] == {}
    api_query = client.get("/api/v1/companies", {"q": "めっき\x00研磨"})
    assert api_query.status_code == 422 and "q" in api_query.json()["errors"]
    page = client.get("/g/miyako/members/", {"q": "\x00"}, HTTP_ACCEPT_LANGUAGE="ja")
    assert page.status_code == 400
    assert "使えない文字" in page.content.decode()
    assert client.get("/g/mi%00yako/").status_code == 404
