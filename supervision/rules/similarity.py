"""Content similarity for repeat (重复信访) and multi-send (一信多投) detection.

The embedded PostgreSQL has no ``pg_trgm``, so similarity is computed here:
character 3-gram shingles compared by Jaccard, estimated cheaply with MinHash,
and found in bulk through LSH band keys stored in an indexed table. Character
n-grams need no word segmentation, which Chinese text would otherwise require.

Everything is deterministic across processes and machines: hashes come from
salted BLAKE2b, never from Python's per-process randomized ``hash()``, so
signatures stored in the database stay comparable.
"""

import hashlib
import struct
import unicodedata
from collections.abc import Iterable, Sequence
from functools import cache

SHINGLE_SIZE = 3
NUM_PERM = 64
LSH_BANDS = 16

# Thresholds on the Jaccard similarity of 3-gram shingles, calibrated on a
# 230-character accusation letter and copies of it: readdressed to another unit
# 0.97; resent with a new date and a line "already reported, no answer" 0.83;
# new salutation and date, phone dropped, two words changed 0.76; ten or twenty
# scattered one-character edits 0.73 and 0.61; the same matter retold in new
# words 0.01; another matter on a similar topic 0.03. Retellings are therefore
# invisible to content similarity; petitioner keys (keys.py) catch those.
# With 64 permutations the MinHash estimate has a standard error of about
# sqrt(s * (1 - s) / 64): 0.04 near 0.9, 0.06 near 0.6.
#: At or above: the same letter, sent again or to several units (一信多投).
SAME_LETTER_THRESHOLD = 0.9
#: At or above: possibly a repeat of an earlier petition; a person should look.
POSSIBLE_REPEAT_THRESHOLD = 0.6
# 16 bands of 4 rows make a pair a candidate with probability
# 1 - (1 - s**4) ** 16: 0.12 at s = 0.3, 0.89 at s = 0.6, 1 - 4e-8 at s = 0.9.

# One 64-byte BLAKE2b digest yields eight hash values, one per permutation;
# read as signed 64-bit integers they fit a PostgreSQL bigint unchanged.
_VALUES_PER_DIGEST = 8
_UNPACK_DIGEST = struct.Struct(">8q").unpack


def normalize_text(text: str) -> str:
    """Drop whitespace, punctuation (full- and half-width) and symbols; lowercase.

    NFKC first folds full-width letters and digits (ＡＢＣ１２３) into ASCII.
    """
    folded = unicodedata.normalize("NFKC", text).lower()
    # Unicode categories: P punctuation, S symbols, Z separators, C controls.
    return "".join(
        char for char in folded if unicodedata.category(char)[0] not in "PSZC"
    )


def shingles(text: str, n: int = SHINGLE_SIZE) -> set[str]:
    """Character n-grams of the normalized text; a shorter text is one shingle."""
    if n < 1:
        raise ValueError(f"n must be positive, got {n}")
    normalized = normalize_text(text)
    if len(normalized) <= n:
        return {normalized} if normalized else set()
    return {normalized[i : i + n] for i in range(len(normalized) - n + 1)}


def jaccard(a: set[str], b: set[str]) -> float:
    """|a ∩ b| / |a ∪ b|; two empty sets score 0, since nothing is shared."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def minhash_signature(
    shingle_set: Iterable[str], num_perm: int = NUM_PERM
) -> tuple[int, ...]:
    """Minimum of each of ``num_perm`` salted hash functions over the shingles."""
    if num_perm < 1:
        raise ValueError(f"num_perm must be positive, got {num_perm}")
    encoded = [shingle.encode() for shingle in set(shingle_set)]
    if not encoded:
        # An all-maximum signature would make every empty text match every other.
        raise ValueError("cannot sign an empty shingle set; skip texts this short")
    signature: list[int] = []
    for salt in _salts(num_perm):
        rows = [_UNPACK_DIGEST(_digest(shingle, salt)) for shingle in encoded]
        signature.extend(map(min, zip(*rows, strict=True)))
    return tuple(signature[:num_perm])


def estimate_similarity(sig_a: Sequence[int], sig_b: Sequence[int]) -> float:
    """Share of equal positions: an unbiased estimate of the Jaccard similarity."""
    if len(sig_a) != len(sig_b) or not sig_a:
        raise ValueError(
            f"signatures must be non-empty and of equal length, "
            f"got {len(sig_a)} and {len(sig_b)}"
        )
    return sum(a == b for a, b in zip(sig_a, sig_b, strict=True)) / len(sig_a)


def lsh_bands(signature: Sequence[int], bands: int = LSH_BANDS) -> list[str]:
    """One hex key per band; texts sharing any key are candidates to compare.

    A key starts with the band number, so equal rows in different bands never
    share a key.
    """
    if bands < 1 or len(signature) % bands:
        raise ValueError(
            f"a signature of {len(signature)} values cannot form {bands} bands"
        )
    rows = len(signature) // bands
    keys = []
    for band in range(bands):
        values = signature[band * rows : (band + 1) * rows]
        packed = b"".join(value.to_bytes(8, "big", signed=True) for value in values)
        digest = hashlib.blake2b(packed, digest_size=8).hexdigest()
        keys.append(f"{band:02x}{digest}")
    return keys


@cache
def _salts(num_perm: int) -> tuple[bytes, ...]:
    # Each salt (BLAKE2b allows 16 bytes) gives eight permutations; the group
    # number is salt enough, as the salt only has to differ between groups.
    groups = -(-num_perm // _VALUES_PER_DIGEST)
    return tuple(group.to_bytes(16, "big") for group in range(groups))


def _digest(data: bytes, salt: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=64, salt=salt).digest()
