"""Per-mutation error types: `<Mutation>Error` with its own `<Mutation>ErrorCode` enum."""

from __future__ import annotations

from enum import Enum

import graphene

from core.errors import CommonErrorCode


def error_type_for(
    mutation_name: str, codes: type[Enum] | None
) -> type[graphene.ObjectType]:
    """Build the error type of one mutation; error types are never shared."""
    members = {member.name: member.value for member in CommonErrorCode}
    if codes is not None:
        members.update({member.name: member.value for member in codes})
    python_enum = Enum(f"{mutation_name}ErrorCode", members)
    code_enum = graphene.Enum.from_enum(
        python_enum, description=f"Stable error codes of {mutation_name}."
    )
    return type(
        f"{mutation_name}Error",
        (graphene.ObjectType,),
        {
            "__doc__": f"An error of {mutation_name}: a stable code and a Chinese message (错误).",
            "field": graphene.String(description="The input field at fault, if any."),
            "message": graphene.String(
                required=True, description="What went wrong, in Chinese, for people."
            ),
            "code": graphene.Field(
                code_enum, required=True, description="Stable code for programs."
            ),
        },
    )
