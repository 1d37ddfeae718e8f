"""Invitations go out by real SMTP through the task worker, once, and let a person join."""

import pytest
from django.urls import reverse
from django.utils import timezone

from renkei.conftest_helpers import free_port, login, run_worker
from renkei.orgs.models import GroupRole, Invitation
from renkei.orgs.tasks import send_invitation
from renkei.outbox.models import OutgoingMail


@pytest.mark.django_db(databases="__all__", transaction=True)
def test_invitation_is_mailed_by_the_worker_and_accepted(client, group, aoki, alice, smtp):
    login(client, alice)
    response = client.post(
        reverse("orgs:invite", args=["miyako"]),
        {"email": "Taro@Aoki.example", "role": "member_admin", "company": aoki.pk},
    )
    assert response.status_code == 302
    run_worker()
    assert len(smtp.messages) == 1
    recipients, body = smtp.messages[0]
    assert recipients == ["taro@aoki.example"]
    invitation = Invitation.objects.get()
    assert invitation.sent_at is not None
    assert invitation.token in body.replace("=\n", "")

    client.logout()
    link = reverse("orgs:accept_invitation", args=[invitation.token])
    response = client.post(link, {"username": "taro", "password": "short"})
    assert response.status_code == 400
    assert not GroupRole.objects.filter(user__username="taro").exists()
    response = client.post(link, {"username": "taro", "password": "a-long-enough-pass-42"})
    assert response.status_code == 302
    role = GroupRole.objects.get(user__username="taro")
    assert (role.group, role.role, role.company) == (group, "member_admin", aoki)
    assert client.get(link).status_code == 404


@pytest.mark.django_db(databases="__all__", transaction=True)
def test_invitation_task_run_twice_sends_one_mail(group, smtp):
    invitation = Invitation.objects.create(
        group=group, email="hanako@example.com", role="supporter"
    )
    assert send_invitation.call(invitation.pk) == "sent"
    assert send_invitation.call(invitation.pk) == "skipped"
    run_worker()  # the outbox's delivery
    assert len(smtp.messages) == 1


@pytest.mark.django_db(databases="__all__", transaction=True)
def test_smtp_failure_leaves_the_invitation_waiting_in_the_outbox(group, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    invitation = Invitation.objects.create(group=group, email="jiro@example.com", role="supporter")
    assert send_invitation.call(invitation.pk) == "sent"
    run_worker()  # nobody listens on that port: the delivery fails and is scheduled again
    mail = OutgoingMail.objects.get(key=f"orgs.invitation:{invitation.pk}")
    assert (mail.status, mail.attempts, mail.to) == ("pending", 1, ["jiro@example.com"])
    assert "ConnectionRefusedError" in mail.last_error
    assert mail.due_at > timezone.now()


def test_member_admin_role_needs_a_company(client, group, alice):
    login(client, alice)
    client.post(
        reverse("orgs:invite", args=["miyako"]), {"email": "x@example.com", "role": "member_admin"}
    )
    assert not Invitation.objects.exists()
