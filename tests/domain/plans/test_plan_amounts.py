"""Tax spreading and line pricing: every cent of the PSA document reaches the package."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from tui_ledger.domain.plans.amounts import allocate, price_line

cents = st.integers(-10_000_000, 10_000_000).map(lambda value: Decimal(value).scaleb(-2))
quantities = st.integers(-500, 500).map(lambda value: Decimal(value).scaleb(-1))


@given(amount=cents, weights=st.lists(cents, min_size=1, max_size=12))
def test_allocated_shares_add_up_to_the_amount_exactly(amount: Decimal, weights: list[Decimal]) -> None:
    shares = allocate(amount, weights)
    assert len(shares) == len(weights)
    assert sum(shares, Decimal(0)) == amount
    assert all(share == share.quantize(Decimal("0.01")) for share in shares)


def test_tax_is_spread_in_proportion_and_returns_carry_negative_tax() -> None:
    assert allocate(Decimal("10.00"), [Decimal("150.00"), Decimal("-50.00")]) == (Decimal("15.00"), Decimal("-5.00"))


def test_the_rounding_residue_goes_to_the_heaviest_line() -> None:
    assert allocate(Decimal("0.10"), [Decimal("1"), Decimal("1"), Decimal("2")]) == (
        Decimal("0.03"),
        Decimal("0.03"),
        Decimal("0.04"),
    )
    assert allocate(Decimal("1.00"), [Decimal("1"), Decimal("1"), Decimal("1")]) == (
        Decimal("0.34"),
        Decimal("0.33"),
        Decimal("0.33"),
    )


def test_weights_that_cancel_out_put_everything_on_the_heaviest_line() -> None:
    assert allocate(Decimal("2.00"), [Decimal("5"), Decimal("-5")]) == (Decimal("2.00"), Decimal("0.00"))
    assert allocate(Decimal("2.00"), []) == ()


@given(amount=cents, quantity=quantities)
def test_a_priced_line_is_exactly_its_amount_and_never_has_a_negative_quantity(
    amount: Decimal, quantity: Decimal
) -> None:
    size, unit = price_line(amount, quantity)
    assert size * unit == amount
    assert size > 0


def test_a_quantity_is_kept_when_the_unit_price_is_exact() -> None:
    assert price_line(Decimal("300.00"), Decimal("2")) == (Decimal("2"), Decimal("150.0000"))
    assert price_line(Decimal("-50.00"), Decimal("-2")) == (Decimal("2"), Decimal("-25.0000"))


def test_an_inexact_unit_price_becomes_one_unit_at_the_whole_amount() -> None:
    assert price_line(Decimal("10.00"), Decimal("3")) == (Decimal("1"), Decimal("10.00"))
    assert price_line(Decimal("10.00"), Decimal("0")) == (Decimal("1"), Decimal("10.00"))
