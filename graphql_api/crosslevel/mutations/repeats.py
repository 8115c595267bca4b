"""Repeat detection at registration, and the inbox."""

from __future__ import annotations

import graphene

from core.ids import parse_int_id
from graphql_api.core.mutations import BaseMutation
from graphql_api.crosslevel.inputs import PetitionRepeatScanInput
from graphql_api.crosslevel.types import RepeatMatchType
from supervision.crosslevel.errors import NotificationErrorCode
from supervision.crosslevel.services import notifications, repeats
from tenants.roles import Permission


class PetitionRepeatScan(BaseMutation):
    """Find repeats, skip-level and multi-send petitions across the tree."""

    matches = graphene.List(graphene.NonNull(RepeatMatchType))

    class Arguments:
        input = PetitionRepeatScanInput(required=True)

    class Meta:
        permissions = (Permission.PETITION_REGISTER,)
        error_codes = None
        description = (
            "Match a registered petition across all units by keyed hashes of the "
            "petitioner's ID and phone and by content (重复、越级、一信多投)."
        )

    @classmethod
    def perform_mutation(cls, root, info, input):
        matches = repeats.petition_repeat_scan(
            actor=info.context.user,
            petition_id=input.petition_id,
            citizen_ids=input.citizen_ids or [],
            phones=input.phones or [],
            content=input.content or "",
        )
        return cls(matches=matches)


class NotificationMarkRead(BaseMutation):
    """Mark messages of the signed-in user's inbox read."""

    marked = graphene.Int(description="How many messages were newly marked read.")

    class Arguments:
        ids = graphene.List(graphene.NonNull(graphene.ID), required=True)

    class Meta:
        permissions = ()
        require_login = True
        error_codes = NotificationErrorCode
        description = "Mark inbox messages read (标为已读)."

    @classmethod
    def perform_mutation(cls, root, info, ids):
        marked = notifications.notification_mark_read(
            actor=info.context.user,
            notification_ids=[parse_int_id(value, what="通知") for value in ids],
        )
        return cls(marked=marked)
