"""The fixed part of the demo MSP's world: names, chart of accounts, tax codes, catalog and marketplace offers.

These tables never depend on the seed, so a screenshot of the sandbox always shows the same customers and
products; the seed only decides the documents. Names are plausible for a New England MSP with a Toronto
office, and a few are chosen to break naive code: a customer with both a double quote and an apostrophe in
its name (conditions quoting), a product with an inch mark, two Canadian-dollar customers, a customer
without a billing contact, and a product without an income account (a real "missing GL mapping" error).
"""

from __future__ import annotations

from decimal import Decimal

MSP_NAME = "Bluepeak Technology Partners"
MSP_IDENTIFIER = "Bluepeak"

LOCATIONS: tuple[tuple[int, str], ...] = (
    (1, "Boston HQ"),
    (2, "Providence"),
    (3, "Hartford"),
    (4, "Toronto"),
)
CANADIAN_LOCATION_ID = 4

DEPARTMENTS: tuple[tuple[int, str], ...] = (
    (10, "Managed Services"),
    (11, "Professional Services"),
    (12, "Procurement"),
)

MEMBERS: tuple[tuple[str, str, str], ...] = (
    ("bbastine", "Bob", "Bastine"),
    ("amoreno", "Alicia", "Moreno"),
    ("dchu", "Derek", "Chu"),
    ("praman", "Priya", "Raman"),
    ("tkowalski", "Tom", "Kowalski"),
    ("gliu", "Grace", "Liu"),
    ("mwebb", "Marcus", "Webb"),
    ("npetrov", "Nina", "Petrov"),
    ("sokafor", "Sam", "Okafor"),
    ("jfitzgerald", "Jenna", "Fitzgerald"),
)

# (number, name, type); types are DemoCompany.GLAccountType values.
GL_ACCOUNTS: tuple[tuple[str, str, str], ...] = (
    ("1200", "Accounts Receivable", "accounts_receivable"),
    ("1300", "Inventory Asset", "inventory"),
    ("2000", "Accounts Payable", "accounts_payable"),
    ("2010", "Company Credit Card", "current_liability"),
    ("2150", "Employee Reimbursements Payable", "current_liability"),
    ("2200", "Sales Tax Payable", "sales_tax"),
    ("2400", "Customer Deposits", "deferred_revenue"),
    ("4000", "Managed Services Revenue", "income"),
    ("4100", "Professional Services Revenue", "income"),
    ("4200", "Hardware Sales", "income"),
    ("4300", "Cloud & Licensing Revenue", "income"),
    ("4400", "Reimbursed Expense Income", "income"),
    ("5000", "Cost of Goods Sold - Hardware", "cost_of_sales"),
    ("5100", "Cost of Licensing", "cost_of_sales"),
    ("5200", "Freight In", "cost_of_sales"),
    ("6100", "Travel - Airfare", "expense"),
    ("6110", "Meals & Entertainment", "expense"),
    ("6120", "Mileage", "expense"),
    ("6130", "Lodging", "expense"),
    ("6140", "Parking & Tolls", "expense"),
    ("6200", "Office Supplies", "expense"),
)
AR_ACCOUNT = "1200"
INVENTORY_ACCOUNT = "1300"
AP_ACCOUNT = "2000"
COMPANY_CARD_ACCOUNT = "2010"
REIMBURSEMENTS_ACCOUNT = "2150"
SALES_TAX_ACCOUNT = "2200"
DOWN_PAYMENT_ACCOUNT = "2400"
MANAGED_SERVICES_ACCOUNT = "4000"
LABOR_ACCOUNT = "4100"
REIMBURSED_EXPENSE_ACCOUNT = "4400"
FREIGHT_ACCOUNT = "5200"

# (id, identifier, name, rate)
TAX_CODES: tuple[tuple[int, str, str, Decimal], ...] = (
    (1, "MA", "Massachusetts Sales Tax", Decimal("0.0625")),
    (2, "RI", "Rhode Island Sales Tax", Decimal("0.07")),
    (3, "CT", "Connecticut Sales Tax", Decimal("0.0635")),
    (4, "ON-HST", "Ontario HST", Decimal("0.13")),
    (5, "Exempt", "Tax Exempt", Decimal("0")),
)
TAX_CODE_OF_LOCATION = {1: 1, 2: 2, 3: 3, 4: 4}
EXEMPT_TAX_CODE_ID = 5

# (id, name, due days)
BILLING_TERMS: tuple[tuple[int, str, int], ...] = (
    (1, "Net 30", 30),
    (2, "Net 15", 15),
    (3, "Due on Receipt", 0),
)

