"""Every enum value of the schema has its Chinese label in the API (enumLabels)."""

from __future__ import annotations

import re

from graphql import GraphQLEnumType

from graphql_api.schema import schema

HAN = re.compile(r"[\u4e00-\u9fff]")

ENUM_LABELS = "{ enumLabels { name values { value label } } }"


def _schema_enums() -> dict[str, list[str]]:
    """Every enum of the printed schema but introspection and error codes."""
    return {
        name: list(graphql_type.values)
        for name, graphql_type in schema.graphql_schema.type_map.items()
        if isinstance(graphql_type, GraphQLEnumType)
        and not name.startswith("__")
        and not name.endswith("ErrorCode")
    }


def test_every_enum_value_of_the_schema_has_a_chinese_label(gql):
    # given the schema's enums, read from the schema itself, so a new enum
    # cannot be added without its labels
    expected = _schema_enums()

    # when anyone asks for the labels
    data = gql().ok(ENUM_LABELS)

    # then each enum and each of its values is there, with Chinese text
    answered = {item["name"]: item["values"] for item in data["enumLabels"]}
    assert sorted(answered) == sorted(expected)
    for name, values in expected.items():
        assert [value["value"] for value in answered[name]] == values
        unlabelled = [v["value"] for v in answered[name] if not HAN.search(v["label"])]
        assert unlabelled == [], f"{name} has values without a Chinese label"


def test_enum_labels_are_the_model_choices_and_rule_names(gql):
    data = gql().ok(ENUM_LABELS)
    labels = {
        item["name"]: {value["value"]: value["label"] for value in item["values"]}
        for item in data["enumLabels"]
    }

    assert labels["Channel"] == {
        "LETTER": "来信",
        "VISIT": "来访",
        "CALL": "来电",
        "ONLINE": "网上信访",
    }
    assert labels["ClockState"] == {
        "RUNNING": "正常",
        "WARNING": "临期预警",
        "OVERDUE": "已超期",
    }
    assert labels["ClockCode"]["HANDLING"] == "办理期限"
    assert labels["AppealDecision"] == {
        "SUPPORT": "支持",
        "EXPLAIN": "解释说明",
        "REJECT": "不予支持",
    }
    assert labels["OverviewMeasure"]["SATISFACTION_RATE"] == "满意率"
    assert labels["PetitionAction"]["CLOSURE_APPROVE"] == "审核办结"
