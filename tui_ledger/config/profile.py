"""One profile: which ConnectWise, which accounting companies, which platform, and how to export and sync.

A profile either describes real systems (`connectwise` required, credentials as `env:` references) or carries a
`[sandbox]` table, in which case every system is the embedded sandbox and only its knobs, export and lines
settings may be given. The built-in profile `sandbox` is such a profile and needs no file at all.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import (
    BeforeValidator,
    Field,
    PrivateAttr,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
    StringConstraints,
    model_validator,
)

from tui_ledger.config.base import SettingsModel
from tui_ledger.config.secrets import SecretRef
from tui_ledger.domain.documents import SummaryLevel
from tui_ledger.domain.invoice_lines import ChargeType

SANDBOX_PROFILE = "sandbox"
DEMO_SEED = 2026
"""The sandbox's own default seed (config may not import the sandbox; a test keeps the two equal)."""
DEFAULT_SYNC_MAX_IN_FLIGHT = 32
"""The connector's default ceiling of sync calls in flight (config imports no connector; a test keeps them equal)."""


def _summary_level(value: object) -> object:
    """Accept `condensed` as well as `Condensed`: the level is a word, not a case-sensitive code."""
    if isinstance(value, str):
        for level in SummaryLevel:
            if value.strip().lower() == level.value.lower():
                return level
    return value


def _charge_type(value: object) -> object:
    """Accept the API spelling (`CycleFee`) and the label (`Cycle Fee`) alike."""
    if isinstance(value, str):
        try:
            return ChargeType.parse(value)
        except ValueError:
            return value
    return value


LenientSummaryLevel = Annotated[SummaryLevel, BeforeValidator(_summary_level)]
LenientChargeType = Annotated[ChargeType, BeforeValidator(_charge_type)]
NonEmptyStr = Annotated[StrictStr, Field(min_length=1)]
ItemName = Annotated[StrictStr, StringConstraints(strip_whitespace=True, min_length=1)]
"""A product name the package must find: surrounding spaces dropped, blank refused."""
ServiceUrl = Annotated[StrictStr, Field(pattern=r"^https?://\S+$")]


class ConnectWiseSettings(SettingsModel):
    """ConnectWise PSA (Manage) REST access: `https://{site}/{codebase}apis/3.0` with member API keys."""

    site: NonEmptyStr = Field(description='the ConnectWise API host, e.g. "api-na.myconnectwise.net"')
    codebase: NonEmptyStr = Field(
        "v4_6_release/", description='the codebase path segment, e.g. "v4_6_release/" (ends with "/")'
    )
    company_id: NonEmptyStr = Field(description='the ConnectWise login company id, e.g. "acme"')
    public_key: NonEmptyStr = Field(description="the public key of the API member")
    private_key: SecretRef = Field(description='"env:NAME" naming the variable that holds the private key')
    client_id: NonEmptyStr = Field(description="the integration clientId GUID from developer.connectwise.com")
    base_url: ServiceUrl | None = Field(
        None,
        description='a full API base URL replacing https://{site}/{codebase}apis/3.0, e.g. "http://127.0.0.1:8765/connectwise/v4_6_release/apis/3.0"',
    )
    sync_max_in_flight: StrictInt = Field(
        DEFAULT_SYNC_MAX_IN_FLIGHT,
        ge=1,
        description="the most ConnectWise calls the invoice-line sync keeps in flight (it halves them while "
        "ConnectWise answers 429 or 503, and grows back); a whole number, at least 1",
    )

    @model_validator(mode="after")
    def _codebase_ends_with_slash(self) -> ConnectWiseSettings:
        if not self.codebase.endswith("/"):
            raise ValueError(f'codebase must end with "/", e.g. "{self.codebase}/"')
        return self

    @property
    def api_base_url(self) -> str:
        return self.base_url or f"https://{self.site}/{self.codebase}apis/3.0"


