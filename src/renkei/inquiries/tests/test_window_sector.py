"""A food or farming group's window asks for no machined part's material, size or tolerance."""

import uuid

import pytest

from renkei.capabilities.models import Process
from renkei.capabilities.services import set_processes
from renkei.inquiries.models import Inquiry
from renkei.orgs.models import Group
from renkei.orgs.services import create_company

pytestmark = pytest.mark.django_db
PART_FIELDS = ("material", "size", "tolerance", "surface_treatment", "heat_treatment")


@pytest.fixture
def food_group(region):
    food = Group.objects.create(region=region, name="丹波 食の加工ネット", slug="tamba")
    retort = create_company(actor=None, group=food, name="丹波レトルト食品", kana="たんば")
    set_processes(
        actor=None,
        company=retort,
        processes=Process.objects.filter(code__in=["retort_sterilization", "filling_packaging"]),
    )
    return food


def test_a_food_groups_window_leaves_out_the_part_fields(client, food_group, group, aoki):
    page = client.get(f"/g/{food_group.slug}/inquiry/").content.decode()
    assert 'name="lines-0-part_name"' in page and 'name="lines-0-quantity"' in page
    for name in PART_FIELDS:
        assert f'name="lines-0-{name}"' not in page
    machining = client.get(f"/g/{group.slug}/inquiry/").content.decode()
    for name in PART_FIELDS:
        assert f'name="lines-0-{name}"' in machining

    response = client.post(
        f"/g/{food_group.slug}/inquiry/",
        {
            "submission_key": str(uuid.uuid4()),
            "customer_company": "株式会社丹波物産",
            "contact_name": "丹波 花子",
            "email": "hanako@tamba.example",
            "title": "黒豆レトルトの試作",
            "description": "黒豆の煮豆をレトルトパウチで 500 袋。",
            "lines-TOTAL_FORMS": "1",
            "lines-INITIAL_FORMS": "0",
            "lines-MIN_NUM_FORMS": "1",
            "lines-MAX_NUM_FORMS": "20",
            "lines-0-part_name": "黒豆煮豆 200g",
            "lines-0-quantity": "500",
            "lines-0-process_text": "殺菌・レトルト",
        },
    )
    assert response.status_code == 302
    line = Inquiry.objects.get(group=food_group).lines.get()
    assert (line.part_name, line.quantity, line.size, line.tolerance) == (
        "黒豆煮豆 200g",
        500,
        "",
        "",
    )
