"""The category suggester: TF-IDF over `features.analyze` + a calibrated linear SVM."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import Pipeline
from sklearn.svm import LinearSVC

from tickets.classify.features import analyze, text_of, warm_up
from tickets.classify.records import TrainingRecord
from tickets.classify.scorer import LinearScorer

C = 0.5
CALIBRATION_FOLDS = 3


@dataclass(frozen=True, slots=True)
class Suggestion:
    category: str
    score: float  # calibrated probability 0–1; all categories of one text sum to 1


def fit_pipeline(records: Sequence[TrainingRecord]) -> Pipeline:
    """The sklearn pipeline, trained (Classifier.train compiles it for serving)."""
    sizes = Counter(r.category for r in records)
    if len(sizes) < 2 or min(sizes.values()) < CALIBRATION_FOLDS:
        raise ValueError(
            f"training needs two or more categories of {CALIBRATION_FOLDS}+ records each"
        )
    warm_up()
    pipeline = Pipeline(
        [
            ("tfidf", TfidfVectorizer(analyzer=analyze, sublinear_tf=True, min_df=2)),
            ("svm", CalibratedClassifierCV(LinearSVC(C=C), cv=CALIBRATION_FOLDS)),
        ]
    )
    pipeline.fit([text_of(r.title, r.body) for r in records], [r.category for r in records])
    return pipeline


class Classifier:
    """A trained model; immutable, so safe to share between threads and requests."""

    def __init__(self, scorer: LinearScorer, train_seconds: float, trained_on: int) -> None:
        self._scorer = scorer
        self.train_seconds = train_seconds
        self.trained_on = trained_on

    @property
    def categories(self) -> tuple[str, ...]:
        return self._scorer.classes

    @classmethod
    def train(cls, records: Iterable[TrainingRecord]) -> Classifier:
        rows = list(records)
        started = time.perf_counter()
        pipeline = fit_pipeline(rows)
        scorer = LinearScorer.compile(pipeline.named_steps["tfidf"], pipeline.named_steps["svm"])
        return cls(scorer, time.perf_counter() - started, len(rows))

    def suggest(self, title: str | None, body: str | None, top: int = 3) -> list[Suggestion]:
        """The `top` most likely categories, best first; [] for a blank text."""
        text = text_of(title, body)
        if not text or top < 1:
            return []
        scores = self._scorer.scores(text)
        best = np.argsort(scores)[::-1][:top]
        return [Suggestion(self.categories[i], round(float(scores[i]), 4)) for i in best]

    def suggest_many(
        self, texts: Sequence[tuple[str | None, str | None]], top: int = 3
    ) -> list[list[Suggestion]]:
        """`suggest` for each (title, body) pair."""
        return [self.suggest(title, body, top) for title, body in texts]

    def predict(self, texts: Sequence[tuple[str | None, str | None]]) -> list[str]:
        """The single best category of each text (for evaluation)."""
        classes = self.categories
        return [classes[int(np.argmax(self._scorer.scores(text_of(t, b))))] for t, b in texts]
