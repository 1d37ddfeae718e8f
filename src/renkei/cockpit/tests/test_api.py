"""GET /api/v1/groups/{slug}/cockpit and GET /api/v1/incorporation/legal-forms."""

import json

import pytest

from renkei.api.services import create_api_token
from renkei.cockpit.services.kpi import set_target
from renkei.cockpit.tests.conftest import make_inquiry
from renkei.lib.legal_forms import TABLES

pytestmark = pytest.mark.django_db


def bearer(user):
    _token, secret = create_api_token(actor=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_cockpit_api_gives_stage_levers_and_kpis(client, alice, group):
    set_target(actor=alice, group=group, kpi="reply_rate", target=90, tolerance=0)
    make_inquiry(group, replied_after_hours=5)

    response = client.get(f"/api/v1/groups/{group.slug}/cockpit", **bearer(alice))

    assert response.status_code == 200
    body = json.loads(response.content)
    assert body["stage"] == "formation"
    assert [lever["code"] for lever in body["levers"]] == [
        "interactive",
        "boundary",
        "belief",
        "diagnostic",
    ]
    reply = next(k for k in body["kpis"] if k["code"] == "reply_rate")
    assert (reply["value"], reply["target"], reply["status"]) == (0.0, 90.0, "alert")
    assert next(k for k in body["kpis"] if k["code"] == "inquiries")["value"] == 1


def test_cockpit_api_is_404_outside_the_group(client, dave, group):
    assert client.get(f"/api/v1/groups/{group.slug}/cockpit").status_code == 404
    assert client.get(f"/api/v1/groups/{group.slug}/cockpit", **bearer(dave)).status_code == 404
    assert client.get("/api/v1/groups/nowhere/cockpit", **bearer(dave)).status_code == 404


def test_legal_forms_api_is_public_and_matches_the_table(client):
    response = client.get("/api/v1/incorporation/legal-forms")

    assert response.status_code == 200
    body = json.loads(response.content)
    assert [t["forms"] for t in body["tables"]] == [list(t.forms) for t in TABLES]
    votes = next(r for r in body["tables"][0]["rows"] if r["label"] == "議決権")
    assert votes["values"] == ["出資比率による", "1人1票", "原則、1社員1票", "原則、1社員1票"]
    assert body["as_of"]["NPO法人"] == "2019-03-31"


def test_an_operators_as_of_date_replaces_the_seeds(client, admin_client):
    from renkei.cockpit.models import LegalFormAsOf

    LegalFormAsOf.objects.create(form="企業組合", as_of="2026-04-01")

    body = json.loads(client.get("/api/v1/incorporation/legal-forms").content)
    assert body["as_of"]["企業組合"] == "2026-04-01"
    assert body["as_of"]["株式会社"] == "2019-03-31"
    assert admin_client.get("/admin/cockpit/legalformasof/").status_code == 200
