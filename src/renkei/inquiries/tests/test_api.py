"""POST /api/v1/groups/{slug}/inquiries: the window for a customer's own system."""

import json

import pytest

from renkei.inquiries.models import Drawing, Inquiry

from .conftest import STEP, upload

URL = "/api/v1/groups/miyako/inquiries"
DATA = {
    "company": "株式会社ロケット工房",
    "contact_name": "宇宙 太郎",
    "email": "taro@rocket.example",
    "title": "アルミブラケット",
    "description": "図面の通り",
    "quantity": 5,
    "material": "A7075",
    "desired_delivery": "2027-01-29",
    "nda": True,
}


@pytest.mark.django_db
def test_a_lineless_inquiry_with_a_file_is_created(client, group, pdf):
    response = client.post(URL, {"data": json.dumps(DATA), "files": [pdf]})
    assert response.status_code == 201, response.content
    body = response.json()
    inquiry = Inquiry.objects.get(pk=body["id"])
    assert body["tracking_url"].endswith(inquiry.get_tracking_url())
    assert inquiry.nda_required and inquiry.desired_delivery.isoformat() == "2027-01-29"
    line = inquiry.lines.get()
    assert (line.part_name, line.quantity, line.material) == ("アルミブラケット", 5, "A7075")
    assert inquiry.drawings.count() == 1


@pytest.mark.django_db
def test_lines_with_process_lists(client, group):
    data = DATA | {
        "lines": [{"part_name": "軸", "quantity": 10, "processes": ["旋盤加工", "焼入れ"]}]
    }
    response = client.post(URL, {"data": json.dumps(data)})
    assert response.status_code == 201
    line = Inquiry.objects.get().lines.get()
    assert line.process_text == "旋盤加工 → 焼入れ"


@pytest.mark.django_db
def test_the_same_idempotency_key_makes_one_inquiry(client, group):
    headers = {"Idempotency-Key": "rocket-order-2026-0042"}
    first = client.post(URL, {"data": json.dumps(DATA)}, headers=headers)
    second = client.post(URL, {"data": json.dumps(DATA)}, headers=headers)
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"]
    assert Inquiry.objects.count() == 1


@pytest.mark.django_db
def test_bad_requests_say_what_is_wrong_and_save_nothing(client, group):
    bad_json = client.post(URL, {"data": "{not json"})
    assert bad_json.status_code == 400 and "data" in bad_json.json()["errors"]
    missing = client.post(URL, {"data": json.dumps({"company": "x"})})
    assert missing.status_code == 400
    assert {"email", "title", "contact_name", "description"} <= set(missing.json()["errors"])
    bad_line = client.post(URL, {"data": json.dumps(DATA | {"lines": [{"quantity": "many"}]})})
    assert "lines[0].part_name" in bad_line.json()["errors"]
    assert not Inquiry.objects.exists()


@pytest.mark.django_db
def test_numbers_where_dates_belong_are_refused_not_a_server_error(client, group):
    # Found by the API fuzzing: a JSON number for a date field failed inside the form.
    data = DATA | {"quote_due": 4.1837975730483384e16, "desired_delivery": 20270129}
    response = client.post(URL, {"data": json.dumps(data)})
    assert response.status_code == 400
    assert {"quote_due", "desired_delivery"} <= set(response.json()["errors"])
    lined = DATA | {"lines": [{"part_name": "軸", "quantity": 10.5, "material": 7075}]}
    assert client.post(URL, {"data": json.dumps(lined)}).status_code == 400
    shapes = DATA | {"desired_delivery": [[True, -3594], {}], "quote_due": True, "phone": {}}
    response = client.post(URL, {"data": json.dumps(shapes)})
    assert response.status_code == 400
    assert {"quote_due", "desired_delivery"} <= set(response.json()["errors"])
    assert not Inquiry.objects.exists()


@pytest.mark.django_db
def test_one_bad_file_refuses_the_request_and_keeps_no_file(client, group):
    files = [upload("ok.step", STEP), upload("fake.pdf", b"<html>hi</html>")]
    response = client.post(URL, {"data": json.dumps(DATA), "files": files})
    assert response.status_code == 400
    assert "fake.pdf" in response.json()["errors"]["files"][0]
    assert not Drawing.objects.exists() and not Inquiry.objects.exists()


@pytest.mark.django_db
def test_unknown_or_private_group_is_404(client, group):
    group.is_public = False
    group.save()
    assert client.post(URL, {"data": json.dumps(DATA)}).status_code == 404


@pytest.mark.django_db
def test_it_is_in_the_openapi_schema(client, group):
    schema = client.get("/api/v1/openapi.json").json()
    assert "post" in schema["paths"]["/api/v1/groups/{slug}/inquiries"]
