"""The public's online petitions (网上信访) and progress queries (阳光信访)."""

from __future__ import annotations

import graphene

from graphql_api.core.mutations import BaseMutation
from graphql_api.core.query_errors import domain_errors
from graphql_api.core.upload import Upload
from graphql_api.supervision.enums import (
    LegalTypeEnum,
    PetitionStatusEnum,
    SatisfactionEnum,
    StageEnum,
    TopicEnum,
)
from graphql_api.supervision.mutations.base import enum_value
from supervision.crosslevel.errors import (
    OnlinePetitionRateErrorCode,
    OnlinePetitionReviewRequestErrorCode,
    OnlinePetitionSubmitErrorCode,
)
from supervision.crosslevel.services.challenge import online_challenge_new
from supervision.crosslevel.services.online import (
    OnlineAccusedData,
    OnlineDecision,
    OnlineFile,
    OnlineSubmission,
    online_petition_progress,
    online_petition_rate,
    online_petition_review_request,
    online_petition_submit,
)


def client_ip(info) -> str:
    """The caller's address as the web server saw it (behind a proxy, the
    proxy sets REMOTE_ADDR from the trusted forwarded header)."""
    return info.context.META.get("REMOTE_ADDR", "") or "unknown"


class OnlineAccusedInput(graphene.InputObjectType):
    """A person the petition is about (被反映人)."""

    name = graphene.String(required=True, description="Name (姓名).")
    unit_name = graphene.String(required=True, description="Work unit (工作单位).")
    post = graphene.String(description="Post (职务).")
    unit_code = graphene.String(
        description="Code of the unit of the tree whose area the accused serves "
        "in (所在单位代码), picked from `accusedUnitSuggestions`. An accusation "
        "(检举控告) needs it or `unitUnknown`, unless `unitName` names exactly "
        "one unit of the tree."
    )
    unit_unknown = graphene.Boolean(
        description="The petitioner does not know the accused's unit (所在单位不详)."
    )


class OnlinePetitionSubmitInput(graphene.InputObjectType):
    """What a member of the public submits online (网上信访)."""

    is_anonymous = graphene.Boolean(
        description="Anonymous (匿名): no identity is kept; an anonymous "
        "accusation is accepted but cannot be given feedback."
    )
    name = graphene.String(description="Petitioner's name (姓名), unless anonymous.")
    citizen_id = graphene.String(
        description="Citizen ID (身份证号码, GB 11643), unless anonymous."
    )
    phone = graphene.String(description="Phone (联系电话), unless anonymous.")
    address = graphene.String(description="Address (住址).")
    legal_type = LegalTypeEnum(required=True)
    topic = TopicEnum(required=True)
    title = graphene.String(
        required=True, description="Title (标题), at most 100 characters."
    )
    content = graphene.String(
        required=True, description="Content (反映内容), at most 5000 characters."
    )
    accused = graphene.List(
        graphene.NonNull(OnlineAccusedInput), description="被反映人."
    )
    attachments = graphene.List(
        graphene.NonNull(Upload),
        description="Files sent with the petition (附件): at most 5 JPEG, PNG "
        "or PDF files of 5 MB each, the type judged by the content; sent as a "
        "multipart request (GraphQL multipart request spec) and stored "
        "encrypted. TOO_MANY_FILES, FILE_TOO_LARGE, FILE_TYPE_NOT_ALLOWED or "
        "EMPTY_FILE refuse the whole submission.",
    )
    challenge = graphene.String(
        description="The solved abuse check (人机验证): the base64 altcha payload "
        "for a challenge from `onlineChallenge`, used once; CHALLENGE_FAILED "
        "when missing, wrong, used or expired."
    )


