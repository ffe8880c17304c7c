"""The example `config init` writes is valid, and so is its real profile once uncommented."""

from __future__ import annotations

from tests.config.conftest import WriteConfig
from tui_ledger.config import load_settings
from tui_ledger.config.example import EXAMPLE_CONFIG
from tui_ledger.domain.invoice_lines import ChargeType


def uncomment_real_profile(text: str) -> str:
    head, real = text.split("# A real profile:", 1)
    lines = real.splitlines()[1:]
    return head + "\n".join(line.removeprefix("# ").removeprefix("#") for line in lines) + "\n"


def test_the_example_opens_the_sandbox(write_config: WriteConfig) -> None:
    write_config(EXAMPLE_CONFIG)

    settings = load_settings()

    assert settings.profile().is_sandbox
    assert settings.profile_names == ("sandbox",)


def test_the_commented_real_profile_is_valid_once_uncommented(write_config: WriteConfig) -> None:
    write_config(uncomment_real_profile(EXAMPLE_CONFIG).replace('profile = "sandbox"', 'profile = "acme"'))

    acme = load_settings().profile()

    assert acme.name == "acme"
    assert not acme.is_sandbox
    assert acme.connectwise is not None
    assert acme.connectwise.private_key.variable == "ACME_CW_PRIVATE_KEY"
    assert acme.default_target is not None
    assert acme.default_target.package == "xero"
    assert acme.platform is not None
    assert acme.platform.kind == "appxite"
    assert acme.lines.charge_type_name(ChargeType.CYCLE_FEE) == "Monthly subscription"
    rule = acme.lines.rule_for(ChargeType.PURCHASE_FEE)
    assert rule is not None
    assert rule.start == "first-of-invoice-month"
