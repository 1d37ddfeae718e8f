"""The legal-form comparison against the seed's own tables, cell by cell (no database)."""

import re
from pathlib import Path

import pytest

from renkei.lib import legal_forms
from renkei.lib.legal_forms import TABLES, eligibility

SEED = Path(__file__).resolve().parents[4].parent / "shared/seed/000_08941a68172b38cc.txt"


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def seed_lines():
    if not SEED.exists():
        pytest.skip(f"the seed is not beside the clone at {SEED}")
    return SEED.read_text(encoding="utf-8").split("\n")


def _row_text(seed_lines, row):
    first, last = row.lines
    return _squeeze("".join(seed_lines[first - 1 : last]))


def test_every_cell_of_the_legal_form_tables_stands_in_its_seed_row(seed_lines):
    checked = 0
    for table in TABLES:
        title = _squeeze("".join(seed_lines[table.lines[0] - 1 : table.lines[0] + 2]))
        assert _squeeze(table.title) in title
        for row in table.rows:
            text = _row_text(seed_lines, row)
            assert len(row.cells) == len(table.forms), (table.code, row.label)
            offset = 0
            for piece in row.label_pieces:
                found = text.find(_squeeze(piece), offset)
                assert found >= 0, (table.code, row.label, piece)
                offset = found
            column_start = 0
            for form, cell in zip(table.forms, row.cells, strict=True):
                assert _squeeze(cell.value) == "".join(_squeeze(p) for p in cell.pieces)
                position = text.find(_squeeze(cell.pieces[0]), column_start if row.ordered else 0)
                assert position >= 0, (table.code, row.label, form, cell.value)
                if row.ordered:
                    column_start = position + 1
                after = position
                for piece in cell.pieces[1:]:
                    after = text.find(_squeeze(piece), after)
                    assert after >= 0, (table.code, row.label, form, piece)
                checked += 1
    assert checked == 4 * 10 + 3 * 17  # 図表 3-3 with its 組合の内容 line (l.3393)


def test_the_tables_cover_the_six_forms_of_the_seed(seed_lines):
    header = _squeeze(seed_lines[3233 - 1]) + _squeeze(seed_lines[3391 - 1])
    forms = {form for table in TABLES for form in table.forms}
    assert forms == set(legal_forms.FORMS)
    for form in forms:
        assert form in header


def test_eligibility_follows_the_seed_minimums():
    result = {row.form: row for row in eligibility(member_companies=5, founders=3)}

    assert result["一般社団法人"].eligible  # 社員2人以上
    assert not result["NPO法人"].eligible and result["NPO法人"].need == 10
    assert not result["企業組合"].eligible  # 4名以上の発起
    assert result["事業協同組合"].eligible
    assert result["株式会社"].eligible


def test_eligibility_refuses_negative_counts():
    with pytest.raises(ValueError):
        eligibility(member_companies=-1)
