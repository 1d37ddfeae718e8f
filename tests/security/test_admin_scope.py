"""The Django admin is for platform operators (superusers) only.

It is not scoped by group: a coordinator with any admin permission would read other groups'
audit entries (inquiry titles, comments) and roles there, which renkei's own pages hide."""

import io

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.urls import reverse

from renkei.conftest_helpers import PASSWORD, login_with_second_factor
from renkei.core.audit import audit
from renkei.orgs.models import GroupRole

SECRET = "極秘シャフト案件"


def old_demo_rights(user):
    """What the demo used to give its coordinator: staff, and every view_* permission."""
    user.is_staff = True
    user.save()
    user.user_permissions.add(*Permission.objects.filter(codename__startswith="view_"))


def test_a_coordinator_with_every_view_permission_sees_nothing_in_the_admin(
    client, group, other_group, alice, dave
):
    audit("inquiry.create", actor=alice, group=group, summary=SECRET)
    old_demo_rights(dave)
    login_with_second_factor(client, dave)

    for name in ["admin:core_auditentry_changelist", "admin:orgs_grouprole_changelist"]:
        response = client.get(reverse(name), {"q": "極秘"})
        assert response.status_code in (302, 403)
        assert response.status_code == 403 or response["Location"].startswith(
            reverse("admin:login")
        )
    index = client.get(reverse("admin:index"), follow=True)
    html = index.content.decode()
    assert SECRET not in html
    assert "alice" not in html
    assert reverse("admin:core_auditentry_changelist") not in html


def test_the_admin_link_shows_only_to_operators(client, alice):
    old_demo_rights(alice)
    login_with_second_factor(client, alice)
    assert reverse("admin:index") not in client.get(reverse("home")).content.decode()


# Every database: the task queue's models (and the worker heartbeat) live in the "tasks" one.
@pytest.mark.django_db(databases="__all__")
def test_every_admin_page_works_for_an_operator(client, group, alice, bob):
    audit("inquiry.create", actor=alice, group=group, summary=SECRET)
    operator = get_user_model().objects.create_superuser("root", "root@example.com", PASSWORD)
    login_with_second_factor(client, operator)
    assert reverse("admin:index") in client.get(reverse("home")).content.decode()
    assert client.get(reverse("admin:index")).status_code == 200
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        changelist = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        assert client.get(changelist).status_code == 200, changelist
        if model_admin.has_add_permission(client.get(changelist).wsgi_request):
            add = reverse(f"admin:{meta.app_label}_{meta.model_name}_add")
            assert client.get(add).status_code == 200, add
    roles = client.get(reverse("admin:orgs_grouprole_changelist")).content.decode()
    assert "alice" in roles and "bob" in roles
    entries = client.get(reverse("admin:core_auditentry_changelist"), {"q": "極秘"})
    assert SECRET in entries.content.decode()


@pytest.mark.django_db
def test_loading_the_demo_takes_admin_rights_back_from_the_coordinator():
    call_command("load_demo", stdout=io.StringIO())
    coordinator = get_user_model().objects.get(username="coordinator")
    assert not coordinator.is_staff
    old_demo_rights(coordinator)  # a database loaded by an older demo

    call_command("load_demo", stdout=io.StringIO())
    coordinator.refresh_from_db()
    assert not coordinator.is_staff
    assert not coordinator.user_permissions.exists()
    assert GroupRole.objects.filter(user=coordinator, role="coordinator").exists()


def test_a_password_an_operator_sets_in_the_admin_ends_the_persons_access(client, alice):
    from renkei.api.models import ApiToken
    from renkei.api.services import create_api_token
    from renkei.core.models import AuditEntry

    create_api_token(actor=alice, name="laptop")
    operator = get_user_model().objects.create_superuser("root", "root@example.com", PASSWORD)
    login_with_second_factor(client, operator)
    url = reverse("admin:auth_user_password_change", args=[alice.pk])
    new = "a-fresh-password-77"
    response = client.post(url, {"password1": new, "password2": new, "usable_password": "true"})
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password(new)
    assert not ApiToken.objects.filter(user=alice, revoked_at__isnull=True).exists()
    assert AuditEntry.objects.filter(
        action="auth.password_set_by_operator", actor=operator, object_id=str(alice.pk)
    ).exists()


def test_no_one_deletes_the_audit_log_in_the_admin(client, group, alice):
    from renkei.core.models import AuditEntry

    entry = audit("inquiry.create", actor=alice, group=group, summary="消せない記録")
    operator = get_user_model().objects.create_superuser("root", "root@example.com", PASSWORD)
    login_with_second_factor(client, operator)
    url = reverse("admin:core_auditentry_delete", args=[entry.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    changelist = reverse("admin:core_auditentry_changelist")
    client.post(changelist, {"action": "delete_selected", "_selected_action": [entry.pk]})
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
