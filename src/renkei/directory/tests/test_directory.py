"""Buyer-view search, company profiles and profile editing through HTTP."""

import pytest
from django.urls import reverse
from django.utils import timezone

from renkei.conftest_helpers import login

pytestmark = pytest.mark.django_db


def test_buyer_view_search_finds_the_shop_that_fits_every_condition(client, aoki, sakura):
    url = reverse("directory:members", args=["miyako"])
    response = client.get(url, {"q": "5軸 A7075 300mm ±0.01 JIS Q 9100"})
    assert response.status_code == 200
    hits = [c.name for c in response.context["page"]]
    assert hits == ["株式会社青木精工"]
    assert response.context["result"].total == 1


@pytest.mark.parametrize("query", ["700mm", "±0.001", "SUS316", "ISO 13485"])
def test_a_condition_no_member_meets_gives_no_hit(client, aoki, sakura, query):
    response = client.get(reverse("directory:members", args=["miyako"]), {"q": query})
    assert response.context["result"].total == 0
    assert "No member matches" in response.content.decode() or "該当" in response.content.decode()


def test_expired_certificate_does_not_pass_the_gate(client, aoki, sakura):
    response = client.get(reverse("directory:members", args=["miyako"]), {"q": "ISO 9001"})
    assert response.context["result"].total == 0


def test_width_and_kana_variants_find_plating(client, aoki, sakura):
    for spelling in ["めっき", "メッキ", "ﾒｯｷ", "鍍金"]:
        response = client.get(reverse("directory:members", args=["miyako"]), {"q": spelling})
        assert [c.name for c in response.context["page"]] == ["さくら鍍金工業"], spelling


def test_filters_show_counts_over_the_result(client, aoki, sakura):
    response = client.get(reverse("directory:members", args=["miyako"]))
    facets = response.context["result"].facets
    assert ("machining", "切削", 1) in facets["category"]
    assert ("surface_treatment", "表面処理", 1) in facets["category"]
    prefectures = {value: n for value, _, n in facets["prefecture"]}
    assert prefectures == {"京都府": 1, "滋賀県": 1}
    filtered = client.get(reverse("directory:members", args=["miyako"]), {"prefecture": "滋賀県"})
    assert [c.name for c in filtered.context["page"]] == ["さくら鍍金工業"]


def test_htmx_request_gets_only_the_results(client, aoki):
    response = client.get(
        reverse("directory:members", args=["miyako"]), {"q": "5軸"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert "<html" not in body
    assert "株式会社青木精工" in body


def test_directory_query_count_does_not_grow_with_members(
    client, group, aoki, sakura, django_assert_max_num_queries
):
    from renkei.orgs.services import create_company

    for i in range(15):
        create_company(actor=None, group=group, name=f"追加工業{i}")
    url = reverse("directory:members", args=["miyako"])
    client.get(url)  # the taxonomy's per-process copies (vocabulary, labels) are built once
    # The matched ids are read once and reused by the page, its count and its facets.
    with django_assert_max_num_queries(15):
        client.get(url)


def test_unlisted_member_is_hidden_from_visitors_but_not_from_members(client, hidden_member, bob):
    url = reverse("directory:members", args=["miyako"])
    assert "非公開工業" not in client.get(url).content.decode()
    assert client.get(reverse("directory:company", args=[hidden_member.pk])).status_code == 404
    login(client, bob)
    assert "非公開工業" in client.get(url).content.decode()


def test_company_profile_shows_capabilities_and_expired_certificates(client, sakura):
    body = client.get(reverse("directory:company", args=[sakura.pk])).content.decode()
    assert "電気めっき" in body
    assert "期限切れ" in body or "Expired" in body


def test_member_admin_edits_own_profile(client, bob, aoki):
    login(client, bob)
    url = reverse("directory:company_edit", args=[aoki.pk])
    response = client.post(
        url,
        {
            "section": "basic",
            "basic-name": "株式会社青木精工",
            "basic-kana": "あおきせいこう",
            "basic-prefecture": "京都府",
            "basic-employees": "30",
            "basic-profile": "医療部品も対応",
        },
    )
    assert response.status_code == 302
    aoki.refresh_from_db()
    assert aoki.employees == 30
    assert "医療部品" in aoki.search_text


def test_invalid_corporate_number_is_refused_and_nothing_saved(client, bob, aoki):
    login(client, bob)
    response = client.post(
        reverse("directory:company_edit", args=[aoki.pk]),
        {"section": "basic", "basic-name": "改名しない", "basic-corporate_number": "1234567890123"},
    )
    assert response.status_code == 400
    assert "法人番号" in response.content.decode()
    aoki.refresh_from_db()
    assert aoki.name == "株式会社青木精工"


def test_member_cannot_edit_another_company(client, bob, sakura):
    login(client, bob)
    assert client.get(reverse("directory:company_edit", args=[sakura.pk])).status_code == 404


def test_evidence_download_is_permitted_to_members_only_and_audited(client, bob, carol, dave, aoki):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from renkei.core.models import AuditEntry

    login(client, bob)
    pdf = SimpleUploadedFile("認証書.pdf", b"%PDF-1.4\n%test\n", content_type="application/pdf")
    response = client.post(
        reverse("directory:certification_new", args=[aoki.pk]),
        {"cert-standard": "ISO 9001", "cert-status": "active", "cert-evidence": pdf},
    )
    assert response.status_code == 302
    cert = aoki.certifications.get(standard="ISO 9001")
    url = reverse("directory:evidence_file", args=[cert.pk])
    assert client.get(url).status_code == 200
    assert (
        AuditEntry.objects.filter(
            action="certification.evidence_download", object_id=str(cert.pk), actor=bob
        ).count()
        == 1
    )
    client.logout()
    assert client.get(url).status_code == 404
    login(client, dave)
    assert client.get(url).status_code == 404


def test_evidence_that_is_not_what_it_claims_is_refused(client, bob, aoki):
    from django.core.files.uploadedfile import SimpleUploadedFile

    login(client, bob)
    fake = SimpleUploadedFile("cert.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(
        reverse("directory:certification_new", args=[aoki.pk]),
        {"cert-standard": "ISO 9001", "cert-status": "active", "cert-evidence": fake},
    )
    assert response.status_code == 400
    assert not aoki.certifications.filter(standard="ISO 9001").exists()


@pytest.mark.django_db
def test_filter_counts_from_the_cached_index_equal_those_counted_in_sql(group, aoki, sakura):
    """The directory counts its filters on a cached array; SQL's count is the reference."""
    from renkei.directory.facet_index import count, facet_index
    from renkei.directory.search import (
        _taxonomy_labels,
        facet_counts,
        member_companies,
        search_directory,
    )
    from renkei.orgs.choices import Circle

    circles = {k: str(v) for k, v in Circle.choices}
    for text in ("", "5軸", "めっき", "ISO 9001", "京都府"):
        result = search_directory(group=group, text=text, include_unlisted=True)
        matched = member_companies(group, include_unlisted=True)
        if text:
            matched = matched.filter(pk__in=result.companies.values("pk"))
        assert result.facets == facet_counts(matched.values("pk"), group), text
    index = facet_index(group)
    flags = index.mask([aoki.pk, 10**9], include_unlisted=True)  # an unknown id is ignored
    assert flags.sum() == 1
    only_aoki = count(index, flags, _taxonomy_labels(), timezone.localdate(), circles)
    assert [n for _code, _label, n in only_aoki["prefecture"]] == [1]
