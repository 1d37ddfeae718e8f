"""The upload form of an import."""

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

KIND_CHOICES = [
    ("companies", _("Companies (会社)")),
    ("equipment", _("Equipment (設備)")),
    ("certifications", _("Certifications (認証)")),
]


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV (UTF-8 or Shift_JIS) or Excel .xlsx."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.tsv,.xlsx"}),
    )
    kind = forms.ChoiceField(
        label=_("What a CSV file holds"),
        choices=KIND_CHOICES,
        initial="companies",
        help_text=_("An Excel workbook may hold all three, one sheet each."),
    )

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        limit = settings.RENKEI_IMPORT_MAX_BYTES
        if upload.size and upload.size > limit:
            raise forms.ValidationError(
                gettext("The file is larger than %(mb)s MB: split it into several files.")
                % {"mb": limit // 2**20}
            )
        return upload
