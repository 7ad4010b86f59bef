"""智能派单: category suggestions for a ticket's text (jieba + a calibrated linear SVM).

state = await classifier_for(settings.shared_data_dir)   # or get_classifier() off-loop
match state:
    case Classifier():  state.suggest(title, body, top=3) -> [Suggestion(category, score)]
    case Unavailable(reason=reason): ...                  # no data: no suggestions
"""

from tickets.classify.evaluation import Evaluation, Split, evaluate, holdout_split
from tickets.classify.model import Classifier, Suggestion
from tickets.classify.records import (
    LABELS,
    TrainingDataMissing,
    TrainingRecord,
    default_data_dir,
    load_training_records,
)
from tickets.classify.runtime import (
    ClassifierState,
    Unavailable,
    classifier_for,
    get_classifier,
    reset_classifiers,
)

__all__ = [
    "LABELS",
    "Classifier",
    "ClassifierState",
    "Evaluation",
    "Split",
    "Suggestion",
    "TrainingDataMissing",
    "TrainingRecord",
    "Unavailable",
    "classifier_for",
    "default_data_dir",
    "evaluate",
    "get_classifier",
    "holdout_split",
    "load_training_records",
    "reset_classifiers",
]
