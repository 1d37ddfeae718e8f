from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Signing in and staying signed in safely: login throttling, password reset, two-factor
    authentication and the audit of authentication events."""

    name = "renkei.accounts"
    label = "accounts"

    def ready(self) -> None:
        from django.contrib import admin

        from renkei.accounts import auth_audit
        from renkei.accounts.admin_scope import operators_only

        admin.site.has_permission = operators_only  # type: ignore[method-assign]
        auth_audit.connect()
