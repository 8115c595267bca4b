"""Chinese labels of every enum of the schema, in one query (enumLabels).

Clients never hard-code Chinese for enum values: they read the labels here.
Each label comes from the Python enum behind the GraphQL enum: the TextChoices
label, or a `label` property on the other enums. Error-code enums are left out
on purpose: an error already carries its Chinese message.
"""

from __future__ import annotations

from enum import Enum

import graphene
from graphql import GraphQLEnumType, GraphQLSchema


def member_label(member: Enum | str | None) -> str | None:
    """The Chinese label of an enum member (TextChoices or a `label` property)."""
    if member is None or member == "":
        return None
    label = getattr(member, "label", None)
    return str(label) if label else None


def is_labelled_enum(name: str) -> bool:
    """Every enum of the schema except introspection and error codes."""
    return not name.startswith("__") and not name.endswith("ErrorCode")


def schema_enum_labels(schema: GraphQLSchema) -> list[dict]:
    """Every labelled enum of `schema` with its values and their labels."""
    enums = []
    for name, graphql_type in sorted(schema.type_map.items()):
        if not isinstance(graphql_type, GraphQLEnumType) or not is_labelled_enum(name):
            continue
        python_enum = graphql_type.graphene_type._meta.enum
        enums.append(
            {
                "name": name,
                "values": [
                    {
                        "value": value_name,
                        "label": member_label(python_enum[value_name]) or "",
                    }
                    for value_name in graphql_type.values
                ],
            }
        )
    return enums


class EnumValueLabelType(graphene.ObjectType):
    """One enum value and its Chinese label (中文名称)."""

    class Meta:
        name = "EnumValueLabel"

    value = graphene.String(required=True, description="The enum value, e.g. LETTER.")
    label = graphene.String(required=True, description="Its label, e.g. 来信.")


class EnumLabelsType(graphene.ObjectType):
    """An enum of the schema with the Chinese label of each value."""

    class Meta:
        name = "EnumLabels"

    name = graphene.String(required=True, description="The enum's name, e.g. Channel.")
    values = graphene.List(graphene.NonNull(EnumValueLabelType), required=True)


class LabelQueries(graphene.ObjectType):
    enum_labels = graphene.List(
        graphene.NonNull(EnumLabelsType),
        required=True,
        description="Chinese labels (中文名称) of every enum value of the schema; "
        "error codes excepted, their errors carry a message.",
    )

    @staticmethod
    def resolve_enum_labels(root, info):
        return schema_enum_labels(info.schema)


def label_field(
    attribute: str, description: str, *, required: bool = False
) -> graphene.String:
    """A `…Label` field beside an enum field: the Chinese label of its value,
    from the model's choices (`get_<field>_display`) or the enum member."""

    def resolve(obj, info):
        value = getattr(obj, attribute)
        if value is None or value == "":
            return None
        if isinstance(value, Enum):
            return member_label(value)
        return getattr(obj, f"get_{attribute}_display")()

    return graphene.String(description=description, required=required, resolver=resolve)
