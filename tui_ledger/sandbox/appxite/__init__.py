"""The AppXite Reporting API v2 sandbox: SAS-key access to a requester's invoice headers and rows, seeded from the
demo company (outgoing invoices at customer prices, incoming ones at cost, custom invoices)."""
