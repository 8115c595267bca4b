"""Parsed query documents and their validation, kept per query text.

Parsing a query and running the validation rules that look only at the
schema and the document (the standard rules, the depth, cost, mutation and
lookup limits) give the same answer for the same text every time, and the
workbench sends the same few texts all day: the dashboard's overview query
spent about a quarter of its time in the process validating itself again.
So the outcome (the document or its syntax error, and the validation errors)
is kept in a bounded LRU keyed by the query text, the validation under the
schema, rules and error limit it ran with.

Rules whose outcome depends on the request (`production.hiding_rules`: no
introspection for an anonymous caller in production, a setting read at each
request) are never cached: they run on every request, over the cached
document. Variables are not part of validation; they are coerced when the
operation runs, on every request.

A stranger sending many distinct or huge queries must not fill the memory of
a worker: at most MAX_CACHED_DOCUMENTS texts of at most MAX_CACHED_QUERY_LENGTH
characters each, MAX_CACHED_CHARACTERS in all, are kept (the least recently
used go first); a longer text is parsed and validated each time and never
kept. A document's syntax tree takes 60 (the workbench's documents) to 300
(a text made of one-letter fields) bytes a character, so the cache holds
about 45 MB at worst. The workbench's 123 documents are 41,645 characters
together, the longest 2,489 (the dashboard's overview query 1,670).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field

from graphql import DocumentNode, GraphQLError, GraphQLSchema, parse, validate

MAX_CACHED_DOCUMENTS = 256
MAX_CACHED_QUERY_LENGTH = 10_000
MAX_CACHED_CHARACTERS = 150_000

Rules = tuple[type, ...]


@dataclass
class ParsedQuery:
    """One query text: its document, or the syntax error that refused it."""

    document: DocumentNode | None
    syntax_error: GraphQLError | None
    # (schema, rules, max_errors) -> the errors those rules found.
    _validations: dict[tuple, tuple[GraphQLError, ...]] = field(
        default_factory=dict, repr=False
    )

    def static_errors(
        self, schema: GraphQLSchema, rules: Rules, max_errors: int | None
    ) -> tuple[GraphQLError, ...]:
        """The errors of the request-independent `rules`, found once."""
        assert self.document is not None
        key = (schema, rules, max_errors)
        errors = self._validations.get(key)
        if errors is None:
            errors = tuple(validate(schema, self.document, rules, max_errors))
            for error in errors:
                _forget_traceback(error)
            # Two threads may both validate the first time: same answer.
            self._validations[key] = errors
        return errors


def _forget_traceback(error: BaseException) -> None:
    """A kept error must not keep the frames that raised it alive."""
    error.__traceback__ = None
    error.__context__ = None


def _parse(query: str) -> ParsedQuery:
    try:
        return ParsedQuery(document=parse(query), syntax_error=None)
    except GraphQLError as error:
        _forget_traceback(error)
        return ParsedQuery(document=None, syntax_error=error)


class DocumentCache:
    """An LRU of ParsedQuery by query text, bounded in entries and in
    characters, safe across threads."""

    def __init__(
        self, *, max_entries: int, max_query_length: int, max_characters: int
    ) -> None:
        self.max_entries = max_entries
        self.max_query_length = max_query_length
        self.max_characters = max_characters
        self._entries: OrderedDict[str, ParsedQuery] = OrderedDict()
        self._characters = 0
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def characters(self) -> int:
        """The length of the texts kept, together."""
        return self._characters

    def __contains__(self, query: str) -> bool:
        return query in self._entries

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._characters = 0

    def get(self, query: str) -> ParsedQuery:
        """The parsed `query`, from the cache when it was seen recently.

        Anything but a syntax error (a recursion error on a pathological text)
        propagates as it did before and is not kept."""
        if len(query) > self.max_query_length:
            return _parse(query)
        with self._lock:
            parsed = self._entries.get(query)
            if parsed is not None:
                self._entries.move_to_end(query)
                return parsed
        # Parse outside the lock: one slow text must not hold up the others.
        parsed = _parse(query)
        with self._lock:
            if query not in self._entries:
                self._entries[query] = parsed
                self._characters += len(query)
            parsed = self._entries[query]
            self._entries.move_to_end(query)
            while (
                len(self._entries) > self.max_entries
                or self._characters > self.max_characters
            ):
                dropped, _parsed = self._entries.popitem(last=False)
                self._characters -= len(dropped)
        return parsed


DOCUMENTS = DocumentCache(
    max_entries=MAX_CACHED_DOCUMENTS,
    max_query_length=MAX_CACHED_QUERY_LENGTH,
    max_characters=MAX_CACHED_CHARACTERS,
)


def parsed_query(query: str) -> ParsedQuery:
    """The parsed `query` (see DocumentCache.get)."""
    return DOCUMENTS.get(query)


def validation_errors(
    schema: GraphQLSchema,
    parsed: ParsedQuery,
    *,
    static_rules: Sequence[type],
    request_rules: Sequence[type],
    max_errors: int | None,
) -> list[GraphQLError]:
    """What `validate(schema, document, static_rules + request_rules)` would
    answer, the static rules' part from the cache.

    The request's rules run alone over the document; when only one of the two
    parts found errors, that part is exactly what one run over all the rules
    finds (same errors, same order, same abort at `max_errors`). When both
    did, the errors of one run interleave them by position in the document,
    so that rare answer is validated again in one run, as before."""
    static = parsed.static_errors(schema, tuple(static_rules), max_errors)
    if not request_rules:
        return list(static)
    assert parsed.document is not None
    from_request = validate(schema, parsed.document, request_rules, max_errors)
    if not from_request:
        return list(static)
    if not static:
        return from_request
    return validate(
        schema, parsed.document, (*static_rules, *request_rules), max_errors
    )
