"""Forms of individual members: adding a person, their skill profile, their grades, the
standing of a member in a 企業組合."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from renkei.capabilities.choices import SkillGrade, Standing
from renkei.capabilities.models import Process, SkillProfile
from renkei.capabilities.models.skills import FIRST_SKILL_TEST_YEAR
from renkei.orgs.choices import PREFECTURE_CHOICES, Circle, MemberRole
from renkei.orgs.models import Company

# The trades a manufacturing group's people most often hold (技能検定の職種); others may be typed.
COMMON_TRADES = [
    "機械加工", "放電加工", "金型製作", "仕上げ", "機械検査", "機械保全", "鋳造", "鍛造",
    "金属熱処理", "粉末冶金", "金属プレス加工", "工場板金", "めっき", "アルミニウム陽極酸化処理",
    "溶射", "金属研磨仕上げ", "塗装", "プラスチック成形", "精密器具製作", "電子機器組立て",
    "電気機器組立て", "半導体製品製造", "プリント配線板製造", "機械・プラント製図",
    "電子回路接続", "製材のこ目立て", "工業包装",
]  # fmt: skip


class IndividualMemberForm(forms.Form):
    name = forms.CharField(
        label=_("name"),
        max_length=150,
        help_text=_("The person's own name, or the trade name they work under."),
    )
    kana = forms.CharField(label=_("name (kana)"), max_length=150, required=False)
    prefecture = forms.ChoiceField(
        label=_("prefecture"), choices=[("", "—"), *PREFECTURE_CHOICES], required=False
    )
    email = forms.EmailField(label=_("e-mail"), required=False)
    circle = forms.ChoiceField(label=_("circle"), choices=Circle.choices, initial=Circle.ACTIVE)
    role = forms.ChoiceField(label=_("office"), choices=MemberRole.choices, initial="member")
    union_member = forms.BooleanField(
        label=_("Union member (組合員) of the 企業組合"),
        required=False,
        help_text=_("Only when the group is a 企業組合."),
    )
    invite = forms.BooleanField(
        label=_("Invite the person to keep their own skill profile"),
        required=False,
        initial=True,
    )


class PersonForm(forms.ModelForm[Company]):
    """A person's own record: no 法人番号, employees, capital or batch sizes."""

    class Meta:
        model = Company
        fields = ["name", "kana", "prefecture", "address", "url", "email", "phone", "profile"]
        labels = {"name": _("name"), "profile": _("what I offer")}
        help_texts = {
            "address": _("Seen only by the group's people; visitors see the prefecture."),
            "email": _("Seen only by the group's people unless you choose to show it."),
            "phone": _("Seen only by the group's people."),
        }
        widgets = {"profile": forms.Textarea(attrs={"rows": 4})}


class SkillProfileForm(forms.ModelForm[SkillProfile]):
    processes = forms.ModelMultipleChoiceField(
        label=_("skills"), queryset=Process.objects.all(), required=False
    )

    class Meta:
        model = SkillProfile
        fields = ["years_experience", "hours_per_month", "bio", "retired", "contact_public"]
        widgets = {"bio": forms.Textarea(attrs={"rows": 4})}
        error_messages = {
            "years_experience": {"min_value": _("Years of experience cannot be negative.")},
            "hours_per_month": {"min_value": _("Available hours cannot be negative.")},
        }


class SkillGradeForm(forms.Form):
    trade = forms.CharField(
        label=_("skill trade"),
        max_length=60,
        widget=forms.TextInput(attrs={"list": "trades"}),
        help_text=_("As on the certificate, e.g. 機械加工（普通旋盤作業）."),
    )
    grade = forms.ChoiceField(
        label=_("grade"),
        choices=SkillGrade.choices,
        error_messages={
            "invalid_choice": _(
                "Please choose the grade: special grade, grade 1, 2 or 3, or single."
            )
        },
    )
    passed_in = forms.IntegerField(
        label=_("year passed"),
        required=False,
        min_value=FIRST_SKILL_TEST_YEAR,
        error_messages={"min_value": _("The skill tests began in %(limit_value)s.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["passed_in"].widget.attrs["max"] = timezone.localdate().year


class StandingForm(forms.Form):
    standing = forms.ChoiceField(
        label=_("standing in the 企業組合"),
        choices=[("", _("none (the group is not a 企業組合)")), *Standing.choices],
        required=False,
    )
