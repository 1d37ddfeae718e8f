"""Checking every row of an import before anything is written, and planning the writes.

Blank cells leave an existing company's value as it is: a file that only fills some columns never
wipes what members typed on their profiles. Rows are matched to existing records by 法人番号, else
by name among the group's current members (equipment by type and model, certificates by standard
and number), so that importing the same file twice changes nothing the second time.
"""

import contextlib
import dataclasses
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _

from renkei.capabilities.models import Certification, Equipment
from renkei.capabilities.taxonomy import build_vocabulary, standard_aliases
from renkei.imports import values
from renkei.imports.reading import Sheet, Value
from renkei.lib.houjin import normalize_corporate_number
from renkei.lib.jtext import fold, fold_compact
from renkei.orgs.choices import PREFECTURES, Circle, CompanyKind
from renkei.orgs.models import Company, Group, Membership

PROGRESS_EVERY = 200
COMPANY_FIELDS = [
    "corporate_number", "name", "kana", "name_en", "kind", "prefecture", "address", "employees",
    "capital_yen", "url", "email", "phone", "profile", "batch_band", "typical_lead_days",
]  # fmt: skip
EQUIPMENT_FIELDS = ["kind", "maker_model", "count", "axes", "x_mm", "y_mm", "z_mm", "tolerance_um"]
CERTIFICATION_FIELDS = [
    "standard",
    "scope",
    "number",
    "issuer",
    "issued_on",
    "expires_on",
    "status",
]


@dataclasses.dataclass
class Problem:
    sheet: str
    row: int
    column: str
    message: str


@dataclasses.dataclass
class CompanyRow:
    line: int
    company: Company
    fields: list[str]
    circle: str | None = None
    processes: list[int] | None = None
    materials: list[int] | None = None


@dataclasses.dataclass
class ItemRow:
    line: int
    owner: Company | CompanyRow
    item: Equipment | Certification


@dataclasses.dataclass
class Plan:
    companies: list[CompanyRow] = dataclasses.field(default_factory=list)
    equipment: list[ItemRow] = dataclasses.field(default_factory=list)
    certifications: list[ItemRow] = dataclasses.field(default_factory=list)
    problems: list[Problem] = dataclasses.field(default_factory=list)


class RowProblems(Exception):
    """Raised inside one row's check with every problem that row has."""


