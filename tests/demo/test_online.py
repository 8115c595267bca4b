"""The demo online petition is made once and can be followed with its code."""

from __future__ import annotations

import re

from demo.online import DEMO_TITLE, _submit, seed_online_demo
from supervision.crosslevel.services.online import (
    SUBMIT_LIMIT,
    OnlineSubmission,
    online_petition_progress,
)
from supervision.models import LegalType, Petition, Topic
from tests.factories.supervision import in_unit


def test_demo_online_petition_is_seeded_once_and_its_code_works(tree):
    summary = seed_online_demo()
    found = re.fullmatch(
        r"网上信访：演示件编号(\S+)，查询码(\S+)（仅此一次显示）", summary
    )
    assert found is not None, summary
    number, code = found.groups()
    assert seed_online_demo() == "网上信访：演示件已存在"
    with in_unit(tree.units["county_a"]):
        assert list(
            Petition.objects.filter(title=DEMO_TITLE).values_list(
                "public_number", "channel", "registrar_id"
            )
        ) == [(number, "online", None)]
    progress = online_petition_progress(
        tracking_number=number, query_code=code, client_ip="test"
    )
    assert (progress.tracking_number, progress.status_label) == (
        number,
        "已收到，待受理",
    )


def test_the_seed_is_not_held_to_the_publics_submission_limit(tree):
    # A fresh database seeded again within the hour shares the Redis that
    # counted the last seeding's submissions: more than the public's limit.
    unit = tree.units["county_a"]
    with in_unit(unit):
        for n in range(SUBMIT_LIMIT + 1):
            _submit(
                unit,
                OnlineSubmission(
                    legal_type=LegalType.SUGGESTION,
                    topic=Topic.CADRE_SELECTION,
                    title=f"演示提交{n}",
                    content="建议在干部考察前公开考察预告，方便群众反映意见。",
                    name="周文华",
                    citizen_id="110101199003074477",
                    phone="13812345678",
                    address="南京市玄武区",
                ),
            )
        assert Petition.objects.filter(title__startswith="演示提交").count() == (
            SUBMIT_LIMIT + 1
        )
