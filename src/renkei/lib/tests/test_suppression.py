"""The small-cell rule of the region's aggregates, without a database."""

from renkei.lib.suppression import OTHER, Cell, suppress, too_small, visible_money


def cell(key, customers, companies=None, inquiries=None, money=None):
    return Cell(
        key,
        key,
        frozenset(customers),
        None if companies is None else frozenset(companies),
        {"inquiries": inquiries if inquiries is not None else len(customers)},
        money or {},
    )


def test_a_process_asked_for_by_two_customers_is_not_shown_as_such():
    shown = suppress(
        [
            cell("five_axis", {"a", "b"}, inquiries=7),
            cell("turning", {"c", "d", "e"}),
            cell("grinding", {"f", "g", "h"}),
        ],
        "その他",
    )
    assert all(s.key != "five_axis" for s in shown)
    # Its two customers alone would be the "other" cell: one more cell goes in with them.
    assert [(s.key, s.customers) for s in shown] == [("turning", 3), (OTHER, 5)]


def test_small_cells_are_merged_into_other_when_together_they_pass():
    shown = suppress(
        [cell("x", {"a"}), cell("y", {"b", "c"}), cell("z", {"d", "e", "f"})], "その他"
    )
    assert [(s.key, s.label, s.customers) for s in shown] == [
        ("z", "z", 3),
        (OTHER, "その他", 3),
    ]
    assert shown[1].counts == {"inquiries": 3}


def test_a_customer_behind_two_small_cells_counts_once_and_the_total_gives_nothing_away():
    # x and y together are still one customer: merging them alone would show one customer's
    # figures, and the total minus z would too; so z is merged in as well.
    shown = suppress([cell("x", {"a"}), cell("y", {"a"}), cell("z", {"b", "c", "d"})], "その他")
    assert [(s.key, s.customers) for s in shown] == [(OTHER, 4)]


def test_nothing_is_shown_when_everything_together_is_too_small():
    assert suppress([cell("x", {"a"}), cell("y", {"b"})], "その他") == []


def test_a_cell_describing_fewer_than_three_companies_is_too_small():
    assert too_small(cell("x", {"a", "b", "c"}, companies={1, 2}))
    assert not too_small(cell("x", {"a", "b", "c"}, companies={1, 2, 3}))
    # Nobody was asked: the cell describes no company at all.
    assert not too_small(cell("x", {"a", "b", "c"}, companies=set()))
    capability = Cell("five_axis", "5軸", None, frozenset({1, 2}), {"companies": 2})
    assert too_small(capability)


def test_money_of_fewer_than_three_jobs_is_hidden():
    assert visible_money(1_200_000, 2) is None
    assert visible_money(1_200_000, 3) == 1_200_000
    [shown] = suppress(
        [
            cell(
                "x",
                {"a", "b", "c"},
                money={
                    "ordered_yen": (500_000, frozenset({10})),
                    "quoted_yen": (900, frozenset({1, 2, 3})),
                },
            )
        ],
        "その他",
    )
    assert shown.money == {"ordered_yen": None, "quoted_yen": 900}
