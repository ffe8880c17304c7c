"""Which profile opens, and what a valid file turns into."""

from __future__ import annotations

import pytest

from tests.config.conftest import WriteConfig
from tests.config.samples import REAL_PROFILE
from tui_ledger.config import SANDBOX_PROFILE, AppPaths, ConfigError, SandboxSettings, load_settings
from tui_ledger.domain.documents import SummaryLevel
from tui_ledger.domain.invoice_lines import ChargeType
from tui_ledger.sandbox.demo import DEFAULT_SEED


def test_no_file_gives_the_builtin_sandbox_profile(paths: AppPaths) -> None:
    settings = load_settings()

    profile = settings.profile()
    assert settings.source is None
    assert profile.name == SANDBOX_PROFILE
    assert profile.is_sandbox
    assert [target.package for target in profile.targets] == ["xero", "quickbooks"]
    assert profile.default_target is not None
    assert profile.default_target.package == "xero"
    assert profile.platform is not None
    assert profile.platform.kind == "appxite"
    assert settings.app.unicode is True
    assert settings.keys == {}


def test_a_file_without_profiles_still_opens_the_sandbox(write_config: WriteConfig) -> None:
    path = write_config('[app]\ntheme = "ansi-dark"\nunicode = false\n')

    settings = load_settings()

    assert settings.source == path
    assert settings.profile().name == SANDBOX_PROFILE
    assert settings.app.theme == "ansi-dark"
    assert settings.app.unicode is False


def test_app_profile_chooses_the_default_and_an_explicit_name_wins(write_config: WriteConfig) -> None:
    write_config(REAL_PROFILE)

    settings = load_settings()

    assert settings.profile().name == "acme"
    assert settings.profile(SANDBOX_PROFILE).is_sandbox
    assert settings.profile_names == ("sandbox", "acme")


def test_a_real_profile_is_fully_typed(write_config: WriteConfig) -> None:
    write_config(
        REAL_PROFILE
        + """
[profiles.acme.export]
invoice_prefix = "CW-"
expenses_as = "purchases"
summary_level = "condensed"
default_sales_item = "Managed Services"
sales_items_by_account = { "4100" = "Managed Services", "4200" = " Projects " }

[profiles.acme.platform]
kind = "pax8"
client_id = "pax8-client"
client_secret = "env:PAX8_SECRET"

[profiles.acme.lines]
default_agreement_type = "Marketplace"

[profiles.acme.lines.charge_type_names]
"Cycle Fee" = "Monthly licence"

[[profiles.acme.lines.charge_date_rules]]
charge_types = ["OneTimeFee"]
end = "last-of-start-month"
"""
    )

    acme = load_settings().profile("acme")

    assert not acme.is_sandbox
    assert acme.connectwise is not None
    assert acme.connectwise.api_base_url == "https://api-na.myconnectwise.net/v4_6_release/apis/3.0"
    assert acme.default_target is not None
    assert acme.default_target.name == "Acme US"
    assert acme.target("Acme Pty Ltd") is not None
    assert acme.export.invoice_prefix == "CW-"
    assert acme.export.expenses_as == "purchases"
    assert acme.export.summary_level is SummaryLevel.CONDENSED
    assert acme.export.down_payment_product == "Down Payment"
    assert acme.export.default_sales_item == "Managed Services"
    assert acme.export.sales_items_by_account == {"4100": "Managed Services", "4200": "Projects"}
    assert load_settings().profile(SANDBOX_PROFILE).export.default_sales_item == "Services"
    assert acme.lines.charge_type_name(ChargeType.CYCLE_FEE) == "Monthly licence"
    assert acme.lines.charge_type_name(ChargeType.USAGE_FEE) == ChargeType.USAGE_FEE.label
    rule = acme.lines.rule_for(ChargeType.ONE_TIME_FEE)
    assert rule is not None
    assert rule.end == "last-of-start-month"
    assert rule.start == "platform"
    assert acme.lines.rule_for(ChargeType.CYCLE_FEE) is None


def test_sandbox_knobs_come_from_the_sandbox_profile_table(write_config: WriteConfig) -> None:
    write_config("[profiles.sandbox.sandbox]\nlatency_ms = 50\nfault_rate = 0.1\nclock_speedup = 60.0\nseed = 7\n")

    knobs = load_settings().profile().sandbox

    assert knobs is not None
    assert (knobs.latency_ms, knobs.fault_rate, knobs.clock_speedup, knobs.scale, knobs.seed) == (50.0, 0.1, 60.0, 1, 7)


def test_a_second_sandbox_profile_can_be_defined(write_config: WriteConfig) -> None:
    write_config('[profiles.slow.sandbox]\nlatency_ms = 200\n\n[profiles.slow.export]\ninvoice_suffix = "-S"\n')

    slow = load_settings().profile("slow")

    assert slow.is_sandbox
    assert slow.export.invoice_suffix == "-S"
    assert [target.name for target in slow.targets] == ["Demo Xero", "Demo QuickBooks"]


def test_an_unknown_profile_name_is_a_config_error_listing_the_known_ones(write_config: WriteConfig) -> None:
    path = write_config(REAL_PROFILE)

    with pytest.raises(ConfigError) as raised:
        load_settings().profile("acmee")

    message = raised.value.user_message
    assert '"acmee"' in message
    assert str(path) in message
    assert "sandbox, acme" in message


def test_the_default_seed_is_the_sandboxs_own() -> None:
    assert SandboxSettings().seed == DEFAULT_SEED
