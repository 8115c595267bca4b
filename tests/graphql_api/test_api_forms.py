"""The contract's new forms through GraphQL, and the deprecated old forms that
keep working for one release: `input:` mutations, paged lists, dates named
`…On`, times in Asia/Shanghai, breakdown labels."""

from __future__ import annotations

import datetime
import re

from django.utils import timezone

from supervision.models import Petition, Topic
from tenants.models import Unit
from tests.factories.facts import fact_create
from tests.factories.supervision import in_unit, make_petition

OFFSET = re.compile(r"\+08:00$")

ACCEPT_INPUT = """
mutation($input: PetitionAcceptInput) {
  petitionAccept(input: $input) { petition { status acceptedOn } errors { code field message } }
}"""
ACCEPT_LOOSE = """
mutation($petitionId: ID, $decidedOn: Date) {
  petitionAccept(petitionId: $petitionId, decidedOn: $decidedOn) {
    petition { status acceptedOn } errors { code field message }
  }
}"""
ACCEPT_BOTH = """
mutation($petitionId: ID, $input: PetitionAcceptInput) {
  petitionAccept(petitionId: $petitionId, input: $input) {
    petition { status } errors { code field message }
  }
}"""


def _status(tree, petition_id) -> str:
    with in_unit(tree.units["county_a"]):
        return Petition.objects.get(pk=petition_id).status


def test_a_mutation_takes_its_arguments_as_input(tree, gql):
    petition = make_petition(tree)
    today = timezone.localdate().isoformat()

    data = gql(tree.user("county_a", "registrar")).ok(
        ACCEPT_INPUT, {"input": {"petitionId": str(petition.pk), "decidedOn": today}}
    )

    assert data["petitionAccept"] == {
        "petition": {"status": "ACCEPTED", "acceptedOn": today},
        "errors": [],
    }


def test_the_deprecated_loose_arguments_still_work(tree, gql):
    petition = make_petition(tree)
    today = timezone.localdate().isoformat()

    data = gql(tree.user("county_a", "registrar")).ok(
        ACCEPT_LOOSE, {"petitionId": str(petition.pk), "decidedOn": today}
    )

    assert data["petitionAccept"] == {
        "petition": {"status": "ACCEPTED", "acceptedOn": today},
        "errors": [],
    }


def test_neither_input_nor_loose_arguments_is_input_required(tree, gql):
    petition = make_petition(tree)

    data = gql(tree.user("county_a", "registrar")).ok(ACCEPT_LOOSE, {})

    assert data["petitionAccept"] == {
        "petition": None,
        "errors": [
            {
                "code": "INPUT_REQUIRED",
                "field": "input",
                "message": "缺少 input 参数（PetitionAcceptInput）",
            }
        ],
    }
    assert _status(tree, petition.pk) == "registered"


def test_input_and_loose_arguments_together_are_refused(tree, gql):
    petition = make_petition(tree)

    data = gql(tree.user("county_a", "registrar")).ok(
        ACCEPT_BOTH,
        {"petitionId": str(petition.pk), "input": {"petitionId": str(petition.pk)}},
    )

    assert data["petitionAccept"]["errors"] == [
        {
            "code": "INPUT_REQUIRED",
            "field": "input",
            "message": "请只使用 input 参数，不要同时传入已弃用的参数 petitionId",
        }
    ]
    assert _status(tree, petition.pk) == "registered"


def test_loose_arguments_missing_a_required_one_name_it(tree, gql):
    data = gql(tree.user("county_a", "registrar")).ok(
        ACCEPT_LOOSE, {"decidedOn": timezone.localdate().isoformat()}
    )

    assert data["petitionAccept"]["errors"] == [
        {
            "code": "INPUT_REQUIRED",
            "field": "petitionId",
            "message": "缺少参数 petitionId；请改用 input 参数（PetitionAcceptInput）",
        }
    ]


def test_an_anonymous_caller_is_told_to_sign_in_before_the_input_is_read(gql):
    data = gql().ok(ACCEPT_LOOSE, {})

    assert data["petitionAccept"]["errors"][0]["code"] == "UNAUTHENTICATED"


