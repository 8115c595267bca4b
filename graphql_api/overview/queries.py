"""Queries of the cross-level views: overview figures and overdue lists."""

from __future__ import annotations

import graphene
from django.utils import timezone

from graphql_api.core.query_errors import domain_errors, none_on_domain_error
from graphql_api.core.types import page_type, paginate
from graphql_api.overview.types import (
    CaseFactType,
    CrossLevelCaseType,
    OverviewType,
)
from graphql_api.tenants.enums import UnitLevelEnum
from supervision.facts import selectors

CaseFactPage = page_type(
    CaseFactType, "CaseFactPage", "A page of case facts (案件事实)."
)


def _list_arguments() -> dict:
    return {
        "unit_code": graphene.String(
            description="Whose subtree (默认本单位); must be visible to the viewer."
        ),
        "level": UnitLevelEnum(description="Only cases held at this level (层级)."),
        "under": graphene.String(
            description="Only cases of this unit's subtree, inside the scope."
        ),
        "offset": graphene.Int(),
        "limit": graphene.Int(),
    }


class OverviewQueries(graphene.ObjectType):
    overview = graphene.Field(
        OverviewType,
        unit_code=graphene.String(
            description="The unit to view (默认本单位); itself or a subordinate unit."
        ),
        from_month=graphene.String(required=True, description="First month, YYYY-MM."),
        to_month=graphene.String(required=True, description="Last month, YYYY-MM."),
        description="Cross-level view (汇总) of a unit over whole months; errors "
        "NOT_FOUND (missing or out of scope) and INVALID_PERIOD.",
    )
    overdue_cases = graphene.Field(
        CaseFactPage,
        **_list_arguments(),
        description="Open cases past their current deadline (超期件) across the "
        "subtree, most overdue first.",
    )
    due_soon_cases = graphene.Field(
        CaseFactPage,
        within_days=graphene.Int(default_value=selectors.DEFAULT_DUE_SOON_DAYS),
        **_list_arguments(),
        description="Open cases whose deadline falls within the next days (临期件).",
    )

    cross_level_case = graphene.Field(
        CrossLevelCaseType,
        petition_id=graphene.UUID(required=True),
        description="A case of the viewer's subtree seen from above (跨层级案件视图): "
        "its facts and chain, no personal data; null when missing or out of scope.",
    )

    @staticmethod
    @none_on_domain_error
    def resolve_cross_level_case(root, info, petition_id):
        return selectors.cross_level_case_get(
            actor=info.context.user, petition_id=petition_id
        )

    @staticmethod
    @domain_errors
    def resolve_overview(root, info, from_month, to_month, unit_code=None):
        return selectors.overview_get(
            actor=info.context.user,
            unit_code=unit_code,
            from_month=from_month,
            to_month=to_month,
        )

    @staticmethod
    @domain_errors
    def resolve_overdue_cases(
        root, info, unit_code=None, level=None, under=None, offset=None, limit=None
    ):
        scope = selectors.overview_scope_get(
            actor=info.context.user, unit_code=unit_code
        )
        facts = selectors.overdue_fact_list(
            scope=scope,
            today=timezone.localdate(),
            level=level.value if level else None,
            unit_code=under,
        )
        return paginate(facts, offset, limit, CaseFactPage)

    @staticmethod
    @domain_errors
    def resolve_due_soon_cases(
        root,
        info,
        within_days,
        unit_code=None,
        level=None,
        under=None,
        offset=None,
        limit=None,
    ):
        scope = selectors.overview_scope_get(
            actor=info.context.user, unit_code=unit_code
        )
        facts = selectors.due_soon_fact_list(
            scope=scope,
            today=timezone.localdate(),
            within_days=max(0, min(within_days, 366)),
            level=level.value if level else None,
            unit_code=under,
        )
        return paginate(facts, offset, limit, CaseFactPage)
