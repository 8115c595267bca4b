import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from supervision.rules.similarity import (
    LSH_BANDS,
    NUM_PERM,
    POSSIBLE_REPEAT_THRESHOLD,
    SAME_LETTER_THRESHOLD,
    estimate_similarity,
    jaccard,
    lsh_bands,
    minhash_signature,
    normalize_text,
    shingles,
)

REPOSITORY_ROOT = Path(__file__).resolve().parents[3]

# The calibration letters behind the module's thresholds.
LETTER = (
    "尊敬的县委组织部领导：我是某某镇某某村村民王某，现反映本村党支部书记李某某"
    "在2024年村“两委”换届选举中存在拉票贿选问题。选举前一周，李某某通过其亲属向"
    "部分党员每人发放现金二百元，并承诺当选后为其办理低保。多名党员可以作证。"
    "此外，李某某长期不召开党员大会，村务财务不公开，群众意见很大。恳请组织部门"
    "调查核实，依规依纪严肃处理，还我们一个风清气正的选举环境。反映人：王某，"
    "联系电话一三八一二三四五六七八。二〇二五年三月五日"
)
READDRESSED = LETTER.replace("县委组织部", "市委组织部")
RESENT = LETTER.replace(
    "尊敬的县委组织部领导：",
    "尊敬的县委组织部领导：我曾于2025年3月反映以下问题，至今未收到答复，现再次反映。",
).replace("二〇二五年三月五日", "二〇二五年六月二日")
RETOLD = (
    "我要第三次反映我们村支书李某某换届时买票的事情。去年换届前他让他弟弟挨家"
    "挨户给党员送钱，一人两百块，还说选上了就给办低保。这事村里好多党员都知道。"
    "他当书记这些年从来不开党员会，账目也不公开。上次反映后一直没有人来调查，"
    "希望领导重视，尽快派人查清楚。王某"
)
OTHER_MATTER = (
    "县委组织部：本人系某某乡干部张某，反映乡党委在2024年干部选拔任用中未按规定"
    "进行民主推荐，拟任人选公示期未满即下发任职通知，程序违规，请予核查。"
)


def test_normalize_text_drops_punctuation_symbols_and_space_and_folds_width():
    raw = (
        "  你好，世界！Hello, World… ＡＢＣ１２３【测试】“引号”《书名》、顿号；分号👍\n"
    )

    assert normalize_text(raw) == "你好世界helloworldabc123测试引号书名顿号分号"


def test_normalize_text_keeps_chinese_numerals_and_digits():
    assert normalize_text("二〇二五年 3 月") == "二〇二五年3月"


def test_shingles_are_character_trigrams_of_the_normalized_text():
    assert shingles("你好，世界！") == {"你好世", "好世界"}


def test_shingles_of_a_short_text_is_the_text_itself():
    assert shingles("你好") == {"你好"}


def test_shingles_of_punctuation_only_is_empty():
    assert shingles("，。！？") == set()


def test_shingles_with_a_custom_size():
    assert shingles("信访件", n=2) == {"信访", "访件"}


def test_shingle_size_must_be_positive():
    with pytest.raises(ValueError, match="n must be positive"):
        shingles("信访件", n=0)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ({"a", "b"}, {"b", "c"}, 1 / 3),
        ({"a", "b"}, {"a", "b"}, 1.0),
        ({"a"}, {"b"}, 0.0),
        ({"a"}, set(), 0.0),
        (set(), set(), 0.0),
    ],
)
def test_jaccard(a, b, expected):
    assert jaccard(a, b) == expected


@pytest.mark.parametrize(
    ("other", "expected"),
    [
        (READDRESSED, 0.968),
        (RESENT, 0.831),
        (RETOLD, 0.010),
        (OTHER_MATTER, 0.029),
    ],
)
def test_calibration_letters_score_as_the_module_documents(other, expected):
    assert round(jaccard(shingles(LETTER), shingles(other)), 3) == expected


def test_thresholds_separate_the_calibration_letters():
    def score(other):
        return jaccard(shingles(LETTER), shingles(other))

    assert score(READDRESSED) >= SAME_LETTER_THRESHOLD
    assert POSSIBLE_REPEAT_THRESHOLD <= score(RESENT) < SAME_LETTER_THRESHOLD
    assert score(RETOLD) < POSSIBLE_REPEAT_THRESHOLD
    assert score(OTHER_MATTER) < POSSIBLE_REPEAT_THRESHOLD


def test_minhash_signature_is_pinned_because_stored_signatures_must_stay_valid():
    # If this changes, every signature and band key in the database is stale.
    signature = minhash_signature({"信访件", "abc"}, num_perm=8)

    assert signature == (
        -5007821093082477299,
        -892109623952624424,
        -8171144865040550328,
        798806394280765346,
        6816139439570731088,
        -7527855331338863567,
        1788925934845399642,
        -5106089196485830365,
    )


