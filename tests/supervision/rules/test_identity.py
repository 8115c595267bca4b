from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from supervision.rules.identity import (
    PROVINCE_CODES,
    InvalidCitizenId,
    InvalidPhone,
    citizen_id_check_char,
    make_citizen_id,
    mask_address,
    mask_citizen_id,
    mask_name,
    mask_phone,
    validate_citizen_id,
    validate_phone,
)

# The worked example printed in GB 11643-1999.
STANDARD_EXAMPLE = "11010519491231002X"
TODAY = date(2026, 3, 2)


def test_the_standard_example_validates():
    assert validate_citizen_id(STANDARD_EXAMPLE) == STANDARD_EXAMPLE


@pytest.mark.parametrize(
    "raw",
    [
        "11010519491231002x",
        " 11010519491231002X\n",
        "110105 19491231 002X",
        "１１０１０５１９４９１２３１００２ｘ",  # full-width, as typed with an IME
    ],
)
def test_citizen_id_is_normalized(raw):
    assert validate_citizen_id(raw) == STANDARD_EXAMPLE


def test_check_char_of_the_standard_example_is_x():
    assert citizen_id_check_char("11010519491231002") == "X"


def test_check_char_maps_remainder_through_10x98765432():
    # Weighted sum of 11010519491231003 is 169: remainder 4 maps to "8".
    assert citizen_id_check_char("11010519491231003") == "8"


@pytest.mark.parametrize("first17", ["1101051949123100", "1101051949123100X", ""])
def test_check_char_needs_17_digits(first17):
    with pytest.raises(ValueError, match="17 digits"):
        citizen_id_check_char(first17)


@pytest.mark.parametrize(
    ("value", "code", "message"),
    [
        ("", "empty", "请填写公民身份号码"),
        ("   ", "empty", "请填写公民身份号码"),
        ("11010519491231002", "bad_length", "公民身份号码应为18位，现为17位"),
        ("110105491231002", "bad_length", "公民身份号码应为18位，现为15位"),
        (
            "1101051949123100ZX",
            "bad_characters",
            "公民身份号码前17位应为数字，末位应为数字或X",
        ),
        (
            "11010519491231X02X",
            "bad_characters",
            "公民身份号码前17位应为数字，末位应为数字或X",
        ),
        (
            "١١٠١٠٥١٩٤٩١٢٣١٠٠٢X",  # Arabic-Indic digits pass str.isdigit()
            "bad_characters",
            "公民身份号码前17位应为数字，末位应为数字或X",
        ),
        (
            "99010519491231002X",
            "bad_region",
            "公民身份号码前两位“99”不是有效的省级行政区划代码",
        ),
        (
            "10010519491231002X",
            "bad_region",
            "公民身份号码前两位“10”不是有效的省级行政区划代码",
        ),
        (
            "110105194902300021",
            "bad_birthdate",
            "公民身份号码中的出生日期“19490230”无效",
        ),
        (
            "440524188001010014",  # the standard's second example, born 1880
            "bad_birthdate",
            "公民身份号码中的出生日期“18800101”无效",
        ),
        (
            "110105202603030018",
            "bad_birthdate",
            "公民身份号码中的出生日期“20260303”无效",
        ),
        (
            "11010519491231003X",
            "bad_check_digit",
            "公民身份号码校验位不正确，请核对号码",
        ),
        (
            "110105194912310021",
            "bad_check_digit",
            "公民身份号码校验位不正确，请核对号码",
        ),
    ],
)
def test_invalid_citizen_ids_report_a_code_and_a_chinese_message(value, code, message):
    with pytest.raises(InvalidCitizenId) as raised:
        validate_citizen_id(value, today=TODAY)

    assert (raised.value.code, raised.value.message) == (code, message)
    assert str(raised.value) == message
    assert isinstance(raised.value, ValueError)


def test_birth_on_today_and_on_1900_01_01_are_valid():
    born_today = make_citizen_id("110105", TODAY, 1)
    born_1900 = "11010519000101001X"

    assert validate_citizen_id(born_today, today=TODAY) == born_today
    assert validate_citizen_id(born_1900, today=TODAY) == born_1900


def test_taiwan_residence_permit_prefix_83_is_accepted():
    number = make_citizen_id("830000", date(1990, 5, 17), 12)

    assert number == "830000199005170128"


def test_province_codes_are_the_34_of_gb_t_2260_plus_83():
    assert len(PROVINCE_CODES) == 35
    assert PROVINCE_CODES["44"] == "广东省"
    assert "20" not in PROVINCE_CODES


def test_make_citizen_id_builds_the_standard_example():
    assert make_citizen_id("110105", date(1949, 12, 31), 2) == STANDARD_EXAMPLE


@pytest.mark.parametrize(
    ("region", "sequence", "message"),
    [
        ("11010", 1, "region must be six digits"),
        ("11010a", 1, "region must be six digits"),
        ("110105", 1000, "sequence must be 0..999"),
        ("110105", -1, "sequence must be 0..999"),
    ],
)
def test_make_citizen_id_rejects_bad_arguments(region, sequence, message):
    with pytest.raises(ValueError, match=message):
        make_citizen_id(region, date(1980, 1, 1), sequence)


