"""The Pax8 Partner API sandbox (specs/pax8_partner.json): OAuth2 client credentials, companies, products,
subscriptions, invoices and invoice items, seeded from the demo company."""
