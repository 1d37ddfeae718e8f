"""Reading a taxonomy file an operator wrote: new sectors, categories, processes and standards.

Two shapes. JSON as data/taxonomy.json has it (any of ``sectors``, ``process_categories``,
``processes``, ``standards``); or CSV, one process a row, with its category and sector named in
the same row (their names are needed only the first time a category or sector appears). Every
row is checked before anything is written, and every problem is reported with its row.
"""

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug

from renkei.capabilities.models import CertificationStandard, Process, ProcessCategory, Sector

CSV_COLUMNS = [
    "sector", "sector_name_ja", "sector_name_en",
    "category", "category_name_ja", "category_name_en",
    "code", "name_ja", "name_en", "aliases",
]  # fmt: skip
KINDS = ("sectors", "process_categories", "processes", "standards")
NAME_MAX = 60


class TaxonomyFileError(ValueError):
    """The file cannot be imported; ``problems`` says where and why, one line each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class TaxonomyPlan:
    """The checked rows, by kind, in the order they are written (parents first)."""

    rows: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: {k: [] for k in KINDS})


def read_taxonomy_file(path: Path) -> TaxonomyPlan:
    """The plan of ``path`` (``.json`` or ``.csv``), or TaxonomyFileError."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise TaxonomyFileError([f"{path}: cannot be read ({error.strerror})"]) from error
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise TaxonomyFileError([f"{path}: not UTF-8 text"]) from error
    if path.suffix.lower() == ".json":
        entries = _json_entries(text)
    elif path.suffix.lower() == ".csv":
        entries = _csv_entries(text)
    else:
        raise TaxonomyFileError([f"{path}: give a .json or a .csv file"])
    return _check(entries)


Entry = tuple[str, str, dict[str, Any]]  # (kind, where in the file, row)


def _json_entries(text: str) -> list[Entry]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise TaxonomyFileError([f"line {error.lineno}: not valid JSON ({error.msg})"]) from error
    if not isinstance(data, dict) or not any(kind in data for kind in KINDS):
        raise TaxonomyFileError([f"the file must be an object with one of: {', '.join(KINDS)}"])
    problems, entries = [], []
    for kind in KINDS:
        rows = data.get(kind, [])
        if not isinstance(rows, list):
            problems.append(f"{kind}: must be a list")
            continue
        for n, row in enumerate(rows, start=1):
            if isinstance(row, dict):
                entries.append((kind, f"{kind} row {n}", row))
            else:
                problems.append(f"{kind} row {n}: must be an object")
    if problems:
        raise TaxonomyFileError(problems)
    return entries


def _csv_entries(text: str) -> list[Entry]:
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in ("sector", "category", "code", "name_ja", "name_en") if c not in
               (reader.fieldnames or [])]  # fmt: skip
    if missing:
        raise TaxonomyFileError([f"row 1: missing columns: {', '.join(missing)}"])
    entries: list[Entry] = []
    for n, row in enumerate(reader, start=2):
        where = f"row {n}"
        cell = {k: (v or "").strip() for k, v in row.items() if k is not None}
        if not any(cell.values()):
            continue
        if cell.get("sector_name_ja") or cell.get("sector_name_en"):
            sector = {"code": cell["sector"], "name_ja": cell.get("sector_name_ja", "")}
            entries.append(("sectors", where, sector | {"name_en": cell.get("sector_name_en")}))
        if cell.get("category_name_ja") or cell.get("category_name_en"):
            category = {"code": cell["category"], "sector": cell["sector"]}
            category |= {"name_ja": cell.get("category_name_ja", "")}
            entries.append(
                ("process_categories", where, category | {"name_en": cell.get("category_name_en")})
            )
        aliases = [a.strip() for a in cell.get("aliases", "").split("|") if a.strip()]
        process = {k: cell[k] for k in ("code", "name_ja", "name_en", "category")}
        entries.append(("processes", where, process | {"aliases": aliases, "csv_sector": cell}))
    return entries


def _check(entries: list[Entry]) -> TaxonomyPlan:
    plan = TaxonomyPlan()
    problems: list[str] = []
    seen: dict[str, dict[str, str]] = {kind: {} for kind in KINDS}  # code → the row as given
    first: dict[str, dict[str, str]] = {kind: {} for kind in KINDS}  # code → where it was
    sectors = set(Sector.objects.values_list("code", flat=True))
    categories = dict(ProcessCategory.objects.values_list("code", "sector__code"))
    names = {name: code for code, name in Process.objects.values_list("code", "name_ja")}
    for kind, where, row in entries:
        found: list[str] = []
        code = row.get("code")
        if kind == "standards":
            if not isinstance(code, str) or not code.strip() or len(code) > 20:
                found.append("code: give a code of at most 20 characters")
        else:
            try:
                validate_slug(code if isinstance(code, str) else "")
            except ValidationError:
                found.append("code: use letters, digits, - and _ only")
        for name in ("name_ja", "name_en"):
            value = row.get(name)
            if not isinstance(value, str) or not value.strip():
                found.append(f"{name}: required")
            elif len(value) > NAME_MAX:
                found.append(f"{name}: at most {NAME_MAX} characters")
        if isinstance(code, str) and code in seen[kind]:
            # A CSV names a new sector or category on each of its rows: the same is fine.
            same = seen[kind][code] == json.dumps(row, sort_keys=True, default=str)
            if kind == "processes" or not same:
                found.append(f"code {code}: given twice (first in {first[kind][code]})")
        position = row.get("position", 0)
        if not isinstance(position, int) or isinstance(position, bool) or position < 0:
            found.append("position: a whole number from 0")
        aliases = row.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            found.append("aliases: a list of names")
        clean: dict[str, Any] = {
            "code": code,
            "name_ja": str(row.get("name_ja", "")).strip(),
            "name_en": str(row.get("name_en", "")).strip(),
            "position": position,
        }
        if kind in ("processes", "standards"):
            clean["aliases"] = aliases
        if kind == "sectors":
            sectors.add(str(code))
        elif kind == "process_categories":
            if row.get("sector") not in sectors:
                found.append(f"sector {row.get('sector')}: no such sector (add it first)")
            categories[str(code)] = str(row.get("sector"))
            clean["sector"] = row.get("sector")
        elif kind == "processes":
            category = row.get("category")
            sector = row.get("csv_sector", {}).get("sector")
            if category not in categories:
                found.append(f"category {category}: no such category (name it to add it)")
            elif sector and categories[category] != sector:
                found.append(f"category {category}: belongs to sector {categories[category]}")
            if clean["name_ja"] in names and names[clean["name_ja"]] != code:
                found.append(f"name_ja: already the name of process {names[clean['name_ja']]}")
            names[clean["name_ja"]] = str(code)
            clean["category"] = category
            clean["jis_code"] = str(row.get("jis_code", ""))[:10]
        elif kind == "standards":
            sector = row.get("sector")
            if sector and sector not in sectors:
                found.append(f"sector {sector}: no such sector")
            clean["sector"] = sector or None
        problems += [f"{where}: {problem}" for problem in found]
        if isinstance(code, str) and code not in seen[kind]:
            seen[kind][code] = json.dumps(row, sort_keys=True, default=str)
            first[kind][code] = where
            plan.rows[kind].append(clean)
    if problems:
        raise TaxonomyFileError(problems)
    return plan


def existing(kind: str) -> Any:
    """The model of a kind of row."""
    return {
        "sectors": Sector,
        "process_categories": ProcessCategory,
        "processes": Process,
        "standards": CertificationStandard,
    }[kind]
