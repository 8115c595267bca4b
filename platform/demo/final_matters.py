"""A demo matter made final (复核终结): the demo's decided 复查 goes on to 复核.

Runs after the cross-level demo, whose first 复查 (county → city) is decided:
the petitioner asks the province for 复核 and the province decides, so the
registry of final matters has an entry every unit's registration will show.
Then the registry is backfilled for matters a database made final before it
existed. Idempotent: once a 复核 exists, no other is requested.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from core.errors import DomainError
from demo.crosslevel import CITY, PROVINCE
from demo.staff import first_staff
from supervision.crosslevel.finality import final_matter_backfill
from supervision.crosslevel.models import CaseLink, LinkKind, LinkState
from supervision.crosslevel.services import reviews
from tenants.crossing import activate_request_unit
from tenants.models import Unit
from tenants.roles import Permission


def _send(unit: Unit, function, **kwargs):
    # Services act for the unit whose request they serve: its schema is active.
    activate_request_unit(unit)
    try:
        return function(**kwargs)
    finally:
        activate_request_unit(None)


def _re_review(city: Unit, province: Unit) -> bool:
    decided = (
        CaseLink.objects.filter(
            kind=LinkKind.REVIEW, state=LinkState.DECIDED, target_unit=city
        )
        .order_by("created_at", "id")
        .first()
    )
    city_clerk = first_staff(city, Permission.PETITION_REGISTER)
    province_leader = first_staff(province, Permission.PETITION_APPROVE)
    if decided is None or city_clerk is None or province_leader is None:
        return False
    try:
        step = _send(
            city,
            reviews.review_request,
            actor=city_clerk,
            petition_id=decided.target_petition_id,
            requested_on=timezone.localdate(),
        )
    except DomainError:
        # The 复查 opinion was served too long ago for a 复核 request.
        return False
    _send(
        province,
        reviews.review_decide,
        actor=province_leader,
        petition_id=step.link.target_petition_id,
        decision="uphold",
        request="请求撤销复查意见",
        facts="经复核，复查意见认定事实清楚",
        reasons="复查意见适用依据正确，程序合法",
        legal_basis="《信访工作条例》第三十六条",
    )
    return True


@transaction.atomic
def seed_final_matter_demo() -> str:
    """Seeder for settings.DEMO_SEEDERS."""
    units = {u.code: u for u in Unit.objects.filter(code__in=[PROVINCE, CITY])}
    made = False
    if (
        len(units) == 2
        and not CaseLink.objects.filter(kind=LinkKind.RE_REVIEW).exists()
    ):
        made = _re_review(units[CITY], units[PROVINCE])
    entered = final_matter_backfill()
    parts = ["复核终结演示："]
    parts.append(f"{units[PROVINCE].short_name}复核决定1件" if made else "未新增复核")
    if entered:
        parts.append(f"，补录复核终结事项{entered}件")
    return "".join(parts)
