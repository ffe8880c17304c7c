"""Config texts shared by the config tests."""

REAL_PROFILE = """\
[app]
profile = "acme"

[profiles.acme.connectwise]
site = "api-na.myconnectwise.net"
company_id = "acme"
public_key = "pub-123"
private_key = "env:ACME_CW_PRIVATE_KEY"
client_id = "11111111-2222-3333-4444-555555555555"

[[profiles.acme.targets]]
name = "Acme Pty Ltd"
package = "xero"
tenant_id = "tenant-1"
client_id = "xero-client"
client_secret = "env:ACME_XERO_SECRET"

[[profiles.acme.targets]]
name = "Acme US"
package = "quickbooks"
realm_id = "9130"
client_id = "qbo-client"
client_secret = "env:ACME_QBO_SECRET"
default = true
"""
