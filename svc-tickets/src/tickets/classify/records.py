"""Labelled 12345 messages used to train the category suggester (shared/data/12345/)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

LABELS: tuple[str, ...] = (
    "城乡建设",
    "环境保护",
    "交通运输",
    "教育文体",
    "劳动和社会保障",
    "商贸旅游",
    "卫生计生",
)
FILES: tuple[str, ...] = ("messages_labelled.jsonl", "messages_labelled_body_only.jsonl")

_NON_WORD = re.compile(r"[\W_]+")


class TrainingDataMissing(Exception):
    """The labelled message files are not where the settings say."""


@dataclass(frozen=True, slots=True)
class TrainingRecord:
    title: str
    body: str
    category: str


def normalise_body(body: str) -> str:
    """Body reduced to letters and digits, lower-cased: the key that finds duplicates."""
    return _NON_WORD.sub("", body).lower()


def default_data_dir() -> Path:
    """`<repo>/../shared/data`, the same place devstack's DEVSTACK_SHARED_DATA defaults to."""
    return Path(__file__).resolve().parents[4].parent / "shared" / "data"


def load_training_records(data_dir: Path | str) -> list[TrainingRecord]:
    """Every labelled message (title + body where there is a title), in file order.

    Raises TrainingDataMissing when a file is absent or holds no usable record."""
    folder = Path(data_dir) / "12345"
    records: list[TrainingRecord] = []
    for name in FILES:
        path = folder / name
        if not path.is_file():
            raise TrainingDataMissing(str(path))
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                if line.strip():
                    record = _record(json.loads(line))
                    if record is not None:
                        records.append(record)
    if not records:
        raise TrainingDataMissing(str(folder))
    return records


def _record(row: dict[str, object]) -> TrainingRecord | None:
    body, title, category = row.get("body"), row.get("title"), row.get("category")
    if not isinstance(body, str) or not body.strip() or category not in LABELS:
        return None
    return TrainingRecord(
        title=title if isinstance(title, str) else "", body=body, category=str(category)
    )
