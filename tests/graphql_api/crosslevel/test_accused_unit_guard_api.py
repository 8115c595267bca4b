"""The accused's unit is something the system knows (issue 10): picked from the
tree or recorded as unknown at registration, and guarded on every path that
moves material down or sideways."""

from __future__ import annotations

import importlib
import io

import pytest
from django.test import Client
from docx import Document

from supervision.crosslevel.models import CaseSubject, RefusalLog, RepeatMatch
from supervision.models import Accused, Petition
from supervision.reporting.services import report_submit
from tenants.models import Unit
from tests.factories.crosslevel import petition_fact, snapshot
from tests.factories.reporting import make_requirement
from tests.factories.supervision import CITIZEN_ID, in_unit
from tests.graphql_api.crosslevel.flows import (
    ASSIGN,
    SCAN,
    SUBJECT,
    TRANSFER,
    person,
    send,
)
from tests.graphql_api.crosslevel.test_authorization import (
    ANONYMOUS,
    COUNTY_OFFICER,
    PROVINCE_SUPERVISOR,
    TOWNSHIP_CLERK,
)
from tests.graphql_api.crosslevel.test_online_api import COUNTY_A, SUBMIT, submission
from tests.graphql_api.crosslevel.test_repeat_merge_api import MERGE
from tests.graphql_api.reporting.test_roll_up import TRACE
from tests.graphql_api.supervision.test_lifecycle import TODAY, register_input

REGISTER = """mutation($input: PetitionRegisterInput!) { petitionRegister(input: $input) {
  petition { id trackingNumber accused { name unitName unitCode isUnitUnknown } }
  errors { code field message } } }"""
SUGGESTIONS = """query($name: String!) {
  accusedUnitSuggestions(name: $name) { unit { code } isExact } }"""
ESCALATE = """mutation($input: CaseSendInput!) { petitionEscalate(input: $input) {
  link { id targetPetitionId } errors { code message field } } }"""
APPROVE = """mutation($input: PetitionSendDownApproveInput!) {
  petitionSendDownApprove(input: $input) {
    decision { kind code message targetUnit { code } sourceUnit { code } actorName }
    errors { code message field } } }"""
ORDER_ISSUE = """mutation($input: SupervisionOrderIssueInput!) {
  supervisionOrderIssue(input: $input) { order { id } errors { code message field } } }"""
TIMELINE = """query($id: ID!) { petition(id: $id) { events { action note } } }"""

UNKNOWN_REFUSAL = (
    "被反映人所在单位不详，检举控告材料转交下级单位须经本单位领导决定并说明理由（保密）"
)


def _accusation(**accused):
    value = register_input("ACCUSATION")
    value["accused"][0].pop("unitCode")
    value["accused"][0].update(accused)
    return {"input": value}


def _register(client, **accused) -> dict:
    data = client.ok(REGISTER, _accusation(**accused))["petitionRegister"]
    assert data["errors"] == []
    return data["petition"]


def _subjects(petition_id) -> list:
    return list(
        CaseSubject.objects.filter(petition_id=petition_id).values_list(
            "position", "accused_unit__code", "is_main_leader"
        )
    )


# -- picking the unit at registration ---------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        # the accused's own unit lies in an area: the most specific area first
        ("南京市玄武区教育局", [("320102", False), ("320100", False)]),
        ("梅园新村街道", [("320102002", True)]),
        # normalized: spaces and the leading 中共 do not matter
        (" 中共南京市玄武区委组织部 ", [("320102", True), ("320100", False)]),
        # still typing
        ("玄武", [("320102", False)]),
        ("某某公司", []),
    ],
)
def test_suggestions_offer_the_units_a_typed_name_may_mean(tree, gql, typed, expected):
    for client in (gql(), gql(tree.user("county_a", "registrar"))):
        data = client.ok(SUGGESTIONS, {"name": typed})["accusedUnitSuggestions"]
        assert [(s["unit"]["code"], s["isExact"]) for s in data] == expected


def test_unknown_accused_unit_is_recorded_as_unknown(tree, gql):
    county = gql(tree.user("county_a", "registrar"))
    petition = _register(county, unitUnknown=True)
    assert petition["accused"] == [
        {
            "name": "孙志强",
            "unitName": "玄武区某街道党工委",
            "unitCode": "",
            "isUnitUnknown": True,
        }
    ]
    assert _subjects(petition["id"]) == [(0, None, False)]


