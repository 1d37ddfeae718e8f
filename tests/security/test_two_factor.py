"""Two-factor authentication (TOTP + recovery codes): who must use it, setup, the login step,
recovery codes, turning it off, throttling. Codes are computed from the device's real key."""

import re
import time

import pytest
from django.contrib.auth import get_user_model
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from renkei.accounts.two_factor import regenerate_recovery_codes
from renkei.conftest_helpers import PASSWORD, login
from renkei.core.models import AuditEntry

SETUP = "/accounts/two-factor/setup/"
VERIFY = "/accounts/two-factor/verify/"
DISABLE = "/accounts/two-factor/disable/"
CODES = "/accounts/two-factor/recovery-codes/"


@pytest.fixture
def no_throttle(settings):
    """Most tests type a wrong code and then the right one at once: without this, django-otp's
    one-second back-off would refuse the right one (which the throttling test checks)."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


def code_for(device, *, steps_ahead=0):
    """The code the person's phone shows (``steps_ahead`` 30-second steps later: a code once
    accepted is never accepted again, so a second login in the same step uses the next one)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def wrong_code(device):
    return f"{(int(code_for(device)) + 500_000) % 1_000_000:06d}"


def with_device(user):
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def verified(client, user, device, *, steps_ahead=0):
    login(client, user)
    response = client.post(VERIFY, {"code": code_for(device, steps_ahead=steps_ahead)})
    assert response.status_code == 302


def test_setup_confirms_the_app_only_with_a_correct_code(client, alice, no_throttle):
    login(client, alice)
    page = client.get(SETUP)
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and "data:" not in html and "style=" not in html
    device = TOTPDevice.objects.get(user=alice, confirmed=False)
    secret = re.search(r'id="two-factor-secret">([A-Z2-7 ]+)<', html).group(1)
    assert re.fullmatch(r"([A-Z2-7]{4} )+[A-Z2-7]{4}", secret)

    refused = client.post(SETUP, {"code": wrong_code(device)})

    assert refused.status_code == 400
    assert "コードが正しくありません" in refused.content.decode()
    assert not TOTPDevice.objects.filter(user=alice, confirmed=True).exists()

    confirmed = client.post(SETUP, {"code": code_for(device)})

    assert confirmed.status_code == 302 and confirmed.url.startswith(CODES)
    assert TOTPDevice.objects.get(user=alice).confirmed
    shown = client.get(CODES).content.decode()
    codes = re.findall(r"<li><code>([a-z2-7]{5}-[a-z2-7]{5})</code></li>", shown)
    assert len(set(codes)) == 10
    again = client.get(CODES).content.decode()
    assert not any(code in again for code in codes)  # shown once only
    assert AuditEntry.objects.filter(action="two_factor.enabled", actor=alice).exists()
    assert client.get("/g/miyako/").status_code == 200  # the session counts as verified


def test_login_of_a_person_with_an_app_asks_for_the_code(client, bob, no_throttle):
    device = with_device(bob)
    login(client, bob)

    asked = client.get("/g/miyako/")

    assert asked.status_code == 302 and asked.url == VERIFY + "?next=%2Fg%2Fmiyako%2F"
    refused = client.post(VERIFY, {"code": wrong_code(device), "next": "/g/miyako/"})
    assert refused.status_code == 400
    assert "コードが正しくありません" in refused.content.decode()
    assert client.get("/g/miyako/").status_code == 302
    assert AuditEntry.objects.filter(action="two_factor.verify_failed", actor=bob).exists()

    accepted = client.post(VERIFY, {"code": code_for(device), "next": "/g/miyako/"})

    assert accepted.status_code == 302 and accepted.url == "/g/miyako/"
    assert client.get("/g/miyako/").status_code == 200


def test_verify_follows_only_a_next_of_this_site(client, bob):
    device = with_device(bob)
    login(client, bob)

    response = client.post(VERIFY, {"code": code_for(device), "next": "https://evil.example/"})

    assert response.status_code == 302 and response.url == "/today/"


def test_a_recovery_code_works_once(client, bob, no_throttle):
    with_device(bob)
    codes = regenerate_recovery_codes(actor=bob)
    login(client, bob)

    first = client.post(VERIFY, {"code": codes[0].upper()})

    assert first.status_code == 302
    assert AuditEntry.objects.filter(action="two_factor.recovery_code_used", actor=bob).exists()
    client.logout()
    login(client, bob)
    again = client.post(VERIFY, {"code": codes[0]})
    assert again.status_code == 400
    assert client.post(VERIFY, {"code": codes[1]}).status_code == 302