def test_make_citizen_id_rejects_an_unknown_province():
    with pytest.raises(InvalidCitizenId) as raised:
        make_citizen_id("990105", date(1980, 1, 1), 1)

    assert raised.value.code == "bad_region"


@given(
    province=st.sampled_from(sorted(PROVINCE_CODES)),
    rest_of_region=st.from_regex(r"[0-9]{4}", fullmatch=True),
    birth=st.dates(min_value=date(1900, 1, 1), max_value=TODAY),
    sequence=st.integers(min_value=0, max_value=999),
)
def test_property_generated_ids_validate(province, rest_of_region, birth, sequence):
    number = make_citizen_id(province + rest_of_region, birth, sequence)

    assert validate_citizen_id(number, today=TODAY) == number
    assert number[6:14] == birth.strftime("%Y%m%d")


@given(
    number=st.builds(
        make_citizen_id,
        st.just("320102"),
        st.dates(min_value=date(1900, 1, 1), max_value=TODAY),
        st.integers(min_value=0, max_value=999),
    ),
    position=st.integers(min_value=14, max_value=16),
    delta=st.integers(min_value=1, max_value=9),
)
def test_property_a_single_sequence_digit_typo_fails_the_check(number, position, delta):
    wrong_digit = str((int(number[position]) + delta) % 10)
    typo = number[:position] + wrong_digit + number[position + 1 :]

    with pytest.raises(InvalidCitizenId) as raised:
        validate_citizen_id(typo, today=TODAY)

    assert raised.value.code == "bad_check_digit"


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [
        ("13812345678", "13812345678"),
        ("19912345678", "19912345678"),
        ("138 1234 5678", "13812345678"),
        ("138-1234-5678", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("008613812345678", "13812345678"),
        ("86-13812345678", "13812345678"),
        ("１３８１２３４５６７８", "13812345678"),
        ("010-62345678", "010-62345678"),
        ("01062345678", "010-62345678"),
        ("020 87654321", "020-87654321"),
        ("0571-87654321", "0571-87654321"),
        ("057186123456", "0571-86123456"),
        ("0755-2345678", "0755-2345678"),
    ],
)
def test_phone_numbers_are_normalized(raw, normalized):
    assert validate_phone(raw) == normalized


@pytest.mark.parametrize(
    ("value", "code", "message"),
    [
        ("", "empty", "请填写联系电话"),
        ("  ", "empty", "请填写联系电话"),
        ("138l2345678", "bad_characters", "联系电话只能包含数字和“-”"),
        ("(010)62345678", "bad_characters", "联系电话只能包含数字和“-”"),
        ("12812345678", "bad_mobile", "手机号码应为11位，以13至19开头"),
        ("1381234567", "bad_mobile", "手机号码应为11位，以13至19开头"),
        ("138123456789", "bad_mobile", "手机号码应为11位，以13至19开头"),
        (
            "010-12345678",
            "bad_landline",
            "固定电话应为区号加7至8位号码，如0571-87654321",
        ),
        (
            "0571-876543",
            "bad_landline",
            "固定电话应为区号加7至8位号码，如0571-87654321",
        ),
        (
            "0571-876543210",
            "bad_landline",
            "固定电话应为区号加7至8位号码，如0571-87654321",
        ),
        (
            "011-62345678",
            "bad_landline",
            "固定电话应为区号加7至8位号码，如0571-87654321",
        ),
        ("62345678", "bad_format", "请填写手机号码或带区号的固定电话"),
        ("+1 2025550123", "bad_format", "请填写手机号码或带区号的固定电话"),
    ],
)
def test_invalid_phones_report_a_code_and_a_chinese_message(value, code, message):
    with pytest.raises(InvalidPhone) as raised:
        validate_phone(value)

    assert (raised.value.code, raised.value.message) == (code, message)
    assert isinstance(raised.value, ValueError)


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("张三丰", "张**"),
        ("李四", "李*"),
        ("王", "*"),
        ("", ""),
        (" 欧阳娜娜 ", "欧***"),
    ],
)
def test_mask_name(name, masked):
    assert mask_name(name) == masked


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("11010519491231123x", "110105********123X"),
        (STANDARD_EXAMPLE, "110105********002X"),
        ("1101051234", "**********"),
        ("", ""),
    ],
)
def test_mask_citizen_id_keeps_region_and_last_four(number, masked):
    assert mask_citizen_id(number) == masked


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("13812345678", "138****5678"),
        ("0571-87654321", "0571-****4321"),
        ("010-6234567", "010-***4567"),
        ("057186123456", "057*****3456"),  # unnormalized: mask all but 3 + 4
        ("1234567", "*******"),
        ("", ""),
    ],
)
def test_mask_phone(phone, masked):
    assert mask_phone(phone) == masked


@pytest.mark.parametrize(
    ("address", "masked"),
    [
        ("浙江省杭州市西湖区文三路90号", "浙江省杭州市****"),
        ("北京市", "北京市****"),
        ("", ""),
    ],
)
def test_mask_address_keeps_six_characters_and_a_fixed_width_mask(address, masked):
    assert mask_address(address) == masked