def test_minhash_signature_has_num_perm_values_that_fit_a_bigint():
    signature = minhash_signature(shingles(LETTER))

    assert len(signature) == NUM_PERM == 64
    assert all(-(2**63) <= value < 2**63 for value in signature)


def test_minhash_signature_ignores_order_and_duplicates():
    assert minhash_signature(["abc", "def", "abc"]) == minhash_signature({"def", "abc"})


def test_minhash_signature_of_fewer_permutations_is_a_prefix():
    long_signature = minhash_signature(shingles(LETTER), num_perm=20)

    assert minhash_signature(shingles(LETTER), num_perm=10) == long_signature[:10]
    assert len(long_signature) == 20


def test_minhash_signature_is_the_same_in_another_process():
    # A different PYTHONHASHSEED changes hash(); the signature must not change.
    code = (
        "from supervision.rules.similarity import minhash_signature, shingles;"
        "print(minhash_signature(shingles('重复信访一信多投'), num_perm=16))"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            cwd=REPOSITORY_ROOT,
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2")
    }

    assert outputs == {
        str(minhash_signature(shingles("重复信访一信多投"), num_perm=16)) + "\n"
    }


def test_minhash_signature_of_an_empty_set_is_refused():
    with pytest.raises(ValueError, match="empty shingle set"):
        minhash_signature(set())


def test_minhash_signature_needs_a_positive_num_perm():
    with pytest.raises(ValueError, match="num_perm must be positive"):
        minhash_signature({"abc"}, num_perm=0)


def test_estimate_similarity_counts_equal_positions():
    assert estimate_similarity((1, 2, 3, 4), (1, 2, 0, 0)) == 0.5


def test_estimate_similarity_of_a_near_duplicate_is_near_its_jaccard():
    a, b = shingles(LETTER), shingles(RESENT)

    estimate = estimate_similarity(minhash_signature(a), minhash_signature(b))

    assert abs(estimate - jaccard(a, b)) < 0.15


@pytest.mark.parametrize(("a", "b"), [((1, 2), (1, 2, 3)), ((), ())])
def test_estimate_similarity_needs_equal_non_empty_signatures(a, b):
    with pytest.raises(ValueError, match="equal length"):
        estimate_similarity(a, b)


def test_lsh_bands_give_one_prefixed_hex_key_per_band():
    keys = lsh_bands(minhash_signature(shingles(LETTER)))

    assert len(keys) == LSH_BANDS == 16
    assert [key[:2] for key in keys] == [f"{band:02x}" for band in range(16)]
    assert all(len(key) == 18 and int(key, 16) >= 0 for key in keys)


def test_lsh_band_key_is_pinned():
    # blake2b(8 zero bytes x 4 rows, digest_size=8), prefixed by band 00.
    assert lsh_bands((0,) * 64)[0] == "00c50d124a8aaf41a1"


def test_equal_rows_in_different_bands_get_different_keys():
    keys = lsh_bands((0,) * 64)

    assert len(set(keys)) == 16


def test_a_change_in_one_band_changes_only_that_key():
    signature = list(range(64))
    changed = signature.copy()
    changed[13] = -1  # band 3 holds positions 12-15

    before, after = lsh_bands(signature), lsh_bands(changed)

    assert [i for i in range(16) if before[i] != after[i]] == [3]


@pytest.mark.parametrize(("length", "bands"), [(64, 0), (64, 10), (10, 16)])
def test_lsh_bands_must_divide_the_signature(length, bands):
    with pytest.raises(ValueError, match="cannot form"):
        lsh_bands(tuple(range(length)), bands=bands)


def test_resent_letter_shares_a_band_key_and_a_retelling_does_not():
    def keys(text):
        return set(lsh_bands(minhash_signature(shingles(text))))

    assert keys(LETTER) & keys(RESENT)
    assert not keys(LETTER) & keys(RETOLD)


_universe = st.integers(min_value=0, max_value=300).map(lambda i: f"s{i}")


@settings(max_examples=50)
@given(
    common=st.sets(_universe, max_size=40),
    only_a=st.sets(_universe, max_size=40),
    only_b=st.sets(_universe, max_size=40),
)
def test_property_minhash_estimate_is_near_jaccard(common, only_a, only_b):
    a, b = common | only_a, common | only_b
    assume(a and b)

    estimate = estimate_similarity(
        minhash_signature(a, num_perm=256), minhash_signature(b, num_perm=256)
    )

    # The standard error at 256 permutations is at most 0.031; 0.2 is 6 of them.
    assert abs(estimate - jaccard(a, b)) <= 0.2
