"""One argument style for every mutation: `input:`, the loose arguments deprecated.

A mutation still declaring loose `Arguments` (`petitionId`, `note`, …) gets,
from this one helper, an `<Mutation>Input` type holding the same fields and an
`input` argument of that type. The loose arguments stay for one release,
optional and deprecated, so clients written against them keep working. Ids
inside the input are named `…Id`: `Meta.input_names` renames a loose argument
(`id` → `tokenId`) in the input only, and `perform_mutation` keeps receiving
its old keyword.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import graphene
from graphene.types.argument import to_arguments
from graphene.types.structures import NonNull
from graphene.utils.str_converters import to_camel_case
from graphql import Undefined

from core.errors import CommonErrorCode, DomainError
from graphql_api.core.types import deprecated_date_reason

LOOSE_DEPRECATION = "Use `input` (请改用 input 参数); removed in the next release."


@dataclass(frozen=True)
class LooseArguments:
    """How to turn `input` (or the deprecated loose arguments) into keywords."""

    input_name: str
    required: frozenset[str]
    defaults: dict = field(default_factory=dict)
    graphql_names: dict = field(default_factory=dict)

    def keywords(self, data: dict) -> dict:
        """The keywords for `perform_mutation`, or INPUT_REQUIRED."""
        given = data.pop("input", None)
        loose = {name: value for name, value in data.items() if value is not None}
        if given is not None and loose:
            names = "、".join(sorted(self.graphql_names[name] for name in loose))
            raise DomainError(
                CommonErrorCode.INPUT_REQUIRED,
                f"请只使用 input 参数，不要同时传入已弃用的参数 {names}",
                field="input",
            )
        if given is not None:
            return dict(given)
        missing = sorted(self.graphql_names[name] for name in self.required - {*loose})
        if missing and not loose:
            raise DomainError(
                CommonErrorCode.INPUT_REQUIRED,
                f"缺少 input 参数（{self.input_name}）",
                field="input",
            )
        if missing:
            raise DomainError(
                CommonErrorCode.INPUT_REQUIRED,
                f"缺少参数 {'、'.join(missing)}；请改用 input 参数（{self.input_name}）",
                field=missing[0],
            )
        return {**self.defaults, **loose}


def deprecated_input_date(new_name: str, description: str) -> graphene.InputField:
    """The old name of an input date renamed to `…On`, optional for one release."""
    return graphene.InputField(
        graphene.Date,
        description=description,
        deprecation_reason=deprecated_date_reason(new_name),
    )


def input_date_on(description: str) -> graphene.InputField:
    """An input date named `…On`, required in the next release: until then its
    old name may stand for it (`renamed_value`)."""
    return graphene.InputField(
        graphene.Date, description=f"{description}; required in the next release."
    )


def renamed_value(given, new: str, old: str, *, path: str = ""):
    """The value of an input field renamed from `old` to `new`: exactly one of
    the two must be given (INPUT_REQUIRED otherwise)."""
    value, old_value = given.get(new), given.get(old)
    new_name = f"{path}{to_camel_case(new)}"
    if (value is None) == (old_value is None):
        message = (
            f"请只填写 {new_name}，不要同时填写已弃用的 {to_camel_case(old)}"
            if value is not None
            else f"缺少 {new_name}"
        )
        raise DomainError(CommonErrorCode.INPUT_REQUIRED, message, field=new_name)
    return old_value if value is None else value


def input_from_arguments(
    mutation_name: str, arguments: dict, input_names: dict[str, str]
) -> tuple[dict, LooseArguments | None]:
    """The arguments to declare and how to read them back.

    Mutations that already take only `input` are left alone (None).
    """
    if not arguments or set(arguments) == {"input"}:
        return arguments, None
    mounted = to_arguments(arguments)
    if "input" in mounted:
        # An input beside loose arguments: those must be deprecated already,
        # their value also accepted inside the input (userUpdate's `id`).
        undeprecated = [
            name
            for name, argument in mounted.items()
            if name != "input" and not argument.deprecation_reason
        ]
        if undeprecated:
            raise ValueError(f"{mutation_name}: move {undeprecated} into its input")
        return arguments, None
    input_name = f"{mutation_name[0].upper()}{mutation_name[1:]}Input"
    input_fields, loose, required, defaults, graphql_names = {}, {}, set(), {}, {}
    for name, argument in mounted.items():
        old_name = argument.name or to_camel_case(name)
        graphql_names[name] = old_name
        nullable = argument.type
        if isinstance(nullable, NonNull):
            required.add(name)
            nullable = nullable.of_type
        if argument.default_value is not Undefined:
            defaults[name] = argument.default_value
        input_fields[name] = graphene.InputField(
            argument.type,
            name=to_camel_case(input_names.get(name, name)),
            default_value=argument.default_value,
            description=argument.description,
        )
        loose[name] = graphene.Argument(
            nullable,
            name=argument.name,
            description=argument.description,
            deprecation_reason=LOOSE_DEPRECATION,
        )
    input_type = type(
        input_name,
        (graphene.InputObjectType,),
        {
            "__doc__": f"Arguments of {mutation_name} (参数).",
            **input_fields,
        },
    )
    loose["input"] = graphene.Argument(
        input_type,
        description="The mutation's arguments (参数); required in the next release.",
    )
    return loose, LooseArguments(
        input_name=input_name,
        required=frozenset(required),
        defaults=defaults,
        graphql_names=graphql_names,
    )
