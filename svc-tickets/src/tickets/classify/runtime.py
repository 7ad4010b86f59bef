"""One lazily trained classifier per data folder for the whole process.

`get_classifier` blocks (trains on first call, in the caller's thread; concurrent first calls
wait for the one training); `classifier_for` is the async form that trains in a worker thread
so the event loop never stalls. Missing data gives `Unavailable`, never an exception."""

from __future__ import annotations

import asyncio
import logging
import threading
from dataclasses import dataclass
from pathlib import Path

from tickets.classify.model import Classifier
from tickets.classify.records import TrainingDataMissing, load_training_records

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Unavailable:
    """No model: the labelled data could not be read. `reason` is for operators, not users."""

    reason: str


ClassifierState = Classifier | Unavailable

_lock = threading.Lock()
_states: dict[Path, ClassifierState] = {}


def _key(data_dir: Path | str) -> Path:
    return Path(data_dir).expanduser().resolve()


def get_classifier(data_dir: Path | str) -> ClassifierState:
    """The process-wide model for `data_dir`, trained on every record the first time."""
    key = _key(data_dir)
    state = _states.get(key)
    if state is not None:
        return state
    with _lock:
        state = _states.get(key)
        if state is None:
            state = _train(key)
            _states[key] = state
    return state


async def classifier_for(data_dir: Path | str) -> ClassifierState:
    """`get_classifier` without blocking the event loop (training runs in a thread)."""
    state = _states.get(_key(data_dir))
    if state is not None:
        return state
    return await asyncio.to_thread(get_classifier, data_dir)


def reset_classifiers() -> None:
    """Forget every trained model (tests; or after the data changed)."""
    with _lock:
        _states.clear()


def _train(data_dir: Path) -> ClassifierState:
    try:
        records = load_training_records(data_dir)
    except (TrainingDataMissing, OSError, ValueError) as exc:
        log.warning("classifier_unavailable", extra={"reason": type(exc).__name__})
        return Unavailable(f"训练数据不可用：{exc}")
    model = Classifier.train(records)
    log.info(
        "classifier_trained",
        extra={"records": model.trained_on, "seconds": round(model.train_seconds, 2)},
    )
    return model
