from __future__ import annotations

import pytest
from pydantic import BaseModel, ValidationError

from govkit.validators import (
    CreditCode,
    is_valid_credit_code,
    normalise_document_number,
    uscc_check_char,
)


class Form(BaseModel):
    code: CreditCode


def test_published_example_code_is_valid():
    assert is_valid_credit_code("91350100M000100Y43")


def test_check_digit_is_computed_mod_31():
    assert uscc_check_char("91350100M000100Y4") == "3"


@pytest.mark.parametrize(
    "bad",
    ["91350100M000100Y44", "91350100M000100Y4", "91350100M000100Y433", "91350100I000100Y43", ""],
)
def test_wrong_length_alphabet_or_check_digit_is_rejected(bad):
    assert not is_valid_credit_code(bad)
    with pytest.raises(ValidationError):
        Form(code=bad)


def test_lower_case_and_spaces_are_normalised():
    assert Form(code=" 91350100m000100y43 ").code == "91350100M000100Y43"


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("六政办秘〔2021〕148号", "六政办秘〔2021〕148号"),
        ("国办发明电〔2020〕12号", "国办发明电〔2020〕12号"),
        ("苏府规[2020]3号", "苏府规〔2020〕3号"),
        ("江政发（2024）7号", "江政发〔2024〕7号"),
        (" 江政办 【2025】 15号 ", "江政办〔2025〕15号"),
    ],
)
def test_document_number_is_normalised_to_hexagonal_brackets(raw: str, canonical: str) -> None:
    assert normalise_document_number(raw) == canonical


@pytest.mark.parametrize(
    "raw",
    [
        "六政办秘2021148号",
        "六政办秘〔21〕148号",
        "〔2021〕148号",
        "六政办秘〔2021〕0148号",
        "六政办秘〔2021〕148",
        "abc〔2021〕1号",
        "六政办秘〔1900〕1号",
        "六政办秘〔2999〕1号",
    ],
)
def test_malformed_document_numbers_are_refused(raw: str) -> None:
    with pytest.raises(ValueError, match="文号"):
        normalise_document_number(raw)


def test_client_dates_stay_far_from_the_ends_of_the_calendar():
    from datetime import UTC, date, datetime

    from pydantic import TypeAdapter, ValidationError

    from govkit.validators import BoundedDate, BoundedDateTime

    days = TypeAdapter(BoundedDate)
    assert days.validate_python("2026-12-03") == date(2026, 12, 3)
    for bad in ("9999-12-30", "0001-01-01", "2200-01-01", "1899-12-31"):
        with pytest.raises(ValidationError, match="日期应在"):
            days.validate_python(bad)
    moments = TypeAdapter(BoundedDateTime)
    assert moments.validate_python("2026-12-03T08:00:00+08:00").tzinfo is not None
    with pytest.raises(ValidationError):
        moments.validate_python(datetime(9999, 12, 31, tzinfo=UTC))
