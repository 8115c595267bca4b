"""Every cross-level mutation over the standard actors; a denial changes nothing."""

import pytest

from supervision.crosslevel.services import links, orders, reports
from supervision.inbox.models import Notification
from tests.factories.crosslevel import close_petition, petition_fact, snapshot
from tests.factories.supervision import in_unit

ANONYMOUS = None
TOWNSHIP_CLERK = ("township", "liaison")
COUNTY_OFFICER = ("county_a", "registrar")
SIBLING_COUNTY = ("county_b", "registrar")
PROVINCE_SUPERVISOR = ("province", "supervisor")


def _run(tree, gql, actor, mutation, variables, field):
    user = tree.user(*actor) if actor else None
    before = snapshot()
    data = gql(user).ok(mutation, variables)[field]
    codes = [error["code"] for error in data["errors"]]
    return data, codes, before


def _assert_outcome(data, codes, before, expected):
    if expected is None:
        assert codes == []
    else:
        assert codes == [expected]
        assert snapshot() == before


SEND = """mutation($input: %s!) { %s(input: $input) {
  link { kind targetUnit { code } } errors { code message } } }"""


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        (ANONYMOUS, "UNAUTHENTICATED"),
        (TOWNSHIP_CLERK, "PERMISSION_DENIED"),
        (COUNTY_OFFICER, None),
        (SIBLING_COUNTY, "NOT_FOUND"),
        (PROVINCE_SUPERVISOR, "PERMISSION_DENIED"),
    ],
)
@pytest.mark.parametrize(
    ("field", "input_type", "target"),
    [
        ("petitionTransfer", "CaseSendInput", "township"),
        ("petitionAssign", "PetitionAssignInput", "township"),
        ("petitionEscalate", "CaseSendInput", "city"),
    ],
)
def test_case_send_authorization(tree, gql, actor, expected, field, input_type, target):
    fact = petition_fact(tree, "county_a")
    variables = {
        "input": {
            "petitionId": str(fact.petition_id),
            "targetCode": tree.units[target].code,
        }
    }
    data, codes, before = _run(
        tree, gql, actor, SEND % (input_type, field), variables, field
    )
    _assert_outcome(data, codes, before, expected)
    if expected is None:
        assert data["link"]["targetUnit"]["code"] == tree.units[target].code


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        (ANONYMOUS, "UNAUTHENTICATED"),
        (TOWNSHIP_CLERK, "NOT_FOUND"),
        (COUNTY_OFFICER, None),
        (SIBLING_COUNTY, "NOT_FOUND"),
        (PROVINCE_SUPERVISOR, "PERMISSION_DENIED"),
    ],
)
def test_case_subject_record_authorization(tree, gql, actor, expected):
    fact = petition_fact(tree, "county_a")
    mutation = """mutation($input: CaseSubjectRecordInput!) { caseSubjectRecord(input: $input) {
      suggestedUnit { code } errors { code } } }"""
    variables = {
        "input": {
            "petitionId": str(fact.petition_id),
            "accusedUnitCode": "320102002",
            "managingLevel": "COUNTY",
        }
    }
    data, codes, before = _run(
        tree, gql, actor, mutation, variables, "caseSubjectRecord"
    )
    _assert_outcome(data, codes, before, expected)
    if expected is None:
        assert data["suggestedUnit"] == {"code": "320102"}


