"""The application form on the group's page, and a member's page of the documents it must
acknowledge before it is passed its first inquiry."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from renkei.capabilities.taxonomy import processes_for_group
from renkei.cockpit.choices import DocumentKind
from renkei.cockpit.models import Acknowledgement, LeverDocument
from renkei.cockpit.services import levers
from renkei.core import throttle
from renkei.joining import eligibility, services
from renkei.joining.forms import HONEYPOT, ApplicationForm
from renkei.joining.models import Application
from renkei.orgs.choices import PersonRole
from renkei.orgs.models import Company, Group, Membership
from renkei.orgs.permissions import companies_acting_for, member_group_or_404, visible_group_or_404

APPLICATION_SCOPE = "application_address"


def _key(value: str | None) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return uuid.uuid4()


def _render(
    request: HttpRequest,
    group: Group,
    form: ApplicationForm,
    key: uuid.UUID,
    status: int = 200,
    notice: str = "",
) -> HttpResponse:
    context = {
        "group": group,
        "form": form,
        "submission_key": key,
        "honeypot": HONEYPOT,
        "rules": services.current_rules(group),
        "notice": notice,
    }
    return render(request, "joining/apply.html", context, status=status)


def apply(request: HttpRequest, slug: str) -> HttpResponse:
    """The application to join: the company's profile, capabilities, certificates, why, and the
    agreement to the group's current 会員規約. Anyone may send it, signed in or not."""
    group = visible_group_or_404(request, slug)
    if not services.settings_of(group).accepts_applications:
        raise Http404
    processes = processes_for_group(group)
    if request.method != "POST":
        return _render(request, group, ApplicationForm(processes=processes), uuid.uuid4())
    key = _key(request.POST.get("submission_key"))
    form = ApplicationForm(request.POST, processes=processes)
    if request.POST.get(HONEYPOT):
        services.refuse_automated(group=group)
        return _render(request, group, form, key, status=400, notice="automated")
    done = Application.objects.filter(group=group, submission_key=key).first()
    if done is not None:  # a double click or a reload: the application already sent
        return redirect("joining:sent", slug=group.slug)
    if not form.is_valid():
        return _render(request, group, form, key, status=400)
    # Only sends that would save count against the limit; showing errors does not.
    verdict = throttle.check(
        APPLICATION_SCOPE, throttle.client_address(request), throttle.rate(APPLICATION_SCOPE)
    )
    if not verdict.allowed:
        return throttle.too_many_page(request, verdict, group=group, back=request.path)
    services.submit_application(
        group=group,
        key=key,
        fields=form.cleaned_data,
        processes=list(form.cleaned_data["processes"]),
        materials=list(form.cleaned_data["materials"]),
        certificates=form.certificates(),
        agreed_rules=services.current_rules(group),
        applicant=request.user,
        language=get_language() or "ja",
    )
    return redirect("joining:sent", slug=group.slug)


def sent(request: HttpRequest, slug: str) -> HttpResponse:
    group = visible_group_or_404(request, slug)
    return render(request, "joining/sent.html", {"group": group})


def rules(request: HttpRequest, slug: str) -> HttpResponse:
    """The group's current 会員規約, for an applicant to read before agreeing."""
    group = visible_group_or_404(request, slug)
    return render(
        request, "joining/rules.html", {"group": group, "rules": services.current_rules(group)}
    )


@login_required
def documents(request: HttpRequest, slug: str) -> HttpResponse:
    """What the member's companies must acknowledge: the current mission, vision and 会員規約,
    each with whether it is done; a member admin acknowledges here."""
    group = member_group_or_404(request, slug)
    mine = companies_acting_for(request.user, group)
    admin_of = set(companies_acting_for(request.user, group, (PersonRole.MEMBER_ADMIN,)))
    required = eligibility.required_documents(group)
    done = set(
        Acknowledgement.objects.filter(document__in=required, company_id__in=mine).values_list(
            "company_id", "document_id"
        )
    )
    blocked = eligibility.blocked_companies(group)
    memberships = {
        m.company_id: m
        for m in Membership.objects.for_group(group).current().filter(company_id__in=mine)
    }
    companies = [
        {
            "company": company,
            "can_acknowledge": company.pk in admin_of,
            "blocked": blocked.get(company.pk, ""),
            "membership": memberships.get(company.pk),
            "documents": [
                {"document": d, "done": (company.pk, d.pk) in done, "label": _label(d)}
                for d in required
            ],
        }
        for company in Company.objects.filter(pk__in=mine).order_by("kana", "pk")
    ]
    return render(request, "joining/documents.html", {"group": group, "companies": companies})


def _label(document: LeverDocument) -> str:
    label = eligibility.REQUIRED.get(DocumentKind(document.kind))
    return str(label) if label is not None else document.get_kind_display()


@login_required
@require_POST
def acknowledge(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = member_group_or_404(request, slug)
    document = get_object_or_404(LeverDocument.objects.filter(group=group), pk=pk)
    raw = request.POST.get("company", "")
    company_id = int(raw) if raw.isascii() and raw.isdigit() else 0
    if company_id not in companies_acting_for(request.user, group, (PersonRole.MEMBER_ADMIN,)):
        raise PermissionDenied
    company = Company.objects.get(pk=company_id)
    try:
        levers.acknowledge(actor=request.user, document=document, company=company)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Acknowledged."))
    return redirect("joining:documents", slug=group.slug)