def test_picked_unit_is_shown_with_the_label_kept(tree, gql):
    county = gql(tree.user("county_a", "registrar"))
    petition = _register(county, unitCode="320102002")
    assert petition["accused"][0] == {
        "name": "孙志强",
        "unitName": "玄武区某街道党工委",
        "unitCode": "320102002",
        "isUnitUnknown": False,
    }
    assert _subjects(petition["id"]) == [(0, "320102002", False)]


@pytest.mark.parametrize(
    ("accused", "field", "message"),
    [
        (
            {"unitCode": "320102002", "unitUnknown": True},
            "accused.0.unitUnknown",
            "已选择被反映人所在单位的，不能同时标明“所在单位不详”",
        ),
        (
            {"unitCode": "320104"},
            "accused.0.unitCode",
            "被反映人所在单位中共南京市秦淮区委组织部已停用，请选择其现在所属的单位",
        ),
    ],
)
def test_contradictory_or_deactivated_accused_unit_stores_nothing(
    tree, gql, accused, field, message
):
    Unit.objects.filter(code="320104").update(is_active=False)
    before = snapshot()
    data = gql(tree.user("county_a", "registrar")).ok(REGISTER, _accusation(**accused))[
        "petitionRegister"
    ]
    assert data == {
        "petition": None,
        "errors": [
            {"code": "INVALID_ACCUSED_UNIT", "field": field, "message": message}
        ],
    }
    assert snapshot() == before


def test_the_public_picks_the_unit_or_says_it_does_not_know(tree, gql):
    public = gql()

    def accusation(**accused):
        person = {"name": "孙志强", "unitName": "玄武区某街道党工委", **accused}
        return submission(legalType="ACCUSATION", accused=[person])

    before = snapshot()
    refused = public.ok(SUBMIT, accusation(), headers=COUNTY_A)["onlinePetitionSubmit"]
    assert refused["trackingNumber"] is None
    assert [(e["code"], e["field"]) for e in refused["errors"]] == [
        ("ACCUSED_UNIT_REQUIRED", "accused.0.unitCode")
    ]
    assert snapshot() == before
    picked = public.ok(SUBMIT, accusation(unitCode="320102002"), headers=COUNTY_A)[
        "onlinePetitionSubmit"
    ]
    unknown = public.ok(SUBMIT, accusation(unitUnknown=True), headers=COUNTY_A)[
        "onlinePetitionSubmit"
    ]
    assert picked["errors"] == [] and unknown["errors"] == []
    with in_unit(tree.units["county_a"]):
        stored = {
            number: Petition.objects.get(public_number=number).pk
            for number in (picked["trackingNumber"], unknown["trackingNumber"])
        }
    assert _subjects(stored[picked["trackingNumber"]]) == [(0, "320102002", False)]
    assert _subjects(stored[unknown["trackingNumber"]]) == [(0, None, False)]


# -- unknown: a leader decides before it goes down --------------------------


def test_unknown_accused_unit_needs_a_leaders_decision_to_go_down(tree, gql):
    # given the city registers an accusation whose accused's unit is unknown
    city = gql(tree.user("city", "registrar"))
    petition_id = _register(city, unitUnknown=True)["id"]
    # when it tries to transfer or assign it to county_a
    before = snapshot()
    for query, field in ((TRANSFER, "petitionTransfer"), (ASSIGN, "petitionAssign")):
        refused = send(city, query, field, petition_id, "320102")
        # then both are refused, and only the refusals are recorded
        assert refused == {
            "link": None,
            "errors": [
                {
                    "code": "ACCUSED_UNIT_UNKNOWN",
                    "message": UNKNOWN_REFUSAL,
                    "field": "targetCode",
                }
            ],
        }
    after = snapshot()
    assert after.pop("RefusalLog") == before.pop("RefusalLog") + 2
    assert after == before
    # when the city's leader decides, with a reason, that county_a may have it
    leader = gql(tree.user("city", "leader"))
    reason = "经研判，举报所涉问题在玄武区，由玄武区委组织部调查，注意保护举报人"
    decided = leader.ok(
        APPROVE,
        {
            "input": {
                "petitionId": petition_id,
                "targetCode": "320102",
                "reason": reason,
            }
        },
    )["petitionSendDownApprove"]
    # then the decision is in the refusal and decision log and on the timeline
    assert decided == {
        "decision": {
            "kind": "APPROVED",
            "code": "SEND_DOWN_APPROVED",
            "message": reason,
            "targetUnit": {"code": "320102"},
            "sourceUnit": {"code": "320100"},
            "actorName": str(tree.user("city", "leader")),
        },
        "errors": [],
    }
    events = leader.ok(TIMELINE, {"id": petition_id})["petition"]["events"]
    assert events[-1] == {
        "action": "SEND_DOWN_APPROVED",
        "note": f"被反映人所在单位不详，领导决定可转交中共南京市玄武区委组织部：{reason}",
    }
    # and the decision is for that target only
    other = send(city, TRANSFER, "petitionTransfer", petition_id, "320104")
    assert [e["code"] for e in other["errors"]] == ["ACCUSED_UNIT_UNKNOWN"]
    sent = send(city, TRANSFER, "petitionTransfer", petition_id, "320102")
    assert sent["errors"] == []
    # and county_a, holding it now, needs its own leader's decision to go on
    received = sent["link"]["targetPetitionId"]
    assert _subjects(received) == [(0, None, False)]
    county = gql(tree.user("county_a", "registrar"))
    onward = send(county, TRANSFER, "petitionTransfer", received, "320102002")
    assert [e["code"] for e in onward["errors"]] == ["ACCUSED_UNIT_UNKNOWN"]