def _city_link_to_county_a(tree, kind="assign"):
    fact = petition_fact(tree, "city")
    send = links.petition_assign if kind == "assign" else links.petition_transfer
    with in_unit(tree.units["city"]):
        return send(
            actor=tree.user("city", "registrar"),
            petition_id=fact.petition_id,
            target_code="320102",
        )


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        (ANONYMOUS, "UNAUTHENTICATED"),
        (TOWNSHIP_CLERK, "PERMISSION_DENIED"),
        (COUNTY_OFFICER, None),
        (SIBLING_COUNTY, "NOT_FOUND"),
        (PROVINCE_SUPERVISOR, "PERMISSION_DENIED"),
    ],
)
def test_remit_objection_raise_authorization(tree, gql, actor, expected):
    link = _city_link_to_county_a(tree, "transfer")
    mutation = """mutation($id: ID!) { remitObjectionRaise(linkId: $id, reason: "不属本级管辖") {
      objection { state } errors { code } } }"""
    data, codes, before = _run(
        tree, gql, actor, mutation, {"id": link.pk}, "remitObjectionRaise"
    )
    _assert_outcome(data, codes, before, expected)


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        (ANONYMOUS, "UNAUTHENTICATED"),
        (TOWNSHIP_CLERK, "PERMISSION_DENIED"),
        (COUNTY_OFFICER, "NOT_FOUND"),
        (SIBLING_COUNTY, "NOT_FOUND"),
        (PROVINCE_SUPERVISOR, "PERMISSION_DENIED"),
        (("city", "registrar"), None),
    ],
)
def test_remit_objection_decide_authorization(tree, gql, actor, expected):
    link = _city_link_to_county_a(tree, "transfer")
    with in_unit(tree.units["county_a"]):
        objection = links.remit_objection_raise(
            actor=tree.user("county_a", "registrar"), link_id=link.pk, reason="不属管辖"
        )
    mutation = """mutation($id: ID!) { remitObjectionDecide(objectionId: $id, uphold: false,
      note: "属本级管辖") {
      objection { state } errors { code } } }"""
    data, codes, before = _run(
        tree, gql, actor, mutation, {"id": objection.pk}, "remitObjectionDecide"
    )
    _assert_outcome(data, codes, before, expected)