def test_regenerating_recovery_codes_invalidates_the_old_ones(client, bob, no_throttle):
    device = with_device(bob)
    old = regenerate_recovery_codes(actor=bob)
    verified(client, bob, device)

    client.post("/accounts/two-factor/recovery-codes/new")
    new = re.findall(r"<code>([a-z2-7]{5}-[a-z2-7]{5})</code>", client.get(CODES).content.decode())

    assert len(new) == 10 and not set(new) & set(old)
    assert AuditEntry.objects.filter(action="two_factor.recovery_codes_regenerated").count() == 2
    client.logout()
    login(client, bob)
    assert client.post(VERIFY, {"code": old[0]}).status_code == 400
    assert client.post(VERIFY, {"code": new[0]}).status_code == 302


def test_a_group_that_requires_it_sends_its_coordinator_to_setup_first(
    client, group, alice, bob, no_throttle
):
    group.require_two_factor = True
    group.save()
    login(client, alice)

    for path in ["/g/miyako/", "/me/tokens/", "/g/miyako/manage/settings/", "/"]:
        response = client.get(path)
        assert response.status_code == 302 and response.url.startswith(SETUP), path
    assert client.get(SETUP).status_code == 200
    device = TOTPDevice.objects.get(user=alice)
    client.post(SETUP, {"code": code_for(device)})
    assert client.get("/g/miyako/").status_code == 200

    # A member of that group is not a coordinator: the password is enough for bob.
    login(client, bob)
    assert client.get("/g/miyako/").status_code == 200


def test_a_coordinator_turns_the_requirement_on_in_the_group_settings(client, group, alice):
    from renkei.orgs.forms import GroupSettingsForm

    login(client, alice)
    form = GroupSettingsForm(instance=group)
    data = {
        name: form[name].value() for name in form.fields if form[name].value() not in (None, False)
    }
    data["closures"] = "[]"
    data["require_two_factor"] = "on"

    saved = client.post("/g/miyako/manage/settings/", data)

    assert saved.status_code == 302
    group.refresh_from_db()
    assert group.require_two_factor
    assert client.get("/g/miyako/").url.startswith(SETUP)


def test_a_superuser_cannot_open_the_admin_until_verified(client, db):
    operator = get_user_model().objects.create_superuser("root", "root@example.com", PASSWORD)
    login(client, operator)
    assert client.get("/admin/").url.startswith(SETUP)

    device = with_device(operator)
    assert client.get("/admin/").url.startswith(VERIFY)
    assert client.post(VERIFY, {"code": code_for(device)}).status_code == 302

    assert client.get("/admin/").status_code == 200


def test_a_password_alone_cannot_enrol_a_second_app(client, bob):
    with_device(bob)
    login(client, bob)

    response = client.get(SETUP)

    assert response.status_code == 302 and response.url.startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=bob).count() == 1


def test_turning_it_off_is_refused_while_it_is_required(client, group, alice, no_throttle):
    group.require_two_factor = True
    group.save()
    device = with_device(alice)
    verified(client, alice, device)

    refused = client.post(DISABLE, {"password": PASSWORD, "code": code_for(device, steps_ahead=1)})

    assert refused.status_code == 400
    assert "無効にできません" in refused.content.decode()
    assert TOTPDevice.objects.filter(user=alice, confirmed=True).exists()
    assert not AuditEntry.objects.filter(action="two_factor.disabled").exists()


def test_turning_it_off_needs_the_password_and_a_current_code(client, bob, no_throttle):
    device = with_device(bob)
    verified(client, bob, device)

    wrong_password = client.post(
        DISABLE, {"password": "nope", "code": code_for(device, steps_ahead=1)}
    )
    assert wrong_password.status_code == 400
    assert TOTPDevice.objects.filter(user=bob).exists()
    wrong_code_page = client.post(DISABLE, {"password": PASSWORD, "code": wrong_code(device)})
    assert wrong_code_page.status_code == 400

    done = client.post(DISABLE, {"password": PASSWORD, "code": code_for(device, steps_ahead=1)})

    assert done.status_code == 302
    assert not TOTPDevice.objects.filter(user=bob).exists()
    assert AuditEntry.objects.filter(action="two_factor.disabled", actor=bob).exists()
    client.logout()
    login(client, bob)
    assert client.get("/g/miyako/").status_code == 200


def test_wrong_codes_in_a_row_are_throttled_politely(client, bob):
    device = with_device(bob)
    login(client, bob)
    for _ in range(3):
        client.post(VERIFY, {"code": wrong_code(device)})

    refused = client.post(VERIFY, {"code": code_for(device)})

    assert refused.status_code == 400
    html = refused.content.decode()
    assert "少し時間をおいて" in html  # after three: a 4-second wait, told plainly
    assert client.get("/g/miyako/").status_code == 302  # still not verified
    device.refresh_from_db()
    assert device.throttling_failure_count >= 1
    assert AuditEntry.objects.filter(
        action="two_factor.verify_failed", data__throttled=True
    ).exists()


def test_the_api_does_not_redirect_an_unverified_session(client, bob):
    with_device(bob)
    login(client, bob)

    response = client.get("/api/v1/groups")

    # The API never reads the session (api.auth): an unverified browser is just a visitor there.
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
