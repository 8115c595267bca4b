"""Remit objections and result reports."""

from __future__ import annotations

import graphene

from core.ids import parse_int_id
from graphql_api.core.mutations import BaseMutation
from graphql_api.crosslevel.inputs import ResultReportSubmitInput
from graphql_api.crosslevel.types import RemitObjectionType, ResultReportType
from supervision.crosslevel.errors import ObjectionErrorCode, ResultReportErrorCode
from supervision.crosslevel.services import links, reports
from tenants.roles import Permission


class RemitObjectionRaise(BaseMutation):
    """Object that a transferred item is outside the unit's remit (管辖异议)."""

    objection = graphene.Field(RemitObjectionType)

    class Arguments:
        link_id = graphene.ID(required=True)
        reason = graphene.String(required=True)

    class Meta:
        permissions = (Permission.CROSS_LEVEL_FLOW,)
        error_codes = ObjectionErrorCode
        description = "Object within 5 working days that a received item is outside the unit's remit (管辖异议)."

    @classmethod
    def perform_mutation(cls, root, info, link_id, reason):
        objection = links.remit_objection_raise(
            actor=info.context.user,
            link_id=parse_int_id(link_id, what="转办交办记录", field="linkId"),
            reason=reason,
        )
        return cls(objection=objection)


class RemitObjectionDecide(BaseMutation):
    """Uphold (the item comes back) or reject a remit objection."""

    objection = graphene.Field(RemitObjectionType)

    class Arguments:
        objection_id = graphene.ID(required=True)
        uphold = graphene.Boolean(required=True)
        note = graphene.String()

    class Meta:
        permissions = (Permission.CROSS_LEVEL_FLOW,)
        error_codes = ObjectionErrorCode
        description = (
            "Decide a remit objection (异议决定) raised by a subordinate unit."
        )

    @classmethod
    def perform_mutation(cls, root, info, objection_id, uphold, note=""):
        objection = links.remit_objection_decide(
            actor=info.context.user,
            objection_id=parse_int_id(
                objection_id, what="管辖异议", field="objectionId"
            ),
            uphold=uphold,
            note=note or "",
        )
        return cls(objection=objection)


class ResultReportSubmit(BaseMutation):
    """Report the result of an assigned case up (报结)."""

    report = graphene.Field(ResultReportType)

    class Arguments:
        input = ResultReportSubmitInput(required=True)

    class Meta:
        permissions = (Permission.REPORT_SUBMIT,)
        error_codes = ResultReportErrorCode
        description = (
            "Report the result of an assigned case (报结) to the assigning unit."
        )

    @classmethod
    def perform_mutation(cls, root, info, input):
        report = reports.result_report_submit(
            actor=info.context.user,
            link_id=parse_int_id(input.link_id, what="转办交办记录", field="linkId"),
            finding=input.finding.value if input.finding else "",
            handling=input.handling or "",
            petitioner_opinion=input.petitioner_opinion or "",
            attachment_ids=list(input.attachment_ids or []),
        )
        return cls(report=report)


class ResultReportDecide(BaseMutation):
    """Accept a result report, or send it back (the lower case reopens)."""

    report = graphene.Field(ResultReportType)

    class Arguments:
        report_id = graphene.ID(required=True)
        accept = graphene.Boolean(required=True)
        note = graphene.String()

    class Meta:
        permissions = (Permission.CROSS_LEVEL_FLOW,)
        error_codes = ResultReportErrorCode
        description = "Accept (认可) or send back (退回重办) a result report; sending back reopens the lower unit's case."

    @classmethod
    def perform_mutation(cls, root, info, report_id, accept, note=""):
        report = reports.result_report_decide(
            actor=info.context.user,
            report_id=parse_int_id(report_id, what="报结", field="reportId"),
            accept=accept,
            note=note or "",
        )
        return cls(report=report)
