"""Reading reporting reminders."""

from __future__ import annotations

import graphene

from core.ids import parse_int_id
from graphql_api.core.mutations import BaseMutation
from graphql_api.reporting.types import ReportReminderType
from supervision.reporting import services
from supervision.reporting.errors import ReminderErrorCode


class ReportReminderMarkRead(BaseMutation):
    """Mark one of the signed-in member's reminders read."""

    reminder = graphene.Field(ReportReminderType)

    class Arguments:
        reminder_id = graphene.ID(required=True)

    class Meta:
        permissions = ()
        require_login = True
        error_codes = ReminderErrorCode
        description = "Mark a reporting reminder read (标为已读)."

    @classmethod
    def perform_mutation(cls, root, info, reminder_id):
        reminder = services.report_reminder_mark_read(
            actor=info.context.user,
            reminder_id=parse_int_id(reminder_id, what="提醒", field="reminderId"),
        )
        return cls(reminder=reminder)