# (name, currency, location id); the order is stable and ids follow it.
CUSTOMERS: tuple[tuple[str, str, int], ...] = (
    ("Acme Logistics", "USD", 1),
    ("Bayside Family Dental", "USD", 1),
    ("Brightline Architects", "USD", 1),
    ("Cedar Ridge Veterinary Clinic", "USD", 3),
    ("Coastal Credit Union", "USD", 2),
    ("Contoso Pharmaceuticals", "USD", 1),
    ("Dunmore & Hale LLP", "USD", 1),
    ("Evergreen Senior Living", "USD", 3),
    ("Fairview Orthopedics", "USD", 2),
    ("Granite State Insurance Agency", "USD", 1),
    ("Harborview Marine Supply", "USD", 2),
    ("Hillcrest Academy", "USD", 3),
    ("Ironwood Manufacturing", "USD", 3),
    ("Keystone Title & Escrow", "USD", 1),
    ("Lakeside Auto Group", "USD", 2),
    ("Maplewood Public Library", "USD", 1),
    ("Meridian Wealth Advisors", "USD", 1),
    ("Northgate Property Management", "USD", 2),
    ("Oakmont Country Club", "USD", 3),
    ('O\'Reilly "Top Notch" Landscaping', "USD", 2),
    ("Pinnacle Physical Therapy", "USD", 1),
    ("Quincy Street Bakery", "USD", 1),
    ("Redwood Legal Group", "USD", 3),
    ("Riverside Community Church", "USD", 2),
    ("Summit Engineering", "USD", 1),
    ("Tidewater Shipping Co.", "USD", 2),
    ("Union Square Realty", "USD", 1),
    ("Valley Pediatrics", "USD", 3),
    ("Westbrook Accounting CPAs", "USD", 1),
    ("Whitman & Associates", "USD", 3),
    ("Bluewater Brewing Company", "USD", 2),
    ("Silverline Dental Lab", "USD", 1),
    ("Sterling Logistics Canada", "CAD", 4),
    ("Maple Leaf Imports Ltd.", "CAD", 4),
)
CUSTOMER_WITHOUT_BILLING_CONTACT = "Quincy Street Bakery"
TAX_EXEMPT_CUSTOMERS = frozenset({"Maplewood Public Library", "Riverside Community Church", "Hillcrest Academy"})

CONTACT_FIRST_NAMES = ("Karen", "Luis", "Megan", "Raj", "Helen", "Omar", "Julia", "Kevin", "Sofia", "Brian", "Aisha")
CONTACT_LAST_NAMES = ("Sullivan", "Ortiz", "Nguyen", "Patel", "Murphy", "Haddad", "Becker", "Walsh", "Rossi", "Kim")

# (name, currency, vendor number)
VENDORS: tuple[tuple[str, str, str], ...] = (
    ("Ingram Micro", "USD", "V-1001"),
    ("TD SYNNEX", "USD", "V-1002"),
    ("Pax8", "USD", "V-1003"),
    ("D&H Distributing", "USD", "V-1004"),
    ("Dell Technologies", "USD", "V-1005"),
    ("CDW Direct", "USD", "V-1006"),
    ("Amazon Business", "USD", "V-1007"),
    ("Sam's Club Business", "USD", "V-1008"),
)
HARDWARE_VENDORS = ("Ingram Micro", "TD SYNNEX", "D&H Distributing", "Dell Technologies", "CDW Direct")

