"""Rotating SECRET_KEY leaves identities, petitioner keys and query codes as they were."""

from supervision.crosslevel.services.online import query_code_digest
from supervision.rules.keys import PetitionerKeyKind
from supervision.services.identity import (
    identity_decrypt,
    identity_encrypt,
    identity_key,
)
from tests.factories.supervision import CITIZEN_ID, PHONE

ROTATED = "r0tated-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"


def test_a_new_secret_key_reads_identities_and_keeps_every_keyed_hash(settings):
    token = identity_encrypt(PetitionerKeyKind.CITIZEN_ID, CITIZEN_ID)
    citizen_key = identity_key(PetitionerKeyKind.CITIZEN_ID, CITIZEN_ID)
    phone_key = identity_key(PetitionerKeyKind.PHONE, PHONE)
    digest = query_code_digest("ABCD-EFGH-JKMN")

    settings.SECRET_KEY = ROTATED

    assert identity_decrypt(PetitionerKeyKind.CITIZEN_ID, token) == CITIZEN_ID
    assert identity_key(PetitionerKeyKind.CITIZEN_ID, CITIZEN_ID) == citizen_key
    assert identity_key(PetitionerKeyKind.PHONE, PHONE) == phone_key
    assert query_code_digest("ABCD-EFGH-JKMN") == digest


def test_each_keyed_hash_follows_its_own_secret_only(settings):
    citizen_key = identity_key(PetitionerKeyKind.CITIZEN_ID, CITIZEN_ID)
    digest = query_code_digest("ABCD-EFGH-JKMN")

    settings.PETITIONER_KEY_SECRET = ROTATED + "-petitioner"

    assert identity_key(PetitionerKeyKind.CITIZEN_ID, CITIZEN_ID) != citizen_key
    assert query_code_digest("ABCD-EFGH-JKMN") == digest
