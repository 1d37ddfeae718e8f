"""Shared abstract models and the audit log."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStamped(models.Model):
    """Adds creation and last-change times to a model."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class AuditEntry(models.Model):
    """One write made through a service function: who did what to which object, and when.

    Kept append-only; the coordinator and operators read it to answer "who changed this?".
    """

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    group = models.ForeignKey(
        "orgs.Group", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=80)
    object_type = models.CharField(max_length=80, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    summary = models.CharField(max_length=300, blank=True)
    data = models.JSONField(default=dict, blank=True)
    # Where a write made during a request came from (core.request_context); empty for work
    # done by the task worker or a command.
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"


class TaskRetry(models.Model):
    """A failed background task (an SMTP error, or a worker that died under it) and the copy
    enqueued in its place. One row per failed run, so two periodic checks never retry it twice.

    Only tasks that are safe to run twice are retried (see ``renkei.core.retry``).
    """

    failed_id = models.CharField(max_length=36, unique=True)
    task_path = models.CharField(max_length=200)
    attempt = models.PositiveSmallIntegerField(help_text="the attempt the copy makes: 2, 3 …")
    retry_id = models.CharField(max_length=36, blank=True, db_index=True)
    gave_up = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("task retry")
        verbose_name_plural = _("task retries")

    def __str__(self) -> str:
        return f"{self.task_path} attempt {self.attempt}"


class Stamp(models.Model):
    """A named token that changes whenever the data it stands for changes: per-process caches
    (the matching index) compare it to know they are stale. Random, never a counter, so that
    a token seen before a rollback or a flushed test database can never come back."""

    name = models.CharField(max_length=40, unique=True)
    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("stamp")
        verbose_name_plural = _("stamps")

    def __str__(self) -> str:
        return f"{self.name} {self.token}"


class ThrottleCount(models.Model):
    """How often one client (an address, an e-mail, a submission key — always hashed) did one
    thing (``scope``) in one time window. Counted in the database so that every web process and
    worker sees the same numbers (see ``renkei.core.throttle``); old windows are purged."""

    scope = models.CharField(max_length=40)
    key = models.CharField(max_length=64, help_text="HMAC of the client's address, e-mail …")
    window = models.BigIntegerField(help_text="Unix time of the window's start / its length")
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scope", "key", "window"], name="throttle_once")
        ]
        verbose_name = _("throttle count")
        verbose_name_plural = _("throttle counts")

    def __str__(self) -> str:
        return f"{self.scope} {self.key[:8]} {self.window}: {self.count}"


class WorkerHeartbeat(models.Model):
    """One running task worker (`renkei worker`) and when it last said it was alive.

    The worker writes its row every few seconds and removes it when it stops cleanly; a row
    that stops changing belongs to a worker that died (killed, out of memory, a lost machine).
    `/healthz` reads the freshest one. Lives beside the task queue (see config.routers).
    """

    worker_id = models.CharField(max_length=64, unique=True)
    hostname = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField(db_index=True)
    tasks_run = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-seen_at"]
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self) -> str:
        return f"{self.hostname}:{self.pid} {self.worker_id} seen {self.seen_at:%H:%M:%S}"