class Planner:
    """Checks the sheets of one file against one group's data."""

    def __init__(self, group: Group, progress: Callable[[int], None] | None = None) -> None:
        self.group = group
        self.progress = progress or (lambda done: None)
        members = Company.objects.filter(
            memberships__group=group, memberships__left_on__isnull=True
        ).distinct()
        self.by_number = {c.corporate_number: c for c in members if c.corporate_number}
        self.by_name = {fold(c.name): c for c in members}
        self.new_by_number: dict[str, CompanyRow] = {}
        self.new_by_name: dict[str, CompanyRow] = {}
        self.vocabulary = build_vocabulary()
        self.plan = Plan()
        self.done = 0
        self._choices: dict[tuple[type, str], dict[str, str]] = {}
        self._items: dict[tuple[Any, ...], int] = {}

    def check(self, sheets: list[Sheet]) -> Plan:
        order = {"companies": 0, "equipment": 1, "certifications": 2}
        for sheet in sorted(sheets, key=lambda s: order[s.spec.kind]):
            handler = getattr(self, f"_{sheet.spec.kind}_row")
            for line, cells in sheet.rows:
                self._row = (sheet, line)
                self._problems: list[Problem] = []
                with contextlib.suppress(RowProblems):
                    self._no_stray_cells(sheet, cells)
                    handler(line, sheet.record(cells))
                self.plan.problems += self._problems
                self.done += 1
                if self.done % PROGRESS_EVERY == 0:
                    self.progress(self.done)
        self.progress(self.done)
        return self.plan

    # Problems ------------------------------------------------------------------------------

    def _no_stray_cells(self, sheet: Sheet, cells: list[Value]) -> None:
        """A cell right of the header is a shifted row (an unquoted comma, say): refuse it."""
        stray = [v for v in cells[len(sheet.columns) :] if values.text(v)]
        if stray:
            self.problem(
                "",
                _(
                    "this row has more cells than there are columns (“%(value)s”): "
                    "is a comma unquoted?"
                )
                % {"value": stray[0]},
            )
            raise RowProblems

    def problem(self, key: str, message: str) -> None:
        sheet, line = self._row
        column = next((c for c in sheet.spec.columns if c.key == key), None)
        label = column.label(translation.get_language() or "ja") if column else ""
        self._problems.append(Problem(sheet.title, line, label, message))

    def _fill(
        self, obj: models.Model, record: dict[str, Value], keys: list[str], *, blank_keeps: bool
    ) -> set[str]:
        """Sets each present column on ``obj``; returns the keys whose cells were refused."""
        refused = set()
        for key in keys:
            if key not in record:
                continue
            if blank_keeps and not values.text(record[key]):
                continue
            try:
                setattr(obj, key, self._convert(type(obj), key, record[key]))
            except values.CellError as error:
                self.problem(key, str(error))
                refused.add(key)
        return refused

    def _validate(
        self, obj: models.Model, refused: set[str], exclude: tuple[str, ...] = ()
    ) -> None:
        try:
            obj.full_clean(exclude=[*refused, *exclude])
        except ValidationError as error:
            for key, messages in error.message_dict.items():
                for message in messages:
                    self.problem(key if key != "__all__" else "", message)
        if self._problems:
            raise RowProblems

    def _convert(self, model: type, key: str, raw: Value) -> Any:
        field = model._meta.get_field(key)  # type: ignore[attr-defined]
        if field.choices:
            return values.choice(raw, self._options(model, key, field.choices))
        if isinstance(field, models.DateField):
            return values.date(raw)
        if isinstance(field, models.IntegerField):
            return values.number(raw, integer=True)
        if isinstance(field, models.FloatField):
            return values.number(raw, integer=False)
        text = values.text(raw)
        return None if field.null and not text else text

    def _options(self, model: type, key: str, choices: Any) -> dict[str, str]:
        if (model, key) not in self._choices:
            options = values.choice_map(choices)
            if key == "prefecture":
                options |= {fold_compact(p[:-1]): p for p in PREFECTURES if p != "北海道"}
            if key == "standard":
                options |= standard_aliases()
            self._choices[(model, key)] = options
        return self._choices[(model, key)]

    # Companies -----------------------------------------------------------------------------

    def _companies_row(self, line: int, record: dict[str, Value]) -> None:
        number = normalize_corporate_number(values.text(record.get("corporate_number")))
        name = fold(values.text(record.get("name")))
        existing = self.by_number.get(number) if number else self.by_name.get(name)
        if number and existing is None and Company.objects.filter(corporate_number=number).exists():
            self.problem(
                "corporate_number",
                _(
                    "a company with this 法人番号 exists but is not a member of this group: "
                    "add it as a member first."
                ),
            )
        self._no_repeat(line, number, name)
        company = existing or Company(kind=CompanyKind.MANUFACTURER)
        refused = self._fill(company, record, COMPANY_FIELDS, blank_keeps=existing is not None)
        row = CompanyRow(line, company, [k for k in COMPANY_FIELDS if k in record])
        if "circle" in record and values.text(record["circle"]):
            try:
                row.circle = values.choice(
                    record["circle"], self._options(Membership, "circle", Circle.choices)
                )
            except values.CellError as error:
                self.problem("circle", str(error))
        row.processes = self._terms(record, "processes", self.vocabulary.processes, existing)
        row.materials = self._terms(record, "materials", self.vocabulary.materials, existing)
        self._validate(company, refused)
        self.plan.companies.append(row)
        if number:
            self.new_by_number[number] = row
        self.new_by_name[name] = row

    def _no_repeat(self, line: int, number: str, name: str) -> None:
        earlier = self.new_by_number.get(number) if number else self.new_by_name.get(name)
        if earlier is not None:
            self.problem(
                "corporate_number" if number else "name",
                _("the same company is already on row %(line)s.") % {"line": earlier.line},
            )

    def _terms(
        self, record: dict[str, Value], key: str, vocabulary: dict[str, int], existing: Any
    ) -> list[int] | None:
        if key not in record or (existing is not None and not values.text(record[key])):
            return None
        found = []
        for term in values.terms(record[key]):
            pk = vocabulary.get(fold_compact(term))
            if pk is None:
                self.problem(
                    key,
                    _("“%(term)s” is not in the list of processes and materials.") % {"term": term},
                )
            else:
                found.append(pk)
        return found

    # Equipment and certifications -----------------------------------------------------------

    def _owner(self, record: dict[str, Value]) -> Company | CompanyRow:
        number = normalize_corporate_number(values.text(record.get("corporate_number")))
        name = fold(values.text(record.get("company")))
        if number:
            owner = self.new_by_number.get(number) or self.by_number.get(number)
        else:
            owner = self.new_by_name.get(name) or self.by_name.get(name)
        if owner is None:
            key = "corporate_number" if number else "company"
            if number or name:
                self.problem(
                    key, _("no member company of this group (or in the 会社 sheet) has this.")
                )
            else:
                self.problem(key, _("give the 法人番号 or the 会社名 of the company."))
            raise RowProblems
        return owner

    def _equipment_row(self, line: int, record: dict[str, Value]) -> None:
        owner = self._owner(record)
        kind, model_name = values.text(record.get("kind")), values.text(record.get("maker_model"))
        item = self._existing(line, owner, Equipment, kind=kind, maker_model=model_name)
        refused = self._fill(item, record, EQUIPMENT_FIELDS, blank_keeps=item.pk is not None)
        if values.text(record.get("process")):
            pk = self.vocabulary.processes.get(fold_compact(values.text(record["process"])))
            if pk is None:
                self.problem(
                    "process",
                    _("“%(term)s” is not in the list of processes and materials.")
                    % {"term": record["process"]},
                )
            item.process_id = pk
        self._validate(item, refused, exclude=("company",))
        self.plan.equipment.append(ItemRow(line, owner, item))

    def _certifications_row(self, line: int, record: dict[str, Value]) -> None:
        owner = self._owner(record)
        try:
            standard = self._convert(Certification, "standard", record.get("standard", ""))
        except values.CellError as error:
            self.problem("standard", str(error))
            raise RowProblems from None
        item = self._existing(
            line, owner, Certification, standard=standard, number=values.text(record.get("number"))
        )
        refused = self._fill(item, record, CERTIFICATION_FIELDS, blank_keeps=item.pk is not None)
        self._validate(item, refused, exclude=("company", "evidence"))
        self.plan.certifications.append(ItemRow(line, owner, item))

    def _existing(self, line: int, owner: Company | CompanyRow, model: Any, **match: Any) -> Any:
        """The record this row updates, or a new one; the same record twice in a file is refused."""
        key = (model, id(owner), *sorted(match.items()))
        if key in self._items:
            self.problem(
                "", _("the same entry is already on row %(line)s.") % {"line": self._items[key]}
            )
            raise RowProblems
        self._items[key] = line
        company = owner if isinstance(owner, Company) else owner.company
        if company.pk is not None:
            found = model.objects.filter(company=company, **match).first()
            if found is not None:
                return found
        return model()
