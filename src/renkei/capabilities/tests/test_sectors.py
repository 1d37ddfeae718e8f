"""Sectors beyond manufacturing: the taxonomy as data an operator extends without code."""

import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from renkei.capabilities.models import (
    Certification,
    CertificationStandard,
    Process,
    ProcessCategory,
    Sector,
)
from renkei.capabilities.services import save_certification, set_processes
from renkei.conftest_helpers import CUSTOMER
from renkei.core.models import AuditEntry
from renkei.orgs.services import create_company

CSV = (
    "sector,sector_name_ja,sector_name_en,category,category_name_ja,category_name_en,"
    "code,name_ja,name_en,aliases\n"
    "fishery,水産,Fishery,fish_processing,水産加工,Fish processing,"
    "smoking,燻製,Smoking,スモーク|くん製\n"
    "fishery,,,fish_processing,,,filleting,三枚おろし,Filleting,\n"
)


def _import(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    out = __import__("io").StringIO()
    call_command("taxonomy_import", str(path), stdout=out)
    return out.getvalue()


def test_the_shipped_taxonomy_has_four_sectors_with_food_processes(db):
    assert list(Sector.objects.values_list("code", flat=True)) == [
        "manufacturing",
        "food_processing",
        "agriculture",
        "tourism",
    ]
    retort = Process.objects.get(code="retort_sterilization")
    assert (retort.name_ja, retort.category.sector.name_ja) == ("殺菌・レトルト", "食品加工")
    assert ProcessCategory.objects.get(code="machining").sector.code == "manufacturing"
    assert CertificationStandard.objects.get(code="JGAP").sector.code == "agriculture"


def test_importing_a_csv_adds_a_sector_and_a_second_run_changes_nothing(tmp_path, db):
    assert "3 created" not in _import(tmp_path, "fish.csv", CSV)  # sector, category, 2 processes
    smoking = Process.objects.get(code="smoking")
    assert smoking.category.sector.name_ja == "水産"
    assert smoking.aliases == ["スモーク", "くん製"]
    assert Process.objects.filter(category__code="fish_processing").count() == 2
    entries = AuditEntry.objects.filter(action="taxonomy.import").count()
    assert "0 created, 0 updated" in _import(tmp_path, "fish.csv", CSV)
    assert AuditEntry.objects.filter(action="taxonomy.import").count() == entries


def test_importing_json_updates_a_name_and_adds_a_standard(tmp_path, db):
    data = {
        "processes": [
            {"code": "freezing", "category": "food_preservation", "name_ja": "冷凍・急速凍結",
             "name_en": "Freezing", "aliases": ["急速冷凍"]},
        ],
        "standards": [
            {"code": "MSC", "name_ja": "MSC認証", "name_en": "MSC", "sector": "food_processing",
             "aliases": ["msc"]},
        ],
    }  # fmt: skip
    output = _import(tmp_path, "more.json", json.dumps(data, ensure_ascii=False))
    assert "1 created, 1 updated" in output
    assert Process.objects.get(code="freezing").name_ja == "冷凍・急速凍結"
    assert CertificationStandard.objects.get(code="MSC").name_ja == "MSC認証"


def test_a_malformed_file_is_refused_with_row_numbers_and_nothing_written(tmp_path, db, capsys):
    bad = CSV + (
        "fishery,,,no_such_category,,,drying_fish,干物,Dried fish,\n"
        "fishery,,,fish_processing,,,Bad Code!,,Bad,\n"
        "fishery,,,fish_processing,,,smoking,燻製2,Smoking again,\n"
    )
    path = tmp_path / "bad.csv"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("taxonomy_import", str(path))
    problems = capsys.readouterr().err
    assert "row 4: category no_such_category" in problems
    assert "row 5: code:" in problems
    assert "row 5: name_ja: required" in problems
    assert "row 6: code smoking: given twice (first in row 2)" in problems
    assert not Sector.objects.filter(code="fishery").exists()
    assert not Process.objects.filter(code="smoking").exists()


def test_malformed_json_names_its_entry(tmp_path, db, capsys):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"processes": [{"code": "x_y"}, "no"]}), encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("taxonomy_import", str(path))
    problems = capsys.readouterr().err
    assert "processes row 2: must be an object" in problems


