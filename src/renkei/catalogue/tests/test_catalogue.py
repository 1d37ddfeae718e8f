"""The buyer-view catalogue (NIPcom, seed l.2192–2204): the PDF in two editions, the print page,
the QR link that tags inquiries with their source, a member's choice to stay out."""

import datetime as dt
import io
from typing import Any

import pypdfium2
import pytest
import segno
from django.utils import timezone
from pypdf import PdfReader

from renkei.api.services import create_api_token
from renkei.catalogue import qr
from renkei.catalogue.counts import per_source
from renkei.conftest_helpers import login
from renkei.core.models import AuditEntry
from renkei.inquiries.models import Inquiry, Quote, QuoteLine
from renkei.inquiries.replies import accept_quote
from renkei.inquiries.tests.test_window import form_data
from renkei.lib import sources

pytestmark = pytest.mark.django_db(databases="__all__")


def pdf_text(data: bytes) -> tuple[int, str]:
    document = pypdfium2.PdfDocument(data)
    try:
        pages = len(document)
        text = "\n".join(document[i].get_textpage().get_text_range() for i in range(pages))
    finally:
        document.close()
    return pages, text


def embedded_fonts(data: bytes) -> list[tuple[str, bool]]:
    """(font name, whether its file is in the PDF) of every font the pages use."""
    found = []
    for page in PdfReader(io.BytesIO(data)).pages:
        resources: Any = page["/Resources"]
        for font in resources["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            has_file = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            found.append((str(font["/BaseFont"]), has_file))
    return found


def test_the_pdf_prints_the_members_processes_and_only_valid_certificates(
    client, group, aoki, sakura
):
    response = client.get("/g/miyako/catalogue.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pages, text = pdf_text(response.content)
    assert pages >= 1
    assert "会員企業カタログ" in text and "みやこ試作ネット" in text
    assert "株式会社青木精工" in text and "さくら鍍金工業" in text
    # Processes under their categories, in the taxonomy's Japanese words.
    assert "5軸・複合" in text and "旋削" in text
    assert "A7075" in text and "650 mm" in text and "±5 μm" in text
    # aoki's JIS Q 9100 holds today; sakura's ISO 9001 expired yesterday and is never printed.
    assert "JIS Q 9100" in text and "JQA" in text
    assert "ISO 9001" not in text
    fonts = embedded_fonts(response.content)
    assert fonts and all(has_file for _name, has_file in fonts), fonts


def test_a_certificate_expiring_today_is_printed_and_one_expired_yesterday_is_not(
    client, group, aoki
):
    from renkei.capabilities.models import Certification

    today = timezone.localdate()
    Certification.objects.create(company=aoki, standard="ISO 14001", expires_on=today)
    Certification.objects.create(
        company=aoki, standard="ISO 9001", expires_on=today - dt.timedelta(days=1)
    )
    _pages, text = pdf_text(client.get("/g/miyako/catalogue.pdf").content)
    assert "ISO 14001" in text
    assert "ISO 9001" not in text


def test_the_english_edition_is_in_english(client, group, aoki):
    aoki.name_en = "Aoki Precision Co., Ltd."
    aoki.save()
    for url in ("/g/miyako/catalogue.en.pdf", "/g/miyako/catalogue.pdf?lang=en"):
        response = client.get(url)
        assert response.status_code == 200, url
        _pages, text = pdf_text(response.content)
        assert "Member catalogue" in text
        assert "Aoki Precision Co., Ltd." in text
        assert "Five axis" in text and "Tightest tolerance" in text
        assert "valid until" in text
        assert "会員企業カタログ" not in text
    assert (
        'filename="catalogue-miyako-'
        in client.get("/g/miyako/catalogue.en.pdf")["Content-Disposition"]
    )


def test_the_qr_code_encodes_the_window_with_the_source(client, group, aoki, base_url):
    """segno only makes codes and no QR decoder is installed: the code each edition carries is
    compared with the one segno makes of the expected address, module for module."""
    expected = f"{base_url}/g/miyako/inquiry/?src=expo-2026"
    assert qr.window_url(group, "expo-2026") == expected
    assert qr.window_url(group, "") == f"{base_url}/g/miyako/inquiry/?src=catalogue"
    assert qr.code(expected).matrix == segno.make(expected, error="m").matrix
    html = client.get("/g/miyako/catalogue/", {"src": "expo-2026"}).content.decode()
    path = segno.make(expected, error="m").svg_inline(scale=4, border=4).split(' d="')[1]
    assert path.split('"')[0] in html
    # The PDF prints the address under its code, for a reader without a camera.
    _pages, text = pdf_text(client.get("/g/miyako/catalogue.pdf", {"src": "expo-2026"}).content)
    assert expected in text.replace("\r", "").replace("\n", "")


def test_an_inquiry_sent_through_the_tagged_link_records_its_source_and_is_counted(
    client, group, alice, aoki
):
    window = client.get("/g/miyako/inquiry/", {"src": "expo-2026"})
    assert '<input type="hidden" name="source" value="expo-2026">' in window.content.decode()
    # The form comes back with an error once: the source stays with it.
    missing = client.post("/g/miyako/inquiry/", form_data(title="", source="expo-2026"))
    assert missing.status_code == 400
    assert 'name="source" value="expo-2026"' in missing.content.decode()
    sent = client.post("/g/miyako/inquiry/", form_data(source="expo-2026"))
    assert sent.status_code == 302
    inquiry = Inquiry.objects.get()
    assert inquiry.source == "expo-2026"
    client.post("/g/miyako/inquiry/", form_data(title="直接の引き合い"))
    assert Inquiry.objects.get(title="直接の引き合い").source == ""

    quote = Quote.objects.create(
        inquiry=inquiry, valid_until=dt.date(2099, 1, 1), sent_at=timezone.now(), lead_days=5
    )
    QuoteLine.objects.create(quote=quote, description="ブラケット", quantity=5, unit_price_yen=1000)
    accept_quote(quote=quote)
    counts = {row.source: (row.inquiries, row.orders) for row in per_source(group)}
    assert counts == {"expo-2026": (1, 1), "": (1, 0)}

    login(client, alice)
    page = client.get("/g/miyako/cockpit/kpis/").content.decode()
    assert "<code>expo-2026</code>" in page
    _token, secret = create_api_token(actor=alice, name="test")
    api = client.get("/api/v1/groups/miyako/cockpit", HTTP_AUTHORIZATION=f"Bearer {secret}").json()
    assert {"source": "expo-2026", "inquiries": 1, "orders": 1} in api["sources"]


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        '"><img src=x onerror=alert(1)>',
        "expo 2026",
        "a" * 41,
        "../../etc",
        "ｅｘｐｏ",
        "-expo",
    ],
)
def test_hostile_source_values_are_dropped_politely(client, group, hostile):
    window = client.get("/g/miyako/inquiry/", {"src": hostile})
    assert window.status_code == 200
    html = window.content.decode()
    assert 'name="source"' not in html
    assert "<script>alert" not in html and "onerror=alert" not in html
    sent = client.post("/g/miyako/inquiry/", form_data(source=hostile))
    assert sent.status_code == 302
    assert Inquiry.objects.get().source == ""
    # The catalogue still prints, with the default label.
    page = client.get("/g/miyako/catalogue/", {"src": hostile})
    assert page.status_code == 200
    assert "onerror=alert" not in page.content.decode()
    assert "src=catalogue" in page.content.decode()
    assert client.get("/g/miyako/catalogue.pdf", {"src": hostile}).status_code == 200


