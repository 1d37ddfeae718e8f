"""Two people as members of the demo's prototyping group: a retired 技能士 (an OB who still
turns and grinds) and a freelance design engineer (カーティベータ's engineers, seed l.2049–2051).
Keyed by name and kind, so a second run writes nothing."""

from dataclasses import dataclass

from renkei.capabilities import people
from renkei.capabilities.choices import SkillGrade
from renkei.capabilities.models import Process
from renkei.orgs.choices import CompanyKind
from renkei.orgs.models import Group, Membership


@dataclass(frozen=True)
class DemoPerson:
    name: str
    kana: str
    skills: tuple[str, ...]
    grades: tuple[tuple[str, str, int], ...]
    years: int
    hours: int
    retired: bool
    bio: str


PEOPLE = [
    DemoPerson(
        name="山科 一郎",
        kana="やましないちろう",
        skills=("turning", "cylindrical_grinding", "surface_grinding"),
        grades=(
            ("機械加工（普通旋盤作業）", SkillGrade.FIRST, 1988),
            ("機械加工（円筒研削盤作業）", SkillGrade.FIRST, 1993),
        ),
        years=42,
        hours=40,
        retired=True,
        bio="工作機械メーカーで42年、主軸部品の旋削と研削。定年後は試作の段取りと若手への技能"
        "伝承を引き受けます。",
    ),
    DemoPerson(
        name="伏見デザイン工房（伏見 彩）",
        kana="ふしみでざいんこうぼう",
        skills=("design_dfm", "cmm_inspection"),
        grades=(("機械・プラント製図（機械製図CAD作業）", SkillGrade.SECOND, 2016),),
        years=12,
        hours=80,
        retired=False,
        bio="三次元CADでの試作設計と図面化、加工しやすい形への設計変更の提案。",
    ),
]


def load_demo_individuals(group: Group) -> int:
    """The people added to ``group``; 0 when they are already there."""
    made = 0
    for spec in PEOPLE:
        if Membership.objects.filter(
            group=group, company__kind=CompanyKind.INDIVIDUAL, company__name=spec.name
        ).exists():
            continue
        membership = people.add_individual_member(
            actor=None, group=group, name=spec.name, kana=spec.kana, prefecture="京都府"
        )
        company = membership.company
        people.save_skill_profile(
            actor=None,
            company=company,
            processes=Process.objects.filter(code__in=spec.skills),
            years_experience=spec.years,
            hours_per_month=spec.hours,
            retired=spec.retired,
            bio=spec.bio,
        )
        for trade, grade, year in spec.grades:
            people.add_skill_grade(
                actor=None, company=company, trade=trade, grade=grade, passed_in=year
            )
        made += 1
    return made
