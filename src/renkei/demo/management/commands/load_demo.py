"""`renkei load_demo`: the Japanese demo region, safe to run again (see renkei.demo.loader)."""

from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from renkei.demo.data import PASSWORD, PEOPLE
from renkei.demo.loader import DemoDataError, LoadReport, load_demo
from renkei.inquiries.demo import LEAD_LOGIN

# Logins the demo's case modules make beside PEOPLE, printed with them.
CASE_LOGINS = ((LEAD_LOGIN, "株式会社中ノ口研磨の会員管理者 (越後みがき連合の幹事企業)"),)

SAMPLE_QUERY = "5軸 A7075"


class Command(BaseCommand):
    help = "Load or refresh the demo region (three groups, supporters, demo logins)."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = load_demo()
        except DemoDataError as error:
            raise CommandError(str(error)) from error
        self._summary(report)
        self._hints(report)

    def _summary(self, report: LoadReport) -> None:
        if not report.changed:
            self.stdout.write("The demo region is already up to date; nothing was changed.")
            return
        for label, counts in (("created", report.created), ("updated", report.updated)):
            if counts:
                listed = ", ".join(f"{kind} {n}" for kind, n in sorted(counts.items()))
                self.stdout.write(f"{label}: {listed}")

    def _hints(self, report: LoadReport) -> None:
        base = settings.RENKEI_BASE_URL.rstrip("/")
        self.stdout.write("")
        self.stdout.write(f"Open {base}{reverse('home')}")
        for group in report.groups:
            members = reverse("directory:members", args=[group.slug])
            self.stdout.write(f"  {group.name}: {base}{members}")
        first = report.groups[0]
        sample = reverse("directory:members", args=[first.slug]) + "?q=" + quote(SAMPLE_QUERY)
        self.stdout.write(f"  buyer-view search: {base}{sample}")
        self.stdout.write(f"  admin: {base}{reverse('admin:index')}")
        self.stdout.write("")
        logins = [(p.username, p.what) for p in PEOPLE] + list(CASE_LOGINS)
        width = max(len(username) for username, _what in logins)
        self.stdout.write(f"{'login':<{width}}  {'password':<{len(PASSWORD)}}  role")
        for username, what in logins:
            self.stdout.write(f"{username:<{width}}  {PASSWORD}  {what}")
