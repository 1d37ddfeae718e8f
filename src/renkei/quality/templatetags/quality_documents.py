"""The quality documents' sections other apps' pages include: the package page's list, upload
and required documents; the tracking page's list for the customer; the inquiry page's
per-line requirement for the coordinator. Each is one tag, so those pages' views stay as they
are."""

import uuid
from typing import Any

from django import template

from renkei.inquiries.models import Inquiry
from renkei.projects.access import is_coordinator
from renkei.projects.models import WorkPackage
from renkei.quality.models import DocumentKind, DocumentRequirement, QualityDocument
from renkei.quality.services import documents as service

register = template.Library()


@register.inclusion_tag("quality/documents/_package.html", takes_context=True)
def package_documents(context: template.Context, package: WorkPackage) -> dict[str, Any]:
    request = context["request"]
    user = request.user
    if not service.can_see(user, package):
        return {"shown": False}
    kinds, source, line = service.requirement_source(package)
    documents = list(
        QualityDocument.objects.filter(package=package).select_related("uploaded_by", "company")
    )
    have = {d.kind for d in documents}
    labels = dict(DocumentKind.choices)
    coordinator = is_coordinator(user, package.group)
    return {
        "shown": True,
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "group": package.group,
        "package": package,
        "documents": documents,
        "required": [(k, labels[k], k in have) for k in kinds],
        "source": source,
        "line": line,
        "can_upload": service.can_upload(user, package),
        "coordinator": coordinator,
        "kinds": DocumentKind.choices,
        "chosen": set(kinds),
        "submission_key": uuid.uuid4(),
        "max_mb": service.MAX_DOCUMENT_BYTES // 2**20,
        "shared": service.settings_of(package.group).share_with_customer,
    }


@register.inclusion_tag("quality/documents/_tracking.html")
def tracking_documents(inquiry: Inquiry) -> dict[str, Any]:
    return {"inquiry": inquiry, "documents": service.customer_documents(inquiry)}


@register.inclusion_tag("quality/documents/_lines.html", takes_context=True)
def line_documents(context: template.Context, inquiry: Inquiry) -> dict[str, Any]:
    """The coordinator's per-line choice on the inquiry page."""
    request = context["request"]
    if not is_coordinator(request.user, inquiry.group):
        return {"shown": False}
    lines = list(inquiry.lines.all())
    found = {r.line_id: r.kinds for r in DocumentRequirement.objects.filter(line__in=lines)}
    return {
        "shown": True,
        "csrf_token": context.get("csrf_token"),
        "inquiry": inquiry,
        "group": inquiry.group,
        "lines": [(line, set(found.get(line.pk, []))) for line in lines],
        "kinds": DocumentKind.choices,
    }
