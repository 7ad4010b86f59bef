"""Every demo measure carries rule test cases (profile → verdict), and they all hold —
the policies' rules tested like code (OpenFisca-style)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from devstack.demo.policies import POLICIES
from policy.cases.schemas import parse_cases
from policy.cases.service import run_cases
from policy.conditions.schema import ConditionDocument

CASES = yaml.safe_load(
    (Path(__file__).parents[1] / "src/devstack/demo/policy_cases.yaml").read_text()
)
MEASURES = {title: condition for _, measures in POLICIES for title, _, _, _, condition in measures}


def test_every_demo_measure_has_cases_that_qualify_and_that_do_not():
    assert set(CASES) == set(MEASURES)
    for title, cases in CASES.items():
        verdicts = {c["expected"] for c in cases}
        assert {"eligible"} < verdicts | {"eligible"} and len(verdicts) >= 2, title


@pytest.mark.parametrize("title", sorted(MEASURES))
def test_demo_measure_cases_hold(title):
    condition = ConditionDocument.model_validate({"condition": MEASURES[title]}).condition
    cases = parse_cases(yaml.safe_dump(CASES[title], allow_unicode=True))
    failures = [r for r in run_cases(condition, cases, date(2026, 11, 23)) if not r.passed]
    assert failures == [], failures
