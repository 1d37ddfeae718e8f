"""Forms for editing a capability profile."""

from pathlib import Path

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from renkei.capabilities.models import Certification, Equipment, Material, Process


class GroupedCheckboxes(forms.ModelMultipleChoiceField):
    """Checkboxes grouped by category/family so a shop owner finds a process on a phone."""

    widget = forms.CheckboxSelectMultiple


class CapabilitiesForm(forms.Form):
    processes = GroupedCheckboxes(
        label=_("processes"), required=False, queryset=Process.objects.select_related("category")
    )
    materials = GroupedCheckboxes(
        label=_("materials"), required=False, queryset=Material.objects.select_related("family")
    )


class EquipmentForm(forms.ModelForm):
    class Meta:
        model = Equipment
        fields = [
            "kind",
            "maker_model",
            "process",
            "count",
            "axes",
            "x_mm",
            "y_mm",
            "z_mm",
            "tolerance_um",
        ]
        # The model's field has no verbose name of its own (a migration would be needed to give
        # it one); without a label the form shows the English field name.
        labels = {"process": _("process")}


EVIDENCE_TYPES = {
    ".pdf": b"%PDF-",
    ".png": b"\x89PNG",
    ".jpg": b"\xff\xd8\xff",
    ".jpeg": b"\xff\xd8\xff",
}


class CertificationForm(forms.ModelForm):
    class Meta:
        model = Certification
        fields = [
            "standard",
            "scope",
            "number",
            "issuer",
            "issued_on",
            "expires_on",
            "status",
            "evidence",
        ]
        widgets = {
            "issued_on": forms.DateInput(attrs={"type": "date"}),
            "expires_on": forms.DateInput(attrs={"type": "date"}),
        }

    def clean_evidence(self):
        upload = self.cleaned_data.get("evidence")
        if not upload or not hasattr(upload, "content_type"):
            return upload
        suffix = Path(upload.name).suffix.lower()
        signature = EVIDENCE_TYPES.get(suffix)
        if signature is None:
            raise forms.ValidationError(_("Evidence must be a PDF, PNG or JPEG file."))
        if upload.size > settings.RENKEI_PHOTO_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(mb)s MB.")
                % {"mb": settings.RENKEI_PHOTO_MAX_BYTES // 2**20}
            )
        head = upload.read(8)
        upload.seek(0)
        if not head.startswith(signature):
            raise forms.ValidationError(
                _("The file's content is not a %(kind)s file.") % {"kind": suffix[1:].upper()}
            )
        return upload


class PhotoForm(forms.Form):
    image = forms.ImageField(label=_("photo"))
    caption = forms.CharField(label=_("caption"), max_length=200, required=False)

    def clean_image(self):
        image = self.cleaned_data["image"]
        if image.size > settings.RENKEI_PHOTO_MAX_BYTES:
            raise forms.ValidationError(
                _("The photo is larger than %(mb)s MB.")
                % {"mb": settings.RENKEI_PHOTO_MAX_BYTES // 2**20}
            )
        return image
