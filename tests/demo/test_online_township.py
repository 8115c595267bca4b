"""The township's demo online petitions: one accepted, one answered with a
处理意见书 inside the 复查 window, followed with the numbers and codes the
README lists."""

from __future__ import annotations

from pathlib import Path

from demo import online
from supervision.crosslevel.services.online import (
    online_petition_progress,
    public_number_is_well_formed,
)
from supervision.models import Petition
from supervision.services.common import today
from tests.factories.supervision import in_unit

README = Path(__file__).resolve().parents[2] / "README.md"


def _progress(number: str, code: str):
    return online_petition_progress(
        tracking_number=number, query_code=code, client_ip="test"
    )


def test_the_township_demo_can_be_followed_rated_and_reviewed(tree, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    summary = online.seed_online_township_demo()

    # the seed prints the numbers and codes
    for value in (
        online.ACCEPTED_NUMBER,
        online.ACCEPTED_CODE,
        online.ANSWERED_NUMBER,
        online.ANSWERED_CODE,
    ):
        assert value in summary
    assert public_number_is_well_formed(online.ACCEPTED_NUMBER)
    assert public_number_is_well_formed(online.ANSWERED_NUMBER)

    accepted = _progress(online.ACCEPTED_NUMBER, online.ACCEPTED_CODE)
    assert (accepted.unit_name, accepted.status_label, accepted.accepted_on) == (
        "梅园新村街道党工委组织办",
        "已受理，正在办理",
        today(),
    )
    assert (accepted.may_rate, accepted.may_request_review) == (False, False)

    answered = _progress(online.ANSWERED_NUMBER, online.ANSWERED_CODE)
    assert answered.status_label == "已办结"
    assert answered.feedback_on == today()
    assert answered.opinion.title == "信访事项处理意见书"
    assert answered.opinion.legal_basis == "《中国共产党基层组织选举工作条例》第十九条"
    assert (answered.may_rate, answered.may_request_review) == (True, True)
    assert answered.review_due_on >= today()
    # a wrong code is not the demo's
    assert _progress(online.ANSWERED_NUMBER, online.ACCEPTED_CODE) is None

    # a second run keeps what exists and prints the same
    assert online.seed_online_township_demo() == summary
    with in_unit(tree.units["township"]):
        assert (
            Petition.objects.filter(
                title__in=[online.ACCEPTED_TITLE, online.ANSWERED_TITLE]
            ).count()
            == 2
        )


def test_the_readme_lists_the_demo_numbers_and_codes():
    text = README.read_text()
    for value in (
        online.ACCEPTED_NUMBER,
        online.ACCEPTED_CODE,
        online.ANSWERED_NUMBER,
        online.ANSWERED_CODE,
    ):
        assert f"`{value}`" in text
