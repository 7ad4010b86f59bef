"""智能派单 at intake: the classifier's best category, when it is ready (it trains in the
background at startup; until then tickets are simply not pre-classified)."""

from __future__ import annotations

from fastapi import FastAPI

from tickets.categories.catalogue import catalogue


def suggest_category_code(app: FastAPI, title: str, content: str) -> str | None:
    classifier = getattr(app.state, "classifier", None)
    if classifier is None or not classifier.ready:
        return None
    suggestions = classifier.suggest(title, content, top=1)
    if not suggestions:
        return None
    return catalogue().top_code(suggestions[0].category)
