"""The demo online petition is made once and can be followed with its code."""

from __future__ import annotations

import re

from demo.online import DEMO_TITLE, seed_online_demo
from supervision.crosslevel.services.online import online_petition_progress
from supervision.models import Petition
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
