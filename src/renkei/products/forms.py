"""Forms of the product pages: the customer's order, and the coordinator's product, option,
photo and stock forms. They parse and check; the services write."""

import unicodedata
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from renkei.lib.kana import KanaError, fold_payer, to_zengin_kana
from renkei.orgs.models import Company
from renkei.products.models import MAX_PER_ORDER, PAYER_KANA_MAX, Product, ProductOption


def parse_whole_number(value: str) -> int | None:
    """A whole number as people type it: full-width digits (３０), thousands commas and spaces
    allowed; None for anything else (letters, decimals, nothing)."""
    text = unicodedata.normalize("NFKC", value or "").replace(",", "").replace(" ", "").strip()
    sign = -1 if text.startswith(("-", "−")) else 1
    digits = text.lstrip("-−+")
    if not digits.isascii() or not digits.isdigit() or len(digits) > 12:
        return None
    return sign * int(digits)


class OptionField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    """The product's options, each with what it adds to the price."""

    def label_from_instance(self, obj: ProductOption) -> str:
        if obj.price_delta_yen:
            return f"{obj.name}（+¥{obj.price_delta_yen:,}）"
        return obj.name


class OrderForm(forms.Form):
    """The public order form. The quantity is a text field so that whatever was typed comes
    back with a message in words, not the browser's own number check."""

    quantity = forms.CharField(
        label=gettext_lazy("Quantity"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={
            "required": gettext_lazy("Please enter how many you would like."),
            "max_length": gettext_lazy("Please enter the quantity as a whole number, e.g. 30."),
        },
    )
    options = OptionField(
        label=gettext_lazy("Options"),
        queryset=ProductOption.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    customer_name = forms.CharField(label=gettext_lazy("Your name"), max_length=100)
    customer_company = forms.CharField(
        label=gettext_lazy("Company (if any)"), max_length=150, required=False
    )
    email = forms.EmailField(label=gettext_lazy("E-mail"))
    phone = forms.CharField(label=gettext_lazy("Telephone"), max_length=30, required=False)
    postal_code = forms.CharField(label=gettext_lazy("Postal code"), max_length=10)
    address = forms.CharField(label=gettext_lazy("Delivery address"), max_length=300)
    payer_kana = forms.CharField(
        label=gettext_lazy("Payer name for the transfer (kana)"),
        max_length=100,
        required=False,
        help_text=gettext_lazy(
            "Optional. The name your bank transfer will show, in katakana "
            "(e.g. カ）ロケットコウボウ): it helps us find your payment."
        ),
        error_messages={
            "max_length": gettext_lazy(
                "Please keep the payer name to %(limit_value)d characters or fewer."
            )
        },
    )
    notes = forms.CharField(
        label=gettext_lazy("Notes (e.g. the name to engrave)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, product: Product, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.product = product
        options = product.options.all()
        field = self.fields["options"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = options
        if not options:
            del self.fields["options"]

    def clean_quantity(self) -> int:
        number = parse_whole_number(self.cleaned_data["quantity"])
        if number is None:
            raise forms.ValidationError(_("Please enter the quantity as a whole number, e.g. 30."))
        if number < 1:
            raise forms.ValidationError(_("Please order at least one."))
        most = min(self.product.max_per_order, MAX_PER_ORDER)
        if number > most:
            raise forms.ValidationError(
                _(
                    "At most %(most)s can be ordered at once. For a larger order, please send "
                    "us an inquiry and we will plan it with you."
                )
                % {"most": f"{most:,}"}
            )
        return number

    def clean_payer_kana(self) -> str:
        """The payer name as the bank will print it (全銀 half-width kana, as renkei's bank
        files write names: lib.kana.to_zengin_kana): katakana of either width as typed,
        hiragana turned into katakana; a kanji or a symbol banks cannot carry is refused."""
        typed = self.cleaned_data["payer_kana"].strip()
        if not typed:
            return ""
        try:
            kana = to_zengin_kana(typed).strip()
        except KanaError as error:
            raise forms.ValidationError(
                _(
                    "Please enter the payer name in katakana, as your bank shows it; "
                    "“%(char)s” cannot be used."
                )
                % {"char": error.char}
            ) from None
        if not fold_payer(kana):
            raise forms.ValidationError(
                _("Please enter the payer name in katakana, as your bank shows it.")
            )
        if len(kana) > PAYER_KANA_MAX:
            raise forms.ValidationError(
                _("Please shorten the payer name: banks show at most %(n)s half-width characters.")
                % {"n": PAYER_KANA_MAX}
            )
        return kana

    def clean_postal_code(self) -> str:
        code = unicodedata.normalize("NFKC", self.cleaned_data["postal_code"]).strip()
        digits = code.replace("-", "").replace("−", "")
        if not (digits.isascii() and digits.isdigit() and len(digits) == 7):
            raise forms.ValidationError(
                _("Please enter the postal code as 7 digits, e.g. 959-1200.")
            )
        return f"{digits[:3]}-{digits[3:]}"


class ProductForm(forms.ModelForm[Product]):
    makers = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Made by"),
        queryset=Company.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Product
        fields = [
            "name", "slug", "description", "price_yen", "tax_rate", "monthly_capacity",
            "stock_ship_days", "max_per_order", "published",
        ]  # fmt: skip
        help_texts = {
            "slug": gettext_lazy("Letters, digits and hyphens: the product page's address."),
            "monthly_capacity": gettext_lazy(
                "How many the members can make in a month; it sets the expected deliveries."
            ),
        }

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        makers = self.fields["makers"]
        assert isinstance(makers, forms.ModelMultipleChoiceField)
        makers.queryset = members
        if self.instance.pk:
            self.fields["makers"].initial = list(self.instance.makers.all())


class OptionForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Option"), max_length=100)
    price_delta_yen = forms.IntegerField(
        label=gettext_lazy("Adds to the price incl. tax (yen)"), min_value=0, max_value=10**8
    )


class PhotoForm(forms.Form):
    image = forms.FileField(label=gettext_lazy("Photo"))
    caption = forms.CharField(label=gettext_lazy("Caption"), max_length=150, required=False)


class StockForm(forms.Form):
    delta = forms.CharField(
        label=gettext_lazy("Add (or take away with a minus)"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    note = forms.CharField(label=gettext_lazy("Note"), max_length=200, required=False)

    def clean_delta(self) -> int:
        number = parse_whole_number(self.cleaned_data["delta"])
        if number is None or abs(number) > 10**7:
            raise forms.ValidationError(_("Please enter a whole number, e.g. 20 or -3."))
        return number


class CancelForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=300)
