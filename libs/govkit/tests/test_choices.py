"""Enum fields take the Chinese label a form shows, and a wrong value is told what is allowed."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import httpx
from fastapi import FastAPI
from pydantic import BaseModel

from govkit.choices import ChineseLabels
from govkit.errors import install_error_handlers


class Kind(StrEnum):
    consultation = "consultation"
    complaint = "complaint"


class Letter(BaseModel):
    kind: Annotated[Kind, ChineseLabels({"consultation": "咨询", "complaint": "投诉"})]


def test_a_label_or_a_value_is_read_as_the_value():
    assert Letter(kind="咨询").kind is Kind.consultation  # type: ignore[arg-type]
    assert Letter(kind=" 投诉 ").kind is Kind.complaint  # type: ignore[arg-type]
    assert Letter(kind="complaint").kind is Kind.complaint  # type: ignore[arg-type]


def test_the_openapi_lists_each_value_with_its_label():
    schema = Letter.model_json_schema()["properties"]["kind"]
    assert schema["enum"] == ["consultation", "complaint"]
    assert "consultation（咨询）" in schema["description"]


async def test_a_wrong_value_is_a_422_naming_the_allowed_values_and_labels():
    app = FastAPI()
    install_error_handlers(app)

    @app.post("/letters")
    async def write(body: Letter) -> dict[str, str]:
        return {"kind": body.kind.value}

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        wrong = await client.post("/letters", json={"kind": "问问"})
        ok = await client.post("/letters", json={"kind": "咨询"})
    assert ok.json() == {"kind": "consultation"}
    assert wrong.status_code == 422
    error = wrong.json()["errors"][0]
    assert error["field"] == "kind" and error["code"] == "enum"
    assert error["message"] == "不在允许的取值范围内，可选：consultation（咨询）、complaint（投诉）"
