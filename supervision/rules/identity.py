"""Petitioner identity data: citizen ID numbers, phone numbers, masking.

Citizen ID numbers follow GB 11643-1999 (公民身份号码): a six-digit region code
(GB/T 2260), an eight-digit birth date, a three-digit sequence and an ISO 7064
MOD 11-2 check character. Validators return the normalized value or raise an
error carrying a stable English ``code`` and a Chinese ``message`` for the user.
"""

import datetime
import re
import unicodedata
from enum import StrEnum
from typing import NoReturn

# Province-level codes of GB/T 2260. 83 is not in GB/T 2260 but is the prefix of
# the numbers on residence permits of Taiwan residents (台湾居民居住证), which
# have the same format and are accepted wherever an ID number is.
PROVINCE_CODES: dict[str, str] = {
    "11": "北京市",
    "12": "天津市",
    "13": "河北省",
    "14": "山西省",
    "15": "内蒙古自治区",
    "21": "辽宁省",
    "22": "吉林省",
    "23": "黑龙江省",
    "31": "上海市",
    "32": "江苏省",
    "33": "浙江省",
    "34": "安徽省",
    "35": "福建省",
    "36": "江西省",
    "37": "山东省",
    "41": "河南省",
    "42": "湖北省",
    "43": "湖南省",
    "44": "广东省",
    "45": "广西壮族自治区",
    "46": "海南省",
    "50": "重庆市",
    "51": "四川省",
    "52": "贵州省",
    "53": "云南省",
    "54": "西藏自治区",
    "61": "陕西省",
    "62": "甘肃省",
    "63": "青海省",
    "64": "宁夏回族自治区",
    "65": "新疆维吾尔自治区",
    "71": "台湾省",
    "81": "香港特别行政区",
    "82": "澳门特别行政区",
    "83": "台湾居民居住证",
}

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"
_EARLIEST_BIRTH = datetime.date(1900, 1, 1)

# [0-9] rather than \d: \d also matches Arabic-Indic and other Unicode digits.
_CITIZEN_ID = re.compile(r"[0-9]{17}[0-9X]")
_MOBILE = re.compile(r"1[3-9][0-9]{9}")
_COUNTRY_PREFIX = re.compile(r"^(?:\+|00)?86-?(?=1)")
# Beijing 010 and 020-029 are the only three-digit area codes; all others are
# four digits, so an unseparated number splits in exactly one way. Local numbers
# never start with 0 or 1 (1 is kept for service numbers such as 110).
_LANDLINE = re.compile(r"(010|02[0-9]|0[3-9][0-9]{2})-?([2-9][0-9]{6,7})")


