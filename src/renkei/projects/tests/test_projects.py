"""Order projects from accepted quotes, packages, development projects: through the pages."""

import pytest
from django.urls import reverse

from renkei.conftest_helpers import login
from renkei.core.models import AuditEntry
from renkei.projects import services
from renkei.projects.choices import PackageState, ProjectKind
from renkei.projects.models import FundingSource, Project, WorkPackage

pytestmark = pytest.mark.django_db


def test_starting_an_order_project_twice_makes_one_with_a_package_per_step(client, alice, order):
    login(client, alice)
    url = reverse("projects:start_order", args=["miyako"])

    first = client.post(url, {"order": order.pk})
    again = client.post(url, {"order": order.pk})

    project = Project.objects.get()
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"] == project.get_absolute_url()
    assert project.kind == ProjectKind.ORDER and project.order == order
    packages = list(project.packages.order_by("position"))
    assert [p.process.code for p in packages] == ["five_axis", "electroplating", "cmm_inspection"]
    assert packages[1].after == packages[0] and packages[2].after == packages[1]
    assert packages[2].due_on == project.delivery_on == order.delivery_on  # never the wish
    assert packages[0].due_on < packages[1].due_on < packages[2].due_on
    assert all(p.state == PackageState.DRAFT for p in packages)
    assert AuditEntry.objects.filter(action="project.start").count() == 1


def test_the_projects_page_offers_accepted_orders_to_start(client, alice, order):
    login(client, alice)
    page = client.get(reverse("projects:list", args=["miyako"]))
    assert page.status_code == 200
    assert order.inquiry.title in page.content.decode()


def test_members_cannot_start_and_other_groups_see_nothing(client, bob, dave, order, project):
    login(client, bob)
    assert (
        client.post(
            reverse("projects:start_order", args=["miyako"]), {"order": order.pk}
        ).status_code
        == 404
    )
    assert client.get(project.get_absolute_url()).status_code == 200
    client.logout()
    login(client, dave)
    assert client.get(reverse("projects:list", args=["miyako"])).status_code == 404
    assert client.get(project.get_absolute_url()).status_code == 404
    hokko_detail = reverse("projects:detail", args=["hokko", project.pk])
    assert client.get(hokko_detail).status_code == 404
    client.post(reverse("projects:start_order", args=["hokko"]), {"order": order.pk})
    assert Project.objects.count() == 1


def test_an_unknown_order_is_404(client, alice):
    login(client, alice)
    url = reverse("projects:start_order", args=["miyako"])
    assert client.post(url, {"order": "999"}).status_code == 404
    assert client.post(url, {"order": "x"}).status_code == 404


def test_coordinator_adds_a_package_and_publishes_the_drafts(client, alice, project):
    login(client, alice)
    add = reverse("projects:add_package", args=["miyako", project.pk])
    first = project.packages.get(position=1)

    bad = client.post(add, {"name": "", "quantity": "1", "work_days": "0"})
    assert bad.status_code == 400
    assert project.packages.count() == 3
    good = client.post(add, {"name": "梱包", "quantity": "5", "work_days": "1", "after": first.pk})
    assert good.status_code == 302
    packed = project.packages.get(name="梱包")
    assert packed.position == 4 and packed.after == first

    client.post(reverse("projects:publish", args=["miyako", project.pk]))
    assert set(project.packages.values_list("state", flat=True)) == {PackageState.OPEN}
    assert packed.events.filter(kind="published").count() == 1


def test_a_package_cannot_come_after_one_of_another_project(client, alice, group, project):
    other = services.create_development_project(actor=alice, group=group, title="別件", goal="")
    stranger = services.add_package(actor=alice, project=other, name="外", work_days=1)
    login(client, alice)
    response = client.post(
        reverse("projects:add_package", args=["miyako", project.pk]),
        {"name": "x", "quantity": "1", "work_days": "1", "after": stranger.pk},
    )
    assert response.status_code == 400
    assert not WorkPackage.objects.filter(name="x").exists()


