"""The window checks a 法人番号 as the importer does, and marks the fields it needs."""

import pytest
from django.utils import translation

from renkei.inquiries.models import Inquiry
from renkei.lib.houjin import make_corporate_number

from .test_window import WINDOW, form_data


@pytest.mark.django_db
def test_a_corporate_number_of_five_digits_is_refused_and_what_was_typed_is_kept(client, group):
    response = client.post(WINDOW, form_data(customer_corporate_number="12345"))
    html = response.content.decode()
    assert response.status_code == 400
    assert not Inquiry.objects.exists()
    assert "A 法人番号 has 13 digits; this one has 5." in html
    assert 'value="12345"' in html and 'value="株式会社ロケット工房"' in html


@pytest.mark.django_db
def test_a_corporate_number_with_a_wrong_check_digit_is_refused(client, group):
    good = make_corporate_number("700110005901")
    wrong = str((int(good[0]) + 1) % 10) + good[1:]
    html = client.post(WINDOW, form_data(customer_corporate_number=wrong)).content.decode()
    assert "does not exist: its first digit (the check digit)" in html
    assert not Inquiry.objects.exists()


@pytest.mark.django_db
def test_a_real_corporate_number_typed_with_hyphens_is_kept_as_thirteen_digits(client, group):
    good = make_corporate_number("700110005901")
    typed = f"{good[0]}-{good[1:5]}-{good[5:9]}-{good[9:]}"
    response = client.post(WINDOW, form_data(customer_corporate_number=typed))
    assert response.status_code == 302
    assert Inquiry.objects.get().customer_corporate_number == good


@pytest.mark.django_db
def test_the_refusal_is_in_japanese(client, group):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "ja"
    with translation.override("ja"):
        html = client.post(WINDOW, form_data(customer_corporate_number="12345")).content.decode()
    assert "法人番号は13桁です。入力された番号は5桁です。" in html


@pytest.mark.django_db
def test_required_fields_are_marked_in_their_labels(client, group):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "ja"
    with translation.override("ja"):
        html = client.get(WINDOW).content.decode()
    company = html[html.index('<label for="id_customer_company"') :].split("</label>")[0]
    assert "必須" in company  # inside the label: screen readers read it with the field's name
    phone = html[html.index('<label for="id_phone"') :].split("</label>")[0]
    assert "必須" not in phone
    part = html[html.index('<label for="id_lines-0-part_name"') :].split("</label>")[0]
    assert "必須" in part