class OnlinePetitionSubmit(BaseMutation):
    """Submit an online petition to the unit named by the X-Unit header; the
    tracking number and query code are shown once."""

    tracking_number = graphene.String(description="Tracking number (信访件编号).")
    query_code = graphene.String(
        description="One-time query code (查询码): shown only now, keep it to "
        "follow the progress."
    )
    received_on = graphene.Date(description="Date received (收件日期).")

    class Arguments:
        input = OnlinePetitionSubmitInput(required=True)

    class Meta:
        permissions = ()
        error_codes = OnlinePetitionSubmitErrorCode
        description = "Submit an online petition (网上信访), anonymous callers allowed."

    @classmethod
    def perform_mutation(cls, root, info, input):
        receipt = online_petition_submit(
            unit=getattr(info.context, "unit", None),
            client_ip=client_ip(info),
            challenge=input.challenge or "",
            data=OnlineSubmission(
                legal_type=enum_value(input.legal_type),
                topic=enum_value(input.topic),
                title=input.title,
                content=input.content,
                is_anonymous=bool(input.is_anonymous),
                name=input.name or "",
                citizen_id=input.citizen_id or "",
                phone=input.phone or "",
                address=input.address or "",
                accused=[
                    OnlineAccusedData(
                        name=a.name,
                        unit_name=a.unit_name,
                        post=a.post or "",
                        unit_code=a.unit_code or "",
                        is_unit_unknown=bool(a.unit_unknown),
                    )
                    for a in input.accused or []
                ],
                attachments=[
                    OnlineFile(name=upload.name or "", chunks=upload.chunks())
                    for upload in input.attachments or []
                ],
            ),
        )
        return cls(
            tracking_number=receipt.tracking_number,
            query_code=receipt.query_code,
            received_on=receipt.received_on,
        )


OnlineDecisionEnum = graphene.Enum.from_enum(
    OnlineDecision,
    description="Acceptance decision told to the petitioner (受理决定).",
)


class OnlineOpinionType(graphene.ObjectType):
    """The written answer served on the petitioner (处理意见书 / 复查意见书)."""

    title = graphene.String(required=True, description="文书名称.")
    request = graphene.String(required=True, description="信访请求.")
    facts = graphene.String(required=True, description="查明事实.")
    reasons = graphene.String(required=True, description="理由.")
    legal_basis = graphene.String(required=True, description="依据.")
    decision_label = graphene.String(required=True, description="处理意见.")


class OnlineProgressType(graphene.ObjectType):
    """Progress of an online petition as the petitioner may see it (阳光信访):
    nothing personal, no staff, no other parties."""

    tracking_number = graphene.String(required=True, description="编号.")
    unit_name = graphene.String(required=True, description="受理单位.")
    status = graphene.Field(PetitionStatusEnum, required=True)
    status_label = graphene.String(required=True, description="状态.")
    stage = graphene.Field(StageEnum, required=True)
    stage_label = graphene.String(required=True, description="阶段.")
    received_on = graphene.Date(required=True, description="收件日期.")
    decided_on = graphene.Date(description="受理决定日期.")
    accepted_on = graphene.Date(description="受理日期.")
    closed_on = graphene.Date(description="办结日期.")
    decision = graphene.Field(OnlineDecisionEnum)
    decision_label = graphene.String(description="受理决定.")
    feedback_on = graphene.Date(description="反馈日期.")
    feedback = graphene.String(description="The answer given to the petitioner (反馈).")
    satisfaction = graphene.Field(
        SatisfactionEnum, description="The petitioner's rating (满意度), once given."
    )
    satisfaction_label = graphene.String(description="满意度.")
    may_rate = graphene.Boolean(
        required=True,
        description="Concluded and answered, not yet rated: may rate now (可评价).",
    )
    review_stage = graphene.Field(
        StageEnum,
        description="The stage the petitioner may ask for (复查, or 复核 after a "
        "复查 opinion) while the window runs.",
    )
    review_stage_label = graphene.String(description="可申请的复查/复核.")
    review_due_on = graphene.Date(
        description="Last day to ask for it (申请期限: 30 days from the answer)."
    )
    may_request_review = graphene.Boolean(
        required=True, description="May ask for 复查/复核 now (可申请复查)."
    )
    review_requested_on = graphene.Date(
        description="Day the petitioner asked online (网上申请复查日期)."
    )
    opinion = graphene.Field(
        OnlineOpinionType,
        description="The 处理意见书 of a 申诉求决 once concluded and answered.",
    )


