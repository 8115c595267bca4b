"""Registration naming the accused's unit: recusal without a manual step."""

from __future__ import annotations

from supervision.crosslevel.models import CaseSubject, RefusalLog
from tests.factories.crosslevel import snapshot
from tests.graphql_api.crosslevel.flows import TRANSFER, send
from tests.graphql_api.supervision.test_lifecycle import register_input

REGISTER = """mutation($input: PetitionRegisterInput!) { petitionRegister(input: $input) {
  petition { id trackingNumber accused { name } }
  suggestedUnit { code }
  errors { code field message } } }"""


def _accusation(unit_code, managing_level, is_main_leader=False):
    value = register_input("ACCUSATION")
    value["accused"][0].update(
        {
            "unitCode": unit_code,
            "managingLevel": managing_level,
            "isMainLeader": is_main_leader,
        }
    )
    return {"input": value}


def test_registered_main_leader_refuses_a_transfer_to_the_unit(tree, gql):
    # given the city registers an accusation of county_a's main leader
    city = gql(tree.user("city", "registrar"))
    data = city.ok(REGISTER, _accusation("320102", "CITY", is_main_leader=True))[
        "petitionRegister"
    ]
    assert (data["errors"], data["suggestedUnit"]) == ([], {"code": "320100"})
    petition_id = data["petition"]["id"]
    assert list(
        CaseSubject.objects.filter(petition_id=petition_id).values_list(
            "unit__code", "accused_unit__code", "managing_level", "is_main_leader"
        )
    ) == [("320100", "320102", "city", True)]
    # when the city tries to transfer it to county_a
    refused = send(city, TRANSFER, "petitionTransfer", petition_id, "320102")
    # then recusal refuses it and the refusal is logged
    assert refused["link"] is None
    assert [e["code"] for e in refused["errors"]] == ["RECUSAL_MAIN_LEADER"]
    assert list(
        RefusalLog.objects.filter(petition_id=petition_id).values_list(
            "code", "target_unit__code"
        )
    ) == [("RECUSAL_MAIN_LEADER", "320102")]
    # and county_b, not involved, may still receive it
    sent = send(city, TRANSFER, "petitionTransfer", petition_id, "320104")
    assert (sent["errors"], sent["link"]["targetUnit"]) == ([], {"code": "320104"})


def test_registered_accused_unit_never_receives_the_accusation(tree, gql):
    # given county_a registers an accusation of a township cadre it manages
    county = gql(tree.user("county_a", "registrar"))
    data = county.ok(REGISTER, _accusation("320102002", "COUNTY"))["petitionRegister"]
    # then the county itself is suggested (干部管理权限)
    assert (data["errors"], data["suggestedUnit"]) == ([], {"code": "320102"})
    # and a transfer to the township is refused for confidentiality
    refused = send(
        county, TRANSFER, "petitionTransfer", data["petition"]["id"], "320102002"
    )
    assert [e["code"] for e in refused["errors"]] == ["CONFIDENTIAL_ACCUSED_UNIT"]


def test_unknown_accused_unit_code_stores_nothing(tree, gql):
    before = snapshot()
    data = gql(tree.user("county_a", "registrar")).ok(
        REGISTER, _accusation("999999", "COUNTY")
    )["petitionRegister"]
    assert data["petition"] is None
    assert [(e["code"], e["field"]) for e in data["errors"]] == [
        ("INVALID_ACCUSED_UNIT", "accused.0.unitCode")
    ]
    assert data["errors"][0]["message"] == "被反映人所在单位代码999999不在单位树中"
    assert snapshot() == before


def test_name_only_accused_unit_of_an_accusation_is_refused_with_suggestions(tree, gql):
    # given an accusation whose accused's unit is given by a name that is not
    # exactly a unit of the tree
    value = register_input("ACCUSATION")
    value["accused"][0].pop("unitCode")
    before = snapshot()
    data = gql(tree.user("county_a", "registrar")).ok(REGISTER, {"input": value})[
        "petitionRegister"
    ]
    # then it is refused, naming the unit the name may mean, and nothing stored
    assert data["petition"] is None
    assert data["errors"] == [
        {
            "code": "ACCUSED_UNIT_REQUIRED",
            "field": "accused.0.unitCode",
            "message": "检举控告须从单位树中选择被反映人孙志强的所在单位："
            "“玄武区某街道党工委”可能是中共南京市玄武区委组织部（320102）；"
            "确实不详的，请标明“所在单位不详”",
        }
    ]
    assert snapshot() == before


def test_exact_name_of_a_unit_is_resolved_and_guards_the_transfer(tree, gql):
    # given the case: the accused's unit given by name only, exactly a
    # township of the tree
    county = gql(tree.user("county_a", "registrar"))
    value = register_input("ACCUSATION")
    value["accused"][0].pop("unitCode")
    value["accused"][0]["unitName"] = "梅园新村街道党工委组织办"
    data = county.ok(REGISTER, {"input": value})["petitionRegister"]
    # then the unit is resolved and recorded
    assert data["errors"] == []
    petition_id = data["petition"]["id"]
    assert list(
        CaseSubject.objects.filter(petition_id=petition_id).values_list(
            "position", "accused_unit__code"
        )
    ) == [(0, "320102002")]
    # and the accusation cannot be sent to that township
    refused = send(county, TRANSFER, "petitionTransfer", petition_id, "320102002")
    assert [e["code"] for e in refused["errors"]] == ["CONFIDENTIAL_ACCUSED_UNIT"]


def test_a_name_only_unit_stays_allowed_for_other_petition_types(tree, gql):
    # a suggestion keeps nothing from units below: no routing record is needed
    value = register_input("SUGGESTION")
    value["accused"] = [
        {"name": "孙志强", "unitName": "玄武区某局", "managingLevel": "COUNTY"},
        # an exact unit name is not taken for a routing record either
        {"name": "王某", "unitName": "梅园新村街道", "managingLevel": "COUNTY"},
        {
            "name": "李某",
            "unitName": "某单位",
            "managingLevel": "COUNTY",
            "unitUnknown": True,
        },
    ]
    data = gql(tree.user("county_a", "registrar")).ok(REGISTER, {"input": value})[
        "petitionRegister"
    ]
    assert data["errors"] == []
    assert not CaseSubject.objects.filter(petition_id=data["petition"]["id"]).exists()


def test_recorded_accused_unit_follows_the_case_down(tree, gql):
    # given the city registers an accusation of a township cadre and transfers
    # it to county_a, which manages the cadre
    city = gql(tree.user("city", "registrar"))
    data = city.ok(REGISTER, _accusation("320102002", "COUNTY"))["petitionRegister"]
    sent = send(city, TRANSFER, "petitionTransfer", data["petition"]["id"], "320102")
    assert sent["errors"] == []
    received = sent["link"]["targetPetitionId"]
    # when county_a tries to pass it on to the accused's township
    county = gql(tree.user("county_a", "registrar"))
    refused = send(county, TRANSFER, "petitionTransfer", received, "320102002")
    # then confidentiality refuses it there too
    assert [e["code"] for e in refused["errors"]] == ["CONFIDENTIAL_ACCUSED_UNIT"]