def test_development_project_with_elements_team_and_funding(
    client, alice, bob, carol, aoki, sakura
):
    login(client, alice)
    created = client.post(
        reverse("projects:new_development", args=["miyako"]),
        {"title": "深海探査機", "goal": "8,000 m の深海を撮影する"},
    )
    project = Project.objects.get(kind=ProjectKind.DEVELOPMENT)
    assert created["Location"] == project.get_absolute_url()
    base = ["miyako", project.pk]
    client.post(
        reverse("projects:add_element", args=base),
        {"name": "耐圧ガラス球", "company": aoki.pk, "partner": sakura.pk},
    )
    client.post(reverse("projects:add_team", args=base), {"company": aoki.pk, "role": "lead"})
    client.post(
        reverse("projects:add_funding", args=base),
        {
            "kind": "crowdfunding",
            "name": "ゼンモノ",
            "target_yen": "1800000",
            "deadline": "2014-10-31",
            "status": "open",
        },
    )
    funding = FundingSource.objects.get()
    client.post(
        reverse("projects:funding_status", args=[*base, funding.pk]),
        {"status": "received", "pledged_yen": "2600000"},
    )
    bad = client.post(
        reverse("projects:funding_status", args=[*base, funding.pk]), {"status": "rich"}
    )
    funding.refresh_from_db()
    assert bad.status_code == 302 and funding.status == "received"
    assert project.elements.get().partner == sakura
    assert project.team.get().role == "lead"
    client.logout()

    login(client, carol)  # a supporter reads it
    page = client.get(project.get_absolute_url()).content.decode()
    assert "耐圧ガラス球" in page and "ゼンモノ" in page
    assert (
        client.post(
            reverse("projects:add_team", args=base), {"company": sakura.pk, "role": "member"}
        ).status_code
        == 404
    )
    assert project.team.count() == 1


def test_bad_development_input_keeps_what_was_typed(client, alice):
    login(client, alice)
    response = client.post(
        reverse("projects:new_development", args=["miyako"]), {"title": "", "goal": "目標"}
    )
    assert response.status_code == 400
    assert "目標" in response.content.decode()
    assert not Project.objects.exists()


def test_the_nav_link_leads_to_the_groups_projects(client, alice):
    login(client, alice)
    response = client.get(reverse("projects:mine"))
    assert response.status_code == 302
    assert response["Location"] == reverse("projects:list", args=["miyako"])


def _package_data(package, **changes):
    data = {
        "name": package.name,
        "process": package.process_id or "",
        "quantity": package.quantity,
        "work_days": package.work_days,
        "due_on": package.due_on.isoformat() if package.due_on else "",
        "after": package.after_id or "",
        "notes": package.notes,
    }
    return data | changes


def test_the_coordinator_moves_a_due_date_but_no_step_may_come_after_itself(
    client, alice, bob, project
):
    machining, _plating, inspection = project.packages.order_by("position")
    url = reverse("projects:edit_package", args=["miyako", machining.pk])
    login(client, alice)

    moved = client.post(url, _package_data(machining, due_on="2030-05-01"))
    machining.refresh_from_db()
    assert moved.status_code == 302 and str(machining.due_on) == "2030-05-01"

    circle = client.post(url, _package_data(machining, after=inspection.pk))
    machining.refresh_from_db()
    assert circle.status_code == 400 and machining.after is None
    assert client.post(url, _package_data(machining, after=machining.pk)).status_code == 400

    client.logout()
    login(client, bob)
    assert client.post(url, _package_data(machining, quantity=99)).status_code == 404
    machining.refresh_from_db()
    assert machining.quantity == 5


def test_the_coordinator_closes_a_project(client, alice, project):
    login(client, alice)
    url = reverse("projects:edit", args=["miyako", project.pk])
    data = {"title": project.title, "goal": "", "delivery_on": "", "status": "done"}
    assert client.post(url, data).status_code == 302
    project.refresh_from_db()
    assert project.status == "done" and project.delivery_on is None
    assert client.post(url, data | {"status": "exploded"}).status_code == 400


def test_the_coordinator_removes_a_funding_source_but_not_another_projects(client, alice, group):
    project = services.create_development_project(actor=alice, group=group, title="A", goal="")
    other = services.create_development_project(actor=alice, group=group, title="B", goal="")
    funding = services.add_funding(actor=alice, project=project, kind="loan", name="制度融資")
    login(client, alice)

    wrong = reverse("projects:remove_part", args=["miyako", other.pk, "funding", funding.pk])
    assert client.post(wrong).status_code == 404
    assert (
        client.post(
            reverse("projects:remove_part", args=["miyako", project.pk, "bogus", funding.pk])
        ).status_code
        == 404
    )
    right = reverse("projects:remove_part", args=["miyako", project.pk, "funding", funding.pk])
    assert client.post(right).status_code == 302
    assert not FundingSource.objects.exists()