def test_ids_inside_the_input_are_named_after_what_they_point_to(tree, gql):
    admin = gql(tree.user("city", "admin"))

    renamed = admin.ok(
        'mutation { unitRename(input: {unitCode: "320104", name: "秦淮区委组织部（新）"})'
        " { unit { code name } errors { code } } }"
    )

    assert renamed["unitRename"] == {
        "unit": {"code": "320104", "name": "秦淮区委组织部（新）"},
        "errors": [],
    }
    assert Unit.objects.get(code="320104").name == "秦淮区委组织部（新）"


def test_user_update_takes_the_user_id_inside_its_input(tree, gql):
    admin = gql(tree.user("county_a", "admin"))
    target = tree.user("county_a", "handler")
    document = (
        "mutation($id: ID, $input: UserUpdateInput!) { userUpdate(id: $id, input: $input)"
        " { user { fullName } errors { code field } } }"
    )

    new_form = admin.ok(document, {"input": {"userId": target.pk, "fullName": "新名"}})
    old_form = admin.ok(document, {"id": target.pk, "input": {"fullName": "旧式"}})
    neither = admin.ok(document, {"input": {"fullName": "无人"}})
    both = admin.ok(
        document, {"id": target.pk, "input": {"userId": target.pk, "fullName": "两者"}}
    )

    assert new_form["userUpdate"] == {"user": {"fullName": "新名"}, "errors": []}
    assert old_form["userUpdate"] == {"user": {"fullName": "旧式"}, "errors": []}
    refused = {"user": None, "errors": [{"code": "INPUT_REQUIRED", "field": "userId"}]}
    assert neither["userUpdate"] == refused
    assert both["userUpdate"] == refused
    target.refresh_from_db()
    assert target.full_name == "旧式"


PAGE = """
query($unitCode: String!, $offset: Int, $limit: Int) {
  departmentsPage(unitCode: $unitCode, offset: $offset, limit: $limit) {
    items { name } totalCount offset limit
  }
  departments(unitCode: $unitCode) { name }
}"""


def test_a_paged_twin_answers_the_old_list_a_page_at_a_time(tree, gql):
    admin = gql(tree.user("county_a", "admin"))

    first = admin.ok(PAGE, {"unitCode": "320102", "limit": 1})
    second = admin.ok(PAGE, {"unitCode": "320102", "offset": 1, "limit": 1})

    everything = [row["name"] for row in first["departments"]]
    assert len(everything) == 2
    assert first["departmentsPage"] == {
        "items": [{"name": everything[0]}],
        "totalCount": 2,
        "offset": 0,
        "limit": 1,
    }
    assert second["departmentsPage"]["items"] == [{"name": everything[1]}]


def test_a_paged_twin_refuses_a_limit_above_the_maximum(tree, gql):
    status, body = gql(tree.user("county_a", "admin")).execute(
        PAGE, {"unitCode": "320102", "limit": 201}
    )

    assert body["errors"][0]["extensions"]["code"] == "PAGE_LIMIT_EXCEEDED"


def test_reception_days_and_case_links_pages_match_their_lists(tree, gql):
    registrar = gql(tree.user("county_a", "registrar"))
    leader = tree.user("county_a", "leader")
    for day in ("2026-03-02", "2026-03-09", "2026-03-16"):
        created = registrar.ok(
            "mutation($input: ReceptionDayCreateInput) { receptionDayCreate(input: $input)"
            " { errors { code message } } }",
            {"input": {"heldOn": day, "leaderId": leader.pk, "place": "接待室"}},
        )
        assert created["receptionDayCreate"]["errors"] == []

    data = registrar.ok(
        "{ receptionDays { heldOn } receptionDaysPage(limit: 2)"
        " { items { heldOn } totalCount } caseLinksPage { totalCount }"
        " caseLinks { id } }"
    )

    held = [day["heldOn"] for day in data["receptionDays"]]
    assert sorted(held) == ["2026-03-02", "2026-03-09", "2026-03-16"]
    assert data["receptionDaysPage"] == {
        "items": [{"heldOn": day} for day in held[:2]],
        "totalCount": 3,
    }
    assert data["caseLinksPage"]["totalCount"] == len(data["caseLinks"])


