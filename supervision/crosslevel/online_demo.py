"""A demo online petition (网上信访) from the public, with its query code.

Idempotent: once the demo petition exists, nothing more is created (its query
code was shown once, when it was made, and cannot be shown again).
"""

from __future__ import annotations

from supervision.crosslevel.services.challenge import (
    online_challenge_new,
    online_challenge_solved,
)
from supervision.crosslevel.services.online import (
    OnlineSubmission,
    online_petition_submit,
)
from supervision.models import Channel, LegalType, Petition, Topic
from tenants.crossing import activate_request_unit
from tenants.models import Unit

DEMO_UNIT = "320102"
DEMO_TITLE = "【演示】建议公开干部考察预告"


def seed_online_demo() -> str:
    unit = Unit.objects.filter(code=DEMO_UNIT, is_active=True).first()
    if unit is None:
        return "网上信访：无演示单位，未创建"
    activate_request_unit(unit)
    try:
        # By channel and title only: once staff decide on it, it has a registrar.
        if Petition.objects.filter(channel=Channel.ONLINE, title=DEMO_TITLE).exists():
            return "网上信访：演示件已存在"
        receipt = online_petition_submit(
            unit=unit,
            client_ip="demo-seed",
            # The seeding solves its own challenge as a browser would.
            challenge=online_challenge_solved(online_challenge_new()),
            data=OnlineSubmission(
                legal_type=LegalType.SUGGESTION,
                topic=Topic.CADRE_SELECTION,
                title=DEMO_TITLE,
                content="建议在干部考察前通过网站公开考察预告，方便群众反映意见。",
                name="周文华",
                citizen_id="110101199003074477",
                phone="13812345678",
                address="南京市玄武区",
            ),
        )
    finally:
        activate_request_unit(None)
    return (
        f"网上信访：演示件编号{receipt.tracking_number}，"
        f"查询码{receipt.query_code}（仅此一次显示）"
    )
