"""This service's declarative base: its own metadata, with govkit's naming convention."""

from govkit.db import make_base

Base = make_base()
