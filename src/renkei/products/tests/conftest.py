import pytest

from renkei.products import services
from renkei.products.models import Product
from renkei.settlement.choices import SettlementMode
from renkei.settlement.models import GroupSettlement
from renkei.settlement.tests.conftest import GROUP_T_NUMBER


@pytest.fixture
def mug(group, aoki, sakura):
    """みやこ試作ネット's own product: 100 a month, 40 in stock, made by two members."""
    product = services.save_product(
        actor=None,
        product=Product(
            group=group,
            slug="beer-mug",
            name="鏡面ビアマグ",
            description="職人が磨いたビアマグ。",
            price_yen=5_500,
            tax_rate=10,
            monthly_capacity=100,
            stock=40,
            max_per_order=2_000,
            published=True,
        ),
        makers=[aoki, sakura],
    )
    services.add_option(actor=None, product=product, name="名入れ", price_delta_yen=550)
    return product


def order_data(**extra):
    data = {
        "submission_key": "6f1c1d43-8a5e-4c44-9c0c-3e1f7b1c2d01",
        "quantity": "30",
        "customer_name": "宇宙 太郎",
        "customer_company": "株式会社ロケット工房",
        "email": "taro@rocket.example",
        "postal_code": "９５９－１２００",
        "address": "新潟県燕市吉田 1-2-3",
    }
    data.update(extra)
    return data


@pytest.fixture
def group_terms(group):
    """The group contracts (共同受注) as 企業組合みやこ試作, registered, with a bank account."""
    return GroupSettlement.objects.create(
        group=group,
        mode=SettlementMode.JOINT,
        legal_name="企業組合みやこ試作",
        address="京都府京都市下京区四条通1-1",
        registration_number=GROUP_T_NUMBER,
        bank_name="京都中央信用金庫",
        bank_code="1611",
        branch_name="本店",
        branch_code="001",
        account_number="1234567",
        account_holder_kana="ｷｷﾞﾖｳｸﾐｱｲﾐﾔｺｼｻｸ",
    )
