"""How serious a System Logs entry is, on the stdlib logging scale so log records map onto it directly."""

from __future__ import annotations

import logging
from enum import IntEnum


class Severity(IntEnum):
    DEBUG = logging.DEBUG
    INFO = logging.INFO
    WARNING = logging.WARNING
    ERROR = logging.ERROR
    CRITICAL = logging.CRITICAL

    @property
    def label(self) -> str:
        return self.name.capitalize()

    @classmethod
    def from_level(cls, level: int) -> Severity:
        """The severity of a logging level, rounding custom levels down to the nearest named one."""
        return max((severity for severity in cls if severity <= level), default=cls.DEBUG)

    @classmethod
    def at_least(cls, minimum: Severity) -> frozenset[Severity]:
        """For a "Warning and above" filter."""
        return frozenset(severity for severity in cls if severity >= minimum)
