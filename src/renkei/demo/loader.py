"""Turns the demo data (renkei.demo.data) into records, through the services, idempotently.

Records are keyed by natural keys — region and group by slug, companies by 法人番号, people by
username, equipment by (company, kind, maker/model), certificates by (company, standard, number) —
and a record is written only when it is missing or differs from the data. A second run therefore
writes nothing, not even an audit entry.
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from renkei.capabilities.models import Certification, Equipment, Material, Process
from renkei.capabilities.services import (
    save_certification,
    save_equipment,
    set_materials,
    set_processes,
)
from renkei.core import stamps
from renkei.core.audit import audit
from renkei.demo.data import (
    GROUPS,
    PASSWORD,
    PEOPLE,
    REGION,
    SUPPORTERS,
    Cert,
    GroupSpec,
    Machine,
    Member,
    Person,
)
from renkei.lib.houjin import make_corporate_number
from renkei.orgs.models import Company, Group, GroupRole, Membership, Region
from renkei.orgs.services import (
    add_member,
    create_company,
    grant_role,
    update_company,
    update_membership,
)


class DemoDataError(ValueError):
    """The demo data names something the taxonomy does not have."""


@dataclass
class LoadReport:
    """What a run created and updated, by kind of record."""

    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    groups: list[Group] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


class _Loader:
    def __init__(self) -> None:
        self.report = LoadReport()
        self.today = timezone.localdate()
        self.processes = {p.code: p for p in Process.objects.all()}
        self.materials = {m.symbol: m for m in Material.objects.all()}

    def groups_and_people(self) -> dict[str, Group]:
        """The region, its groups with their members and supporters, and the demo's people: what
        the rest of the demo is built on (and all a test of several processes needs)."""
        region = self.region()
        groups = {spec.slug: self.group(region, spec) for spec in GROUPS}
        for spec in GROUPS:
            for member in spec.members:
                self.member(groups[spec.slug], member)
        for slug, supporter in SUPPORTERS:
            self.member(groups[slug], supporter)
        for person in PEOPLE:
            self.person(person, groups)
        return groups

    def run(self) -> LoadReport:
        groups = self.groups_and_people()
        self.report.groups = list(groups.values())
        from renkei.demo.food import load_demo_food_inquiries

        sent = load_demo_food_inquiries(groups["tamba-shoku"])
        if sent:
            self.report.created["inquiries"] += sent
        from renkei.projects.demo import load_demo_projects

        made = load_demo_projects(groups["rakunan-shisaku"])
        if made:
            self.report.created["projects"] += made
        from renkei.quality.demo_scorecards import load_demo_scorecards

        lots = load_demo_scorecards(groups["rakunan-shisaku"])
        if lots:
            self.report.created["finished lots behind a scorecard"] += lots
        from renkei.cockpit.demo import load_demo_cockpit

        filled = load_demo_cockpit(groups)
        if filled:
            self.report.created["cockpits"] += filled
        from renkei.knowledge.demo import load_demo_knowledge

        written = load_demo_knowledge(groups["rakunan-shisaku"])
        if written:
            self.report.created["knowledge articles"] += written
        from renkei.capabilities.demo import load_demo_individuals

        joined = load_demo_individuals(groups["rakunan-shisaku"])
        if joined:
            self.report.created["individual members"] += joined
        from renkei.settlement.demo import load_demo_settlement

        settled = load_demo_settlement(groups)
        if settled:
            self.report.created["settled orders"] += settled
        from renkei.joining.demo import load_demo_joining

        applied = load_demo_joining(groups["rakunan-shisaku"])
        if applied:
            self.report.created["applications to join"] += applied
        from renkei.previews.demo import load_demo_previews

        if load_demo_previews(groups):
            self.report.created["inquiries with drawings to preview"] += 1
        from renkei.products.demo import load_demo_products

        sold = load_demo_products(groups["echigo-migaki"])
        if sold:
            self.report.created["product orders"] += sold
        from renkei.inquiries.demo import load_demo_deciders

        deciding = load_demo_deciders(groups)
        if deciding:
            self.report.created["ways of deciding who takes a job"] += deciding
        # The region's rollups last: they read every inquiry the steps above made.
        from renkei.region.demo import load_demo_region

        sharing = load_demo_region(groups)
        if sharing:
            self.report.created["groups sharing figures with the region"] += sharing
        return self.report

    def _count(self, created: bool, kind: str) -> None:
        (self.report.created if created else self.report.updated)[kind] += 1

    def region(self) -> Region:
        region = Region.objects.filter(slug=REGION["slug"]).first()
        fields = {"name": REGION["name"], "description": REGION["description"]}
        if region is None:
            region = Region(slug=REGION["slug"], **fields)
        elif not _differs(region, fields):
            return region
        for name, value in fields.items():
            setattr(region, name, value)
        self._count(region.pk is None, "regions")
        region.full_clean()
        region.save()
        return region

    def group(self, region: Region, spec: GroupSpec) -> Group:
        fields: dict[str, Any] = {
            "region_id": region.pk,
            "name": spec.name,
            "name_en": spec.name_en,
            "tagline": spec.tagline,
            "description": spec.description,
            "stage": spec.stage,
            "reply_promise_hours": spec.reply_promise_hours,
            "closures": [dict(closure) for closure in spec.closures],
            "contact_email": spec.contact_email,
            "website": spec.website,
            "founded_on": spec.founded_on,
            "is_public": True,
        }
        group = Group.objects.filter(slug=spec.slug).first()
        if group is None:
            group = Group(slug=spec.slug)
        elif not _differs(group, fields):
            return group
        created = group.pk is None
        for name, value in fields.items():
            setattr(group, name, value)
        group.full_clean()
        group.save()
        stamps.bump(stamps.CAPABILITIES)  # a group's region and visibility decide listings
        # orgs has no group-writing service yet; the audit entry is what one would write.
        audit(
            "group.create" if created else "group.update", obj=group, group=group, summary=spec.name
        )
        self._count(created, "groups")
        return group

    def member(self, group: Group, member: Member) -> None:
        company = self.company(member)
        membership = Membership.objects.for_group(group).current().filter(company=company).first()
        wanted: dict[str, Any] = {
            "circle": member.circle,
            "role": member.office,
            "joined_on": member.joined_on,
        }
        if membership is None:
            add_member(actor=None, group=group, company=company, **wanted)
            self._count(True, "memberships")
        elif _differs(membership, wanted):
            update_membership(actor=None, membership=membership, **wanted)
            self._count(False, "memberships")
        self.capabilities(company, member)
        for machine in member.machines:
            self.machine(company, machine)
        for cert in member.certs:
            self.certificate(company, cert)

    def company(self, member: Member) -> Company:
        fields: dict[str, Any] = {
            "kind": member.kind,
            "name": member.name,
            "kana": member.kana,
            "name_en": member.name_en,
            "corporate_number": make_corporate_number(member.houjin_body),
            "prefecture": member.prefecture,
            "address": member.address,
            "employees": member.employees,
            "capital_yen": member.capital_yen,
            "url": member.url,
            "profile": member.profile,
            "batch_band": member.batch_band,
            "typical_lead_days": member.lead_days,
        }
        company = Company.objects.filter(corporate_number=fields["corporate_number"]).first()
        if company is None:
            self._count(True, "companies")
            return create_company(actor=None, **fields)
        changes = {k: v for k, v in fields.items() if getattr(company, k) != v}
        if changes:
            self._count(False, "companies")
            update_company(actor=None, company=company, **changes)
        return company

    def capabilities(self, company: Company, member: Member) -> None:
        processes = [self._lookup(self.processes, code, member) for code in member.processes]
        current = set(company.company_processes.values_list("process_id", flat=True))
        if {p.pk for p in processes} != current:
            set_processes(actor=None, company=company, processes=processes)
            self._count(not current, "process lists")
        materials = [self._lookup(self.materials, symbol, member) for symbol in member.materials]
        current = set(company.company_materials.values_list("material_id", flat=True))
        if {m.pk for m in materials} != current:
            set_materials(actor=None, company=company, materials=materials)
            self._count(not current, "material lists")

    def machine(self, company: Company, machine: Machine) -> None:
        process = self._lookup(self.processes, machine.process, None) if machine.process else None
        fields: dict[str, Any] = {
            "process_id": process.pk if process else None,
            "count": machine.count,
            "axes": machine.axes,
            "x_mm": machine.x_mm,
            "y_mm": machine.y_mm,
            "z_mm": machine.z_mm,
            "tolerance_um": machine.tolerance_um,
        }
        equipment = Equipment.objects.filter(
            company=company, kind=machine.kind, maker_model=machine.maker_model
        ).first()
        if equipment is None:
            equipment = Equipment(
                company=company, kind=machine.kind, maker_model=machine.maker_model
            )
        elif not _differs(equipment, fields):
            return
        self._count(equipment.pk is None, "equipment")
        for name, value in fields.items():
            setattr(equipment, name, value)
        save_equipment(actor=None, equipment=equipment)

    def certificate(self, company: Company, cert: Cert) -> None:
        # Dates are set when the certificate is first created and left alone afterwards: they
        # are relative to that day, and re-deriving them would change records on every run.
        fields = {"issuer": cert.issuer, "scope": cert.scope}
        existing = Certification.objects.filter(
            company=company, standard=cert.standard, number=cert.number
        ).first()
        if existing is None:
            expires = None
            if cert.expires_in_days is not None:
                expires = self.today + dt.timedelta(days=cert.expires_in_days)
            existing = Certification(
                company=company,
                standard=cert.standard,
                number=cert.number,
                issued_on=self.today - dt.timedelta(days=cert.issued_days_ago),
                expires_on=expires,
            )
        elif not _differs(existing, fields):
            return
        self._count(existing.pk is None, "certifications")
        for name, value in fields.items():
            setattr(existing, name, value)
        save_certification(actor=None, certification=existing)

    def person(self, person: Person, groups: dict[str, Group]) -> None:
        user_model = get_user_model()
        fields: dict[str, Any] = {
            "email": person.email,
            "first_name": person.first_name,
            "last_name": person.last_name,
            "is_staff": person.is_staff,
            "is_superuser": person.is_superuser,
            "is_active": True,
        }
        user = user_model.objects.filter(username=person.username).first()
        created = user is None
        if user is None:
            user = user_model.objects.create_user(
                username=person.username, password=PASSWORD, **fields
            )
            self._count(True, "users")
        else:
            stale_password = not user.check_password(PASSWORD)
            if stale_password or _differs(user, fields):
                for name, value in fields.items():
                    setattr(user, name, value)
                if stale_password:
                    user.set_password(PASSWORD)
                user.save()
                self._count(False, "users")
        # The admin is for platform operators only (accounts.admin_scope): no demo login holds
        # admin permissions of its own. Older demos gave the coordinator view rights; take them
        # back from a database loaded then.
        if not created and user.user_permissions.exists():
            user.user_permissions.clear()
            self._count(False, "users")
        if person.group and person.role:
            company = None
            if person.company:
                number = make_corporate_number(person.company)
                company = Company.objects.get(corporate_number=number)
            group = groups[person.group]
            grant: dict[str, Any] = {
                "user": user,
                "group": group,
                "role": person.role,
                "company": company,
            }
            if not GroupRole.objects.filter(**grant).exists():
                grant_role(actor=None, **grant)
                self._count(True, "roles")

    @staticmethod
    def _lookup(table: dict[str, Any], key: str, member: Member | None) -> Any:
        try:
            return table[key]
        except KeyError:
            where = f" ({member.name})" if member else ""
            raise DemoDataError(f"the taxonomy has no {key!r}{where}") from None


def _differs(obj: Any, fields: dict[str, Any]) -> bool:
    return any(getattr(obj, name) != value for name, value in fields.items())


@transaction.atomic
def load_demo() -> LoadReport:
    """Creates or refreshes the demo region; returns what it created and updated."""
    return _Loader().run()
