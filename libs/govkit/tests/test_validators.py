from __future__ import annotations

import pytest
from pydantic import BaseModel, ValidationError

from govkit.validators import CreditCode, is_valid_credit_code, uscc_check_char


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