class InvalidIdentityValue(ValueError):
    """Base class: an identity value that fails validation."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class CitizenIdErrorCode(StrEnum):
    EMPTY = "empty"
    BAD_LENGTH = "bad_length"
    BAD_CHARACTERS = "bad_characters"
    BAD_REGION = "bad_region"
    BAD_BIRTHDATE = "bad_birthdate"
    BAD_CHECK_DIGIT = "bad_check_digit"


class InvalidCitizenId(InvalidIdentityValue):
    """A citizen ID number that fails GB 11643-1999."""


class PhoneErrorCode(StrEnum):
    EMPTY = "empty"
    BAD_CHARACTERS = "bad_characters"
    BAD_MOBILE = "bad_mobile"
    BAD_LANDLINE = "bad_landline"
    BAD_FORMAT = "bad_format"


class InvalidPhone(InvalidIdentityValue):
    """A phone number that is neither a mainland mobile nor a landline."""


def citizen_id_check_char(first17: str) -> str:
    """The MOD 11-2 check character for the first 17 digits of an ID number."""
    if not re.fullmatch(r"[0-9]{17}", first17):
        raise ValueError(f"expected 17 digits, got {first17!r}")
    total = sum(
        int(digit) * weight for digit, weight in zip(first17, _WEIGHTS, strict=True)
    )
    return _CHECK_CHARS[total % 11]


def validate_citizen_id(value: str, *, today: datetime.date | None = None) -> str:
    """Return the 18-character ID number with an upper-case X, or raise."""
    # NFKC turns full-width digits and Ｘ typed with a Chinese IME into ASCII;
    # pasted numbers often carry spaces between the groups.
    number = re.sub(r"\s+", "", unicodedata.normalize("NFKC", value)).upper()
    if not number:
        _fail_citizen_id(CitizenIdErrorCode.EMPTY, "请填写公民身份号码")
    if len(number) != 18:
        _fail_citizen_id(
            CitizenIdErrorCode.BAD_LENGTH,
            f"公民身份号码应为18位，现为{len(number)}位",
        )
    if not _CITIZEN_ID.fullmatch(number):
        _fail_citizen_id(
            CitizenIdErrorCode.BAD_CHARACTERS,
            "公民身份号码前17位应为数字，末位应为数字或X",
        )
    if number[:2] not in PROVINCE_CODES:
        _fail_citizen_id(
            CitizenIdErrorCode.BAD_REGION,
            f"公民身份号码前两位“{number[:2]}”不是有效的省级行政区划代码",
        )
    _check_birthdate(number[6:14], today or datetime.date.today())
    if citizen_id_check_char(number[:17]) != number[17]:
        _fail_citizen_id(
            CitizenIdErrorCode.BAD_CHECK_DIGIT,
            "公民身份号码校验位不正确，请核对号码",
        )
    return number


def make_citizen_id(region: str, birth: datetime.date, sequence: int) -> str:
    """A valid ID number for tests and demo data (odd sequence: male)."""
    if not re.fullmatch(r"[0-9]{6}", region):
        raise ValueError(f"region must be six digits, got {region!r}")
    if not 0 <= sequence <= 999:
        raise ValueError(f"sequence must be 0..999, got {sequence}")
    first17 = f"{region}{birth:%Y%m%d}{sequence:03d}"
    return validate_citizen_id(first17 + citizen_id_check_char(first17))


def validate_phone(value: str) -> str:
    """Return ``13812345678`` or ``0571-87654321`` style numbers, or raise."""
    number = re.sub(r"\s+", "", unicodedata.normalize("NFKC", value))
    if not number:
        _fail_phone(PhoneErrorCode.EMPTY, "请填写联系电话")
    if not re.fullmatch(r"\+?[0-9-]+", number):
        _fail_phone(PhoneErrorCode.BAD_CHARACTERS, "联系电话只能包含数字和“-”")
    number = _COUNTRY_PREFIX.sub("", number, count=1)
    if number.startswith("1"):
        digits = number.replace("-", "")
        if not _MOBILE.fullmatch(digits):
            _fail_phone(
                PhoneErrorCode.BAD_MOBILE,
                "手机号码应为11位，以13至19开头",
            )
        return digits
    if number.startswith("0"):
        match = _LANDLINE.fullmatch(number)
        if not match:
            _fail_phone(
                PhoneErrorCode.BAD_LANDLINE,
                "固定电话应为区号加7至8位号码，如0571-87654321",
            )
        return f"{match[1]}-{match[2]}"
    _fail_phone(PhoneErrorCode.BAD_FORMAT, "请填写手机号码或带区号的固定电话")


def mask_name(value: str) -> str:
    """张三丰 -> 张**; a one-character name is masked entirely."""
    name = value.strip()
    if len(name) <= 1:
        return "*" * len(name)
    return name[0] + "*" * (len(name) - 1)


def mask_citizen_id(value: str) -> str:
    """Keep the region code and the last four characters."""
    number = value.strip().upper()
    if len(number) <= 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def mask_phone(value: str) -> str:
    """138****5678; a landline keeps its area code: 0571-****4321."""
    number = value.strip()
    area, separator, local = number.rpartition("-")
    if separator and len(local) > 4:
        return f"{area}-{'*' * (len(local) - 4)}{local[-4:]}"
    if len(number) <= 7:
        return "*" * len(number)
    return number[:3] + "*" * (len(number) - 7) + number[-4:]


def mask_address(value: str) -> str:
    """Keep the first six characters, usually province and city."""
    address = value.strip()
    # The mask has a fixed width so that it does not reveal the length.
    return address[:6] + "****" if address else ""


def _check_birthdate(digits: str, today: datetime.date) -> None:
    try:
        birth = datetime.datetime.strptime(digits, "%Y%m%d").date()
    except ValueError:
        birth = None
    if birth is None or not _EARLIEST_BIRTH <= birth <= today:
        _fail_citizen_id(
            CitizenIdErrorCode.BAD_BIRTHDATE,
            f"公民身份号码中的出生日期“{digits}”无效",
        )


def _fail_citizen_id(code: CitizenIdErrorCode, message: str) -> NoReturn:
    raise InvalidCitizenId(code, message)


def _fail_phone(code: PhoneErrorCode, message: str) -> NoReturn:
    raise InvalidPhone(code, message)
