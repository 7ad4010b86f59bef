"""智能派单: held-out macro-F1 (stratified 20 %, seed 42, duplicates kept on one side), training
time of the served model (all labelled messages), and suggestion throughput one message at a
time and in batches."""

from __future__ import annotations

import os
import time
from pathlib import Path

from stats import summary_ms

from tickets.classify import Classifier, default_data_dir, evaluate, load_training_records
from tickets.classify.evaluation import holdout_split
from tickets.classify.features import SEGMENTER

BATCH = 256


def data_dir() -> Path:
    return Path(os.environ.get("TICKETS_SHARED_DATA_DIR") or default_data_dir())


def throughput(model: Classifier, texts: list[tuple[str | None, str | None]]) -> dict[str, object]:
    samples: list[float] = []
    for title, body in texts:
        started = time.perf_counter()
        model.suggest(title, body, top=3)
        samples.append(time.perf_counter() - started)
    started = time.perf_counter()
    for i in range(0, len(texts), BATCH):
        model.suggest_many(texts[i : i + BATCH], top=3)
    batch_s = time.perf_counter() - started
    return {
        "messages": len(texts),
        "single_per_s": round(len(samples) / sum(samples), 1),
        "single": summary_ms(samples),
        f"batch_{BATCH}_per_s": round(len(texts) / batch_s, 1),
    }


def run() -> dict[str, object]:
    records = load_training_records(data_dir())
    evaluation, _ = evaluate(records)
    served = Classifier.train(records)
    held_out = holdout_split(records).held_out
    texts: list[tuple[str | None, str | None]] = [(r.title, r.body) for r in held_out]
    return {
        "segmenter": SEGMENTER,
        "held_out_macro_f1": evaluation.macro_f1,
        "held_out_accuracy": evaluation.accuracy,
        "per_class_f1": evaluation.per_class_f1,
        "train_records": evaluation.train_records,
        "held_out_records": evaluation.held_out_records,
        "train_s_split": evaluation.train_seconds,
        "train_s_all": round(served.train_seconds, 2),
        "served_on": served.trained_on,
        "throughput": throughput(served, texts),
    }


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2, ensure_ascii=False))
