"""The incorporation advisor (seed ch.3, l.2816–3925) and the public legal-form comparison."""

import unicodedata

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from renkei.cockpit import cases as library
from renkei.cockpit.legal import advise, as_of_dates, table_rows
from renkei.cockpit.services.incorporation import YEN_FIELDS, save_figures, save_plan
from renkei.cockpit.views.access import is_coordinator, readable_group
from renkei.lib import incorporation, legal_checks, legal_forms, stages
from renkei.lib.incorporation import Entry
from renkei.orgs.choices import Stage
from renkei.orgs.models import Group


def legal_forms_page(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "cockpit/legal_forms.html",
        {"tables": table_rows(), "as_of": as_of_dates()},
    )


def _checked(entries: tuple[Entry, ...], chosen: list[str]) -> list[tuple[Entry, bool]]:
    return [(entry, entry.code in chosen) for entry in entries]


def _save(request: HttpRequest, group: Group) -> HttpResponse:
    founders_text = request.POST.get("founders", "").strip()
    try:
        founders = int(founders_text) if founders_text else None
        save_plan(
            actor=request.user,
            group=group,
            purposes=request.POST.getlist("purposes"),
            functions=request.POST.getlist("functions"),
            criteria=request.POST.getlist("criteria"),
            stakeholders=request.POST.getlist("stakeholders"),
            founders=founders,
            notes=request.POST.get("notes", "")[:5000],
        )
    except ValueError:
        messages.error(request, _("Enter the number of founders as a whole number."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Saved."))
    return redirect("cockpit:incorporation", slug=group.slug)


class _BadNumber(ValueError):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def _number(request: HttpRequest, name: str) -> int | None:
    """A whole number typed in any width, with or without thousands separators or 円."""
    text = unicodedata.normalize("NFKC", request.POST.get(name, ""))
    text = text.replace(",", "").replace("円", "").replace("人", "").strip()
    if not text:
        return None
    if not text.lstrip("-").isdigit() or len(text) > 17:
        raise _BadNumber(name)
    return int(text)


def _save_figures(request: HttpRequest, group: Group, members: list[int]) -> HttpResponse:
    try:
        capital = {pk: _number(request, f"capital_{pk}") for pk in members}
        fields = [int(n) for n in request.POST.getlist("npo_fields") if n.isascii() and n.isdigit()]
        save_figures(
            actor=request.user,
            group=group,
            planned_form=request.POST.get("planned_form", ""),
            working_members=_number(request, "working_members"),
            workers=_number(request, "workers"),
            capital_plan={pk: yen for pk, yen in capital.items() if yen is not None},
            capital_exception=request.POST.get("capital_exception") == "on",
            npo_fields=fields,
            money={name: _number(request, name) for name in YEN_FIELDS},
        )
    except _BadNumber:
        messages.error(request, _("Enter whole numbers only (for example 1200000)."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Saved."))
    return redirect(reverse("cockpit:incorporation", args=[group.slug]) + "#checks")


ASKED_CRITERIA = frozenset({"c1", "c2", "c3"})  # judgements, not figures (seed l.2927–2931)
STATUS_LABELS = {
    legal_checks.Status.PASSED: gettext_lazy("passed"),
    legal_checks.Status.FAILED: gettext_lazy("not met"),
    legal_checks.Status.ASK: gettext_lazy("figures needed"),
    legal_checks.Status.UNCONFIRMED: gettext_lazy("not confirmed yet"),
    legal_checks.Status.NOT_APPLICABLE: gettext_lazy("does not apply"),
}
# What each missing figure is called where the page asks for it.
ASKED = {
    "working_members": gettext_lazy("members who work in the business"),
    "workers": gettext_lazy("everyone who works in the business"),
    "founders": gettext_lazy("founders ready"),
    "capital": gettext_lazy("capital per member"),
    "npo_fields": gettext_lazy("fields of the activity"),
    "revenue_yen": gettext_lazy("revenue (yen)"),
    "business_revenue_yen": gettext_lazy("business revenue (yen)"),
    "insurance_revenue_yen": gettext_lazy("of which from public insurance (yen)"),
    "contract_revenue_yen": gettext_lazy("of which government contracts (yen)"),
    "profit_yen": gettext_lazy("profit (yen)"),
    "dividends_yen": gettext_lazy("dividends paid (yen)"),
}


def _shown(checks: list[legal_checks.Check]) -> list[dict[str, object]]:
    return [
        {
            "check": check,
            "label": STATUS_LABELS[check.status],
            "anchor": check.code.replace(":", "-"),
            "asks": [ASKED[name] for name in check.asks],
            # Money compared in yen (capital, revenue); the others count people.
            "yen": check.code.startswith("capital") or check.code in {"c4", "c5", "c6", "c7"},
        }
        for check in checks
    ]


@login_required
def advisor(request: HttpRequest, slug: str) -> HttpResponse:
    group = readable_group(request, slug)
    can_edit = is_coordinator(request, group)
    advice = advise(group)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if request.POST.get("action") == "figures":
            return _save_figures(request, group, [company.pk for company in advice.members])
        return _save(request, group)
    plan, facts = advice.plan, advice.figures
    planned = {c.pk: yen for c, yen in advice.capital.by_company}
    planned = planned if advice.capital.source == "plan" else {}
    ready = stages.index(group.stage) >= stages.index(legal_forms.INCORPORATE_FROM_STAGE)
    asked_criteria = tuple(e for e in incorporation.SOCIAL_CRITERIA if e.code in ASKED_CRITERIA)
    context = {
        "group": group,
        "plan": plan,
        "stage_label": Stage(group.stage).label,
        "ready": ready,
        "from_label": Stage(legal_forms.INCORPORATE_FROM_STAGE).label,
        "stage_check": incorporation.STAGE_CHECK,
        "means_not_end": incorporation.MEANS_NOT_END,
        "purposes": _checked(incorporation.PURPOSES, plan.purposes),
        "functions": _checked(incorporation.FUNCTIONS, plan.functions),
        "criteria": _checked(asked_criteria, plan.criteria),
        "stakeholders": _checked(incorporation.STAKEHOLDERS, plan.stakeholders),
        "figures": facts,
        "founders_checks": _shown(advice.checks["founders"]),
        "ratio_checks": _shown(advice.checks["ratios"] + advice.checks["capital"]),
        "npo_check": _shown(advice.checks["npo"])[0],
        # ①–③ are the checkboxes above; the table shows what is computed from money.
        "social_checks": _shown(
            [c for c in advice.checks["social"] if c.code not in ASKED_CRITERIA]
        ),
        "capital": advice.capital,
        "capital_rows": [(company, planned.get(company.pk)) for company in advice.members],
        "npo_fields": [
            (number, text, number in plan.npo_fields)
            for number, text in enumerate(legal_checks.NPO_FIELDS, start=1)
        ],
        "manufacturing_field": legal_checks.MANUFACTURING_FIELD,
        "forms": legal_forms.FORMS,
        "advice": [(form, legal_forms.ADVICE[form]) for form in legal_forms.FORMS],
        "cases": library.CASES,
        "tables": table_rows(),
        "as_of": as_of_dates(),
        "can_edit": can_edit and request.GET.get("print") is None,
    }
    return render(request, "cockpit/incorporation.html", context)


@login_required
def cases(request: HttpRequest, slug: str) -> HttpResponse:
    group = readable_group(request, slug)
    return render(request, "cockpit/cases.html", {"group": group, "cases": library.CASES})


@login_required
def case(request: HttpRequest, slug: str, case: str) -> HttpResponse:
    group = readable_group(request, slug)
    found = library.BY_SLUG.get(case)
    if found is None:
        raise Http404
    return render(
        request, "cockpit/case.html", {"group": group, "case": found, "cases": library.CASES}
    )