@pytest.mark.django_db(databases="__all__")
def test_a_food_process_is_chosen_on_an_inquiry_and_matched_to_the_member_offering_it(
    client, group, aoki
):
    from renkei.inquiries.matching import match_inquiry
    from renkei.inquiries.models import Inquiry

    tamba = create_company(actor=None, group=group, name="丹波レトルト", kana="たんばれとると")
    set_processes(
        actor=None,
        company=tamba,
        processes=Process.objects.filter(code__in=["retort_sterilization", "filling_packaging"]),
    )
    save_certification(
        actor=None, certification=Certification(company=tamba, standard="HACCP", number="H-1")
    )
    window = reverse("inquiries:window", args=[group.slug])
    page = client.get(window).content.decode()
    assert 'value="HACCP"' in page and "殺菌・レトルト" in page
    data = {
        "submission_key": "6f1c2b7e-3d4a-4c5b-9e8f-0a1b2c3d4e5f",
        **CUSTOMER,
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "lines-0-part_name": "カレー 180g",
        "lines-0-quantity": "500",
        "lines-0-process_text": "レトルト → 充填・包装",
        "lines-0-certifications": ["HACCP"],
    }
    assert client.post(window, data).status_code == 302
    inquiry = Inquiry.objects.get(group=group)
    assert [s.process.code for s in inquiry.lines.get().line_steps.order_by("position")] == [
        "retort_sterilization",
        "filling_packaging",
    ]
    (line,) = match_inquiry(inquiry)
    assert [c.company for c in line.candidates if c.passes] == [tamba]
    assert "HACCP" in line.candidates[0].summary


def test_a_new_standard_added_as_data_is_a_certificate_choice_at_once(db, aoki):
    from renkei.capabilities.services import save_taxonomy_entry

    save_taxonomy_entry(
        actor=None,
        entry=CertificationStandard(code="ハラール", name_ja="ハラール認証", name_en="Halal"),
    )
    save_certification(
        actor=None, certification=Certification(company=aoki, standard="ハラール", number="1")
    )
    with pytest.raises(Exception, match="standard"):
        save_certification(
            actor=None, certification=Certification(company=aoki, standard="nonsense")
        )


def test_the_admin_refuses_to_delete_a_process_in_use_politely(admin_client, aoki):
    five_axis = Process.objects.get(code="five_axis")
    url = reverse("admin:capabilities_process_delete", args=[five_axis.pk])
    response = admin_client.post(url, {"post": "yes"}, follow=True, HTTP_ACCEPT_LANGUAGE="ja")
    assert response.status_code == 200
    assert Process.objects.filter(pk=five_axis.pk).exists()
    body = response.content.decode()
    assert "削除できません" in body and "1 社" in body


def test_the_admin_deletes_an_unused_process_and_checks_codes(admin_client, db):
    unused = Process.objects.get(code="catering")
    url = reverse("admin:capabilities_process_delete", args=[unused.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert not Process.objects.filter(pk=unused.pk).exists()
    add = reverse("admin:capabilities_process_add")
    category = ProcessCategory.objects.get(code="tourism_stay")
    response = admin_client.post(
        add,
        {"category": category.pk, "code": "lodging", "name_ja": "民宿", "name_en": "Inn",
         "aliases": "[]", "position": 0},
    )  # fmt: skip
    assert response.status_code == 200  # the form again: that code is taken
    assert Process.objects.filter(code="lodging").count() == 1


def test_a_staff_user_who_is_not_a_superuser_cannot_change_the_taxonomy(client, db):
    from django.contrib.auth import get_user_model

    from renkei.conftest_helpers import login_with_second_factor

    staff = get_user_model().objects.create_user(
        username="staff", password="correct-horse-42", is_staff=True
    )
    login_with_second_factor(client, staff)
    assert client.get(reverse("admin:capabilities_process_changelist")).status_code in {302, 403}


def test_the_directory_groups_process_filters_by_sector(client, group, aoki):
    tamba = create_company(actor=None, group=group, name="丹波レトルト", kana="たんばれとると")
    set_processes(actor=None, company=tamba, processes=Process.objects.filter(code="freezing"))
    body = client.get(reverse("directory:members", args=[group.slug])).content.decode()
    assert body.index("ものづくり（製造業）") < body.index("切削") < body.index("食品加工")
    assert body.index("食品加工") < body.index("殺菌・保存")
