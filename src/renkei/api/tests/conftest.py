"""Fixtures for the API tests: tokens for the personas and a private group."""

import json

import pytest

from renkei.api.services import create_api_token
from renkei.orgs.models import Group
from renkei.orgs.services import add_member


@pytest.fixture
def token_for():
    """The secret of a fresh token for ``user``, as the token page would show it."""

    def make(user, name="test"):
        _token, secret = create_api_token(actor=user, name=name)
        return secret

    return make


@pytest.fixture
def get_json(client):
    """GET an API URL, optionally with a bearer token; returns (status, parsed body)."""

    def get(url, token=None, **params):
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        response = client.get(url, params, headers=headers)
        assert response["Content-Type"].startswith("application/json"), response.content
        return response.status_code, json.loads(response.content)

    return get


@pytest.fixture
def private_group(region, aoki):
    """A study circle that is not on the region page; aoki is a member."""
    group = Group.objects.create(region=region, name="非公開研究会", slug="secret", is_public=False)
    add_member(actor=None, group=group, company=aoki)
    return group
