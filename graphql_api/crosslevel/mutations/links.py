"""Transfer, assign and escalate a petition; record its accused for routing."""

from __future__ import annotations

import graphene

from graphql_api.core.mutations import BaseMutation
from graphql_api.crosslevel.inputs import (
    CaseSendInput,
    CaseSubjectRecordInput,
    PetitionAssignInput,
    PetitionSendDownApproveInput,
)
from graphql_api.crosslevel.types import CaseLinkType, RefusalLogType
from graphql_api.tenants.types import UnitType
from supervision.crosslevel import selectors
from supervision.crosslevel.errors import (
    CaseSendErrorCode,
    CaseSubjectErrorCode,
    SendDownApproveErrorCode,
)
from supervision.crosslevel.services import links
from tenants.roles import Permission


def _link_payload(cls, link, actor):
    return cls(link=selectors.case_link_get(actor=actor, link_id=link.pk))


class PetitionTransfer(BaseMutation):
    """Transfer (转办) a petition to a unit below."""

    link = graphene.Field(CaseLinkType)

    class Arguments:
        input = CaseSendInput(required=True)

    class Meta:
        permissions = (Permission.CROSS_LEVEL_FLOW,)
        error_codes = CaseSendErrorCode
        # The flow is one transaction in the service; a refusal (回避/保密) is
        # logged outside it and must survive the failed mutation.
        atomic = False
        description = (
            "Transfer (转办) a petition to a subordinate unit; both units' "
            "records commit together or not at all."
        )

    @classmethod
    def perform_mutation(cls, root, info, input):
        link = links.petition_transfer(
            actor=info.context.user,
            petition_id=input.petition_id,
            target_code=input.target_code,
            requirement=input.requirement or "",
        )
        return _link_payload(cls, link, info.context.user)


class PetitionAssign(BaseMutation):
    """Assign (交办) a petition to a unit below; a result report is due."""

    link = graphene.Field(CaseLinkType)

    class Arguments:
        input = PetitionAssignInput(required=True)

    class Meta:
        permissions = (Permission.CROSS_LEVEL_FLOW,)
        error_codes = CaseSendErrorCode
        atomic = False
        description = (
            "Assign (交办) a petition to a subordinate unit, which reports its "
            "result (报结) by the due date (default three months)."
        )

    @classmethod
    def perform_mutation(cls, root, info, input):
        link = links.petition_assign(
            actor=info.context.user,
            petition_id=input.petition_id,
            target_code=input.target_code,
            requirement=input.requirement or "",
            due_on=input.due_on,
        )
        return _link_payload(cls, link, info.context.user)


class PetitionEscalate(BaseMutation):
    """Escalate (上报) a matter beyond this unit's authority to an ancestor."""

    link = graphene.Field(CaseLinkType)

    class Arguments:
        input = CaseSendInput(required=True)

    class Meta:
        permissions = (Permission.CROSS_LEVEL_FLOW,)
        error_codes = CaseSendErrorCode
        atomic = False
        description = "Escalate (上报) a petition to a superior unit."

    @classmethod
    def perform_mutation(cls, root, info, input):
        link = links.petition_escalate(
            actor=info.context.user,
            petition_id=input.petition_id,
            target_code=input.target_code,
            requirement=input.requirement or "",
        )
        return _link_payload(cls, link, info.context.user)


class CaseSubjectRecord(BaseMutation):
    """Record an accused cadre's unit and managing level (干部管理权限)."""

    suggested_unit = graphene.Field(
        UnitType, description="The unit that manages the cadre (建议承办单位)."
    )

    class Arguments:
        input = CaseSubjectRecordInput(required=True)

    class Meta:
        permissions = (Permission.PETITION_REGISTER,)
        error_codes = CaseSubjectErrorCode
        description = (
            "Record the unit, managing level and main-leader flag of an accused "
            "cadre (被反映人); answers the unit that manages the cadre."
        )

    @classmethod
    def perform_mutation(cls, root, info, input):
        subject = links.case_subject_record(
            actor=info.context.user,
            petition_id=input.petition_id,
            accused_unit_code=input.accused_unit_code,
            managing_level=input.managing_level.value,
            is_main_leader=bool(input.is_main_leader),
            position=input.accused_position,
        )
        return cls(suggested_unit=links.managing_unit_for(subject))


class PetitionSendDownApprove(BaseMutation):
    """A leader decides that a case whose accused's unit is unknown may go down."""

    decision = graphene.Field(
        RefusalLogType, description="The decision as logged (拒绝与决定记录)."
    )

    class Arguments:
        input = PetitionSendDownApproveInput(required=True)

    class Meta:
        permissions = (Permission.PETITION_APPROVE,)
        error_codes = SendDownApproveErrorCode
        description = (
            "A leader's explicit decision, with a reason, that an accusation "
            "whose accused's unit is unknown (被反映人所在单位不详) may be "
            "transferred or assigned to the given unit below; recorded on the "
            "case's timeline and in the refusal and decision log."
        )

    @classmethod
    def perform_mutation(cls, root, info, input):
        decision = links.petition_send_down_approve(
            actor=info.context.user,
            petition_id=input.petition_id,
            target_code=input.target_code,
            reason=input.reason,
        )
        return cls(decision=decision)
