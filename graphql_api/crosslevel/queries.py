"""Queries of cross-level flows."""

from __future__ import annotations

import graphene

from core.ids import parse_int_id, parse_uuid
from graphql_api.core.query_errors import none_on_domain_error
from graphql_api.core.types import deprecated_list, page_field, page_type, paginate
from graphql_api.crosslevel.enums import (
    LinkDirection,
    LinkKindEnum,
    LinkStateEnum,
    OrderDirection,
    OrderStateEnum,
    SendKind,
)
from graphql_api.crosslevel.types import (
    CaseLinkType,
    LongTermPetitionerType,
    ProblemCaseType,
    RefusalLogType,
    RepeatMatchType,
    SendCandidatesType,
    SupervisionOrderType,
)
from graphql_api.tenants.types import UnitType
from supervision.crosslevel import selectors
from supervision.crosslevel.services import links
from tenants.roles import Permission

SupervisionOrderPage = page_type(
    SupervisionOrderType,
    "SupervisionOrderPage",
    "A page of supervision orders (督办单).",
)
CaseLinkPage = page_type(
    CaseLinkType,
    "CaseLinkPage",
    "A page of cases sent or received across units (转办交办上报).",
)
CaseLinkPage = page_type(
    CaseLinkType, "CaseLinkPage", "A page of case links (转办交办上报)."
)
RepeatMatchPage = page_type(
    RepeatMatchType, "RepeatMatchPage", "A page of repeat matches (重复信访关联)."
)
LongTermPetitionerPage = page_type(
    LongTermPetitionerType,
    "LongTermPetitionerPage",
    "A page of long-term petitioners (信访老户).",
)
ProblemCasePage = page_type(
    ProblemCaseType, "ProblemCasePage", "A page of problem cases (问题件)."
)
CrossLevelRefusalPage = page_type(
    RefusalLogType,
    "CrossLevelRefusalPage",
    "A page of refused transfers and leaders' decisions (回避、保密、领导决定).",
)


