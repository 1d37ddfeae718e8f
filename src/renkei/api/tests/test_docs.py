"""The OpenAPI schema and the docs page."""

import json
import re

import pytest

pytestmark = pytest.mark.django_db

PATHS = {
    "/api/v1/groups",
    "/api/v1/groups/{slug}",
    "/api/v1/groups/{slug}/members",
    "/api/v1/companies",
    "/api/v1/companies/{company_id}",
    "/api/v1/groups/{slug}/invoices",
    "/api/v1/groups/{slug}/invoices/{invoice_id}",
    "/api/v1/groups/{slug}/statements",
    "/api/v1/groups/{slug}/statements/{statement_id}",
    "/api/v1/groups/{slug}/payments",
    "/api/v1/groups/{slug}/payments/{payment_id}",
    "/api/v1/groups/{slug}/orders",
    "/api/v1/groups/{slug}/orders/{order_id}",
    "/api/v1/companies/{company_id}/capabilities",
    "/api/v1/processes",
    "/api/v1/materials",
    "/api/v1/groups/{slug}/inquiries",
    "/api/v1/groups/{slug}/inquiries/{inquiry_id}",
    "/api/v1/groups/{slug}/inquiries/{inquiry_id}/answer",
    "/api/v1/groups/{slug}/inquiries/{inquiry_id}/referrals",
    "/api/v1/groups/{slug}/products",
    "/api/v1/groups/{slug}/products/orders",
    "/api/v1/groups/{slug}/projects/{project_id}/packages",
    "/api/v1/groups/{slug}/packages/{package_id}/events",
    "/api/v1/groups/{slug}/packages/{package_id}/receiving-checks",
    "/api/v1/groups/{slug}/inquiries/{inquiry_id}/comments",
    "/api/v1/search",
    "/api/v1/groups/{slug}/articles",
    "/api/v1/groups/{slug}/cockpit",
    "/api/v1/incorporation/legal-forms",
}


def test_openapi_schema_lists_every_path(client):
    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "renkei API"
    assert set(schema["paths"]) == PATHS
    operations = [op for path in schema["paths"].values() for op in path.values()]
    assert all(op["security"] == [{"TokenAuth": []}, {}] for op in operations)
    assert schema["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"


def test_docs_page_loads_only_our_own_files(client):
    response = client.get("/api/v1/docs")

    assert response.status_code == 200
    html = response.content.decode()
    assert "/api/v1/openapi.json" in html
    links = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert len(links) >= 3
    for link in links:
        assert link.startswith("/") and not link.startswith("//"), link
        asset = client.get(link)
        assert asset.status_code == 200, link
        asset.close()


def test_the_openapi_text_speaks_to_integrators_not_of_the_seed(client):
    # Where a rule comes from is for the code's comments; the docs describe the API.
    text = client.get("/api/v1/openapi.json").content.decode()
    assert "seed" not in text.lower()
