"""Every input checked in one place: list lengths and control characters.

A graphene middleware walks each field's arguments alongside their GraphQL
types before the resolver runs. A list longer than its limit, or a string
with a control character (NUL and the rest of Unicode's Cc, or a lone
surrogate that cannot be stored), is refused: a mutation answers with its
`errors` and runs nothing, any other field with a GraphQL error. Both carry
the input's path (e.g. `petitioners.3.name`) and a stable code.

Every list input has a limit here; a test generates the list of list inputs
from the schema, so a new one cannot be added without a limit.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLScalarType,
    get_named_type,
)

from core.errors import CommonErrorCode, DomainError
from graphql_api.core.mutations import BaseMutation
from graphql_api.core.query_errors import query_error

# Longest list accepted, by position: `<InputType>.<field>` for input fields,
# `<Type>.<field>.<argument>` for arguments.
LIST_INPUT_LIMITS: dict[str, int] = {
    # One registration: a joint letter names its cosigners (联名信).
    "PetitionRegisterInput.petitioners": 100,
    "PetitionRegisterInput.accused": 20,
    "OnlinePetitionSubmitInput.accused": 10,
    # The duplicate check runs on what a registration form holds.
    "Query.petitionDuplicates.citizenIds": 100,
    "Query.petitionDuplicates.phones": 100,
    "Query.petitionFinalMatters.citizenIds": 100,
    "Query.petitionFinalMatters.phones": 100,
    # A year's holidays and 调休 days, by date range (about a dozen a year).
    "HolidayScheduleInput.ranges": 60,
    # Audit kinds to filter by (AuditAction has a few dozen values).
    "Query.auditEntries.actions": 50,
    # One page of the inbox (core.types.MAX_PAGE_SIZE).
    "Mutation.notificationMarkRead.ids": 200,
    "NotificationMarkReadInput.notificationIds": 200,
    "Mutation.reportSubmit.sections": 20,
    "ReportSubmitInput.sections": 20,
    "ReportRequirementInput.targetLevels": 4,
    "RiskScreeningInput.sensitiveDates": 10,
    "AssessmentBulletinInput.weights": 20,
    "UserCreateInput.roles": 10,
    "UserUpdateInput.roles": 10,
    # The portal's files: the service refuses more than five with its own
    # message (TOO_MANY_FILES); this bound only caps a forged request.
    "OnlinePetitionSubmitInput.attachments": 20,
    # The files of the assignee's case sent up with a result report.
    "ResultReportSubmitInput.attachmentIds": 50,
    # The files of the supervised case sent with a supervision order's reply.
    "SupervisionOrderReplyInput.attachmentIds": 50,
    # A topic order's reply files: the service refuses more than five with
    # its own message (TOO_MANY_FILES); this bound only caps a forged request.
    "SupervisionOrderReplyInput.files": 20,
    # Link states and kinds to filter by (a few values each).
    "Query.caseLinksPage.states": 20,
    "Query.caseLinksPage.kinds": 20,
}
# A list input missing above still gets a limit (fail closed).
DEFAULT_LIST_LIMIT = 100

# String inputs that hold prose and may keep line breaks and tabs, by field
# or argument name wherever it appears; every other string is one line.
MULTILINE_INPUT_NAMES = frozenset(
    {
        "comment",
        "content",
        "facts",
        "handling",
        "instructions",
        "legalBasis",
        "matter",
        "measures",
        "note",
        "peopleInvolved",
        "petitionerOpinion",
        "reason",
        "reasons",
        "request",
        "requirement",
        "summary",
        "text",
    }
)
_LINE_BREAKS = frozenset("\n\r\t")
_REFUSED_CATEGORIES = frozenset({"Cc", "Cs"})


def input_problem(field, owner: str, args: Mapping) -> DomainError | None:
    """The first thing wrong with `args` of `field` (a GraphQLField), if any."""
    for name, argument in field.args.items():
        value = args.get(argument.out_name or name)
        path = "" if name == "input" else name
        problem = _check(value, argument.type, f"{owner}.{name}", name, path)
        if problem is not None:
            return problem
    return None


def _check(value, type_, position: str, name: str, path: str) -> DomainError | None:
    if value is None:
        return None
    if isinstance(type_, GraphQLNonNull):
        return _check(value, type_.of_type, position, name, path)
    if isinstance(type_, GraphQLList):
        items = value if isinstance(value, list | tuple) else [value]
        limit = LIST_INPUT_LIMITS.get(position, DEFAULT_LIST_LIMIT)
        if len(items) > limit:
            return DomainError(
                CommonErrorCode.LIST_TOO_LONG,
                f"{path} 最多 {limit} 项，收到 {len(items)} 项",
                field=path,
            )
        for index, item in enumerate(items):
            problem = _check(item, type_.of_type, position, name, _join(path, index))
            if problem is not None:
                return problem
        return None
    if isinstance(type_, GraphQLInputObjectType):
        for field_name, field in type_.fields.items():
            problem = _check(
                value.get(field.out_name or field_name),
                field.type,
                f"{type_.name}.{field_name}",
                field_name,
                _join(path, field_name),
            )
            if problem is not None:
                return problem
        return None
    if isinstance(type_, GraphQLScalarType) and not isinstance(type_, GraphQLEnumType):
        return _check_text(value, name, path)
    return None


def _check_text(value, name: str, path: str) -> DomainError | None:
    if not isinstance(value, str):
        return None
    allowed = _LINE_BREAKS if name in MULTILINE_INPUT_NAMES else frozenset()
    for index, character in enumerate(value, start=1):
        if character in allowed:
            continue
        if unicodedata.category(character) in _REFUSED_CATEGORIES:
            what = "换行或制表符" if character in _LINE_BREAKS else "控制字符"
            return DomainError(
                CommonErrorCode.CONTROL_CHARACTERS,
                f"{path} 第 {index} 个字符是不允许的{what}"
                f"（U+{ord(character):04X}），请删除后重试",
                field=path,
            )
    return None


def _join(path: str, part) -> str:
    return f"{path}.{part}" if path else str(part)


class InputCheckMiddleware:
    """Runs `input_problem` before every resolver that takes arguments."""

    def resolve(self, next, root, info, **args):
        # Meta fields (`__type(name:)`) are not among the parent's fields.
        field = info.parent_type.fields.get(info.field_name) if args else None
        if field is not None:
            owner = f"{info.parent_type.name}.{info.field_name}"
            problem = input_problem(field, owner, args)
            if problem is not None:
                payload = getattr(
                    get_named_type(info.return_type), "graphene_type", None
                )
                if isinstance(payload, type) and issubclass(payload, BaseMutation):
                    return payload.failure(problem)
                raise query_error(problem)
        return next(root, info, **args)
