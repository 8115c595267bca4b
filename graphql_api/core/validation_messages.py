"""Chinese messages for graphql-core's validation and coercion errors.

graphql-core words its errors in English for developers; people reading the
workbench need Chinese. Each pattern below matches one message family of
graphql-core 3.2 (pinned in requirements.txt) and gives a Chinese message plus
a stable `reason`; the view keeps `extensions.code` and puts the English
original in `extensions.developerMessage`. A message no pattern knows falls
back to a general Chinese one, so English never reaches a person.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

# What a value of each scalar must look like, said for people.
SCALAR_HINTS = {
    "Date": "日期格式应为YYYY-MM-DD",
    "DateTime": "日期时间格式应为YYYY-MM-DDTHH:MM:SS",
    "Int": "应为整数",
    "Float": "应为数字",
    "Decimal": "应为数字",
    "String": "应为文本（用双引号括起）",
    "Boolean": "应为true或false",
    "ID": "应为编号（文本或整数）",
    "UUID": "应为UUID格式的编号",
    "JSONString": "应为JSON文本",
}
FALLBACK_MESSAGE = "查询语句有误，请检查后重试"


@dataclass(frozen=True)
class Translation:
    message: str
    reason: str


def _base_type(type_name: str) -> str:
    return type_name.strip("[]!")


def _value_hint(type_name: str, value: str | None) -> str:
    base = _base_type(type_name)
    hint = SCALAR_HINTS.get(base, f"取值与类型{base}不符")
    return f"{hint}（收到：{value}）" if value is not None else hint


def _invalid_value(match: re.Match) -> Translation:
    return Translation(_value_hint(match["type"], match["value"]), "INVALID_VALUE")


def _expected_value(match: re.Match) -> Translation:
    inner = match["inner"]
    if inner:
        translated = translate(inner)
        if translated.reason != "OTHER":
            return translated
    return Translation(_value_hint(match["type"], match["value"]), "INVALID_VALUE")


def _variable_value(match: re.Match) -> Translation:
    inner = translate(match["inner"])
    where = f"变量${match['name']}"
    if match["path"]:
        # graphql-core names the place inside the variable as ".field[0].name".
        where += f"的{match['path'].lstrip('.')}"
    message = inner.message if inner.reason != "OTHER" else "取值无效"
    return Translation(f"{where}有误：{message}", inner.reason)


def _fixed(reason: str, template: str) -> Callable[[re.Match], Translation]:
    def build(match: re.Match) -> Translation:
        return Translation(template.format(**match.groupdict()), reason)

    return build


_DID_YOU_MEAN = r"(?: Did you mean .*)?"
PATTERNS: list[tuple[re.Pattern, Callable[[re.Match], Translation]]] = [
    (
        re.compile(
            r"^Variable '\$(?P<name>\w+)' got invalid value (?P<value>.*?)"
            r"(?: at '\w+(?P<path>[^']*)')?; (?P<inner>.*)$",
            re.S,
        ),
        _variable_value,
    ),
    (
        re.compile(
            r"^Expected value of type '(?P<type>[^']+)', found (?P<value>.*?)"
            r"(?:; (?P<inner>.*)|\.)$",
            re.S,
        ),
        _expected_value,
    ),
    (
        re.compile(
            r"^Enum '(?P<type>\w+)' cannot represent non-enum value: "
            r"(?P<value>.*?)\." + _DID_YOU_MEAN + "$"
        ),
        _fixed("INVALID_ENUM_VALUE", "{type}的取值应为不加引号的选项（收到：{value}）"),
    ),
    (
        re.compile(
            r"^Value '(?P<value>[^']*)' does not exist in '(?P<type>\w+)' enum\."
            + _DID_YOU_MEAN
            + "$"
        ),
        _fixed("INVALID_ENUM_VALUE", "“{value}”不是{type}的可选值"),
    ),
    (
        re.compile(r"^Enum '(?P<type>\w+)' cannot represent value: (?P<value>.*)$"),
        _fixed("INVALID_ENUM_VALUE", "{value}不是{type}的可选值"),
    ),
    (
        re.compile(r"^(?P<type>\w+) cannot represent .*?value: (?P<value>.*)$"),
        _invalid_value,
    ),
    (
        re.compile(r"^Expected type '(?P<type>\w+)' to be a mapping\.$"),
        _fixed("INVALID_VALUE", "{type}应为对象（{{…}}）"),
    ),
    (
        re.compile(r"^Expected type '(?P<type>\w+)'\.(?: (?P<value>.*))?$"),
        lambda match: Translation(_value_hint(match["type"], None), "INVALID_VALUE"),
    ),
    (
        re.compile(r"^Expected non-nullable type '(?P<type>[^']+)' not to be None\.$"),
        _fixed("MISSING_VALUE", "必须填写（{type}）"),
    ),
    (
        re.compile(
            r"^Field '(?P<field>\w+)' argument '(?P<argument>\w+)' of type "
            r"'(?P<type>[^']+)' is required, but it was not provided\.$"
        ),
        _fixed("MISSING_ARGUMENT", "字段{field}缺少必填参数{argument}（{type}）"),
    ),
    (
        re.compile(
            r"^Field '(?:(?P<owner>\w+)\.)?(?P<field>\w+)' of required type "
            r"'(?P<type>[^']+)' was not provided\.$"
        ),
        lambda match: Translation(
            f"{match['owner'] or '输入'}缺少必填字段{match['field']}"
            f"（{match['type']}）",
            "MISSING_FIELD",
        ),
    ),
    (
        re.compile(
            r"^Field '(?P<field>\w+)' is not defined by type '(?P<type>\w+)'\."
            + _DID_YOU_MEAN
            + "$"
        ),
        _fixed("UNKNOWN_FIELD", "{type}没有字段{field}"),
    ),
    (
        re.compile(
            r"^Cannot query field '(?P<field>\w+)' on type '(?P<type>\w+)'\."
            + _DID_YOU_MEAN
            + "$"
        ),
        _fixed("UNKNOWN_FIELD", "{type}没有字段{field}"),
    ),
    (
        re.compile(
            r"^Unknown argument '(?P<argument>\w+)' on field '(?P<field>[\w.]+)'\."
            + _DID_YOU_MEAN
            + "$"
        ),
        _fixed("UNKNOWN_ARGUMENT", "字段{field}没有参数{argument}"),
    ),
    (
        re.compile(
            r"^Field '(?P<field>\w+)' of type '(?P<type>[^']+)' must have a "
            r"selection of subfields\..*$"
        ),
        _fixed("SELECTION_REQUIRED", "字段{field}（{type}）须列出要查询的子字段"),
    ),
    (
        re.compile(
            r"^Field '(?P<field>\w+)' must not have a selection since type "
            r"'(?P<type>[^']+)' has no subfields\.$"
        ),
        _fixed("SELECTION_NOT_ALLOWED", "字段{field}（{type}）没有子字段"),
    ),
    (
        re.compile(
            r"^Variable '\$(?P<name>\w+)' of required type '(?P<type>[^']+)' "
            r"was not provided\.$"
        ),
        _fixed("MISSING_VARIABLE", "缺少必填变量${name}（{type}）"),
    ),
    (
        re.compile(
            r"^Variable '\$(?P<name>\w+)' of non-null type '(?P<type>[^']+)' "
            r"must not be null\.$"
        ),
        _fixed("MISSING_VARIABLE", "变量${name}（{type}）不能为空"),
    ),
    (
        re.compile(r"^Variable '\$(?P<name>\w+)' is never used.*$"),
        _fixed("UNUSED_VARIABLE", "变量${name}已声明但未使用"),
    ),
    (
        re.compile(r"^Variable '\$(?P<name>\w+)' is not defined.*$"),
        _fixed("UNDEFINED_VARIABLE", "变量${name}未声明"),
    ),
    (
        re.compile(
            r"^Variable '\$(?P<name>\w+)' of type '(?P<type>[^']+)' used in "
            r"position expecting type '(?P<expected>[^']+)'\.$"
        ),
        _fixed(
            "VARIABLE_TYPE_MISMATCH",
            "变量${name}的类型{type}与此处要求的{expected}不符",
        ),
    ),
    (
        re.compile(r"^Unknown type '(?P<type>\w+)'\..*$"),
        _fixed("UNKNOWN_TYPE", "未知类型{type}"),
    ),
    (
        re.compile(r"^Unknown fragment '(?P<name>\w+)'\.$"),
        _fixed("UNKNOWN_FRAGMENT", "未定义片段{name}"),
    ),
    (
        re.compile(r"^Syntax Error: .*$", re.S),
        _fixed("SYNTAX_ERROR", "查询语句有语法错误"),
    ),
    (
        re.compile(r"^This anonymous operation must be the only defined operation\.$"),
        _fixed("OPERATION_NAME", "未命名的操作只能单独发送"),
    ),
    (
        re.compile(r"^Must provide operation name .*$"),
        _fixed("OPERATION_NAME", "请求含多个操作，请给出operationName"),
    ),
    (
        re.compile(r"^Unknown operation named '(?P<name>[^']*)'\.$"),
        _fixed("OPERATION_NAME", "没有名为{name}的操作"),
    ),
    (
        re.compile(r"^'\w+' exceeds maximum operation depth of (?P<depth>\d+)\.?$"),
        _fixed("QUERY_TOO_DEEP", "查询嵌套过深（最多{depth}层），请拆分查询"),
    ),
]


def translate(message: str) -> Translation:
    """The Chinese message and stable reason of one graphql-core message."""
    for pattern, build in PATTERNS:
        match = pattern.match(message)
        if match:
            return build(match)
    return Translation(FALLBACK_MESSAGE, "OTHER")


def is_chinese(message: str) -> bool:
    """Messages written here (cost limit, Chinese scalars) need no translation."""
    return any("\u4e00" <= character <= "\u9fff" for character in message)