def _county_assignment_to_township(tree):
    fact = petition_fact(tree, "county_a")
    with in_unit(tree.units["county_a"]):
        link = links.petition_assign(
            actor=tree.user("county_a", "registrar"),
            petition_id=fact.petition_id,
            target_code="320102002",
        )
    close_petition(tree, "township", link.target_petition_id)
    return link


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        (ANONYMOUS, "UNAUTHENTICATED"),
        (TOWNSHIP_CLERK, None),
        (COUNTY_OFFICER, "NOT_FOUND"),
        (SIBLING_COUNTY, "NOT_FOUND"),
        (PROVINCE_SUPERVISOR, "PERMISSION_DENIED"),
    ],
)
def test_result_report_submit_authorization(tree, gql, actor, expected):
    link = _county_assignment_to_township(tree)
    mutation = """mutation($input: ResultReportSubmitInput!) { resultReportSubmit(input: $input) {
      report { state } errors { code } } }"""
    variables = {
        "input": {"linkId": link.pk, "finding": "NOT_TRUE", "handling": "经核查不属实"}
    }
    data, codes, before = _run(
        tree, gql, actor, mutation, variables, "resultReportSubmit"
    )
    _assert_outcome(data, codes, before, expected)


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        (ANONYMOUS, "UNAUTHENTICATED"),
        (TOWNSHIP_CLERK, "PERMISSION_DENIED"),
        (COUNTY_OFFICER, None),
        (SIBLING_COUNTY, "NOT_FOUND"),
        (PROVINCE_SUPERVISOR, "PERMISSION_DENIED"),
    ],
)
def test_result_report_decide_authorization(tree, gql, actor, expected):
    link = _county_assignment_to_township(tree)
    with in_unit(tree.units["township"]):
        report = reports.result_report_submit(
            actor=tree.user("township", "liaison"),
            link_id=link.pk,
            finding="not_true",
            handling="经核查不属实",
        )
    mutation = """mutation($id: ID!) { resultReportDecide(reportId: $id, accept: true) {
      report { state } errors { code } } }"""
    data, codes, before = _run(
        tree, gql, actor, mutation, {"id": report.pk}, "resultReportDecide"
    )
    _assert_outcome(data, codes, before, expected)


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        (ANONYMOUS, "UNAUTHENTICATED"),
        (TOWNSHIP_CLERK, "PERMISSION_DENIED"),
        (COUNTY_OFFICER, "PERMISSION_DENIED"),
        (SIBLING_COUNTY, "PERMISSION_DENIED"),
        (("county_b", "supervisor"), "INVALID_TARGET"),
        (PROVINCE_SUPERVISOR, None),
    ],
)
def test_supervision_order_issue_authorization(tree, gql, actor, expected):
    mutation = """mutation($input: SupervisionOrderIssueInput!) {
      supervisionOrderIssue(input: $input) { order { state } errors { code } } }"""
    variables = {
        "input": {
            "targetCode": "320102",
            "topic": "换届选举问题",
            "method": "LETTER",
            "requirement": "请于期限内书面回复",
        }
    }
    data, codes, before = _run(
        tree, gql, actor, mutation, variables, "supervisionOrderIssue"
    )
    _assert_outcome(data, codes, before, expected)


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        (ANONYMOUS, "UNAUTHENTICATED"),
        (TOWNSHIP_CLERK, "NOT_FOUND"),
        (COUNTY_OFFICER, None),
        (SIBLING_COUNTY, "NOT_FOUND"),
        (PROVINCE_SUPERVISOR, "PERMISSION_DENIED"),
    ],
)
def test_supervision_order_reply_authorization(tree, gql, actor, expected):
    order = orders.supervision_order_issue(
        actor=tree.user("city", "supervisor"),
        target_code="320102",
        topic="换届选举问题",
        method="letter",
        requirement="请书面回复",
    )
    mutation = """mutation($input: SupervisionOrderReplyInput!) {
      supervisionOrderReply(input: $input) { order { state } errors { code } } }"""
    variables = {
        "input": {"orderId": order.pk, "kind": "PROGRESS", "content": "正在核查"}
    }
    data, codes, before = _run(
        tree, gql, actor, mutation, variables, "supervisionOrderReply"
    )
    _assert_outcome(data, codes, before, expected)


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        (ANONYMOUS, "UNAUTHENTICATED"),
        (TOWNSHIP_CLERK, "NOT_FOUND"),
        (COUNTY_OFFICER, None),
        (SIBLING_COUNTY, "NOT_FOUND"),
        (PROVINCE_SUPERVISOR, "PERMISSION_DENIED"),
    ],
)
def test_petition_repeat_scan_authorization(tree, gql, actor, expected):
    fact = petition_fact(tree, "county_a")
    mutation = """mutation($id: UUID!) {
      petitionRepeatScan(petitionId: $id) { matches { kind } errors { code } } }"""
    variables = {"id": str(fact.petition_id)}
    data, codes, before = _run(
        tree, gql, actor, mutation, variables, "petitionRepeatScan"
    )
    _assert_outcome(data, codes, before, expected)


@pytest.mark.parametrize(
    ("actor", "expected", "marked"),
    [
        (ANONYMOUS, "UNAUTHENTICATED", None),
        (TOWNSHIP_CLERK, None, 0),
        (COUNTY_OFFICER, None, 1),
        (SIBLING_COUNTY, None, 0),
        (PROVINCE_SUPERVISOR, None, 0),
    ],
)
def test_notification_mark_read_authorization(tree, gql, actor, expected, marked):
    _city_link_to_county_a(tree)
    notification = Notification.objects.get(
        recipient=tree.user("county_a", "registrar")
    )
    mutation = """mutation($ids: [ID!]!) { notificationMarkRead(ids: $ids) {
      marked errors { code } } }"""
    data, codes, before = _run(
        tree, gql, actor, mutation, {"ids": [notification.pk]}, "notificationMarkRead"
    )
    _assert_outcome(data, codes, before, expected)
    assert data["marked"] == marked
    notification.refresh_from_db()
    assert (notification.read_at is not None) == (marked == 1)