class TargetSettings(SettingsModel):
    """An accounting company the profile exports into; a profile may have several (seed 002)."""

    name: NonEmptyStr = Field(description="the name shown in the target company picker")
    package: Literal["xero", "quickbooks"] = Field(description='"xero" or "quickbooks"')
    tenant_id: NonEmptyStr | None = Field(None, description="the Xero tenant (organisation) id")
    realm_id: NonEmptyStr | None = Field(None, description="the QuickBooks Online company (realm) id")
    client_id: NonEmptyStr | None = Field(None, description="the OAuth client id of your app registration")
    client_secret: SecretRef | None = Field(
        None, description='"env:NAME" naming the variable that holds the OAuth client secret'
    )
    default: StrictBool = Field(False, description="true for the company chosen when the desk opens")
    location_id: StrictInt | None = Field(
        None, description="the PSA billing location chosen with this company (omit for all locations)"
    )
    summary_level: LenientSummaryLevel | None = Field(
        None, description='"Default", "Condensed" or "Detailed"; omit to use the profile\'s export.summary_level'
    )
    base_url: ServiceUrl | None = Field(None, description="the API base URL, to use another address than the real one")
    tax_codes: dict[NonEmptyStr, NonEmptyStr] = Field(
        default_factory=dict,
        description='ConnectWise tax code → this company\'s tax code, e.g. { RI = "TAX002" } (Xero TaxType or '
        "QuickBooks TaxCode id); codes not listed are sent as they are",
    )

    @model_validator(mode="after")
    def _identity_matches_package(self) -> TargetSettings:
        if self.package == "xero" and self.realm_id is not None:
            raise ValueError("realm_id identifies a QuickBooks company; a Xero target uses tenant_id")
        if self.package == "quickbooks" and self.tenant_id is not None:
            raise ValueError("tenant_id identifies a Xero organisation; a QuickBooks target uses realm_id")
        return self

    @property
    def label(self) -> str:
        return f"{self.name} ({'Xero' if self.package == 'xero' else 'QuickBooks Online'})"


class ExportSettings(SettingsModel):
    """How PSA documents become accounting documents (seeds 002 and 004)."""

    invoice_prefix: StrictStr = Field("", description="text put before the PSA invoice number in the package")
    invoice_suffix: StrictStr = Field("", description="text put after the PSA invoice number in the package")
    create_missing_contacts: StrictBool = Field(
        True, description="true to create customers and suppliers missing in the package"
    )
    create_missing_items: StrictBool = Field(
        False, description="true to create items (products) missing in the package"
    )
    split_returns_as_credit_notes: StrictBool = Field(
        True, description="true to export an invoice with charges and returns as an invoice plus a credit note"
    )
    expenses_as: Literal["bills", "purchases"] = Field("bills", description='"bills" or "purchases"')
    down_payment_product: NonEmptyStr = Field(
        "Down Payment", description="the product id used for deferred-revenue (down payment) lines"
    )
    default_sales_item: ItemName = Field(
        "Services",
        description="the product or service a sales line without a ConnectWise product is sent as, in a package "
        "that posts sales through items (QuickBooks Online)",
    )
    sales_items_by_account: dict[NonEmptyStr, ItemName] = Field(
        default_factory=dict,
        description="GL account → the product or service such a line is sent as when it posts to that account, e.g. "
        '{ "4100" = "Managed Services" }, so its revenue lands on that item\'s income account (QuickBooks Online); '
        "accounts not listed use default_sales_item",
    )
    summary_level: LenientSummaryLevel = Field(SummaryLevel.DEFAULT, description='"Default", "Condensed" or "Detailed"')