def test_times_leave_the_api_in_asia_shanghai_with_the_offset(tree, gql):
    petition = make_petition(tree)
    with in_unit(tree.units["county_a"]):
        stored = petition.events.earliest("created_at")

    data = gql(tree.user("county_a", "registrar")).ok(
        "query($id: ID!) { petition(id: $id) { events { createdAt } } }",
        {"id": str(petition.pk)},
    )

    answered = data["petition"]["events"][0]["createdAt"]
    assert OFFSET.search(answered), answered
    assert datetime.datetime.fromisoformat(answered) == stored.created_at


def test_dates_answer_under_their_on_names_and_the_old_ones(tree, gql):
    petition = make_petition(tree, state="accepted")

    data = gql(tree.user("county_a", "registrar")).ok(
        "query($id: ID!) { petition(id: $id) { clocks {"
        " start startsOn end endsOn nominalEnd nominalEndsOn } } }",
        {"id": str(petition.pk)},
    )

    clocks = data["petition"]["clocks"]
    assert clocks
    for clock in clocks:
        assert clock["startsOn"] == clock["start"] is not None
        assert clock["endsOn"] == clock["end"] is not None
        assert clock["nominalEndsOn"] == clock["nominalEnd"] is not None


REQUIREMENT = """
mutation($input: ReportRequirementInput!) {
  reportRequirementCreate(input: $input) {
    requirement { periodStart periodStartsOn periodEnd periodEndsOn }
    errors { code field }
  }
}"""


def _requirement(**period):
    return {
        "kind": "MONTHLY",
        "title": "2025年10月信访统计月报",
        "dueOn": "2025-11-05",
        **period,
    }


def test_an_input_date_renamed_on_takes_either_name_but_one(tree, gql):
    city = gql(tree.user("city", "leader"))

    new = city.ok(
        REQUIREMENT,
        {"input": _requirement(periodStartsOn="2025-10-01", periodEndsOn="2025-10-31")},
    )
    old = city.ok(
        REQUIREMENT,
        {"input": _requirement(periodStart="2025-10-01", periodEnd="2025-10-31")},
    )
    neither = city.ok(REQUIREMENT, {"input": _requirement(periodEnd="2025-10-31")})

    expected = {
        "periodStart": "2025-10-01",
        "periodStartsOn": "2025-10-01",
        "periodEnd": "2025-10-31",
        "periodEndsOn": "2025-10-31",
    }
    assert new["reportRequirementCreate"] == {"requirement": expected, "errors": []}
    assert old["reportRequirementCreate"] == {"requirement": expected, "errors": []}
    assert neither["reportRequirementCreate"] == {
        "requirement": None,
        "errors": [{"code": "INPUT_REQUIRED", "field": "periodStartsOn"}],
    }


def test_breakdowns_carry_the_chinese_label_of_each_value(tree, gql):
    county = tree.units["county_a"]
    fact_create(
        county,
        received_on=datetime.date(2026, 1, 3),
        channel="visit",
        topic="party_members",
        accused_unit_name="某某局",
    )
    fact_create(county, received_on=datetime.date(2026, 1, 9), channel="letter")

    data = gql(tree.user("county_a", "leader")).ok(
        '{ overview(unitCode: "320102", fromMonth: "2026-01", toMonth: "2026-01") {'
        " split(by: CHANNEL) { value label } hotTopics(limit: 1) { value label }"
        " accusedUnits { value label } } }"
    )

    overview = data["overview"]
    assert sorted(overview["split"], key=lambda row: row["value"]) == [
        {"value": "letter", "label": "来信"},
        {"value": "visit", "label": "来访"},
    ]
    [topic] = overview["hotTopics"]
    assert topic["label"] == Topic(topic["value"]).label
    assert {"value": "某某局", "label": "某某局"} in overview["accusedUnits"]
