"""Rules inside one profile: targets, platform kinds, charge-date rules, sandbox profiles."""

from __future__ import annotations

import pytest

from tests.config.conftest import WriteConfig
from tests.config.samples import REAL_PROFILE
from tui_ledger.config import ConfigError, load_settings


def problems(write_config: WriteConfig, text: str) -> tuple[str, ...]:
    write_config(text)
    with pytest.raises(ConfigError) as raised:
        load_settings()
    return raised.value.problems


def test_only_one_target_may_be_the_default(write_config: WriteConfig) -> None:
    text = REAL_PROFILE.replace('client_secret = "env:ACME_XERO_SECRET"', 'client_secret = "env:X"\ndefault = true')

    assert problems(write_config, text) == (
        "profiles.acme: targets: Acme Pty Ltd, Acme US are all marked default; expected at most one",
    )


def test_target_names_are_unique(write_config: WriteConfig) -> None:
    text = REAL_PROFILE.replace('name = "Acme US"', 'name = "Acme Pty Ltd"')

    assert problems(write_config, text) == (
        "profiles.acme: targets: the name 'Acme Pty Ltd' is used twice; expected unique names",
    )


def test_a_real_target_needs_a_client_id(write_config: WriteConfig) -> None:
    text = REAL_PROFILE.replace('client_id = "qbo-client"\n', "")

    assert problems(write_config, text) == (
        "profiles.acme: targets[2] (Acme US): client_id is missing; expected the OAuth client id of your app "
        "registration",
    )


def test_xero_and_quickbooks_identities_are_not_mixed(write_config: WriteConfig) -> None:
    text = REAL_PROFILE.replace('tenant_id = "tenant-1"', 'realm_id = "1"')

    assert problems(write_config, text) == (
        "profiles.acme.targets[1]: realm_id identifies a QuickBooks company; a Xero target uses tenant_id",
    )


def test_a_real_profile_needs_connectwise(write_config: WriteConfig) -> None:
    (problem,) = problems(write_config, '[profiles.acme.export]\ninvoice_prefix = "A"\n')

    assert problem.startswith("profiles.acme: connectwise is missing; expected a [profiles.<name>.connectwise] table")


def test_platform_credentials_belong_to_their_kind(write_config: WriteConfig) -> None:
    text = REAL_PROFILE + '\n[profiles.acme.platform]\nkind = "appxite"\nrequester_id = "r"\nsas_key = "env:S"\n'
    text += 'client_id = "pax8-id"\n'

    assert problems(write_config, text) == (
        'profiles.acme.platform: client_id belongs to kind = "pax8", not to kind = "appxite"',
    )


def test_platform_credentials_are_required_for_a_real_profile(write_config: WriteConfig) -> None:
    text = REAL_PROFILE + '\n[profiles.acme.platform]\nkind = "appxite"\nrequester_id = "r"\n'

    assert problems(write_config, text) == ('profiles.acme: platform: kind = "appxite" needs sas_key',)


def test_a_sandbox_profile_takes_no_platform_credentials(write_config: WriteConfig) -> None:
    text = '[profiles.sandbox.platform]\nkind = "pax8"\nclient_id = "x"\n'

    assert problems(write_config, text) == (
        "profiles.sandbox: platform: a sandbox profile takes only kind; remove client_id",
    )


def test_a_sandbox_profile_may_choose_its_platform_kind(write_config: WriteConfig) -> None:
    write_config('[profiles.sandbox.platform]\nkind = "pax8"\n')

    platform = load_settings().profile().platform

    assert platform is not None
    assert platform.kind == "pax8"


def test_two_charge_date_rules_for_one_charge_type_are_refused(write_config: WriteConfig) -> None:
    text = (
        '[[profiles.sandbox.lines.charge_date_rules]]\ncharge_types = ["CycleFee"]\nstart = "invoice-date"\n'
        '[[profiles.sandbox.lines.charge_date_rules]]\nend = "none"\n'
    )

    assert problems(write_config, text) == (
        "profiles.sandbox.lines: charge_date_rules: 2 rules apply to CycleFee; expected at most one",
    )


def test_sandbox_knobs_are_range_checked(write_config: WriteConfig) -> None:
    text = "[profiles.sandbox.sandbox]\nfault_rate = 1.5\nclock_speedup = 0\nscale = 0\n"

    assert problems(write_config, text) == (
        "profiles.sandbox.sandbox.fault_rate: expected less than or equal to 1, got 1.5",
        "profiles.sandbox.sandbox.clock_speedup: expected greater than 0, got 0",
        "profiles.sandbox.sandbox.scale: expected greater than or equal to 1, got 0",
    )


def test_connectwise_codebase_must_end_with_a_slash(write_config: WriteConfig) -> None:
    text = REAL_PROFILE.replace('company_id = "acme"', 'company_id = "acme"\ncodebase = "v2025_1"')

    assert problems(write_config, text) == ('profiles.acme.connectwise: codebase must end with "/", e.g. "v2025_1/"',)
