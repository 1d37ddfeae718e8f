"""Every write to API tokens goes through here."""

from datetime import timedelta

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from renkei.api.models import SHOWN_PREFIX_LENGTH, ApiToken, hash_secret, new_secret
from renkei.core.audit import audit

# Recording every request would make each API read a database write (and on SQLite take the
# write lock); a minute's precision is all the token page needs to show.
LAST_USED_PRECISION = timedelta(minutes=1)


@transaction.atomic
def create_api_token(*, actor: User, name: str) -> tuple[ApiToken, str]:
    """A new token for ``actor``; returns it with the secret, which is never stored."""
    secret = new_secret()
    token = ApiToken(
        user=actor, name=name, prefix=secret[:SHOWN_PREFIX_LENGTH], key_hash=hash_secret(secret)
    )
    token.full_clean()
    token.save()
    audit("api_token.create", actor=actor, obj=token, summary=str(token))
    return token, secret


@transaction.atomic
def revoke_api_token(*, actor: User, token: ApiToken) -> ApiToken:
    """Stops the token from working at once; revoking twice keeps the first time."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit("api_token.revoke", actor=actor, obj=token, summary=str(token))
    return token


def record_token_use(token: ApiToken) -> None:
    """Bookkeeping, not a change anyone makes, so it writes no audit entry."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


@transaction.atomic
def revoke_all_tokens(*, user: User, reason: str) -> int:
    """Stops every token of ``user`` at once (a password reset or change: whoever held the old
    password may have made tokens with it). Returns how many were still active."""
    now = timezone.now()
    active = list(ApiToken.objects.select_for_update().filter(user=user, revoked_at__isnull=True))
    for token in active:
        token.revoked_at = now
        token.save(update_fields=["revoked_at"])
        audit("api_token.revoke", actor=user, obj=token, summary=str(token), reason=reason)
    return len(active)
