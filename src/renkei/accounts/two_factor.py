"""Two-factor authentication: who must use it, and the services that change it.

The second factor is a TOTP authenticator app (django-otp's TOTPDevice) plus ten single-use
recovery codes (a StaticDevice). A person's session counts as verified once django-otp's
``login()`` has recorded the device that accepted their code (OTPMiddleware reads it back).
"""

import hashlib
import hmac
import secrets
from base64 import b32encode
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from renkei.core.audit import audit
from renkei.orgs.choices import PersonRole
from renkei.orgs.models import GroupRole

RECOVERY_CODE_COUNT = 10
# 10 characters of base32 (50 bits): short enough to type from paper, long enough that the
# device throttling makes guessing hopeless.
RECOVERY_CODE_LENGTH = 10
_BASE32 = "abcdefghijklmnopqrstuvwxyz234567"
DEVICE_NAME = "authenticator"
RECOVERY_DEVICE_NAME = "recovery codes"


def two_factor_required(user: Any) -> bool:
    """Whether this person must sign in with a second factor.

    Platform operators (superusers and staff) always; coordinators of any group that turned on
    "require two-factor authentication for coordinators". There is no accountant role yet: the
    coming settlement work adds it to the roles below in one line.
    """
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser or user.is_staff:
        return True
    return _roles_requiring_it(user).exists()


def _roles_requiring_it(user: Any) -> "QuerySet[GroupRole]":
    return GroupRole.objects.filter(
        user=user, role__in=[PersonRole.COORDINATOR], group__require_two_factor=True
    )


def owed_step(user: Any) -> str | None:
    """What a signed-in person whose session is not verified owes: ``"verify"`` with a confirmed
    authenticator app (has_two_factor), else ``"setup"`` when two_factor_required, else None.
    One query for both, as the middleware asks it on every page."""
    if not getattr(user, "is_authenticated", False):
        return None
    has_app, required = (
        get_user_model()
        .objects.filter(pk=user.pk)
        .annotate(
            has_app=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
            required=Exists(_roles_requiring_it(OuterRef("pk"))),
        )
        .values_list("has_app", "required")
        .get()
    )
    if has_app:
        return "verify"
    if required or user.is_superuser or user.is_staff:
        return "setup"
    return None


def confirmed_totp(user: Any) -> TOTPDevice | None:
    device: TOTPDevice | None = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device


def has_two_factor(user: Any) -> bool:
    """A confirmed authenticator app: from then on every login asks for a code."""
    return bool(getattr(user, "is_authenticated", False)) and confirmed_totp(user) is not None


def recovery_device(user: Any) -> StaticDevice | None:
    device: StaticDevice | None = StaticDevice.objects.filter(user=user, confirmed=True).first()
    return device


def recovery_codes_left(user: Any) -> int:
    device = recovery_device(user)
    return device.token_set.count() if device is not None else 0


def base32_secret(device: TOTPDevice) -> str:
    """The key as the base32 text authenticator apps accept, in groups of four for typing."""
    text = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def normalise_code(code: str) -> str:
    """People type codes with spaces or hyphens, full-width digits from a Japanese IME, capitals."""
    import unicodedata

    folded = unicodedata.normalize("NFKC", code or "")
    return "".join(ch for ch in folded if ch.isalnum()).lower()


def _token_digest(user: Any, code: str) -> str:
    """What is stored for a recovery code: never the code itself. Keyed with SECRET_KEY (an
    HMAC), so a copy of the database alone cannot be searched for the codes offline, and per
    person; 16 hex characters is what django-otp's token column holds."""
    material = f"renkei-recovery:{user.pk}:{normalise_code(code)}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), material, hashlib.sha256).hexdigest()[:16]


def _new_codes() -> list[str]:
    codes = []
    for _ in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(_BASE32) for _ in range(RECOVERY_CODE_LENGTH))
        codes.append(f"{raw[:5]}-{raw[5:]}")
    return codes


def _replace_recovery_codes(user: Any) -> list[str]:
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = _new_codes()
    StaticToken.objects.bulk_create(
        [StaticToken(device=device, token=_token_digest(user, code)) for code in codes]
    )
    return codes