@pytest.mark.parametrize(
    ("role", "accused", "target", "reason", "code"),
    [
        ("registrar", {"unitUnknown": True}, "320102", "理由", "PERMISSION_DENIED"),
        ("leader", {"unitUnknown": True}, "320102", "  ", "REASON_REQUIRED"),
        ("leader", {"unitCode": "320104"}, "320102", "理由", "NOT_NEEDED"),
        ("leader", {"unitUnknown": True}, "320213", "理由", "INVALID_TARGET"),
    ],
)
def test_a_send_down_decision_that_fails_changes_nothing(
    tree, gql, role, accused, target, reason, code
):
    petition_id = _register(gql(tree.user("city", "registrar")), **accused)["id"]
    before = snapshot()
    data = gql(tree.user("city", role)).ok(
        APPROVE,
        {"input": {"petitionId": petition_id, "targetCode": target, "reason": reason}},
    )["petitionSendDownApprove"]
    assert data["decision"] is None
    assert [e["code"] for e in data["errors"]] == [code]
    assert snapshot() == before


def test_escalated_accusation_keeps_its_guard_when_sent_down_again(tree, gql):
    # given county_a received two accusations about cadres it cannot handle:
    # one serving in county_b, one whose unit nobody knows
    county = gql(tree.user("county_a", "registrar"))
    known = _register(county, unitCode="320104")["id"]
    unknown = _register(county, unitUnknown=True)["id"]
    city = gql(tree.user("city", "registrar"))
    codes = []
    for petition_id in (known, unknown):
        # when it escalates each to the city (going up needs no decision)
        up = send(county, ESCALATE, "petitionEscalate", petition_id, "320100")
        assert up["errors"] == []
        # and the city transfers it on to county_b
        down = send(
            city, TRANSFER, "petitionTransfer", up["link"]["targetPetitionId"], "320104"
        )
        codes.append([e["code"] for e in down["errors"]])
    # then the city's copy still knows the accused's unit, or that it is unknown
    assert codes == [["CONFIDENTIAL_ACCUSED_UNIT"], ["ACCUSED_UNIT_UNKNOWN"]]


# -- the messages a person reads --------------------------------------------


def test_transfer_to_a_deactivated_unit_says_it_is_deactivated(tree, gql):
    fact = petition_fact(tree, "county_a", legal_type="appeal")
    Unit.objects.filter(code__in=["320102002", "320213"]).update(is_active=False)
    county = gql(tree.user("county_a", "registrar"))
    before = snapshot()
    own = send(county, TRANSFER, "petitionTransfer", fact.petition_id, "320102002")
    elsewhere = send(county, TRANSFER, "petitionTransfer", fact.petition_id, "320213")
    missing = send(county, TRANSFER, "petitionTransfer", fact.petition_id, "999999")
    assert own["errors"] == [
        {
            "code": "TARGET_DEACTIVATED",
            "message": "梅园新村街道党工委组织办已停用，不能再接收信访件；"
            "请转交其现在的承接单位",
            "field": "targetCode",
        }
    ]
    # a unit outside the subtree answers as an active one would
    assert [e["code"] for e in elsewhere["errors"]] == ["INVALID_TARGET"]
    assert [(e["code"], e["message"]) for e in missing["errors"]] == [
        ("NOT_FOUND", "单位不存在")
    ]
    assert snapshot() == before


