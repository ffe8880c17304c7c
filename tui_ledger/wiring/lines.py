"""The invoice-lines service of an open profile: its platform, its ConnectWise tenant, its lines configuration.

The sync gets a ConnectWise client of its own (`ConnectWiseAgreementBilling.open`): it sends thousands of small
writes, so it runs up to `sync_max_in_flight` calls at once behind an adaptive gate that halves them when ConnectWise
pushes back (429/503), while the reader's retrieve and batches keep their own smaller cap. The service closes that
client when it closes. Configuration's `[profiles.<name>.lines]` becomes the service's `LinesOptions` here, because
services may not import config.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from tui_ledger.connectors.connectwise.agreement_billing import ConnectWiseAgreementBilling
from tui_ledger.connectors.ports import PlatformSource
from tui_ledger.services.invoice_lines import ChargeDateRule, EndRule, InvoiceLinesService, LinesOptions, StartRule
from tui_ledger.store.system_log import SystemLog
from tui_ledger.wiring.platform import platform_kind

if TYPE_CHECKING:
    from tui_ledger.config.profile import LinesSettings
    from tui_ledger.wiring.runtime import ProfileRuntime


def lines_options(settings: LinesSettings) -> LinesOptions:
    return LinesOptions(
        default_agreement_type=settings.default_agreement_type,
        charge_type_names=dict(settings.charge_type_names),
        charge_date_rules=tuple(
            ChargeDateRule(frozenset(rule.charge_types), StartRule(rule.start), EndRule(rule.end))
            for rule in settings.charge_date_rules
        ),
    )


def lines_service(runtime: ProfileRuntime) -> InvoiceLinesService:
    """The service the Invoice Lines, Mapping and System Logs screens use; close it with `aclose()`."""

    def open_platform(csv_file: Path | None) -> PlatformSource:
        return runtime.platform(csv_file)

    billing = ConnectWiseAgreementBilling.open(
        runtime.psa.settings,
        clock=runtime.clock,
        transport=runtime.hub.transport("connectwise") if runtime.hub is not None else None,
    )
    return InvoiceLinesService(
        runtime.database,
        open_platform,
        billing,
        owns_billing=True,
        clock=runtime.clock,
        options=lines_options(runtime.profile.lines),
        system_log=SystemLog(runtime.database, runtime.clock),
        loads_files=platform_kind(runtime.profile) == "csv",
    )
