"""The commented config `tui-ledger config init` writes: a working sandbox setup and a real profile to fill in.

The real profile is commented out so the file is valid as written; a test uncomments it and checks that it
validates too, so the example can never teach a key that does not exist.
"""

from __future__ import annotations

EXAMPLE_CONFIG = """\
# tui-ledger configuration.
# `tui-ledger config check` validates this file; `tui-ledger config path` shows where it and the data live.
# Secrets are never written here: write "env:NAME" and set the environment variable NAME.
# OAuth tokens obtained by tui-ledger are kept in its own token file (mode 0600), not here.

[app]
profile = "sandbox"        # the profile opened by default; --profile overrides it
# theme = "tui-ledger-dark"  # a theme shipped in themes/ or a file in your themes folder
unicode = true             # false: plain ASCII checkboxes and status marks

[keys]
# Remap a key binding by its id (F1 shows the ids). Letters, digits, F-keys, arrows and ctrl+ those only.
# "export.retrieve" = "ctrl+r"

# The built-in demo company. Every system is the embedded sandbox; no account needed.
[profiles.sandbox.sandbox]
latency_ms = 0.0           # added delay per request
fault_rate = 0.0           # share of requests that fail (0..1), to see retries at work
clock_speedup = 1.0        # sandbox time runs this many times faster (rate limits, token expiry)
scale = 1                  # demo company size multiplier
seed = 2026                # a different seed gives a different (but repeatable) demo company

# A real profile: uncomment, fill in, and set the environment variables it names.
# [profiles.acme.connectwise]
# site = "api-na.myconnectwise.net"
# codebase = "v4_6_release/"
# company_id = "acme"
# public_key = "your-public-key"
# private_key = "env:ACME_CW_PRIVATE_KEY"
# client_id = "00000000-0000-0000-0000-000000000000"
# sync_max_in_flight = 32            # calls the invoice-line sync keeps in flight (fewer while ConnectWise pushes back)
#
# [[profiles.acme.targets]]          # an accounting company; repeat the table for more
# name = "Acme Pty Ltd"
# package = "xero"                   # "xero" or "quickbooks"
# tenant_id = "00000000-0000-0000-0000-000000000000"   # QuickBooks: realm_id = "1234567890"
# client_id = "YOUR-XERO-APP-CLIENT-ID"
# client_secret = "env:ACME_XERO_CLIENT_SECRET"
# default = true
#
# [profiles.acme.export]
# invoice_prefix = ""
# invoice_suffix = ""
# create_missing_contacts = true
# create_missing_items = false
# split_returns_as_credit_notes = true
# expenses_as = "bills"              # "bills" or "purchases"
# down_payment_product = "Down Payment"
# default_sales_item = "Services"    # QuickBooks: the item a sales line without a product is sent as
# sales_items_by_account = { "4100" = "Managed Services" }  # QuickBooks: such a line's item per GL account
# summary_level = "Default"          # "Default", "Condensed" or "Detailed"
#
# [profiles.acme.platform]
# kind = "appxite"                   # "appxite", "pax8" or "csv"
# requester_id = "your-requester-id"
# sas_key = "env:ACME_APPXITE_SAS_KEY"
#
# [profiles.acme.lines]
# default_agreement_type = "Marketplace"
#
# [profiles.acme.lines.charge_type_names]
# CycleFee = "Monthly subscription"
#
# [[profiles.acme.lines.charge_date_rules]]
# charge_types = ["CycleFee", "PurchaseFee"]
# start = "first-of-invoice-month"   # "platform", "invoice-date", "first-of-invoice-month", "first-of-next-month"
# end = "none"                       # "platform", "none", "last-of-start-month", "last-of-invoice-month"
"""
