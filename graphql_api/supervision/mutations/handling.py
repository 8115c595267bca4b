"""Handling: records, the conclusion, and the extension."""

import graphene

from graphql_api.supervision import enums
from graphql_api.supervision.mutations.base import PetitionMutation, enum_value
from supervision.errors import ExtensionErrorCode, PetitionHandleErrorCode
from supervision.services import handling
from tenants.roles import Permission


class HandlingRecordAdd(PetitionMutation):
    class Arguments:
        petition_id = graphene.ID(required=True)
        kind = enums.HandlingRecordKindEnum(required=True)
        occurred_on = graphene.Date(required=True)
        content = graphene.String(required=True)

    class Meta:
        permissions = (Permission.PETITION_HANDLE,)
        error_codes = PetitionHandleErrorCode
        description = "Record an investigation step (办理记录)."

    @classmethod
    def perform_mutation(cls, root, info, petition_id, kind, occurred_on, content):
        record = handling.handling_record_add(
            actor=info.context.user,
            petition_id=petition_id,
            kind=enum_value(kind),
            occurred_on=occurred_on,
            content=content,
        )
        return cls.done(record.petition)


class PetitionConclude(PetitionMutation):
    class Arguments:
        petition_id = graphene.ID(required=True)
        summary = graphene.String(required=True, description="办理情况.")
        finding = enums.FindingEnum(description="Required for 检举控告.")
        request = graphene.String(description="处理意见书: 信访请求.")
        facts = graphene.String(description="处理意见书: 查明事实.")
        reasons = graphene.String(description="处理意见书: 理由.")
        legal_basis = graphene.String(description="处理意见书: 依据.")
        decision = enums.AppealDecisionEnum(description="处理意见书: 处理意见.")

    class Meta:
        permissions = (Permission.PETITION_HANDLE,)
        error_codes = PetitionHandleErrorCode
        description = (
            "Conclude the stage (办理结论); for 申诉求决 the 处理意见书 is required."
        )

    @classmethod
    def perform_mutation(cls, root, info, petition_id, summary, **opinion):
        result = handling.petition_conclude(
            actor=info.context.user,
            petition_id=petition_id,
            summary=summary,
            finding=enum_value(opinion.get("finding")) or "",
            request=opinion.get("request") or "",
            facts=opinion.get("facts") or "",
            reasons=opinion.get("reasons") or "",
            legal_basis=opinion.get("legal_basis") or "",
            decision=enum_value(opinion.get("decision")) or "",
        )
        return cls.done(result.petition)


class ExtensionRequest(PetitionMutation):
    class Arguments:
        petition_id = graphene.ID(required=True)
        days = graphene.Int(required=True, description="At most 30 days.")
        reason = graphene.String(required=True)

    class Meta:
        permissions = (Permission.PETITION_HANDLE,)
        error_codes = ExtensionErrorCode
        description = "Ask for the one extension of at most 30 days (申请延期)."

    @classmethod
    def perform_mutation(cls, root, info, petition_id, days, reason):
        return cls.done(
            handling.extension_request(
                actor=info.context.user,
                petition_id=petition_id,
                days=days,
                reason=reason,
            )
        )


class ExtensionApprove(PetitionMutation):
    class Arguments:
        petition_id = graphene.ID(required=True)
        petitioner_told_on = graphene.Date(
            required=True, description="When the petitioner was told why (告知日期)."
        )

    class Meta:
        permissions = (Permission.PETITION_APPROVE,)
        error_codes = ExtensionErrorCode
        description = "Approve the extension (批准延期)."

    @classmethod
    def perform_mutation(cls, root, info, petition_id, petitioner_told_on):
        return cls.done(
            handling.extension_approve(
                actor=info.context.user,
                petition_id=petition_id,
                petitioner_told_on=petitioner_told_on,
            )
        )


class ExtensionReject(PetitionMutation):
    class Arguments:
        petition_id = graphene.ID(required=True)
        reason = graphene.String(required=True)

    class Meta:
        permissions = (Permission.PETITION_APPROVE,)
        error_codes = ExtensionErrorCode
        description = "Refuse the extension (不批准延期)."

    @classmethod
    def perform_mutation(cls, root, info, petition_id, reason):
        return cls.done(
            handling.extension_reject(
                actor=info.context.user, petition_id=petition_id, reason=reason
            )
        )
