"""The catalog is the single source of names: complete, consistent, folded lookups."""

from __future__ import annotations

import pytest

from wlmail.builtins import load_all
from wlmail.catalog import fold, get_catalog
from wlmail.runtime.state import VALUE_PROPS

STATUSES = {"implemented", "partial", "unsupported"}


def test_no_two_entries_share_a_spelling() -> None:
    assert get_catalog().collisions == []


def test_every_function_is_implemented_or_says_why_not() -> None:
    cat = get_catalog()
    registry = load_all()
    for entry in cat.functions.values():
        assert entry.status in STATUSES, entry.id
        if entry.status == "unsupported":
            assert entry.reason, f"{entry.id} is unsupported without a reason"
        else:
            assert entry.id in registry, f"{entry.id} has no implementation"


def test_every_implementation_is_in_the_catalog() -> None:
    cat = get_catalog()
    extra = set(load_all()) - set(cat.functions)
    assert not extra, f"implemented but not in stdlib/: {sorted(extra)}"


def test_every_entry_has_both_languages() -> None:
    cat = get_catalog()
    for table in (cat.functions, cat.types, cat.constants, cat.keywords, cat.properties):
        for entry in table.values():
            assert entry.fr and entry.en, f"{entry.kind} {entry.id} lacks a French or English name"


def test_every_message_has_both_languages() -> None:
    for msg_id, texts in get_catalog().messages.items():
        assert texts.get("fr") and texts.get("en"), msg_id


def test_value_properties_are_bound() -> None:
    cat = get_catalog()
    for prop in cat.properties.values():
        owner = cat.types[prop.owner]
        if owner.vtype in ("array", "assoc", "date", "time"):
            assert prop.id in VALUE_PROPS, prop.id


@pytest.mark.parametrize(
    ("spelling", "expected"),
    [
        ("TypeRéponse", "typereponse"),
        ("PROCÉDURE", "procedure"),
        ("ÉlémentExiste", "elementexiste"),
    ],
)
def test_fold_ignores_case_and_accents(spelling: str, expected: str) -> None:
    assert fold(spelling) == expected


def test_lookup_any_spelling_case_and_accents() -> None:
    cat = get_catalog()
    for spelling in ("ErreurDétectée", "erreurdetectee", "ERRORoccurred"):
        entry = cat.function(spelling)
        assert entry is not None and entry.id == "error_occurred"
    assert cat.type("chaines") is cat.type("STRING") is cat.types["string"]
    assert cat.type("entiers") is cat.types["int"]
    assert cat.constant("vrai") is cat.constant("TRUE")
