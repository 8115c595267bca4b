"""Staff without a unit act for none: every cross-level step is refused and
every read finds nothing, in the unit the request names as anywhere else.

Such an account holds no permission (`User.granted_permissions`), so the
mutation base refuses it; the services refuse it too (`acting_unit`) should a
caller reach them, rather than dereference a missing unit.
"""

import datetime

import pytest

from supervision.crosslevel.services import links, orders
from tenants.roles import Role
from tests.factories.crosslevel import petition_fact, snapshot
from tests.factories.supervision import in_unit
from tests.factories.tenants import UserFactory

COUNTY_A = {"X-Unit": "320102"}
DENIED = [{"code": "PERMISSION_DENIED", "message": "无权执行此操作"}]


@pytest.fixture
def unitless(db):
    """An active account with every role and no unit (e.g. one an operator
    created and never placed)."""
    return UserFactory(unit=None, roles=list(Role.values))


def _city_assignment_to_county_a(tree):
    fact = petition_fact(tree, "city")
    with in_unit(tree.units["city"]):
        return links.petition_assign(
            actor=tree.user("city", "registrar"),
            petition_id=fact.petition_id,
            target_code="320102",
        )


def _order_on_county_a(tree):
    return orders.supervision_order_issue(
        actor=tree.user("city", "supervisor"),
        target_code="320102",
        topic="换届选举问题",
        method="letter",
        requirement="请书面回复",
    )


def _send(field, input_type):
    mutation = f"""mutation($input: {input_type}!) {{ {field}(input: $input) {{
      link {{ kind }} errors {{ code message }} }} }}"""

    def variables(tree):
        fact = petition_fact(tree, "county_a")
        target = "320100" if field == "petitionEscalate" else "320102002"
        return {"input": {"petitionId": str(fact.petition_id), "targetCode": target}}

    return field, mutation, variables


def _case_subject_record(tree):
    fact = petition_fact(tree, "county_a")
    return {
        "input": {
            "petitionId": str(fact.petition_id),
            "accusedUnitCode": "320102002",
            "managingLevel": "COUNTY",
        }
    }


def _send_down_approve(tree):
    fact = petition_fact(tree, "county_a")
    return {
        "input": {
            "petitionId": str(fact.petition_id),
            "targetCode": "320102002",
            "reason": "经研究可以转交",
        }
    }


def _order_issue(tree):
    return {
        "input": {
            "targetCode": "320102002",
            "topic": "换届选举问题",
            "method": "LETTER",
            "requirement": "请于期限内书面回复",
        }
    }


def _order_reply(tree):
    order = _order_on_county_a(tree)
    return {"input": {"orderId": order.pk, "kind": "PROGRESS", "content": "正在核查"}}


def _order_urge(tree):
    return {"input": {"orderId": _order_on_county_a(tree).pk, "note": "请尽快回复"}}


def _objection_raise(tree):
    return {"id": _city_assignment_to_county_a(tree).pk}


def _report_submit(tree):
    link = _city_assignment_to_county_a(tree)
    return {
        "input": {"linkId": link.pk, "finding": "NOT_TRUE", "handling": "经核查不属实"}
    }


def _review_request(tree):
    fact = petition_fact(tree, "county_a")
    return {
        "input": {
            "petitionId": str(fact.petition_id),
            "requestedOn": datetime.date.today().isoformat(),
        }
    }


MUTATIONS = [
    _send("petitionTransfer", "CaseSendInput"),
    _send("petitionAssign", "PetitionAssignInput"),
    _send("petitionEscalate", "CaseSendInput"),
    (
        "caseSubjectRecord",
        """mutation($input: CaseSubjectRecordInput!) { caseSubjectRecord(input: $input) {
          errors { code message } } }""",
        _case_subject_record,
    ),
    (
        "petitionSendDownApprove",
        """mutation($input: PetitionSendDownApproveInput!) {
          petitionSendDownApprove(input: $input) { errors { code message } } }""",
        _send_down_approve,
    ),
    (
        "supervisionOrderIssue",
        """mutation($input: SupervisionOrderIssueInput!) {
          supervisionOrderIssue(input: $input) { order { state } errors { code message } } }""",
        _order_issue,
    ),
    (
        "supervisionOrderReply",
        """mutation($input: SupervisionOrderReplyInput!) {
          supervisionOrderReply(input: $input) { order { state } errors { code message } } }""",
        _order_reply,
    ),
    (
        "urgeSupervisionOrder",
        """mutation($input: SupervisionOrderUrgeInput!) {
          urgeSupervisionOrder(input: $input) { errors { code message } } }""",
        _order_urge,
    ),
    (
        "remitObjectionRaise",
        """mutation($id: ID!) { remitObjectionRaise(linkId: $id, reason: "不属本级管辖") {
          objection { state } errors { code message } } }""",
        _objection_raise,
    ),
    (
        "resultReportSubmit",
        """mutation($input: ResultReportSubmitInput!) { resultReportSubmit(input: $input) {
          report { state } errors { code message } } }""",
        _report_submit,
    ),
    (
        "reviewRequest",
        """mutation($input: ReviewRequestInput!) { reviewRequest(input: $input) {
          errors { code message } } }""",
        _review_request,
    ),
]


@pytest.mark.parametrize("headers", [COUNTY_A, {}], ids=["x-unit", "no-unit"])
@pytest.mark.parametrize(
    ("field", "mutation", "variables"), MUTATIONS, ids=[m[0] for m in MUTATIONS]
)
def test_unitless_staff_is_refused_every_cross_level_step(
    tree, gql, unitless, headers, field, mutation, variables
):
    given = variables(tree)
    before = snapshot()

    data = gql(unitless).ok(mutation, given, headers=headers)[field]

    assert data["errors"] == DENIED
    assert snapshot() == before


def test_unitless_staff_reads_no_cross_level_work(tree, gql, unitless):
    link = _city_assignment_to_county_a(tree)
    query = """query($id: UUID!, $petition: ID!) {
      caseLinksPage { totalCount }
      petitionRouteSuggestion(petitionId: $id) { code }
      petitionSendCandidates(petitionId: $id, kind: TRANSFER) { refusal }
      petition(id: $petition) { id }
      myWork { count }
    }"""

    data = gql(unitless).ok(
        query,
        {"id": str(link.target_petition_id), "petition": str(link.target_petition_id)},
        headers=COUNTY_A,
    )

    assert data == {
        "caseLinksPage": {"totalCount": 0},
        "petitionRouteSuggestion": None,
        "petitionSendCandidates": None,
        "petition": None,
        "myWork": [],
    }
