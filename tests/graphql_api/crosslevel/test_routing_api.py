"""Routing to the responsible level (分级负责) through GraphQL: the unit that
manages the accused is suggested, a level may be skipped only towards it, and
recusal and confidentiality refuse the accused's unit."""

from supervision.crosslevel.models import CaseLink, RefusalLog
from supervision.services.intake import AccusedData
from tests.factories.crosslevel import petition_fact, snapshot
from tests.graphql_api.crosslevel.flows import ASSIGN, SUBJECT, TRANSFER, send
from tests.graphql_api.twins import assert_page_twin


def test_main_leader_recusal_refuses_the_unit_and_below_and_is_logged(tree, gql):
    # given a petition at the city reporting county_a's main leader
    fact = petition_fact(tree, "city")
    city = gql(tree.user("city", "registrar"))
    city.ok(
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
    before = snapshot()
    # when the city tries to assign it to county_a
    data = send(city, ASSIGN, "petitionAssign", fact.petition_id, "320102")
    # then it is refused with a clear reason, logged, and nothing else changed
    assert data == {
        "link": None,
        "errors": [
            {
                "code": "RECUSAL_MAIN_LEADER",
                "field": "targetCode",
                # the leader belongs to the area's Party committee or
                # government, not to its organization department
                "message": "该信访件反映中共南京市玄武区委、南京市玄武区人民政府"
                "的主要负责人，不得转交中共南京市玄武区委组织部或其下级单位办理（回避）",
            }
        ],
    }
    after = snapshot()
    assert after.pop("RefusalLog") == before.pop("RefusalLog") + 1
    assert after == before
    refusals = """{ crossLevelRefusals { code actorName sourceUnit { code }
      targetUnit { code } } }"""
    assert gql(tree.user("province", "supervisor")).ok(refusals) == {
        "crossLevelRefusals": [
            {
                "code": "RECUSAL_MAIN_LEADER",
                "actorName": str(tree.user("city", "registrar")),
                "sourceUnit": {"code": "320100"},
                "targetUnit": {"code": "320102"},
            }
        ]
    }
    assert gql(tree.user("other_city", "supervisor")).ok(refusals) == {
        "crossLevelRefusals": []
    }
    assert_page_twin(
        gql(tree.user("province", "supervisor")),
        "crossLevelRefusals",
        "code actorName sourceUnit { code } targetUnit { code }",
    )


def test_accusation_never_reaches_the_accused_unit(tree, gql):
    fact = petition_fact(tree, "city")
    city = gql(tree.user("city", "registrar"))
    city.ok(
        SUBJECT,
        {
            "input": {
                "petitionId": str(fact.petition_id),
                "accusedUnitCode": "320104",
                "managingLevel": "COUNTY",
            }
        },
    )
    data = send(city, TRANSFER, "petitionTransfer", fact.petition_id, "320104")
    assert [e["code"] for e in data["errors"]] == ["CONFIDENTIAL_ACCUSED_UNIT"]
    assert data["errors"][0]["message"] == (
        "检举控告材料和信访人信息不得转交被反映人所在单位（保密）"
    )
    assert RefusalLog.objects.filter(code="CONFIDENTIAL_ACCUSED_UNIT").count() == 1
    assert not CaseLink.objects.exists()


def test_routing_by_managing_level_allows_skipping_a_level(tree, gql):
    # given a province petition about a township cadre that the county manages
    fact = petition_fact(tree, "province")
    province = gql(tree.user("province", "registrar"))
    suggested = province.ok(
        SUBJECT,
        {
            "input": {
                "petitionId": str(fact.petition_id),
                "accusedUnitCode": "320102002",
                "managingLevel": "COUNTY",
            }
        },
    )["caseSubjectRecord"]["suggestedUnit"]
    # when it assigns straight to the managing county, and tries another county
    ok = send(province, ASSIGN, "petitionAssign", fact.petition_id, "320102")
    skipped = send(province, ASSIGN, "petitionAssign", fact.petition_id, "320213")
    # then the managing unit was suggested and accepted; the other skips a level
    assert suggested == {"code": "320102"}
    assert ok["errors"] == []
    assert [e["code"] for e in skipped["errors"]] == ["SKIPS_LEVEL"]


ROUTE = """query($id: UUID!) { petitionRouteSuggestion(petitionId: $id) { code } }"""


def test_registration_suggests_the_unit_that_manages_the_accused(tree, gql):
    # given county_a registers an accusation about a cadre the city manages
    fact = petition_fact(
        tree,
        "county_a",
        accused=[
            AccusedData(name="钱某", unit_name="玄武区某局", managing_level="city")
        ],
    )
    # then the city is suggested; a sibling cannot even ask
    county = gql(tree.user("county_a", "registrar"))
    sibling = gql(tree.user("county_b", "registrar"))
    assert county.ok(ROUTE, {"id": str(fact.petition_id)}) == {
        "petitionRouteSuggestion": {"code": "320100"}
    }
    assert sibling.ok(ROUTE, {"id": str(fact.petition_id)}) == {
        "petitionRouteSuggestion": None
    }
