"""GraphQL inputs of cross-level flows."""

import graphene

from graphql_api.core.upload import Upload
from graphql_api.crosslevel.enums import (
    ReplyKindEnum,
    ReportFindingEnum,
    SupervisionMethodEnum,
)
from graphql_api.tenants.enums import UnitLevelEnum


class CaseSendInput(graphene.InputObjectType):
    """A petition to send to another unit (转办 / 交办 / 上报)."""

    petition_id = graphene.UUID(required=True, description="本单位信访件")
    target_code = graphene.String(required=True, description="目标单位代码")
    requirement = graphene.String(description="办理要求")


class PetitionSendDownApproveInput(graphene.InputObjectType):
    """A leader's decision (领导决定) that an accusation whose accused's unit is
    unknown (所在单位不详) may go to one unit below."""

    petition_id = graphene.UUID(required=True, description="本单位信访件")
    target_code = graphene.String(required=True, description="拟转交的下级单位代码")
    reason = graphene.String(required=True, description="决定理由")


class PetitionAssignInput(CaseSendInput):
    """An assignment (交办): a result is due by `dueOn` (default three months)."""

    due_on = graphene.Date(description="报结期限")


class CaseSubjectRecordInput(graphene.InputObjectType):
    """An accused cadre's unit and managing level (干部管理权限), for routing."""

    petition_id = graphene.UUID(required=True)
    accused_unit_code = graphene.String(required=True, description="被反映人所在单位")
    managing_level = UnitLevelEnum(required=True, description="干部管理权限")
    is_main_leader = graphene.Boolean(default_value=False, description="主要负责人")
    accused_position = graphene.Int(
        description="Position (from 0) of a registered accused whose unit was "
        "recorded as unknown (所在单位不详) and is now known: replaces it."
    )


class ResultReportSubmitInput(graphene.InputObjectType):
    """The result of an assigned case (报结)."""

    link_id = graphene.ID(required=True)
    finding = ReportFindingEnum(description="核查结论（默认取本单位办理结论）")
    handling = graphene.String(description="处理情况（默认取本单位办理情况）")
    petitioner_opinion = graphene.String(description="信访人意见")
    attachment_ids = graphene.List(
        graphene.NonNull(graphene.UUID),
        description=(
            "Files already uploaded to the assignee's own case to send up with "
            "the report (报结附件); the assigner can download them."
        ),
    )


class SupervisionOrderIssueInput(graphene.InputObjectType):
    """A supervision order (督办单) to a descendant unit."""

    target_code = graphene.String(required=True, description="被督办单位代码")
    petition_id = graphene.UUID(description="被督办信访件（可不填，督办专题）")
    topic = graphene.String(required=True, description="督办事项")
    method = SupervisionMethodEnum(required=True)
    requirement = graphene.String(required=True, description="督办要求")
    due_on = graphene.Date(description="回复期限（默认15日）")


class SupervisionOrderReplyInput(graphene.InputObjectType):
    """A written reply (书面回复) to a supervision order."""

    order_id = graphene.ID(required=True)
    kind = ReplyKindEnum(required=True)
    content = graphene.String(required=True)
    attachment_ids = graphene.List(
        graphene.NonNull(graphene.UUID),
        description=(
            "Files already uploaded to the supervised case to send with the "
            "reply (回复附件) of a case order; the issuing unit can download "
            "them."
        ),
    )
    files = graphene.List(
        graphene.NonNull(Upload),
        description=(
            "Files sent with the reply (回复附件) of a topic order (专题督办单, "
            "no case to keep them), stored with the reply: at most 5 PDF, JPG, "
            "PNG, DOC or DOCX files of 10 MB each and 25 MB together, the "
            "type judged by the content; sent as a multipart request (GraphQL "
            "multipart request spec). TOO_MANY_FILES, FILE_TOO_LARGE, "
            "FILE_TYPE_NOT_ALLOWED or EMPTY_FILE refuse the whole reply; a case "
            "order's files go through the case (INVALID_ATTACHMENT)."
        ),
    )


class SupervisionOrderUrgeInput(graphene.InputObjectType):
    """A manual urge (催办) of a supervision order."""

    order_id = graphene.ID(required=True, description="督办单")
    note = graphene.String(description="催办说明（可不填）")
