"""The portal's abuse check (人机验证) without any outside service.

A proof of work from the altcha library (v1 form): the server signs a
challenge, SHA-256(salt + number), the browser finds the number (Web Crypto)
and sends the solved payload with the submission. A payload passes once: its
challenge is remembered in Redis until the challenge would have expired, so a
solved payload cannot be replayed. The key is derived from the online secret.
"""

from __future__ import annotations

import base64
import datetime
import functools
import hashlib
import json
from dataclasses import dataclass

import altcha
from altcha.v1 import AlgoType
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from core.errors import DomainError
from supervision.rules.crypto import derive_key

# About 25,000 hashes on average: a second or two on a phone, far more for
# someone filing thousands. Expires after ten minutes.
CHALLENGE_MAX_NUMBER = 50_000
CHALLENGE_TTL_SECONDS = 600


@dataclass(frozen=True)
class OnlineChallenge:
    algorithm: AlgoType
    challenge: str
    max_number: int
    salt: str
    signature: str


@functools.cache
def _key(secret: str) -> bytes:
    return derive_key(secret, "online-petition-challenge")


def _hmac_key() -> bytes:
    return _key(settings.ONLINE_QUERY_CODE_SECRET)


def online_challenge_new() -> OnlineChallenge:
    """A fresh signed challenge that expires in CHALLENGE_TTL_SECONDS."""
    made = altcha.create_challenge_v1(
        altcha.ChallengeOptionsV1(
            algorithm="SHA-256",
            max_number=CHALLENGE_MAX_NUMBER,
            hmac_key=_hmac_key(),
            expires=timezone.now() + datetime.timedelta(seconds=CHALLENGE_TTL_SECONDS),
        )
    )
    return OnlineChallenge(
        algorithm=made.algorithm,
        challenge=made.challenge,
        max_number=made.max_number,
        salt=made.salt,
        signature=made.signature,
    )


def online_challenge_solved(challenge: OnlineChallenge) -> str:
    """The payload a browser sends for `challenge` (used by the demo seeding
    and tests; the portal solves it in the browser)."""
    solution = altcha.solve_challenge_v1(
        challenge.challenge, challenge.salt, challenge.algorithm, challenge.max_number
    )
    if solution is None:
        # A challenge this server signed always has a number within its range.
        raise ValueError("the challenge has no solution within its max_number")
    payload = {
        "algorithm": challenge.algorithm,
        "challenge": challenge.challenge,
        "number": solution.number,
        "salt": challenge.salt,
        "signature": challenge.signature,
    }
    return base64.b64encode(json.dumps(payload).encode()).decode()


def online_challenge_check(payload: str, code) -> None:
    """Accept a solved, signed, unexpired payload once; else `code`
    (CHALLENGE_FAILED) on the field `challenge`."""
    failed = DomainError(code, "人机验证未通过或已失效，请重新验证", field="challenge")
    if not payload or len(payload) > 2000:
        raise failed
    ok, _ = altcha.verify_solution_v1(payload, _hmac_key(), check_expires=True)
    if not ok:
        raise failed
    decoded = json.loads(base64.b64decode(payload).decode())
    expires = altcha.extract_params_v1(decoded).get("expires")
    if not expires:
        raise failed  # every challenge this server signs expires
    remaining = int(expires[0]) - int(timezone.now().timestamp())
    if remaining <= 0:
        raise failed
    used = hashlib.sha256(decoded["challenge"].encode()).hexdigest()[:32]
    if not cache.add(f"online:challenge-used:{used}", 1, timeout=remaining + 1):
        raise failed