def test_recusal_names_the_township_party_committee_and_office(tree, gql):
    county = gql(tree.user("county_a", "registrar"))
    petition_id = _register(county, unitCode="320102002", isMainLeader=True)["id"]
    refused = send(county, TRANSFER, "petitionTransfer", petition_id, "320102002")
    assert refused["errors"] == [
        {
            "code": "RECUSAL_MAIN_LEADER",
            "message": "该信访件反映梅园新村街道党工委、梅园新村街道办事处的主要负责人，"
            "不得转交梅园新村街道党工委组织办或其下级单位办理（回避）",
            "field": "targetCode",
        }
    ]


# -- the other paths that move material down or sideways --------------------


def _order(petition_id, target):
    return {
        "input": {
            "targetCode": target,
            "petitionId": str(petition_id),
            "topic": "反映干部违规提拔问题",
            "method": "LETTER",
            "requirement": "请查明情况书面回复",
        }
    }


def test_supervision_order_never_presses_the_accused_unit_on_its_case(tree, gql):
    # given county_a holds an accusation of its own area's main leader, and
    # the township an accusation of one of its own cadres
    county = gql(tree.user("county_a", "registrar"))
    leader_case = _register(
        county, unitCode="320102", isMainLeader=True, managingLevel="CITY"
    )["id"]
    township = gql(tree.user("township", "liaison"))
    own_case = _register(township, unitCode="320102002")["id"]
    before = snapshot()
    # when the city orders county_a, and county_a the township, to handle them
    by_city = gql(tree.user("city", "supervisor")).ok(
        ORDER_ISSUE, _order(leader_case, "320102")
    )["supervisionOrderIssue"]
    by_county = gql(tree.user("county_a", "leader")).ok(
        ORDER_ISSUE, _order(own_case, "320102002")
    )["supervisionOrderIssue"]
    # then both are refused and logged, and no order exists
    assert (by_city["order"], by_county["order"]) == (None, None)
    assert [e["code"] for e in by_city["errors"]] == ["RECUSAL_MAIN_LEADER"]
    assert [e["code"] for e in by_county["errors"]] == ["CONFIDENTIAL_ACCUSED_UNIT"]
    after = snapshot()
    assert after.pop("RefusalLog") == before.pop("RefusalLog") + 2
    assert after == before
    # while an order on an unrelated topic still goes to county_a
    topic = gql(tree.user("city", "supervisor")).ok(
        """mutation { supervisionOrderIssue(input: {targetCode: "320102",
          topic: "软弱涣散党组织整顿", method: SITE_VISIT, requirement: "实地调研"}) {
          order { id } errors { code } } }"""
    )["supervisionOrderIssue"]
    assert topic["errors"] == []


def test_merge_into_a_case_handled_by_the_accused_unit_is_refused(tree, gql):
    # given county_a assigned one person's earlier appeal to the township
    earlier = petition_fact(
        tree, "county_a", legal_type="appeal", petitioners=person(CITIZEN_ID)
    )
    county = gql(tree.user("county_a", "registrar"))
    assert (
        send(county, ASSIGN, "petitionAssign", earlier.petition_id, "320102002")[
            "errors"
        ]
        == []
    )
    # and the same person's later accusation is about a township cadre
    later = petition_fact(tree, "county_a", petitioners=person(CITIZEN_ID))
    county.ok(
        SUBJECT,
        {
            "input": {
                "petitionId": str(later.petition_id),
                "accusedUnitCode": "320102002",
                "managingLevel": "COUNTY",
            }
        },
    )
    for fact in (earlier, later):
        county.ok(SCAN, {"id": str(fact.petition_id)})
    match = RepeatMatch.objects.get(petition_id=later.petition_id)
    before = snapshot()
    # when county_a merges the accusation into the case the township handles
    data = county.ok(MERGE, {"id": str(match.pk)})["repeatMatchMerge"]
    # then it is refused: the material would reach the accused's unit
    assert data["match"] is None
    assert [e["code"] for e in data["errors"]] == ["CONFIDENTIAL_ACCUSED_UNIT"]
    after = snapshot()
    assert after.pop("RefusalLog") == before.pop("RefusalLog") + 1
    assert after == before
    assert list(
        RefusalLog.objects.filter(petition_id=later.petition_id).values_list(
            "code", "target_unit__code"
        )
    ) == [("CONFIDENTIAL_ACCUSED_UNIT", "320102002")]


