"""What the customer's tracking page shows of an order's progress: the share of packages done,
the current stage and the expected delivery — never member names or internal notes (the
coordinator is the customer's one window, seed l.4390–4415)."""

from typing import Any

from django.utils.translation import gettext as _

from renkei.inquiries.models import Inquiry
from renkei.projects.models import Project, WorkPackage


def tracking_progress(inquiry: Inquiry) -> dict[str, Any] | None:
    """The context entry ``project_progress`` of the tracking page; None before the project."""
    project = Project.objects.filter(order__inquiry=inquiry).first()
    if project is None:
        return None
    packages = list(
        WorkPackage.objects.filter(project=project)
        .select_related("process")
        .order_by("position", "pk")
    )
    done = sum(1 for p in packages if p.is_done)
    current = next((p for p in packages if not p.is_done), None)
    stage = ""
    if current is not None:
        # Only the process: a package's own name is typed by the coordinator and may name
        # a member, which the customer is not told.
        stage = current.process.name if current.process else _("in progress")
    expected = project.delivery_on
    later = [p.expected_on for p in packages if p.delayed and p.expected_on]
    if later and expected and max(later) > expected:
        expected = max(later)
    return {
        "percent": round(100 * done / len(packages)) if packages else 0,
        "done": done,
        "total": len(packages),
        "stage": stage,
        "finished": bool(packages) and current is None,
        "expected_on": expected,
    }
