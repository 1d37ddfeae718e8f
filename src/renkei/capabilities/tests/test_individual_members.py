"""People as members: the coordinator adds a person, the person keeps their skill profile,
the directory shows them without 法人番号 or machines, and a 企業組合's standings."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone

from renkei.capabilities import people
from renkei.capabilities.choices import SkillGrade, Standing
from renkei.capabilities.models import Process, SkillCertificate, SkillProfile
from renkei.conftest_helpers import PASSWORD, login
from renkei.core.models import AuditEntry
from renkei.orgs.choices import CompanyKind, PersonRole
from renkei.orgs.models import GroupRole, Invitation, Membership
from renkei.orgs.services import grant_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def ob(group):
    """A retired 技能士 holding a membership in his own name."""
    membership = people.add_individual_member(
        actor=None, group=group, name="山科 一郎", prefecture="京都府", email="ob@example.com"
    )
    company = membership.company
    people.save_skill_profile(
        actor=None,
        company=company,
        processes=Process.objects.filter(code__in=["turning", "cylindrical_grinding"]),
        years_experience=42,
        hours_per_month=40,
        retired=True,
        bio="主軸部品の旋削と研削を42年。",
    )
    people.add_skill_grade(
        actor=None, company=company, trade="機械加工（普通旋盤作業）", grade=SkillGrade.FIRST
    )
    company.refresh_from_db()
    return company


@pytest.fixture
def ichiro(ob, group):
    user = get_user_model().objects.create_user(
        username="ichiro", password=PASSWORD, email="ob@example.com"
    )
    grant_role(actor=None, user=user, group=group, role=PersonRole.MEMBER_ADMIN, company=ob)
    return user


def test_the_coordinator_adds_a_person_as_a_member_and_invites_them(client, alice, group):
    login(client, alice)
    assert "個人会員を追加" in client.get("/g/miyako/manage/members/").content.decode()

    response = client.post(
        "/g/miyako/manage/members/individual/",
        {
            "name": "伏見 彩",
            "prefecture": "京都府",
            "email": "Aya@Example.com",
            "circle": "core",
            "role": "member",
            "invite": "on",
        },
    )

    assert response.status_code == 302
    membership = Membership.objects.get(group=group, company__name="伏見 彩")
    assert membership.company.kind == CompanyKind.INDIVIDUAL
    assert membership.company.corporate_number is None
    assert membership.circle == "core"
    assert SkillProfile.objects.filter(company=membership.company).exists()
    invitation = Invitation.objects.get(group=group)
    assert (invitation.email, invitation.role, invitation.company) == (
        "aya@example.com",
        PersonRole.MEMBER_ADMIN,
        membership.company,
    )
    assert AuditEntry.objects.filter(action="skills.profile.create").exists()


def test_a_double_submit_adds_the_person_once(client, alice, group):
    login(client, alice)
    data = {"name": "伏見 彩", "circle": "active", "role": "member"}
    assert client.post("/g/miyako/manage/members/individual/", data).status_code == 302
    again = client.post("/g/miyako/manage/members/individual/", data, HTTP_ACCEPT_LANGUAGE="ja")
    assert again.status_code == 400
    assert "すでに会員です" in again.content.decode()
    assert Membership.objects.filter(group=group, company__name="伏見 彩").count() == 1


def test_an_invitation_without_an_address_is_refused_politely(client, alice, group):
    login(client, alice)
    response = client.post(
        "/g/miyako/manage/members/individual/",
        {"name": "伏見 彩", "circle": "active", "role": "member", "invite": "on"},
        HTTP_ACCEPT_LANGUAGE="ja",
    )
    assert response.status_code == 400
    assert "メールアドレス" in response.content.decode()
    assert not Membership.objects.filter(company__name="伏見 彩").exists()


def test_a_member_admin_cannot_add_people(client, bob, group):
    login(client, bob)
    response = client.post(
        "/g/miyako/manage/members/individual/",
        {"name": "x", "circle": "active", "role": "member"},
    )
    assert response.status_code == 404
    assert not Membership.objects.filter(company__name="x").exists()


def test_the_person_edits_their_own_skill_profile(client, ichiro, ob):
    login(client, ichiro)
    assert client.get(f"/companies/{ob.pk}/edit/")["Location"] == f"/companies/{ob.pk}/skills/"
    page = client.get(f"/companies/{ob.pk}/skills/")
    assert page.status_code == 200
    milling = Process.objects.get(code="milling")

    response = client.post(
        f"/companies/{ob.pk}/skills/",
        {
            "section": "profile",
            "skills-years_experience": "43",
            "skills-hours_per_month": "20",
            "skills-bio": "旋盤とフライス。",
            "skills-retired": "on",
            "skills-processes": [str(milling.pk)],
        },
    )

    assert response.status_code == 302
    profile = SkillProfile.objects.get(company=ob)
    assert (profile.years_experience, profile.hours_per_month) == (43, 20)
    assert list(ob.company_processes.values_list("process__code", flat=True)) == ["milling"]
    ob.refresh_from_db()
    assert "ふらいす" in ob.search_text  # folded: the directory's search finds the person by skill
    entry = AuditEntry.objects.filter(action="skills.profile.update").latest("pk")
    assert entry.actor == ichiro


def test_negative_hours_are_refused_politely_and_nothing_is_lost(client, ichiro, ob):
    login(client, ichiro)
    response = client.post(
        f"/companies/{ob.pk}/skills/",
        {"section": "profile", "skills-hours_per_month": "-5", "skills-years_experience": "43"},
        HTTP_ACCEPT_LANGUAGE="ja",
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "稼働できる時間は負の数にできません" in html
    assert "Traceback" not in html
    profile = SkillProfile.objects.get(company=ob)
    assert (profile.hours_per_month, profile.years_experience) == (40, 42)
    assert ob.company_processes.count() == 2


def test_skill_profile_service_validates(ob):
    with pytest.raises(ValidationError) as error:
        people.save_skill_profile(actor=None, company=ob, hours_per_month=500)
    assert "hours_per_month" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        people.add_skill_grade(actor=None, company=ob, trade="機械加工", grade="7級")
    assert "grade" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        people.add_skill_grade(actor=None, company=ob, trade="  ", grade=SkillGrade.SECOND)
    assert "trade" in error.value.message_dict
    next_year = timezone.localdate().year + 1
    with pytest.raises(ValidationError) as error:
        people.add_skill_grade(
            actor=None, company=ob, trade="仕上げ", grade=SkillGrade.SECOND, passed_in=next_year
        )
    assert "passed_in" in error.value.message_dict
    with pytest.raises(ValidationError):  # the same grade twice
        people.add_skill_grade(
            actor=None, company=ob, trade="機械加工（普通旋盤作業）", grade=SkillGrade.FIRST
        )
    assert SkillCertificate.objects.filter(profile__company=ob).count() == 1
    assert SkillProfile.objects.get(company=ob).hours_per_month == 40


def test_a_company_has_no_skill_profile(aoki):
    with pytest.raises(ValidationError):
        people.save_skill_profile(actor=None, company=aoki, hours_per_month=10)
    assert not SkillProfile.objects.filter(company=aoki).exists()


def test_a_bad_grade_from_the_form_is_refused_politely(client, ichiro, ob):
    login(client, ichiro)
    response = client.post(
        f"/companies/{ob.pk}/skills/",
        {"section": "grade", "grade-trade": "仕上げ", "grade-grade": "7"},
        HTTP_ACCEPT_LANGUAGE="ja",
    )
    assert response.status_code == 400
    assert "等級を選んでください" in response.content.decode()
    assert SkillCertificate.objects.filter(profile__company=ob).count() == 1


def test_the_person_adds_and_removes_a_grade(client, ichiro, ob):
    login(client, ichiro)
    response = client.post(
        f"/companies/{ob.pk}/skills/",
        {
            "section": "grade",
            "grade-trade": "仕上げ",
            "grade-grade": "special",
            "grade-passed_in": "2001",
        },
    )
    assert response.status_code == 302
    added = SkillCertificate.objects.get(trade="仕上げ")
    assert added.label == "特級 仕上げ技能士"
    client.post(f"/companies/{ob.pk}/skills/", {"section": "remove_grade", "grade_id": added.pk})
    assert not SkillCertificate.objects.filter(pk=added.pk).exists()


def test_another_member_cannot_edit_the_persons_profile(client, bob, ob, dave):
    for user in (bob, dave):
        login(client, user)
        assert client.get(f"/companies/{ob.pk}/skills/").status_code == 404
        response = client.post(
            f"/companies/{ob.pk}/skills/", {"section": "profile", "skills-hours_per_month": "1"}
        )
        assert response.status_code == 404
    assert SkillProfile.objects.get(company=ob).hours_per_month == 40


def test_the_persons_page_shows_skills_and_grades_without_company_fields(client, ob):
    html = client.get(f"/companies/{ob.pk}/", HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert "個人会員" in html
    assert "1級 機械加工（普通旋盤作業）技能士" in html
    assert "旋削" in html
    assert 'id="equipment"' not in html  # no machines asked of a person
    assert "法人番号" not in html
    assert "ob@example.com" not in html  # a visitor never sees the person's address


def test_a_person_who_chose_to_show_their_email_shows_it(client, ob):
    people.save_skill_profile(actor=None, company=ob, contact_public=True)
    assert "ob@example.com" in client.get(f"/companies/{ob.pk}/").content.decode()


def test_an_unlisted_person_is_404_to_visitors(client, ob):
    membership = ob.memberships.get()
    membership.listed_publicly = False
    membership.save()
    assert client.get(f"/companies/{ob.pk}/").status_code == 404


def test_the_directory_marks_a_person_and_their_grades(client, ob, aoki):
    html = client.get("/g/miyako/members/", HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert "山科 一郎" in html and "個人会員" in html
    assert "1級 機械加工（普通旋盤作業）技能士" in html


def test_standings_of_a_kigyo_kumiai(client, alice, group, ob, aoki):
    person = ob.memberships.get()
    company = aoki.memberships.get()
    people.set_standing(actor=None, membership=person, standing=Standing.UNION_MEMBER)
    with pytest.raises(ValidationError):
        people.set_standing(actor=None, membership=person, standing=Standing.SPECIFIED)
    with pytest.raises(ValidationError):
        people.set_standing(actor=None, membership=company, standing=Standing.UNION_MEMBER)

    login(client, alice)
    response = client.post(
        f"/g/miyako/manage/members/{company.pk}/standing/", {"standing": "specified"}
    )
    assert response.status_code == 302
    assert company.standing.standing == Standing.SPECIFIED
    refused = client.post(
        f"/g/miyako/manage/members/{company.pk}/standing/",
        {"standing": "member"},
        HTTP_ACCEPT_LANGUAGE="ja",
    )
    assert refused.status_code == 400
    assert "特定組合員" in refused.content.decode()
    company.refresh_from_db()
    assert company.standing.standing == Standing.SPECIFIED


def test_another_groups_coordinator_gets_404_for_the_people_pages(client, dave, ob, other_group):
    login(client, dave)
    membership = ob.memberships.get()
    for url in (
        "/g/miyako/manage/members/individual/",
        f"/g/miyako/manage/members/{membership.pk}/standing/",
        f"/g/hokko/manage/members/{membership.pk}/standing/",
        "/g/miyako/cockpit/mix/",
    ):
        assert client.get(url).status_code == 404, url
    assert (
        client.post(
            f"/g/hokko/manage/members/{membership.pk}/standing/", {"standing": ""}
        ).status_code
        == 404
    )
    assert GroupRole.objects.filter(company=ob).count() == 0


def test_a_person_with_skills_is_passed_jobs_and_listed_among_the_members(client, group, ob):
    """Individuals take on work as companies do: passed an inquiry in "every member" mode once
    they name their skills, and shown with the members on the group page, not the supporters."""
    import uuid

    from renkei.cockpit.tests.conftest import HEADER
    from renkei.inquiries.routing import all_manufacturers
    from renkei.inquiries.services import submit_inquiry

    silent = people.add_individual_member(actor=None, group=group, name="無技 花子").company
    inquiry, _new = submit_inquiry(group=group, key=uuid.uuid4(), header=HEADER, lines=[])
    companies, _reasons = all_manufacturers(inquiry)
    assert ob in companies and silent not in companies
    page = client.get(f"/g/{group.slug}/").content.decode()
    members_part = page.split('id="supporters"')[0] if 'id="supporters"' in page else page
    assert "山科 一郎" in members_part
