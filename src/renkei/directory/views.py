"""The buyer-view member directory and company profiles."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from renkei.capabilities import services as capability_services
from renkei.capabilities.models import Certification, Equipment, MaterialFamily, ProcessCategory
from renkei.capabilities.people import is_individual, profile_of
from renkei.core.audit import audit
from renkei.directory.forms import CapabilitiesForm, CertificationForm, EquipmentForm, PhotoForm
from renkei.directory.search import Filters, search_directory
from renkei.orgs import services as org_services
from renkei.orgs.forms import CompanyForm
from renkei.orgs.models import Company, CompanyPhoto, Membership
from renkei.orgs.permissions import (
    can_edit_company,
    can_see_private_company_data,
    is_member_of,
    visible_group_or_404,
)

PAGE_SIZE = 30


def members(request: HttpRequest, slug: str) -> HttpResponse:
    """Buyer-view search of a group's members; HTMX swaps only the results and counts."""
    group = visible_group_or_404(request, slug)
    insider = is_member_of(request.user, group)
    text = request.GET.get("q", "")[:200]
    filters = Filters.from_params(request.GET)
    result = search_directory(group=group, text=text, filters=filters, include_unlisted=insider)
    # Only the shown page's companies are read (result.listing).
    page = Paginator(
        result.listing.prefetch_related(
            "company_processes__process", "company_materials__material", "skill_profile__grades"
        ),
        PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    context = {
        "group": group,
        "result": result,
        "page": page,
        "q": text,
        "filters": filters,
        "today": timezone.localdate(),
    }
    partial = getattr(request, "htmx", False)
    template = "directory/_results.html" if partial else "directory/members.html"
    return render(request, template, context)


def company(request: HttpRequest, pk: int) -> HttpResponse:
    company = get_object_or_404(Company.objects.visible_to(request.user), pk=pk)
    private = can_see_private_company_data(request.user, company)
    memberships = Membership.objects.filter(company=company).current().select_related("group")
    if not private:
        memberships = memberships.filter(group__is_public=True, listed_publicly=True)
    return render(
        request,
        "directory/company.html",
        {
            "company": company,
            "private": private,
            "memberships": memberships,
            "can_edit": can_edit_company(request.user, company),
            "processes": company.company_processes.select_related("process__category"),
            "materials": company.company_materials.select_related("material__family"),
            "equipment": company.equipment.select_related("process"),
            "certifications": company.certifications.all(),
            "today": timezone.localdate(),
            # A person member: skills and grades instead of 法人番号 and machines.
            "person": profile_of(company),
            "is_person": is_individual(company),
        },
    )


def _editable_company_or_404(request: HttpRequest, pk: int) -> Company:
    company = get_object_or_404(Company, pk=pk)
    if not can_edit_company(request.user, company):
        raise Http404
    return company


@login_required
def company_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """One page where a member keeps its profile: basics, processes and materials, machines,
    certificates and photos. Each section posts on its own so a mistake in one loses nothing
    typed in another."""
    company = _editable_company_or_404(request, pk)
    if is_individual(company):  # a person keeps their skills on their own page
        return redirect("capabilities:skills_edit", pk=company.pk)
    form = CompanyForm(instance=company, prefix="basic")
    capabilities = CapabilitiesForm(
        prefix="cap",
        initial={
            "processes": list(company.company_processes.values_list("process_id", flat=True)),
            "materials": list(company.company_materials.values_list("material_id", flat=True)),
        },
    )
    status = 200
    if request.method == "POST":
        section = request.POST.get("section")
        if section == "basic":
            form = CompanyForm(request.POST, instance=Company.objects.get(pk=pk), prefix="basic")
            if form.is_valid():
                fields = {name: form.cleaned_data[name] for name in form.changed_data}
                org_services.update_company(
                    actor=request.user, company=Company.objects.get(pk=pk), **fields
                )
                messages.success(request, _("Profile saved."))
                return redirect("directory:company_edit", pk=pk)
        elif section == "capabilities":
            capabilities = CapabilitiesForm(request.POST, prefix="cap")
            if capabilities.is_valid():
                capability_services.set_processes(
                    actor=request.user,
                    company=company,
                    processes=capabilities.cleaned_data["processes"],
                )
                capability_services.set_materials(
                    actor=request.user,
                    company=company,
                    materials=capabilities.cleaned_data["materials"],
                )
                messages.success(request, _("Processes and materials saved."))
                return redirect("directory:company_edit", pk=pk)
        messages.error(request, _("Please correct the fields marked below."))
        status = 400
    return render(
        request,
        "directory/company_edit.html",
        {
            "company": company,
            "form": form,
            "capabilities": capabilities,
            **_process_sections(company, capabilities["processes"].value() or []),
            "families": MaterialFamily.objects.prefetch_related("materials"),
            "equipment": company.equipment.select_related("process"),
            "certifications": company.certifications.all(),
            "photos": company.photos.all(),
            "equipment_form": EquipmentForm(prefix="eq"),
            "certification_form": CertificationForm(prefix="cert"),
            "photo_form": PhotoForm(prefix="photo"),
            "selected_processes": set(capabilities["processes"].value() or []),
            "selected_materials": set(capabilities["materials"].value() or []),
        },
        status=status,
    )


def _process_sections(company: Company, selected: list[Any]) -> dict[str, Any]:
    """The editor's categories, grouped by sector: the sectors the company works in first (a
    farm does not scroll past forty machining processes), the categories it uses open."""
    categories = list(
        ProcessCategory.objects.select_related("sector").prefetch_related("processes")
    )
    chosen = {int(pk) for pk in selected if str(pk).isdigit()}
    own = {c.sector_id for c in categories if any(p.pk in chosen for p in c.processes.all())}
    categories.sort(key=lambda c: (c.sector_id not in own, c.sector.position, c.position))
    opened = {c.pk for c in categories if any(p.pk in chosen for p in c.processes.all())}
    if not opened and categories:
        opened = {categories[0].pk}
    return {"categories": categories, "open_categories": opened}


@login_required
def equipment_edit(request: HttpRequest, pk: int, equipment_id: int | None = None) -> HttpResponse:
    company = _editable_company_or_404(request, pk)
    instance = (
        get_object_or_404(Equipment, pk=equipment_id, company=company)
        if equipment_id
        else Equipment(company=company)
    )
    form = EquipmentForm(request.POST or None, instance=instance, prefix="eq")
    if request.method == "POST":
        if request.POST.get("delete") and instance.pk:
            capability_services.delete_equipment(actor=request.user, equipment=instance)
            messages.success(request, _("Machine removed."))
            return redirect("directory:company_edit", pk=pk)
        if form.is_valid():
            capability_services.save_equipment(actor=request.user, equipment=form.instance)
            messages.success(request, _("Machine saved."))
            return redirect("directory:company_edit", pk=pk)
    return render(
        request,
        "directory/item_form.html",
        {
            "company": company,
            "form": form,
            "title": _("Machine"),
            "instance": instance,
        },
        status=400 if form.errors else 200,
    )


@login_required
def certification_edit(
    request: HttpRequest, pk: int, certification_id: int | None = None
) -> HttpResponse:
    company = _editable_company_or_404(request, pk)
    instance = (
        get_object_or_404(Certification, pk=certification_id, company=company)
        if certification_id
        else Certification(company=company)
    )
    form = CertificationForm(
        request.POST or None, request.FILES or None, instance=instance, prefix="cert"
    )
    if request.method == "POST":
        if request.POST.get("delete") and instance.pk:
            capability_services.delete_certification(actor=request.user, certification=instance)
            messages.success(request, _("Certificate removed."))
            return redirect("directory:company_edit", pk=pk)
        if form.is_valid():
            upload = request.FILES.get("cert-evidence")
            if upload is not None:
                form.instance.evidence_name = (upload.name or "")[:255]
            capability_services.save_certification(actor=request.user, certification=form.instance)
            messages.success(request, _("Certificate saved."))
            return redirect("directory:company_edit", pk=pk)
    return render(
        request,
        "directory/item_form.html",
        {
            "company": company,
            "form": form,
            "title": _("Certificate"),
            "instance": instance,
            "multipart": True,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def photo_add(request: HttpRequest, pk: int) -> HttpResponse:
    company = _editable_company_or_404(request, pk)
    form = PhotoForm(request.POST, request.FILES, prefix="photo")
    if form.is_valid():
        image = form.cleaned_data["image"]
        photo = CompanyPhoto.objects.create(
            company=company,
            image=image,
            caption=form.cleaned_data["caption"],
            original_name=image.name[:255],
        )
        audit("photo.create", actor=request.user, obj=photo, summary=photo.original_name)
        messages.success(request, _("Photo added."))
    else:
        errors = "; ".join(str(e) for errs in form.errors.values() for e in errs)
        messages.error(request, _("The photo was not added: %(errors)s") % {"errors": errors})
    return redirect("directory:company_edit", pk=pk)


@login_required
@require_POST
def photo_delete(request: HttpRequest, pk: int, photo_id: int) -> HttpResponse:
    company = _editable_company_or_404(request, pk)
    photo = get_object_or_404(CompanyPhoto, pk=photo_id, company=company)
    audit("photo.delete", actor=request.user, obj=photo, summary=photo.original_name)
    photo.image.delete(save=False)
    photo.delete()
    messages.success(request, _("Photo removed."))
    return redirect("directory:company_edit", pk=pk)


def photo_file(request: HttpRequest, photo_id: int) -> FileResponse:
    """Profile photos are shown to whoever may see the company."""
    photo = get_object_or_404(CompanyPhoto, pk=photo_id)
    if not Company.objects.visible_to(request.user).filter(pk=photo.company_id).exists():
        raise Http404
    name = f"photo-{photo.pk}{_suffix(photo.image.name or '')}"
    return FileResponse(photo.image.open("rb"), filename=name)


def evidence_file(request: HttpRequest, certification_id: int) -> FileResponse:
    """Certificate evidence: only the company's people and its groups' members; every download
    is recorded."""
    certification = get_object_or_404(Certification, pk=certification_id)
    if not certification.evidence or not can_see_private_company_data(
        request.user, certification.company
    ):
        raise Http404
    audit(
        "certification.evidence_download",
        actor=request.user,
        obj=certification,
        summary=certification.evidence_name,
    )
    return FileResponse(
        certification.evidence.open("rb"),
        as_attachment=True,
        filename=certification.evidence_name or "evidence",
    )


def _suffix(name: str) -> str:
    from pathlib import Path

    return Path(name).suffix
