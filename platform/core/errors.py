"""The one domain exception: a stable code for programs, a Chinese message for people."""

from __future__ import annotations

from enum import Enum, StrEnum


class DomainError(Exception):
    """Raised by services and selectors when an operation cannot be carried out.

    `code` is a member of the operation's code enum (a str Enum whose values are
    stable upper-case codes); `message` is shown to people; `field` names the
    input at fault, when one is.
    """

    def __init__(self, code: Enum | str, message: str, *, field: str | None = None):
        super().__init__(message)
        self.code = code.value if isinstance(code, Enum) else code
        self.message = message
        self.field = field

    def __repr__(self) -> str:
        return f"DomainError({self.code!r}, {self.message!r}, field={self.field!r})"


class CommonErrorCode(StrEnum):
    """Codes every operation can return, besides its own."""

    UNAUTHENTICATED = "UNAUTHENTICATED"
    PERMISSION_DENIED = "PERMISSION_DENIED"
    NOT_FOUND = "NOT_FOUND"
    INVALID = "INVALID"
    # Checked centrally for every input (graphql_api.core.inputs).
    LIST_TOO_LONG = "LIST_TOO_LONG"
    CONTROL_CHARACTERS = "CONTROL_CHARACTERS"
    # A mutation called with neither `input` nor its deprecated loose arguments,
    # or with both (graphql_api.core.mutation_input).
    INPUT_REQUIRED = "INPUT_REQUIRED"


def not_found(what: str = "对象", *, field: str | None = None) -> DomainError:
    """Out of scope answers exactly like missing (Zulip's rule)."""
    return DomainError(CommonErrorCode.NOT_FOUND, f"{what}不存在", field=field)


def permission_denied(message: str = "无权执行此操作") -> DomainError:
    return DomainError(CommonErrorCode.PERMISSION_DENIED, message)