class CrosslevelQueries(graphene.ObjectType):
    case_links = graphene.List(
        graphene.NonNull(CaseLinkType),
        required=True,
        deprecation_reason=deprecated_list("caseLinksPage"),
        direction=LinkDirection(),
        petition_id=graphene.UUID(),
        description="Cases the viewer's unit sent down or up, or received (转办交办上报).",
    )
    case_link = graphene.Field(
        CaseLinkType,
        id=graphene.ID(required=True),
        description="One link of the viewer's unit; null when missing or out of scope.",
    )
    supervision_orders = graphene.Field(
        SupervisionOrderPage,
        required=True,
        direction=OrderDirection(),
        state=OrderStateEnum(description="Only orders in this state (督办状态)."),
        overdue_only=graphene.Boolean(default_value=False),
        offset=graphene.Int(),
        limit=graphene.Int(),
        description=(
            "Supervision orders (督办单) issued or received by the viewer's unit, "
            "or issued by units below it (SUBTREE, for staff who issue orders)."
        ),
    )
    supervision_order = graphene.Field(
        SupervisionOrderType,
        id=graphene.ID(required=True),
        description="One supervision order; null when missing or out of scope.",
    )
    repeat_matches = graphene.List(
        graphene.NonNull(RepeatMatchType),
        required=True,
        deprecation_reason=deprecated_list("repeatMatchesPage"),
        petition_id=graphene.UUID(required=True),
        description="Earlier petitions matched with one of the unit's (重复/越级/一信多投).",
    )
    subtree_repeat_matches = graphene.List(
        graphene.NonNull(RepeatMatchType),
        required=True,
        deprecation_reason=deprecated_list("subtreeRepeatMatchesPage"),
        description=(
            "Repeats, skip-level and multi-send petitions matched across two "
            "units of the viewer's subtree (跨单位重复信访关联), newest first."
        ),
    )
    long_term_petitioners = graphene.List(
        graphene.NonNull(LongTermPetitionerType),
        required=True,
        deprecation_reason=deprecated_list("longTermPetitionersPage"),
        min_petitions=graphene.Int(default_value=3),
        description="Long-term petitioners (信访老户) of the viewer's subtree.",
    )
    problem_cases = graphene.List(
        graphene.NonNull(ProblemCaseType),
        required=True,
        deprecation_reason=deprecated_list("problemCasesPage"),
        description="Open cases transferred or returned three times or more (问题件).",
    )
    cross_level_refusals = graphene.List(
        graphene.NonNull(RefusalLogType),
        required=True,
        deprecation_reason=deprecated_list("crossLevelRefusalsPage"),
        description="Refused transfers (回避、保密) tried in the viewer's subtree, "
        "and the leaders' decisions that allow sending a case whose accused's unit "
        "is unknown below (领导决定).",
    )
    case_links_page = page_field(
        CaseLinkPage,
        "Cases the viewer's unit sent down or up, or received (转办交办上报: "
        "上级转交办 received from above, 本级下发 sent), newest first, one page; "
        "optionally of one petition, of some states (e.g. 异议待决, 已报结待审: "
        "awaiting the sender's decision) and kinds (转办、交办: what goes down).",
        direction=LinkDirection(),
        petition_id=graphene.UUID(),
        states=graphene.List(graphene.NonNull(LinkStateEnum)),
        kinds=graphene.List(graphene.NonNull(LinkKindEnum)),
    )
    repeat_matches_page = page_field(
        RepeatMatchPage,
        "Earlier petitions matched with one of the unit's (重复/越级/一信多投), "
        "one page.",
        petition_id=graphene.UUID(required=True),
    )
    subtree_repeat_matches_page = page_field(
        RepeatMatchPage,
        "Repeats, skip-level and multi-send petitions matched across two units "
        "of the viewer's subtree (跨单位重复信访关联), newest first, one page.",
    )
    long_term_petitioners_page = page_field(
        LongTermPetitionerPage,
        "Long-term petitioners (信访老户) of the viewer's subtree, most petitions "
        "first, one page.",
        min_petitions=graphene.Int(
            default_value=3,
            description="At least this many petitions (最少件数); 2 at the least.",
        ),
    )
    problem_cases_page = page_field(
        ProblemCasePage,
        "Open cases transferred or returned three times or more (问题件), one page.",
    )
    cross_level_refusals_page = page_field(
        CrossLevelRefusalPage,
        "Refused transfers (回避、保密) tried in the viewer's subtree, and the "
        "leaders' decisions that allow sending a case whose accused's unit is "
        "unknown below (领导决定), one page.",
    )
    petition_route_suggestion = graphene.Field(
        UnitType,
        petition_id=graphene.UUID(required=True),
        description=(
            "The unit that manages the accused cadre (按干部管理权限建议承办单位) "
            "of one of the viewer's unit's petitions; null when it cannot be told."
        ),
    )
    petition_send_candidates = graphene.Field(
        SendCandidatesType,
        petition_id=graphene.UUID(required=True),
        kind=SendKind(required=True),
        description=(
            "The units one of the viewer's unit's cases may be transferred, "
            "assigned or escalated to (转办/交办/上报候选单位), each allowed or "
            "refused with the reason (回避、保密、越级), the unit that manages the "
            "accused by 干部管理权限 first; null without the right to send cases."
        ),
    )

    @staticmethod
    def resolve_case_links(root, info, direction=None, petition_id=None):
        return selectors.case_link_list(
            actor=info.context.user,
            direction=direction.value if direction else None,
            petition_id=petition_id,
        )

    @staticmethod
    @none_on_domain_error
    def resolve_case_link(root, info, id):
        link_id = parse_int_id(id)
        return selectors.case_link_get(actor=info.context.user, link_id=link_id)

    @staticmethod
    def resolve_supervision_orders(
        root,
        info,
        direction=None,
        state=None,
        overdue_only=False,
        offset=None,
        limit=None,
    ):
        orders = selectors.supervision_order_list(
            actor=info.context.user,
            direction=direction.value if direction else None,
            state=state.value if state else None,
            overdue_only=overdue_only,
        )
        return paginate(orders, offset, limit, SupervisionOrderPage)

    @staticmethod
    @none_on_domain_error
    def resolve_supervision_order(root, info, id):
        order_id = parse_int_id(id)
        return selectors.supervision_order_get(
            actor=info.context.user, order_id=order_id
        )

    @staticmethod
    def resolve_subtree_repeat_matches(root, info):
        return selectors.subtree_repeat_match_list(actor=info.context.user)

    @staticmethod
    def resolve_repeat_matches(root, info, petition_id):
        matches = list(
            selectors.repeat_match_list(
                actor=info.context.user, petition_id=parse_uuid(petition_id)
            )
        )
        facts = selectors.matched_facts(matches)
        for match in matches:
            match.matched_fact = facts.get(match.matched_petition_id)
        return matches

    @staticmethod
    def resolve_long_term_petitioners(root, info, min_petitions=3):
        return selectors.long_term_petitioner_list(
            actor=info.context.user, min_petitions=max(2, min_petitions)
        )

    @staticmethod
    def resolve_problem_cases(root, info):
        return selectors.problem_case_list(actor=info.context.user)[:200]

    @staticmethod
    def resolve_cross_level_refusals(root, info):
        return selectors.refusal_log_list(actor=info.context.user)[:200]

    @staticmethod
    def resolve_case_links_page(
        root,
        info,
        direction=None,
        petition_id=None,
        states=None,
        kinds=None,
        offset=None,
        limit=None,
    ):
        links = selectors.case_link_page_list(
            actor=info.context.user,
            direction=direction.value if direction else None,
            petition_id=petition_id,
            states=[getattr(state, "value", state) for state in states or []],
            kinds=[getattr(kind, "value", kind) for kind in kinds or []],
        )
        page = paginate(links, offset, limit, CaseLinkPage)
        page.items = selectors.case_links_with_facts(list(page.items))
        return page

    @staticmethod
    def resolve_repeat_matches_page(root, info, petition_id, offset=None, limit=None):
        matches = selectors.repeat_match_list(
            actor=info.context.user, petition_id=parse_uuid(petition_id)
        )
        page = paginate(matches, offset, limit, RepeatMatchPage)
        facts = selectors.matched_facts(page.items)
        for match in page.items:
            match.matched_fact = facts.get(match.matched_petition_id)
        return page

    @staticmethod
    def resolve_subtree_repeat_matches_page(root, info, offset=None, limit=None):
        matches = selectors.subtree_repeat_matches(actor=info.context.user)
        page = paginate(matches, offset, limit, RepeatMatchPage)
        page.items = selectors.with_both_facts(page.items)
        return page

    @staticmethod
    def resolve_long_term_petitioners_page(
        root, info, min_petitions=3, offset=None, limit=None
    ):
        petitioners = selectors.long_term_petitioner_list(
            actor=info.context.user, min_petitions=max(2, min_petitions)
        )
        return paginate(petitioners, offset, limit, LongTermPetitionerPage)

    @staticmethod
    def resolve_problem_cases_page(root, info, offset=None, limit=None):
        cases = selectors.problem_case_list(actor=info.context.user)
        return paginate(cases, offset, limit, ProblemCasePage)

    @staticmethod
    def resolve_cross_level_refusals_page(root, info, offset=None, limit=None):
        refusals = selectors.refusal_log_list(actor=info.context.user)
        return paginate(refusals, offset, limit, CrossLevelRefusalPage)

    @staticmethod
    def resolve_petition_route_suggestion(root, info, petition_id):
        user = info.context.user
        if not user.is_authenticated or not user.has_unit_permission(
            Permission.PETITION_VIEW
        ):
            return None
        return links.petition_route_suggest(actor=user, petition_id=petition_id)

    @staticmethod
    def resolve_petition_send_candidates(root, info, petition_id, kind):
        return selectors.petition_send_candidates(
            actor=info.context.user,
            petition_id=petition_id,
            kind=getattr(kind, "value", kind),
        )
