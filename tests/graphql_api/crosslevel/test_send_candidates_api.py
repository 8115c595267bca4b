"""The unit-tree picker's candidates (issue 13): one query gives every unit a
case may be sent to, allowed or refused with the reason the mutation gives,
by the same rules, and logs nothing."""

from __future__ import annotations

from supervision.crosslevel.models import RefusalLog
from tests.factories.crosslevel import petition_fact
from tests.graphql_api.crosslevel.flows import ASSIGN, SUBJECT, send

CANDIDATES = """query($id: UUID!, $kind: SendKind!) {
  petitionSendCandidates(petitionId: $id, kind: $kind) {
    refusal suggested { code }
    candidates { unit { code depth } allowed reason suggested } } }"""

RECUSAL = (
    "该信访件反映中共南京市玄武区委、南京市玄武区人民政府的主要负责人，"
    "不得转交中共南京市玄武区委组织部或其下级单位办理（回避）"
)


def _subject(client, fact, code, level, *, main_leader=False):
    data = client.ok(
        SUBJECT,
        {
            "input": {
                "petitionId": str(fact.petition_id),
                "accusedUnitCode": code,
                "managingLevel": level,
                "isMainLeader": main_leader,
            }
        },
    )["caseSubjectRecord"]
    assert data["errors"] == []


def _candidates(client, fact, kind="ASSIGN"):
    return client.ok(CANDIDATES, {"id": str(fact.petition_id), "kind": kind})[
        "petitionSendCandidates"
    ]


def test_main_leader_recusal_greys_the_county_and_its_townships(tree, gql):
    # given a city case reporting county 320102's main leader
    fact = petition_fact(tree, "city")
    city = gql(tree.user("city", "registrar"))
    _subject(city, fact, "320102", "CITY", main_leader=True)
    before = RefusalLog.objects.count()
    # when the city asks whom it may assign it to
    data = _candidates(city, fact)
    by_code = {c["unit"]["code"]: c for c in data["candidates"]}
    # then that county and every township under it are refused with the
    # reason the mutation gives, other counties are allowed, nothing logged
    below = [code for code in by_code if code.startswith("320102")]
    assert "320102" in below and len(below) > 1
    for code in below:
        assert by_code[code]["allowed"] is False
        assert by_code[code]["reason"] == RECUSAL
    other_counties = [
        c for c in data["candidates"] if c["unit"]["depth"] == 2 and c not in below
    ]
    assert any(c["allowed"] for c in other_counties if c["unit"]["code"] != "320102")
    assert RefusalLog.objects.count() == before
    refused = send(city, ASSIGN, "petitionAssign", fact.petition_id, "320102")
    assert refused["errors"][0]["message"] == by_code["320102"]["reason"]


def test_managing_unit_is_suggested_first_and_others_two_down_skip_a_level(tree, gql):
    # given a province case about a township cadre that county 320102 manages
    fact = petition_fact(tree, "province")
    province = gql(tree.user("province", "registrar"))
    _subject(province, fact, "320102002", "COUNTY")
    data = _candidates(province, fact)
    first = data["candidates"][0]
    assert data["suggested"] == {"code": "320102"}
    assert first["unit"]["code"] == "320102" and first["suggested"]
    assert first["allowed"] is True
    # another county is two levels down: it would skip a level
    by_code = {c["unit"]["code"]: c for c in data["candidates"]}
    assert by_code["320213"]["allowed"] is False
    assert by_code["320213"]["reason"].startswith("只能转交直接下级单位")
    skipped = send(province, ASSIGN, "petitionAssign", fact.petition_id, "320213")
    assert [e["code"] for e in skipped["errors"]] == ["SKIPS_LEVEL"]


def test_escalation_lists_the_ancestors_and_strangers_get_nothing(tree, gql):
    fact = petition_fact(tree, "county_a")
    county = gql(tree.user("county_a", "registrar"))
    data = _candidates(county, fact, "ESCALATE")
    assert [c["unit"]["depth"] for c in data["candidates"]] == [0, 1]
    assert all(c["allowed"] for c in data["candidates"])
    # a unit that does not hold the case learns nothing about it
    other = gql(tree.user("other_city", "registrar"))
    assert _candidates(other, fact) is None
