"""Who may call which operation without being signed in: decided here, once.

The rule, for every query and mutation:
- Credentials that were presented and rejected (an unknown, expired or revoked
  bearer token; a session that has ended) answer every operation except the
  public ones with one error, `UNAUTHENTICATED` / 请先登录, and no data, so a
  client learns to sign in again instead of reading empty lists.
- A caller with no credentials at all gets the same error for any staff-only
  query. `me` stays answerable for the sign-in page: `me: null`, no error,
  means nobody is signed in. Staff-only mutations keep answering such a caller
  in their own payload (`errors` with `UNAUTHENTICATED`), as they always have.
- Public operations (the online petition, signing in and out, the unit the
  request names, introspection) answer everyone.
"""

from __future__ import annotations

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
)

from core.errors import CommonErrorCode

UNAUTHENTICATED_MESSAGE = "请先登录"

# Queries the public may make: following an online petition (阳光信访), the unit
# an online petition is filed with (named by X-Unit), the units an accused's
# unit may be (unit names are public; the portal's picker asks), the Chinese
# labels of the enums (the portal shows them too), and
# introspection (which production may turn off separately).
PUBLIC_QUERY_FIELDS = frozenset(
    {
        "onlinePetitionProgress",
        "onlineChallenge",
        "onlineUnits",
        "currentUnit",
        "accusedUnitSuggestions",
        "enumLabels",
        "__typename",
        "__schema",
        "__type",
    }
)
# Answered without an error when no credentials at all were sent.
ANONYMOUS_QUERY_FIELDS = PUBLIC_QUERY_FIELDS | {"me"}
# Mutations that declare no permission and no login (`BaseMutation` with
# `permissions = ()`); a test keeps this list equal to those declarations.
PUBLIC_MUTATION_FIELDS = frozenset(
    {
        "login",
        "logout",
        "tokenCreate",
        "onlinePetitionSubmit",
        "onlinePetitionRate",
        "onlinePetitionReviewRequest",
        "__typename",
    }
)
REJECTED_CREDENTIALS = frozenset({"invalid-token", "expired-session"})


def unauthenticated_error() -> GraphQLError:
    return GraphQLError(
        UNAUTHENTICATED_MESSAGE,
        extensions={"code": CommonErrorCode.UNAUTHENTICATED.value},
    )


def _root_field_names(
    selection_set: SelectionSetNode,
    fragments: dict[str, FragmentDefinitionNode],
    seen: set[str],
) -> set[str]:
    names: set[str] = set()
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            names.add(selection.name.value)
        elif isinstance(selection, InlineFragmentNode):
            names |= _root_field_names(selection.selection_set, fragments, seen)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            fragment = fragments.get(name)
            if fragment is not None and name not in seen:
                seen.add(name)
                names |= _root_field_names(fragment.selection_set, fragments, seen)
    return names


def operation_root_fields(
    document: DocumentNode, operation: OperationDefinitionNode
) -> set[str]:
    """The root fields an operation selects, through fragments too."""
    fragments = {
        definition.name.value: definition
        for definition in document.definitions
        if isinstance(definition, FragmentDefinitionNode)
    }
    return _root_field_names(operation.selection_set, fragments, set())


def requires_sign_in(
    *, auth_method: str, is_authenticated: bool, operation_type, root_fields: set[str]
) -> bool:
    """Whether the operation must be refused with 请先登录 before it runs."""
    if is_authenticated:
        return False
    if auth_method in REJECTED_CREDENTIALS:
        allowed = (
            PUBLIC_MUTATION_FIELDS
            if operation_type == OperationType.MUTATION
            else PUBLIC_QUERY_FIELDS
        )
        return not root_fields <= allowed
    if operation_type == OperationType.QUERY:
        return not root_fields <= ANONYMOUS_QUERY_FIELDS
    return False
