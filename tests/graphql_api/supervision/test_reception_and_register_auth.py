"""Registration authorization, leader reception days and the duplicate lookup."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from supervision.facts.models import CaseFact
from tests.factories.supervision import CITIZEN_ID, make_petition
from tests.graphql_api.supervision import gql as docs
from tests.graphql_api.supervision.test_lifecycle import register_input

TODAY = timezone.localdate()


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        (None, "UNAUTHENTICATED"),
        (("township", "liaison"), "township"),
        (("county_a", "registrar"), "county_a"),
        (("county_b", "registrar"), "county_b"),
        (("province", "supervisor"), "PERMISSION_DENIED"),
    ],
)
def test_petition_register_authorization(tree, gql, actor, expected):
    """Staff register into their own unit only; others are refused."""
    user = tree.user(*actor) if actor else None
    before = CaseFact.objects.count()

    data = gql(user).ok(docs.REGISTER, {"input": register_input("APPEAL")})

    payload = data["petitionRegister"]
    if expected in tree.units:
        assert payload["errors"] == []
        fact = CaseFact.objects.get(petition_id=payload["petition"]["id"])
        assert fact.unit_id == tree.units[expected].pk
        assert payload["petition"]["trackingNumber"].startswith(
            tree.units[expected].code
        )
    else:
        assert payload["petition"] is None
        assert [e["code"] for e in payload["errors"]] == [expected]
        assert CaseFact.objects.count() == before


DAYS = """{ receptionDays { heldOn place leader { username }
            petitions { trackingNumber } } }"""


def test_petitions_received_on_a_leader_reception_day(
    tree, gql, django_assert_num_queries
):
    registrar = gql(tree.user("county_a", "registrar"))
    leader = tree.user("county_a", "leader")
    day = registrar.ok(
        """mutation($d: Date!, $l: ID!) { receptionDayCreate(heldOn: $d, leaderId: $l,
           place: "区委组织部接待室") { receptionDay { id } errors { code } } }""",
        {"d": TODAY.isoformat(), "l": str(leader.pk)},
    )["receptionDayCreate"]["receptionDay"]
    numbers = []
    for name in ("钱文静", "周卫东"):
        data = registrar.ok(
            docs.REGISTER,
            {
                "input": register_input(
                    "APPEAL",
                    channel="VISIT",
                    receptionDayId=day["id"],
                    content=f"{name}当面反映企业军转干部生活困难补助未落实问题。",
                    petitioners=[{"name": name}],
                )
            },
        )["petitionRegister"]
        numbers.append(data["petition"]["trackingNumber"])

    with django_assert_num_queries(8):
        data = registrar.ok(DAYS)

    assert data["receptionDays"] == [
        {
            "heldOn": TODAY.isoformat(),
            "place": "区委组织部接待室",
            "leader": {"username": "county_a_leader"},
            "petitions": [{"trackingNumber": n} for n in reversed(numbers)],
        }
    ]
    registrar.ok(
        """mutation($d: Date!, $l: ID!) { receptionDayCreate(heldOn: $d, leaderId: $l,
           place: "梅园新村街道") { errors { code } } }""",
        {"d": (TODAY - datetime.timedelta(days=7)).isoformat(), "l": str(leader.pk)},
    )
    with django_assert_num_queries(8):
        assert len(registrar.ok(DAYS)["receptionDays"]) == 2


def test_duplicate_lookup_while_registering(tree, gql):
    earlier = make_petition(tree, received_on=TODAY - datetime.timedelta(days=40))
    data = gql(tree.user("county_a", "registrar")).ok(
        """query($c: String!, $ids: [String!]) { petitionDuplicates(content: $c,
           citizenIds: $ids) { petition { trackingNumber status } reason } }""",
        {"c": "另一件事", "ids": [CITIZEN_ID]},
    )
    assert data["petitionDuplicates"] == [
        {
            "petition": {
                "trackingNumber": earlier.tracking_number,
                "status": "REGISTERED",
            },
            "reason": "同一信访人",
        }
    ]
    other = gql(tree.user("county_b", "registrar")).ok(
        """query($c: String!, $ids: [String!]) { petitionDuplicates(content: $c,
           citizenIds: $ids) { reason } }""",
        {"c": "另一件事", "ids": [CITIZEN_ID]},
    )
    assert other == {"petitionDuplicates": []}
