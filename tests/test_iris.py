"""Entity IRIs: the normalisers behind them are idempotent, and every written form of
a business ID gives the same organisation IRI."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from graph.iris import normalise_business_id, org_iri, slug

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2)


def _check_digit(body: str) -> int | None:
    """The Y-tunnus check digit of a 7-digit body; None for a body no ID can have."""
    remainder = sum(int(d) * w for d, w in zip(body, _WEIGHTS, strict=True)) % 11
    return None if remainder == 1 else (0 if remainder == 0 else 11 - remainder)


_BODIES = (
    st.integers(0, 9_999_999)
    .map(lambda n: f"{n:07d}")
    .filter(lambda b: _check_digit(b) is not None)
)


@given(st.text())
def test_slug_is_idempotent_and_ascii(text: str) -> None:
    once = slug(text)
    assert slug(once) == once
    assert once.isascii() and once == once.lower() and once.strip("-") == once


@given(st.text(max_size=20))
def test_normalising_a_business_id_twice_changes_nothing(text: str) -> None:
    once = normalise_business_id(text)
    if once is not None:
        assert normalise_business_id(once) == once


@given(_BODIES, st.sampled_from(["{b}-{c}", "{b}{c}", "FI{b}{c}", "fi {b}-{c}", " {b} - {c} "]))
def test_every_written_form_of_a_business_id_is_one_organisation(body: str, form: str) -> None:
    check = _check_digit(body)
    canonical = f"{body}-{check}"
    written = form.format(b=body, c=check)
    assert normalise_business_id(written) == canonical
    assert org_iri(business_id=written) == org_iri(business_id=canonical)


@given(_BODIES, st.integers(1, 9))
def test_a_wrong_check_digit_is_refused(body: str, shift: int) -> None:
    wrong = ((_check_digit(body) or 0) + shift) % 10  # any other digit
    assert normalise_business_id(f"{body}-{wrong}") is None
