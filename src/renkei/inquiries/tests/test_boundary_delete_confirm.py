"""Removing a boundary rule goes through a page that shows the rule and asks first."""

import pytest
from django.urls import reverse
from django.utils import translation

from renkei.cockpit.models import BoundaryRuleVersion
from renkei.conftest_helpers import login
from renkei.core.models import AuditEntry
from renkei.inquiries.models import BoundaryRule

pytestmark = pytest.mark.django_db

RULES = "/g/miyako/manage/boundary/"


@pytest.fixture
def rule(group):
    return BoundaryRule.objects.create(
        group=group, kind="excluded_word", value="武器", note="会員規約 第3条"
    )


def confirm_url(rule):
    return reverse("inquiries:boundary_delete", args=["miyako", rule.pk])


def test_the_rules_page_links_to_the_confirmation_not_a_one_click_delete(client, alice, rule):
    login(client, alice)
    html = client.get(RULES).content.decode()
    assert f'href="{confirm_url(rule)}"' in html
    assert f'name="delete" value="{rule.pk}"' not in html


def test_an_old_delete_post_only_leads_to_the_confirmation(client, alice, rule):
    login(client, alice)
    response = client.post(RULES, {"delete": rule.pk})
    assert response.status_code == 302 and response["Location"] == confirm_url(rule)
    assert BoundaryRule.objects.filter(pk=rule.pk).exists()
    assert client.post(RULES, {"delete": "x"}).status_code == 404


def test_the_confirmation_shows_the_rule_in_japanese_and_deletes_nothing(client, alice, rule):
    login(client, alice)
    with translation.override("ja"):
        response = client.get(confirm_url(rule), HTTP_ACCEPT_LANGUAGE="ja")
    assert response.status_code == 200
    html = response.content.decode()
    assert "武器" in html and "会員規約 第3条" in html
    assert 'id="confirm-delete"' in html and 'method="post"' in html
    assert "Remove the rule" not in html
    assert BoundaryRule.objects.filter(pk=rule.pk).exists()


def test_confirming_removes_the_rule_with_an_audit_entry_and_a_new_version(client, alice, rule):
    login(client, alice)
    response = client.post(confirm_url(rule))
    assert response.status_code == 302 and response["Location"] == RULES
    assert not BoundaryRule.objects.exists()
    assert AuditEntry.objects.filter(action="boundary.delete").count() == 1
    assert BoundaryRuleVersion.objects.filter(group=rule.group).latest("version").rules == []


def test_only_the_groups_coordinator_reaches_the_confirmation(client, bob, dave, rule):
    for user in (bob, dave):
        login(client, user)
        assert client.get(confirm_url(rule)).status_code == 404
        assert client.post(confirm_url(rule)).status_code == 404
    assert BoundaryRule.objects.filter(pk=rule.pk).exists()