class PlatformSettings(SettingsModel):
    """The distribution platform invoice lines come from: AppXite, Pax8, or a CSV export."""

    kind: Literal["appxite", "pax8", "csv"] = Field(description='"appxite", "pax8" or "csv"')
    requester_id: NonEmptyStr | None = Field(
        None, description="AppXite: your requesterId (usually your organisation id)"
    )
    sas_key: SecretRef | None = Field(None, description='AppXite: "env:NAME" naming the variable that holds the sasKey')
    client_id: NonEmptyStr | None = Field(None, description="Pax8: the API client id")
    client_secret: SecretRef | None = Field(
        None, description='Pax8: "env:NAME" naming the variable that holds the client secret'
    )
    columns: dict[NonEmptyStr, NonEmptyStr] = Field(
        default_factory=dict,
        description="CSV: invoice-line field → the header of that column in your export, where they differ",
    )
    base_url: ServiceUrl | None = Field(None, description="the API base URL, to use another address than the real one")

    @model_validator(mode="after")
    def _fields_belong_to_kind(self) -> PlatformSettings:
        own = _PLATFORM_FIELDS[self.kind]
        for kind, fields in _PLATFORM_FIELDS.items():
            for name in sorted(set(fields) - set(own)):
                if getattr(self, name):
                    raise ValueError(f'{name} belongs to kind = "{kind}", not to kind = "{self.kind}"')
        return self

    def given_credentials(self) -> tuple[str, ...]:
        return tuple(name for name in _PLATFORM_CREDENTIALS[self.kind] if getattr(self, name))

    def missing_credentials(self) -> tuple[str, ...]:
        """The fields a real (non-sandbox) connection of this kind needs but lacks."""
        return tuple(name for name in _PLATFORM_CREDENTIALS[self.kind] if not getattr(self, name))


_PLATFORM_CREDENTIALS = {"appxite": ("requester_id", "sas_key"), "pax8": ("client_id", "client_secret"), "csv": ()}
_PLATFORM_FIELDS = {**_PLATFORM_CREDENTIALS, "csv": ("columns",)}


class ChargeDateRule(SettingsModel):
    """A Configuration rule for charge dates, applied when lines are loaded (System Updated badge, seed 003)."""

    charge_types: tuple[LenientChargeType, ...] = Field(
        (), description='the charge types it applies to, e.g. ["CycleFee", "PurchaseFee"]; empty for all'
    )
    start: Literal["platform", "invoice-date", "first-of-invoice-month", "first-of-next-month"] = Field(
        "platform",
        description='"platform", "invoice-date", "first-of-invoice-month" or "first-of-next-month"',
    )
    end: Literal["platform", "none", "last-of-start-month", "last-of-invoice-month"] = Field(
        "platform", description='"platform", "none", "last-of-start-month" or "last-of-invoice-month"'
    )

    def applies_to(self, charge_type: ChargeType) -> bool:
        return not self.charge_types or charge_type in self.charge_types


class LinesSettings(SettingsModel):
    """Platform invoice lines → ConnectWise Additions (seed 003's Configuration tab)."""

    default_agreement_type: NonEmptyStr | None = Field(
        None, description="the ConnectWise agreement type used when a line has no agreement"
    )
    charge_type_names: dict[LenientChargeType, NonEmptyStr] = Field(
        default_factory=dict, description='custom names per charge type, e.g. CycleFee = "Monthly licence"'
    )
    charge_date_rules: tuple[ChargeDateRule, ...] = Field((), description="[[...charge_date_rules]] tables")

    @model_validator(mode="after")
    def _one_rule_per_charge_type(self) -> LinesSettings:
        for charge_type in ChargeType:
            matching = [rule for rule in self.charge_date_rules if rule.applies_to(charge_type)]
            if len(matching) > 1:
                raise ValueError(
                    f"charge_date_rules: {len(matching)} rules apply to {charge_type.value}; expected at most one"
                )
        return self

    def rule_for(self, charge_type: ChargeType) -> ChargeDateRule | None:
        return next((rule for rule in self.charge_date_rules if rule.applies_to(charge_type)), None)

    def charge_type_name(self, charge_type: ChargeType) -> str:
        """The custom name when Configuration gives one, else the standard label."""
        return self.charge_type_names.get(charge_type, charge_type.label)


class SandboxSettings(SettingsModel):
    """The embedded sandbox's knobs (the same ones `tui-ledger sandbox serve` takes)."""

    latency_ms: Annotated[StrictFloat, Field(ge=0)] = Field(0.0, description="added latency per request in ms (>= 0)")
    fault_rate: Annotated[StrictFloat, Field(ge=0, le=1)] = Field(0.0, description="share of failing requests, 0..1")
    clock_speedup: Annotated[StrictFloat, Field(gt=0)] = Field(
        1.0, description="how much faster sandbox time runs (> 0)"
    )
    scale: Annotated[StrictInt, Field(ge=1)] = Field(1, description="demo company size multiplier (>= 1)")
    seed: StrictInt = Field(
        DEMO_SEED, description="the demo company's random seed (an integer); another seed, another company"
    )