class OnlineChallengeType(graphene.ObjectType):
    """A signed proof-of-work challenge (人机验证): find `number` ≤ `maxNumber`
    with SHA-256(salt + number) = challenge, then send the payload."""

    algorithm = graphene.String(required=True, description="SHA-256.")
    challenge = graphene.String(required=True, description="Hash to match.")
    max_number = graphene.Int(required=True, description="Largest number to try.")
    salt = graphene.String(required=True, description="Salt, with its expiry.")
    signature = graphene.String(required=True, description="Server's signature.")


class OnlineQueries(graphene.ObjectType):
    online_challenge = graphene.Field(
        OnlineChallengeType,
        required=True,
        description="A fresh abuse-check challenge for an online submission "
        "(人机验证), valid ten minutes. Anonymous callers allowed.",
    )

    @staticmethod
    def resolve_online_challenge(root, info):
        return online_challenge_new()

    online_petition_progress = graphene.Field(
        OnlineProgressType,
        tracking_number=graphene.String(required=True),
        query_code=graphene.String(required=True),
        description="Progress of an online petition by tracking number and query "
        "code (阳光信访查询); null for any mismatch. Anonymous callers allowed.",
    )

    @staticmethod
    @domain_errors
    def resolve_online_petition_progress(root, info, tracking_number, query_code):
        return online_petition_progress(
            tracking_number=tracking_number,
            query_code=query_code,
            client_ip=client_ip(info),
        )


class OnlineHolderInput(graphene.InputObjectType):
    """The tracking number and query code that prove the petition is the
    caller's (查询编号, 查询码)."""

    tracking_number = graphene.String(required=True, description="查询编号.")
    query_code = graphene.String(required=True, description="查询码.")


class OnlinePetitionRateInput(OnlineHolderInput):
    """满意度评价."""

    satisfaction = SatisfactionEnum(
        required=True, description="满意 / 基本满意 / 不满意."
    )


class OnlinePetitionReviewRequestInput(OnlineHolderInput):
    """复查（复核）请求."""

    reason = graphene.String(
        required=True,
        description="Why the answer is disputed (请求复查的理由), at most 2000 characters.",
    )


class OnlinePetitionRate(BaseMutation):
    """The petitioner rates the concluded, answered petition (网上评价)."""

    progress = graphene.Field(OnlineProgressType, description="Progress after rating.")

    class Arguments:
        input = OnlinePetitionRateInput(required=True)

    class Meta:
        permissions = ()
        error_codes = OnlinePetitionRateErrorCode
        description = (
            "Rate a concluded online petition (满意度评价) with its number and "
            "query code; anonymous callers allowed. A wrong code and an unknown "
            "number fail alike (NOT_FOUND) and count towards the wait."
        )

    @classmethod
    def perform_mutation(cls, root, info, input):
        return cls(
            progress=online_petition_rate(
                tracking_number=input.tracking_number,
                query_code=input.query_code,
                satisfaction=enum_value(input.satisfaction),
                client_ip=client_ip(info),
            )
        )


class OnlinePetitionReviewRequest(BaseMutation):
    """The petitioner asks for 复查 of a 处理意见书 online (网上申请复查)."""

    progress = graphene.Field(
        OnlineProgressType, description="Progress after the request."
    )

    class Arguments:
        input = OnlinePetitionReviewRequestInput(required=True)

    class Meta:
        permissions = ()
        error_codes = OnlinePetitionReviewRequestErrorCode
        description = (
            "Ask for 复查 (复核 after a 复查 opinion) of the written answer to a "
            "申诉求决 within 30 days, with number and query code; anonymous "
            "callers allowed. A wrong code and an unknown number fail alike."
        )

    @classmethod
    def perform_mutation(cls, root, info, input):
        return cls(
            progress=online_petition_review_request(
                tracking_number=input.tracking_number,
                query_code=input.query_code,
                reason=input.reason,
                client_ip=client_ip(info),
            )
        )
