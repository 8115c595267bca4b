"""Repeat detection at registration."""

from __future__ import annotations

import graphene

from core.ids import parse_int_id
from graphql_api.core.mutations import BaseMutation
from graphql_api.crosslevel.types import RepeatMatchType
from supervision.crosslevel import selectors
from supervision.crosslevel.errors import RepeatMatchErrorCode
from supervision.crosslevel.services import repeats
from tenants.roles import Permission


class PetitionRepeatScan(BaseMutation):
    """Find repeats, skip-level and multi-send petitions across the tree."""

    matches = graphene.List(graphene.NonNull(RepeatMatchType))

    class Arguments:
        petition_id = graphene.UUID(required=True)

    class Meta:
        permissions = (Permission.PETITION_REGISTER,)
        error_codes = None
        description = (
            "Match a petition across all units by keyed hashes of its "
            "petitioners' ID numbers and phones and by its content "
            "(重复、越级、一信多投); registration runs it too."
        )

    @classmethod
    def perform_mutation(cls, root, info, petition_id):
        matches = repeats.petition_repeat_scan(
            actor=info.context.user, petition_id=petition_id
        )
        return cls(matches=matches)


def _match_payload(cls, match, actor):
    return cls(match=selectors.repeat_match_get(actor=actor, match_id=match.pk))


class RepeatMatchMerge(BaseMutation):
    """Merge a later petition into the earlier one of the same unit (并案)."""

    match = graphene.Field(RepeatMatchType)

    class Arguments:
        match_id = graphene.ID(required=True)
        note = graphene.String(description="并案说明")

    class Meta:
        permissions = (Permission.PETITION_DECIDE,)
        error_codes = RepeatMatchErrorCode
        # The merge is one transaction in the service; a refusal (回避/保密) is
        # logged outside it and must survive the failed mutation.
        atomic = False
        description = (
            "Merge the later petition of a repeat match into the earlier one of "
            "the same unit (并案): the later case closes as merged; both "
            "timelines record it. Matches across units cannot be merged."
        )

    @classmethod
    def perform_mutation(cls, root, info, match_id, note=None):
        match = repeats.repeat_match_merge(
            actor=info.context.user,
            match_id=parse_int_id(match_id, what="重复信访关联", field="matchId"),
            note=note or "",
        )
        return _match_payload(cls, match, info.context.user)


class RepeatMatchDismiss(BaseMutation):
    """Dismiss a false repeat match (非重复)."""

    match = graphene.Field(RepeatMatchType)

    class Arguments:
        match_id = graphene.ID(required=True)
        note = graphene.String(description="排除理由")

    class Meta:
        permissions = (Permission.PETITION_DECIDE,)
        error_codes = RepeatMatchErrorCode
        description = (
            "Dismiss a repeat match found to be false (非重复): the petition's "
            "repeat, skip-level and multi-send flags no longer count it."
        )

    @classmethod
    def perform_mutation(cls, root, info, match_id, note=None):
        match = repeats.repeat_match_dismiss(
            actor=info.context.user,
            match_id=parse_int_id(match_id, what="重复信访关联", field="matchId"),
            note=note or "",
        )
        return _match_payload(cls, match, info.context.user)