# (identifier, description, price, cost, recurring, product class, category, income account or None, vendor name)
PRODUCTS: tuple[tuple[str, str, str, str, bool, str, str, str | None, str | None], ...] = (
    ("M365-BP", "Microsoft 365 Business Premium", "22.00", "18.70", True, "Agreement", "Cloud", "4300", "Pax8"),
    ("M365-BS", "Microsoft 365 Business Standard", "12.50", "10.63", True, "Agreement", "Cloud", "4300", "Pax8"),
    ("M365-BB", "Microsoft 365 Business Basic", "6.00", "5.10", True, "Agreement", "Cloud", "4300", "Pax8"),
    ("M365-E3", "Microsoft 365 E3", "36.00", "30.60", True, "Agreement", "Cloud", "4300", "Pax8"),
    ("EXO-P1", "Exchange Online (Plan 1)", "4.00", "3.40", True, "Agreement", "Cloud", "4300", "Pax8"),
    ("DEF-EP1", "Microsoft Defender for Endpoint P1", "3.00", "2.55", True, "Agreement", "Cloud", "4300", "Pax8"),
    ("AZ-CONSUMPTION", "Azure Consumption", "1.00", "0.85", True, "Agreement", "Cloud", "4300", "Pax8"),
    (
        "ACRONIS-CPC",
        "Acronis Cyber Protect Cloud - Workstation",
        "9.00",
        "4.50",
        True,
        "Agreement",
        "Backup",
        "4300",
        "TD SYNNEX",
    ),
    (
        "S1-COMPLETE",
        "SentinelOne Singularity Complete",
        "8.50",
        "5.25",
        True,
        "Agreement",
        "Security",
        "4300",
        "TD SYNNEX",
    ),
    ("VISIO-P2", "Visio Plan 2", "15.00", "12.75", True, "Agreement", "Cloud", None, "Pax8"),
    ("MS-WS", "Managed Workstation", "45.00", "0.00", True, "Service", "Managed Services", "4000", None),
    ("MS-SRV", "Managed Server", "150.00", "0.00", True, "Service", "Managed Services", "4000", None),
    ("MS-NET", "Managed Network Device", "25.00", "0.00", True, "Service", "Managed Services", "4000", None),
    ("LAB-REMOTE", "Remote Support Labor", "125.00", "0.00", False, "Service", "Labor", "4100", None),
    ("LAB-ONSITE", "On-site Support Labor", "150.00", "0.00", False, "Service", "Labor", "4100", None),
    ("LAB-PROJECT", "Project Engineering Labor", "175.00", "0.00", False, "Service", "Labor", "4100", None),
    (
        "DELL-LAT5440",
        "Dell Latitude 5440 Laptop",
        "1249.00",
        "1032.00",
        False,
        "Inventory",
        "Hardware",
        "4200",
        "Dell Technologies",
    ),
    (
        "DELL-OPT7010",
        "Dell OptiPlex 7010 Desktop",
        "949.00",
        "781.00",
        False,
        "Inventory",
        "Hardware",
        "4200",
        "Dell Technologies",
    ),
    (
        "DELL-P2723D",
        'Dell P2723D 27" Monitor',
        "329.00",
        "262.00",
        False,
        "Inventory",
        "Hardware",
        "4200",
        "Dell Technologies",
    ),
    (
        "MERAKI-MR36",
        "Cisco Meraki MR36 Access Point",
        "699.00",
        "548.00",
        False,
        "Inventory",
        "Networking",
        "4200",
        "Ingram Micro",
    ),
    (
        "UBNT-USW24P",
        "UniFi Switch 24 PoE",
        "449.00",
        "379.00",
        False,
        "Inventory",
        "Networking",
        "4200",
        "D&H Distributing",
    ),
    ("APC-SMT1500", "APC Smart-UPS 1500VA", "799.00", "611.00", False, "Inventory", "Power", "4200", "CDW Direct"),
    ("YUBI-5NFC", "YubiKey 5 NFC", "55.00", "45.00", False, "NonInventory", "Security", "4200", "Amazon Business"),
    (
        "OFFICE-LTSC24",
        "Office LTSC Standard 2024",
        "459.00",
        "390.00",
        False,
        "NonInventory",
        "Software",
        "4300",
        "Pax8",
    ),
)
ONE_TIME_PRODUCT = "OFFICE-LTSC24"
CLOUD_PRODUCTS = ("M365-BP", "M365-BS", "M365-BB", "M365-E3", "EXO-P1", "DEF-EP1", "VISIO-P2")
MANAGED_PRODUCTS = ("MS-WS", "MS-SRV", "MS-NET", "ACRONIS-CPC", "S1-COMPLETE")
LABOR_PRODUCTS = ("LAB-REMOTE", "LAB-ONSITE", "LAB-PROJECT")
HARDWARE_PRODUCTS = (
    "DELL-LAT5440",
    "DELL-OPT7010",
    "DELL-P2723D",
    "MERAKI-MR36",
    "UBNT-USW24P",
    "APC-SMT1500",
    "YUBI-5NFC",
)

# (id, name, default, invoice prefix, taxable)
AGREEMENT_TYPES: tuple[tuple[int, str, bool, str, bool], ...] = (
    (1, "Managed Services", True, "MS", False),
    (2, "Microsoft CSP", False, "CSP", True),
    (3, "Block Time", False, "BT", False),
    (4, "Backup & DR", False, "BDR", True),
)
MANAGED_AGREEMENT_TYPE_ID = 1
CSP_AGREEMENT_TYPE_ID = 2

# (expense type, GL account)
EXPENSE_TYPES: tuple[tuple[str, str], ...] = (
    ("Mileage", "6120"),
    ("Meals", "6110"),
    ("Lodging", "6130"),
    ("Airfare", "6100"),
    ("Parking & Tolls", "6140"),
    ("Supplies", "6200"),
)
PAYMENT_METHODS = ("Personal Credit Card", "Company Credit Card", "Cash")

# Marketplace offers the platform sells without a catalog product yet (deliberately unmapped).
UNMAPPED_OFFERS: tuple[tuple[str, str, str, str], ...] = (
    ("Microsoft Teams Premium", "Microsoft", "10.00", "8.50"),
    ("Power BI Pro", "Microsoft", "14.00", "11.90"),
    ("Dropbox Business Advanced", "Dropbox", "24.00", "19.20"),
)
# Marketplace organizations the PSA does not know under that name (deliberately unmapped).
UNMAPPED_ORGANIZATIONS: tuple[str, ...] = (
    "Contoso Pharmaceuticals Inc.",
    "Harbor Lights Yoga Studio",
    "Granite State Insurance",
    "Nashoba Valley Orchards",
)
CUSTOM_CHARGE_DESCRIPTIONS: tuple[tuple[str, str], ...] = (
    ("Tenant migration service", "350.00"),
    ("Goodwill credit - outage October", "-45.00"),
    ("License true-up", "120.00"),
    ("Setup fee - new tenant", "95.00"),
)
