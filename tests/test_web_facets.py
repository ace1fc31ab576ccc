"""Facet values in list URLs are matched without regard to case (country=SE is country=se)."""

from __future__ import annotations

import pytest
from flask import Flask


@pytest.mark.parametrize("path", ["/people.json?country={}", "/meetings.json?country={}"])
def test_facet_values_match_in_any_case(explorer: Flask, path: str) -> None:
    client = explorer.test_client()
    lower = client.get(path.format("se")).get_json()
    upper = client.get(path.format("SE")).get_json()
    mixed = client.get(path.format("Se")).get_json()
    everything = client.get(path.split("?")[0]).get_json()
    assert lower == upper == mixed
    rows = lower.get("rows") or lower.get("items")
    all_rows = everything.get("rows") or everything.get("items")
    assert rows and len(rows) < len(all_rows)  # the filter applies, and finds something
