"""Escalation (上报) up the tree through GraphQL."""

from supervision.inbox.models import Notification
from supervision.models import Petition
from tests.factories.crosslevel import petition_fact
from tests.factories.supervision import in_unit
from tests.graphql_api.crosslevel.flows import LINKS, SUBJECT, send


def test_escalation_goes_to_the_managing_ancestor(tree, gql):
    # given a township petition about a cadre the city manages
    fact = petition_fact(tree, "township")
    township = gql(tree.user("township", "leader"))
    # when the township escalates it straight to the city
    escalated = send(
        township,
        """mutation($input: CaseSendInput!) { petitionEscalate(input: $input) {
          link { kind targetUnit { code } targetPetitionId } errors { code } } }""",
        "petitionEscalate",
        fact.petition_id,
        "320100",
    )
    # then the city holds it as reported from below, and is told
    assert escalated["errors"] == []
    assert (escalated["link"]["kind"], escalated["link"]["targetUnit"]) == (
        "ESCALATE",
        {"code": "320100"},
    )
    with in_unit(tree.units["city"]):
        received = Petition.objects.get(pk=escalated["link"]["targetPetitionId"])
        assert (received.origin, received.origin_body) == (
            "lower_unit",
            "梅园新村街道党工委组织办",
        )
    told = Notification.objects.filter(kind="escalation_received").values_list(
        "recipient__username", flat=True
    )
    assert sorted(told) == ["city_leader", "city_registrar"]
    received_links = gql(tree.user("city", "registrar")).ok(
        LINKS, {"direction": "RECEIVED"}
    )["caseLinks"]
    assert [link["kind"] for link in received_links] == ["ESCALATE"]
    # and a unit below the sender, or beside it, cannot be escalated to
    sideways = send(
        township,
        """mutation($input: CaseSendInput!) { petitionEscalate(input: $input) {
          link { kind } errors { code } } }""",
        "petitionEscalate",
        fact.petition_id,
        "320104",
    )
    assert sideways == {"link": None, "errors": [{"code": "INVALID_TARGET"}]}


def test_escalation_never_reaches_the_accused_unit(tree, gql):
    # given a township petition accusing a cadre of county_a's own unit
    fact = petition_fact(tree, "township")
    township = gql(tree.user("township", "leader"))
    recorded = gql(tree.user("township", "liaison")).ok(
        SUBJECT,
        {
            "input": {
                "petitionId": str(fact.petition_id),
                "accusedUnitCode": "320102",
                "managingLevel": "CITY",
                "isMainLeader": True,
            }
        },
    )
    assert recorded["caseSubjectRecord"] == {
        "suggestedUnit": {"code": "320100"},
        "errors": [],
    }
    escalate = """mutation($input: CaseSendInput!) { petitionEscalate(input: $input) {
      link { targetUnit { code } } errors { code } } }"""
    refused = send(township, escalate, "petitionEscalate", fact.petition_id, "320102")
    allowed = send(township, escalate, "petitionEscalate", fact.petition_id, "320100")
    assert refused == {"link": None, "errors": [{"code": "RECUSAL_MAIN_LEADER"}]}
    assert allowed == {"link": {"targetUnit": {"code": "320100"}}, "errors": []}
