"""The lines configuration the service applies (seed 003's Configuration tab), as plain values.

Configuration lives in config.toml (`[profiles.<name>.lines]`, validated by `tui_ledger.config.LinesSettings`);
services may not import config, so wiring hands the same content over as `LinesOptions`. Two of its parts act
when lines are loaded:

- charge-date rules set a line's Charge Start / End Date, which then wears the System Updated badge;
- charge-type custom names replace the Charge Type the grid shows (also with System Updated).

A rule's words (`first-of-next-month` ...) are read relative to the line's invoice date, except
`last-of-start-month`, which follows the start date the rule produced. A rule whose end would fall before its
start ends the line on the last day of the start month instead: a line that ends before it starts cannot be
posted to ConnectWise, and the start month's end is the seed's own default for such lines.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from tui_ledger.domain.invoice_lines import ChargeType, InvoiceLine
from tui_ledger.domain.line_sync import last_day_of_month
from tui_ledger.store.line_loader import ChargeDateRules, RuledChargeDates


class StartRule(StrEnum):
    PLATFORM = "platform"
    INVOICE_DATE = "invoice-date"
    FIRST_OF_INVOICE_MONTH = "first-of-invoice-month"
    FIRST_OF_NEXT_MONTH = "first-of-next-month"


class EndRule(StrEnum):
    PLATFORM = "platform"
    NONE = "none"
    LAST_OF_START_MONTH = "last-of-start-month"
    LAST_OF_INVOICE_MONTH = "last-of-invoice-month"


@dataclass(frozen=True, slots=True)
class ChargeDateRule:
    """One rule: for lines of `charge_types` (empty: every type), how their start and end are set."""

    charge_types: frozenset[ChargeType] = frozenset()
    start: StartRule = StartRule.PLATFORM
    end: EndRule = EndRule.PLATFORM

    def applies_to(self, charge_type: ChargeType) -> bool:
        return not self.charge_types or charge_type in self.charge_types


@dataclass(frozen=True, slots=True)
class LinesOptions:
    """Default Agreement Type (None: ConnectWise's default), charge-type custom names, charge-date rules."""

    default_agreement_type: str | None = None
    charge_type_names: Mapping[ChargeType, str] = field(default_factory=dict)
    charge_date_rules: tuple[ChargeDateRule, ...] = ()

    def rule_for(self, charge_type: ChargeType) -> ChargeDateRule | None:
        return next((rule for rule in self.charge_date_rules if rule.applies_to(charge_type)), None)


def _next_month_start(day: date) -> date:
    return date(day.year + 1, 1, 1) if day.month == 12 else date(day.year, day.month + 1, 1)


def _ruled_start(rule: StartRule, line: InvoiceLine) -> date | None:
    if rule is StartRule.INVOICE_DATE:
        return line.invoice_date
    if rule is StartRule.FIRST_OF_INVOICE_MONTH:
        return line.invoice_date.replace(day=1)
    if rule is StartRule.FIRST_OF_NEXT_MONTH:
        return _next_month_start(line.invoice_date)
    return line.charge_start_date


def _ruled_end(rule: EndRule, line: InvoiceLine, start: date | None) -> date | None:
    if rule is EndRule.NONE:
        return None
    if rule is EndRule.LAST_OF_START_MONTH:
        return None if start is None else last_day_of_month(start)
    if rule is EndRule.LAST_OF_INVOICE_MONTH:
        return last_day_of_month(line.invoice_date)
    return line.charge_end_date


def ruled_dates(rule: ChargeDateRule, line: InvoiceLine) -> RuledChargeDates | None:
    """The dates `rule` gives `line` (None when the rule sets neither date)."""
    start_ruled = rule.start is not StartRule.PLATFORM
    end_ruled = rule.end is not EndRule.PLATFORM
    if not (start_ruled or end_ruled):
        return None
    start = _ruled_start(rule.start, line)
    end = _ruled_end(rule.end, line, start)
    if start is not None and end is not None and end < start:
        end, end_ruled = last_day_of_month(start), True
    return RuledChargeDates(start_ruled=start_ruled, start=start, end_ruled=end_ruled, end=end)


def charge_date_rules(options: LinesOptions) -> ChargeDateRules | None:
    """The function the store's loader calls per new line, or None when no rule is configured."""
    if not options.charge_date_rules:
        return None

    def apply(line: InvoiceLine) -> RuledChargeDates | None:
        rule = options.rule_for(line.charge_type)
        return None if rule is None else ruled_dates(rule, line)

    return apply
