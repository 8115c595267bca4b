"""The portal's abuse check (人机验证): an altcha proof of work the server
signs, checks, and accepts once."""

from __future__ import annotations

import base64
import datetime
import hashlib
import json

import altcha
import pytest
from django.utils import timezone

from supervision.crosslevel.services import challenge as abuse
from supervision.models import Petition
from tests.factories.supervision import in_unit
from tests.graphql_api.crosslevel.test_online_api import COUNTY_A, SUBMIT, submission

CHALLENGE = """
query { onlineChallenge { algorithm challenge maxNumber salt signature } }
"""


def solve(fields: dict) -> str:
    """What the portal does in the browser: find the number, send the payload."""
    for number in range(fields["maxNumber"] + 1):
        digest = hashlib.sha256(f"{fields['salt']}{number}".encode()).hexdigest()
        if digest == fields["challenge"]:
            break
    else:
        raise AssertionError("no solution")
    payload = {
        "algorithm": fields["algorithm"],
        "challenge": fields["challenge"],
        "number": number,
        "salt": fields["salt"],
        "signature": fields["signature"],
    }
    return base64.b64encode(json.dumps(payload).encode()).decode()


def submit_with(public, challenge):
    data = public.ok(SUBMIT, submission(challenge=challenge), headers=COUNTY_A)
    return data["onlinePetitionSubmit"]


def stored_count(tree) -> int:
    with in_unit(tree.units["county_a"]):
        return Petition.objects.count()


def test_a_solved_challenge_from_the_api_lets_one_submission_through(tree, gql):
    public = gql()
    fields = public.ok(CHALLENGE)["onlineChallenge"]
    assert fields["algorithm"] == "SHA-256"
    assert fields["maxNumber"] == abuse.CHALLENGE_MAX_NUMBER
    assert "expires=" in fields["salt"]
    payload = solve(fields)

    first = submit_with(public, payload)
    assert first["errors"] == []
    # the same solved payload does not pass twice
    again = submit_with(public, payload)
    assert [(e["code"], e["field"]) for e in again["errors"]] == [
        ("CHALLENGE_FAILED", "challenge")
    ]
    assert again["trackingNumber"] is None
    assert stored_count(tree) == 1


def _forged(fields: dict, **changes) -> str:
    payload = json.loads(base64.b64decode(solve(fields)))
    payload.update(changes)
    return base64.b64encode(json.dumps(payload).encode()).decode()


@pytest.mark.parametrize(
    "make",
    [
        lambda fields: None,
        lambda fields: "",
        lambda fields: "not-base64-json",
        lambda fields: _forged(fields, number=-1),
        lambda fields: _forged(fields, signature="0" * 64),
    ],
    ids=["missing", "empty", "garbage", "wrong-number", "forged-signature"],
)
def test_missing_or_wrong_payloads_are_refused(tree, gql, make):
    public = gql()
    fields = public.ok(CHALLENGE)["onlineChallenge"]
    refused = submit_with(public, make(fields))
    assert [(e["code"], e["field"]) for e in refused["errors"]] == [
        ("CHALLENGE_FAILED", "challenge")
    ]
    assert refused["errors"][0]["message"] == "人机验证未通过或已失效，请重新验证"
    assert stored_count(tree) == 0


def test_an_expired_challenge_is_refused(tree, gql):
    key = abuse._hmac_key()
    old = altcha.create_challenge_v1(
        algorithm="SHA-256",
        max_number=1000,
        hmac_key=key,
        expires=timezone.now() - datetime.timedelta(seconds=1),
    )
    payload = solve(
        {
            "algorithm": old.algorithm,
            "challenge": old.challenge,
            "maxNumber": old.max_number,
            "salt": old.salt,
            "signature": old.signature,
        }
    )
    refused = submit_with(gql(), payload)
    assert [e["code"] for e in refused["errors"]] == ["CHALLENGE_FAILED"]


def test_a_challenge_signed_without_expiry_is_refused(tree, gql):
    old = altcha.create_challenge_v1(
        algorithm="SHA-256", max_number=1000, hmac_key=abuse._hmac_key()
    )
    payload = solve(
        {
            "algorithm": old.algorithm,
            "challenge": old.challenge,
            "maxNumber": old.max_number,
            "salt": old.salt,
            "signature": old.signature,
        }
    )
    refused = submit_with(gql(), payload)
    assert [e["code"] for e in refused["errors"]] == ["CHALLENGE_FAILED"]