def test_the_accused_unit_can_neither_trace_nor_download_the_accusation(tree, gql):
    # given county_a holds an accusation of a township cadre, counted in its
    # submitted report
    county = gql(tree.user("county_a", "registrar"))
    accusation = _register(county, unitCode="320102002")
    requirement = make_requirement(
        tree.units["city"],
        tree.user("city", "leader"),
        period_start=TODAY.replace(month=1, day=1),
        period_end=TODAY.replace(month=12, day=31),
    )
    report = report_submit(
        actor=tree.user("county_a", "registrar"),
        requirement_id=requirement.pk,
        sections={"basic_situation": "本年收到检举控告1件。"},
    )

    def trace(user, unit_code):
        variables = {
            "requirementId": requirement.pk,
            "unitCode": unit_code,
            "figure": "received",
        }
        return gql(user).ok(TRACE, variables)["reportFigureTrace"]

    def download(user):
        client = Client()
        client.force_login(user)
        return client.get(f"/reports/{report.pk}/report.docx")

    township_leader = tree.user("township", "leader")
    # then the county's own trace lists the case
    assert [
        f["trackingNumber"]
        for f in trace(tree.user("county_a", "leader"), "320102")["facts"]
    ] == [accusation["trackingNumber"]]
    # and the township can neither trace the county's figures down to it nor
    # find it among its own, nor download the county's report
    assert trace(township_leader, "320102") is None
    own = trace(township_leader, "320102002")
    assert (own["factCount"], own["facts"]) == (0, [])
    assert download(township_leader).status_code == 404
    # while the city above may
    response = download(tree.user("city", "leader"))
    assert response.status_code == 200
    # and the export holds figures, no names of the accused or the petitioner
    document = Document(io.BytesIO(response.content))
    text = "".join(p.text for p in document.paragraphs) + "".join(
        cell.text
        for table in document.tables
        for row in table.rows
        for cell in row.cells
    )
    assert "本年收到检举控告1件。" in text
    assert ("孙志强" in text, "赵红梅" in text) == (False, False)


# -- learning the unit later, and accusations from before --------------------

SUBJECT_AT = """mutation($input: CaseSubjectRecordInput!) { caseSubjectRecord(input: $input) {
  suggestedUnit { code } errors { code message field } } }"""
ACCUSED = """query($id: ID!) { petition(id: $id) {
  accused { unitCode isUnitUnknown } events { action note } } }"""


def test_a_unit_learned_later_replaces_the_unknown(tree, gql):
    # given the city registered an accusation whose accused's unit was unknown
    city = gql(tree.user("city", "registrar"))
    petition_id = _register(city, unitUnknown=True)["id"]
    # when its registrar records the unit for that accused
    data = city.ok(
        SUBJECT_AT,
        {
            "input": {
                "petitionId": petition_id,
                "accusedUnitCode": "320102002",
                "managingLevel": "COUNTY",
                "accusedPosition": 0,
            }
        },
    )["caseSubjectRecord"]
    # then the petition and the routing record know it, on the timeline too
    assert data == {"suggestedUnit": {"code": "320102"}, "errors": []}
    assert _subjects(petition_id) == [(0, "320102002", False)]
    petition = city.ok(ACCUSED, {"id": petition_id})["petition"]
    assert petition["accused"] == [{"unitCode": "320102002", "isUnitUnknown": False}]
    assert petition["events"][-1] == {
        "action": "ACCUSED_UNIT_RECORDED",
        "note": "被反映人孙志强所在单位：梅园新村街道党工委组织办",
    }
    # and it may go to the managing county without a leader's decision
    sent = send(city, TRANSFER, "petitionTransfer", petition_id, "320102")
    assert sent["errors"] == []


def test_recording_the_unit_of_a_missing_accused_changes_nothing(tree, gql):
    city = gql(tree.user("city", "registrar"))
    petition_id = _register(city, unitUnknown=True)["id"]
    before = snapshot()
    data = city.ok(
        SUBJECT_AT,
        {
            "input": {
                "petitionId": petition_id,
                "accusedUnitCode": "320102002",
                "managingLevel": "COUNTY",
                "accusedPosition": 3,
            }
        },
    )["caseSubjectRecord"]
    assert data["errors"] == [
        {"code": "NOT_FOUND", "message": "被反映人不存在", "field": "accusedPosition"}
    ]
    assert snapshot() == before