def pending_totp(user: Any) -> TOTPDevice:
    """The not yet confirmed authenticator of a setup in progress: the same secret on every
    reload, so a person who scanned the code and came back is not given a new one."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


@dataclass
class Check:
    """The outcome of checking a code: the device that took it, or why none did."""

    device: Any = None
    throttled: bool = False
    wait_seconds: int = 0
    recovery_code: bool = False

    @property
    def ok(self) -> bool:
        return self.device is not None


def _wait(device: Any) -> int:
    from django.utils import timezone

    allowed, info = device.verify_is_allowed()
    if allowed or not info or not info.get("locked_until"):
        return 0
    return max(1, int((info["locked_until"] - timezone.now()).total_seconds() + 0.999))


def _check(user: Any, code: str, *, allow_recovery: bool) -> Check:
    """Checks a code against the person's devices under a row lock, so two requests racing with
    the same code cannot both pass, and throttling counts every wrong try."""
    token = normalise_code(code)
    if token.isdigit() and len(token) == 6:
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
        candidate = token
        is_recovery = False
    elif allow_recovery and len(token) == RECOVERY_CODE_LENGTH:
        device = StaticDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
        candidate = _token_digest(user, token)
        is_recovery = True
    else:
        # Neither shape: count it against the authenticator so guessing is throttled anyway.
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
        candidate = ""
        is_recovery = False
    if device is None:
        return Check()
    wait = _wait(device)
    if wait:
        return Check(throttled=True, wait_seconds=wait)
    if candidate and device.verify_token(candidate):
        return Check(device=device, recovery_code=is_recovery)
    if not candidate:
        device.throttle_increment()
    return Check(wait_seconds=_wait(device))


@transaction.atomic
def verify_second_factor(*, request: HttpRequest, code: str) -> Check:
    """The login step after the password: a 6-digit code or a recovery code. On success the
    session is marked verified (and gets a new key, as at any change of privilege)."""
    user: Any = request.user
    result = _check(user, code, allow_recovery=True)
    if result.ok:
        request.session.cycle_key()
        otp_login(request, result.device)
        if result.recovery_code:
            audit(
                "two_factor.recovery_code_used",
                actor=user,
                obj=user,
                summary=user.get_username(),
                codes_left=result.device.token_set.count(),
            )
    else:
        audit(
            "two_factor.verify_failed",
            actor=user,
            obj=user,
            summary=user.get_username(),
            throttled=result.throttled,
        )
    return result


@transaction.atomic
def confirm_totp(*, request: HttpRequest, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirms a setup with the first code from the app; returns the new recovery codes, or
    None for a wrong code. The session counts as verified by that code."""
    user: Any = request.user
    locked = TOTPDevice.objects.select_for_update().filter(pk=device.pk, user=user).first()
    if locked is None or locked.confirmed:
        return None  # confirmed meanwhile in another tab, or abandoned
    device = locked
    wait = _wait(device)
    token = normalise_code(code)
    if wait or not (token.isdigit() and len(token) == 6) or not device.verify_token(token):
        if not wait and not (token.isdigit() and len(token) == 6):
            device.throttle_increment()
        return None
    # One authenticator per person: any other (older or abandoned) one goes.
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _replace_recovery_codes(user)
    request.session.cycle_key()
    otp_login(request, device)
    audit("two_factor.enabled", actor=user, obj=user, summary=user.get_username())
    return codes


def setup_wait_seconds(device: TOTPDevice) -> int:
    return _wait(device)


@transaction.atomic
def regenerate_recovery_codes(*, actor: Any) -> list[str]:
    """Ten new codes; the old ones stop working at once."""
    if not has_two_factor(actor):
        raise PermissionDenied
    codes = _replace_recovery_codes(actor)
    audit(
        "two_factor.recovery_codes_regenerated",
        actor=actor,
        obj=actor,
        summary=actor.get_username(),
    )
    return codes


@transaction.atomic
def disable_two_factor(*, actor: Any, code: str) -> Check:
    """Removes the authenticator and the recovery codes, given a current code. Refused while the
    person must use two-factor authentication (the view checks the password first)."""
    if two_factor_required(actor):
        raise PermissionDenied
    result = _check(actor, code, allow_recovery=True)
    if not result.ok:
        audit(
            "two_factor.verify_failed",
            actor=actor,
            obj=actor,
            summary=actor.get_username(),
            throttled=result.throttled,
            purpose="disable",
        )
        return result
    TOTPDevice.objects.filter(user=actor).delete()
    StaticDevice.objects.filter(user=actor).delete()
    audit("two_factor.disabled", actor=actor, obj=actor, summary=actor.get_username())
    return result
