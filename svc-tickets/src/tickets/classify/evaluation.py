"""Held-out evaluation: a stratified 20 % split with a fixed seed, duplicates kept together.

Records whose normalised bodies are equal form one group and land on the same side, so no
held-out body (or a copy of it with other punctuation) is ever trained on."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from sklearn.metrics import f1_score
from sklearn.model_selection import train_test_split

from tickets.classify.model import Classifier
from tickets.classify.records import TrainingRecord, normalise_body

SEED = 42
HELD_OUT = 0.2


@dataclass(frozen=True, slots=True)
class Split:
    train: list[TrainingRecord]
    held_out: list[TrainingRecord]


@dataclass(frozen=True, slots=True)
class Evaluation:
    macro_f1: float
    accuracy: float
    per_class_f1: dict[str, float]
    support: dict[str, int]
    train_records: int
    held_out_records: int
    train_seconds: float


def holdout_split(
    records: Sequence[TrainingRecord], fraction: float = HELD_OUT, seed: int = SEED
) -> Split:
    """Stratified by each duplicate group's majority label; deterministic for a seed."""
    groups: dict[str, list[TrainingRecord]] = {}
    for record in records:
        groups.setdefault(normalise_body(record.body), []).append(record)
    keys = list(groups)
    labels = [Counter(r.category for r in groups[k]).most_common(1)[0][0] for k in keys]
    train_keys, held_keys = train_test_split(
        keys, test_size=fraction, stratify=labels, random_state=seed
    )
    return Split(
        train=[r for k in train_keys for r in groups[k]],
        held_out=[r for k in held_keys for r in groups[k]],
    )


def evaluate(records: Sequence[TrainingRecord], seed: int = SEED) -> tuple[Evaluation, Classifier]:
    """Train on the split's training part, score the held-out part; returns the model too."""
    split = holdout_split(records, seed=seed)
    model = Classifier.train(split.train)
    truth = [r.category for r in split.held_out]
    predicted = model.predict([(r.title, r.body) for r in split.held_out])
    labels = sorted(set(truth))
    per_class = f1_score(truth, predicted, labels=labels, average=None, zero_division=0)
    hits = sum(t == p for t, p in zip(truth, predicted, strict=True))
    return (
        Evaluation(
            macro_f1=round(float(f1_score(truth, predicted, average="macro")), 4),
            accuracy=round(hits / len(truth), 4),
            per_class_f1={c: round(float(f), 4) for c, f in zip(labels, per_class, strict=True)},
            support=dict(Counter(truth)),
            train_records=len(split.train),
            held_out_records=len(split.held_out),
            train_seconds=round(model.train_seconds, 2),
        ),
        model,
    )
