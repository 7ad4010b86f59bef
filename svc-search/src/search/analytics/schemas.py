from __future__ import annotations

from datetime import date

from pydantic import BaseModel


class WordCount(BaseModel):
    query: str
    count: int


class WordsOut(BaseModel):
    site: str
    since: date
    until: date
    words: list[WordCount]