def test_source_labels():
    assert sources.clean("Expo-2026") == "expo-2026"
    assert sources.clean(" mtec_2026 ") == "mtec_2026"
    assert sources.clean("") == sources.clean(None) == ""
    assert sources.from_label("Ｍ-Tech 2026 東京") == "m-tech-2026"
    assert sources.from_label("機械要素技術展") == ""


def test_an_opted_out_member_is_absent_and_only_its_admin_decides(
    client, group, aoki, sakura, bob, hana, dave
):
    url = f"/g/miyako/catalogue/listing/{aoki.pk}"
    for stranger in (hana, dave):  # another member's admin, another group's coordinator
        login(client, stranger)
        assert client.post(url, {"listed": "0"}).status_code == 404
    login(client, bob)
    assert "catalogue-toggle-miyako" in client.get(f"/companies/{aoki.pk}/edit/").content.decode()
    response = client.post(url, {"listed": "0", "next": f"/companies/{aoki.pk}/edit/"})
    assert response.status_code == 302
    client.post(url, {"listed": "0"})  # twice is one change
    assert AuditEntry.objects.filter(action="catalogue.listing").count() == 1
    client.logout()
    _pages, text = pdf_text(client.get("/g/miyako/catalogue.pdf").content)
    assert "株式会社青木精工" not in text and "さくら鍍金工業" in text
    assert "株式会社青木精工" not in client.get("/g/miyako/catalogue/").content.decode()
    login(client, bob)
    client.post(url, {"listed": "1"})
    assert "株式会社青木精工" in client.get("/g/miyako/catalogue/").content.decode()