SANDBOX_TARGETS = (
    TargetSettings(name="Demo Xero", package="xero", default=True),
    TargetSettings(name="Demo QuickBooks", package="quickbooks"),
)
"""The accounting companies of every sandbox profile: one per simulated package."""


class ProfileSettings(SettingsModel):
    """`[profiles.<name>]`. The name comes from the table header and is set by `Settings`."""

    connectwise: ConnectWiseSettings | None = Field(None, description="[profiles.<name>.connectwise] table")
    targets: tuple[TargetSettings, ...] = Field((), description="[[profiles.<name>.targets]] tables")
    export: ExportSettings = Field(default_factory=ExportSettings, description="[profiles.<name>.export] table")
    platform: PlatformSettings | None = Field(None, description="[profiles.<name>.platform] table")
    lines: LinesSettings = Field(default_factory=LinesSettings, description="[profiles.<name>.lines] table")
    sandbox: SandboxSettings | None = Field(None, description="[profiles.<name>.sandbox] table of sandbox knobs")

    _name: str = PrivateAttr("")

    @property
    def name(self) -> str:
        return self._name

    @property
    def is_sandbox(self) -> bool:
        return self.sandbox is not None

    @property
    def default_target(self) -> TargetSettings | None:
        """The target marked default, else the first one, else None (a lines-only profile)."""
        return next((target for target in self.targets if target.default), self.targets[0] if self.targets else None)

    def target(self, name: str) -> TargetSettings | None:
        return next((target for target in self.targets if target.name == name), None)

    def named(self, name: str) -> ProfileSettings:
        """This profile carrying its table name (private attributes are not validated input)."""
        copy = self.model_copy()
        copy._name = name
        return copy

    @model_validator(mode="before")
    @classmethod
    def _sandbox_systems(cls, data: object) -> object:
        """A sandbox profile gets the sandbox's accounting companies and platform; it may not name real ones."""
        if not isinstance(data, dict) or data.get("sandbox") is None:
            return data
        if "connectwise" in data or "targets" in data:
            raise ValueError(
                "a profile with a [sandbox] table uses the embedded sandbox for every system; remove its "
                "connectwise and targets, or remove [sandbox] to describe real systems"
            )
        return {**data, "targets": SANDBOX_TARGETS, "platform": data.get("platform", {"kind": "appxite"})}

    @model_validator(mode="after")
    def _consistent(self) -> ProfileSettings:
        if self.is_sandbox:
            given = self.platform.given_credentials() if self.platform else ()
            if given:
                raise ValueError(f"platform: a sandbox profile takes only kind; remove {' and '.join(given)}")
        else:
            self._check_real_systems()
        return self

    def _check_real_systems(self) -> None:
        if self.connectwise is None:
            raise ValueError(
                "connectwise is missing; expected a [profiles.<name>.connectwise] table (site, company_id, "
                "public_key, private_key, client_id), or a [profiles.<name>.sandbox] table for a sandbox profile"
            )
        names = [target.name for target in self.targets]
        duplicates = sorted({name for name in names if names.count(name) > 1})
        if duplicates:
            raise ValueError(f"targets: the name {duplicates[0]!r} is used twice; expected unique names")
        defaults = [target.name for target in self.targets if target.default]
        if len(defaults) > 1:
            raise ValueError(f"targets: {', '.join(defaults)} are all marked default; expected at most one")
        for position, target in enumerate(self.targets, start=1):
            if target.client_id is None:
                raise ValueError(
                    f"targets[{position}] ({target.name}): client_id is missing; expected the OAuth client id "
                    "of your app registration"
                )
        if self.platform is not None:
            missing = self.platform.missing_credentials()
            if missing:
                raise ValueError(f'platform: kind = "{self.platform.kind}" needs {" and ".join(missing)}')