def test_accusations_from_before_are_marked_unknown_by_the_migration(tree, gql):
    from django.apps import apps

    migration = importlib.import_module(
        "supervision.crosslevel.migrations.0007_existing_accusations_unit_unknown"
    )
    # given an accusation registered before the accused's unit was required,
    # and one whose unit was recorded
    legacy = petition_fact(tree, "city")
    recorded = _register(gql(tree.user("city", "registrar")), unitCode="320104")
    appeal = petition_fact(tree, "city", legal_type="appeal")
    # when the migration runs
    migration.mark_unknown(apps, None)
    # then only the legacy accusation is marked unknown
    assert _subjects(legacy.petition_id) == [(None, None, False)]
    assert _subjects(recorded["id"]) == [(0, "320104", False)]
    assert _subjects(appeal.petition_id) == []
    # and going down needs a leader's decision
    city = gql(tree.user("city", "registrar"))
    refused = send(city, TRANSFER, "petitionTransfer", legacy.petition_id, "320102")
    assert [e["code"] for e in refused["errors"]] == ["ACCUSED_UNIT_UNKNOWN"]


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        (ANONYMOUS, "UNAUTHENTICATED"),
        (TOWNSHIP_CLERK, "PERMISSION_DENIED"),
        (COUNTY_OFFICER, "PERMISSION_DENIED"),
        (("county_a", "leader"), None),
        (("county_b", "leader"), "NOT_FOUND"),
        (PROVINCE_SUPERVISOR, "PERMISSION_DENIED"),
    ],
)
def test_send_down_decision_authorization(tree, gql, actor, expected):
    county = gql(tree.user("county_a", "registrar"))
    petition_id = _register(county, unitUnknown=True)["id"]
    variables = {
        "input": {
            "petitionId": petition_id,
            "targetCode": "320102002",
            "reason": "经研判由街道调查",
        }
    }
    user = tree.user(*actor) if actor else None
    before = snapshot()
    data = gql(user).ok(APPROVE, variables)["petitionSendDownApprove"]
    codes = [error["code"] for error in data["errors"]]
    if expected is None:
        assert (codes, data["decision"]["targetUnit"]) == ([], {"code": "320102002"})
    else:
        assert (codes, data["decision"]) == ([expected], None)
        assert snapshot() == before


def test_suggestions_read_the_tree_once(tree, gql, django_assert_num_queries):
    public = gql()
    # the request's unit resolution (domain, search path), then one read of
    # the tree for the three units that match
    with django_assert_num_queries(3):
        data = public.ok(SUGGESTIONS, {"name": "江苏省南京市玄武区"})
    assert [s["unit"]["code"] for s in data["accusedUnitSuggestions"]] == [
        "320102",
        "320100",
        "320000",
    ]


def test_learning_one_unit_of_an_older_accusation_keeps_the_others_unknown(tree, gql):
    from django.apps import apps

    migration = importlib.import_module(
        "supervision.crosslevel.migrations.0007_existing_accusations_unit_unknown"
    )
    # given an older accusation about two cadres, marked unknown by the migration
    legacy = petition_fact(tree, "city")
    with in_unit(tree.units["city"]):
        Accused.objects.create(
            petition_id=legacy.petition_id,
            position=1,
            name="钱某",
            unit_name="某局",
            managing_level="county",
        )
    migration.mark_unknown(apps, None)
    # when the city learns the first cadre's unit
    city = gql(tree.user("city", "registrar"))
    data = city.ok(
        SUBJECT_AT,
        {
            "input": {
                "petitionId": str(legacy.petition_id),
                "accusedUnitCode": "320104",
                "managingLevel": "COUNTY",
                "accusedPosition": 0,
            }
        },
    )["caseSubjectRecord"]
    # then the second stays unknown, and the case still needs a decision
    assert data["errors"] == []
    assert sorted(_subjects(legacy.petition_id)) == [
        (0, "320104", False),
        (1, None, False),
    ]
    refused = send(city, TRANSFER, "petitionTransfer", legacy.petition_id, "320102")
    assert [e["code"] for e in refused["errors"]] == ["ACCUSED_UNIT_UNKNOWN"]
