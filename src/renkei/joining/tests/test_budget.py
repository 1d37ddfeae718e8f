"""The yen a customer's free-text budget names (the probation's amount limit reads it)."""

import pytest

from renkei.lib.budget import budget_yen


@pytest.mark.parametrize(
    ("text", "yen"),
    [
        ("30万円", 300_000),
        ("¥300,000", 300_000),
        ("￥１２０，０００", 120_000),
        ("50万〜80万円", 800_000),
        ("1.5万円", 15_000),
        ("予算は1億円まで", 100_000_000),
        ("5個で相談", None),
        ("", None),
    ],
)
def test_the_largest_yen_figure_counts(text, yen):
    assert budget_yen(text) == yen
