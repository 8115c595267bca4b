"""Fixtures the cross-level flow tests share."""

from dataclasses import dataclass

import pytest

from tests.factories.crosslevel import petition_fact
from tests.graphql_api.crosslevel.flows import ASSIGN, send


@dataclass
class Assignment:
    """A city case assigned to county_a: the city's fact, the link, and the
    two units' registrars as GraphQL clients."""

    fact: object
    link: dict
    city: object
    county: object


@pytest.fixture
def city_assignment(tree, gql) -> Assignment:
    """Given the city assigned (交办) one of its cases to county_a."""
    fact = petition_fact(tree, "city")
    city = gql(tree.user("city", "registrar"))
    link = send(city, ASSIGN, "petitionAssign", fact.petition_id, "320102")["link"]
    return Assignment(fact, link, city, gql(tree.user("county_a", "registrar")))


@pytest.fixture
def link_event_failing(monkeypatch):
    """Make `link_event` (or the step named) of a services module raise, half
    way through a flow (after the other unit's rows were written)."""

    def inject(module, name: str = "link_event") -> None:
        def broken(*args, **kwargs):
            raise RuntimeError("injected failure")

        monkeypatch.setattr(module, name, broken)

    return inject