def test_unlisted_members_and_supporters_are_never_printed(client, group, aoki, hidden_member):
    from renkei.orgs.choices import CompanyKind
    from renkei.orgs.services import create_company

    create_company(actor=None, group=group, name="京都市産業観光局", kind=CompanyKind.CITY)
    html = client.get("/g/miyako/catalogue/").content.decode()
    _pages, text = pdf_text(client.get("/g/miyako/catalogue.pdf").content)
    for shown in (html, text):
        assert "株式会社青木精工" in shown
        assert hidden_member.name not in shown
        assert "京都市産業観光局" not in shown


def test_another_groups_catalogue_shows_only_its_own_members(client, group, aoki, kita):
    html = client.get("/g/hokko/catalogue/").content.decode()
    assert "北光化成" in html and "株式会社青木精工" not in html
    _pages, text = pdf_text(client.get("/g/hokko/catalogue.pdf").content)
    assert "北光化成" in text and "株式会社青木精工" not in text
    assert "北光化成" not in client.get("/g/miyako/catalogue/").content.decode()


def test_a_private_groups_catalogue_is_not_found_by_visitors(client, group, aoki):
    group.is_public = False
    group.save()
    assert client.get("/g/miyako/catalogue/").status_code == 404
    assert client.get("/g/miyako/catalogue.pdf").status_code == 404


def test_the_coordinator_prints_it_for_an_exhibition(client, group, alice, aoki, base_url):
    login(client, alice)
    html = client.get("/g/miyako/manage/catalogue/", {"label": "M-Tech 2026"}).content.decode()
    assert '<code id="catalogue-source">m-tech-2026</code>' in html
    assert "/g/miyako/catalogue.pdf?src=m-tech-2026" in html
    assert "/g/miyako/catalogue.en.pdf?src=m-tech-2026" in html
    refused = client.get("/g/miyako/manage/catalogue/", {"label": "機械要素技術展"})
    assert 'id="label-problem"' in refused.content.decode()
    assert '<code id="catalogue-source">catalogue</code>' in refused.content.decode()
    group_page = client.get("/g/miyako/").content.decode()
    assert "/g/miyako/manage/catalogue/" in group_page and "/g/miyako/catalogue.pdf" in group_page


def test_the_catalogue_prints_a_members_photo(client, group, aoki):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from renkei.orgs.models import CompanyPhoto

    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), (200, 30, 30)).save(buffer, "JPEG")
    photo = CompanyPhoto.objects.create(
        company=aoki, image=SimpleUploadedFile("shop.jpg", buffer.getvalue()), caption="工場"
    )
    html = client.get("/g/miyako/catalogue/").content.decode()
    assert f"/files/photos/{photo.pk}" in html
    data = client.get("/g/miyako/catalogue.pdf").content
    document = pypdfium2.PdfDocument(data)
    images = [o for o in document[0].get_objects() if o.type == pypdfium2.raw.FPDF_PAGEOBJ_IMAGE]
    document.close()
    assert images, "the photo is drawn on the first page"


def test_a_catalogue_of_forty_members_is_made_in_few_queries(
    client, group, django_assert_max_num_queries
):
    from renkei.orgs.services import create_company

    for n in range(40):
        create_company(actor=None, group=group, name=f"会員{n:02d}工業", kana=f"かいいん{n:02d}")
    with django_assert_max_num_queries(14):
        response = client.get("/g/miyako/catalogue/")
    assert response.content.decode().count("catalogue-member") == 40
