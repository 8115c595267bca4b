"""GraphQL inputs of petition registration."""

import graphene

from graphql_api.supervision import enums
from graphql_api.tenants.enums import UnitLevelEnum


class PetitionerInput(graphene.InputObjectType):
    """A petitioner (信访人) as registered."""

    name = graphene.String(required=True, description="Name (姓名).")
    citizen_id = graphene.String(description="Citizen ID number (公民身份号码).")
    phone = graphene.String(description="Phone (联系电话).")
    address = graphene.String(description="Address (住址).")
    political_status = enums.PoliticalStatusEnum(description="政治面貌.")
    is_party_member = graphene.Boolean(description="Party member (党员).")
    role = enums.PetitionerRoleEnum(description="信访人 / 联名人 / 集体访代表.")


class AccusedInput(graphene.InputObjectType):
    """The cadre reported (被反映人)."""

    name = graphene.String(required=True)
    unit_name = graphene.String(required=True, description="Work unit (工作单位).")
    post = graphene.String(description="Post (职务).")
    rank = graphene.String(description="Rank (职级).")
    managing_level = UnitLevelEnum(
        required=True, description="Level that manages the cadre (干部管理权限)."
    )
    is_main_leader = graphene.Boolean(description="Main leader (主要负责人).")
    unit_code = graphene.String(
        description="Code of the unit of the tree whose area the cadre serves in "
        "(被反映人所在单位代码, see `accusedUnitSuggestions`): recorded for routing "
        "by 干部管理权限, recusal and confidentiality. An accusation (检举控告) "
        "needs it or `unitUnknown`; there a `unitName` naming exactly one unit of "
        "the tree is resolved to that unit."
    )
    unit_unknown = graphene.Boolean(
        description="The registrar genuinely does not know the cadre's unit "
        "(所在单位不详): sending the accusation to any unit below then needs a "
        "leader's decision (`petitionSendDownApprove`)."
    )


class PetitionRegisterInput(graphene.InputObjectType):
    """What a registrar records (登记)."""

    received_on = graphene.Date(required=True, description="Date received (收件日期).")
    channel = enums.ChannelEnum(required=True)
    legal_type = enums.LegalTypeEnum(required=True)
    topic = enums.TopicEnum(required=True)
    title = graphene.String(required=True, description="Summary (摘要).")
    content = graphene.String(required=True, description="Content (反映内容).")
    origin = enums.OriginEnum(description="来源方式; registered here by default.")
    origin_body = graphene.String(description="Upper unit or body it came from.")
    origin_reference = graphene.String(description="Its reference number (来文编号).")
    is_anonymous = graphene.Boolean()
    is_joint = graphene.Boolean(description="Joint letter (联名信).")
    is_collective = graphene.Boolean(description="Collective visit (集体访).")
    headcount = graphene.Int(description="Number of people (人数).")
    petitioners = graphene.List(graphene.NonNull(PetitionerInput))
    accused = graphene.List(graphene.NonNull(AccusedInput))
    reception_day_id = graphene.ID(description="Leader reception day (领导接访日).")
