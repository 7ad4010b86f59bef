"""内容监测: content-quality checks that need no database."""

from content.monitoring.wordcheck import (
    Finding,
    FindingKind,
    MistypedWord,
    SensitiveWord,
    WordChecker,
    checkers,
    default_checker,
)

__all__ = [
    "Finding",
    "FindingKind",
    "MistypedWord",
    "SensitiveWord",
    "WordChecker",
    "checkers",
    "default_checker",
]
