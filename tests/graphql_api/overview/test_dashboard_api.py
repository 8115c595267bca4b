"""What the dashboard reads beyond the overview: open counts per child unit,
days remaining, and the cross-level case view with its chain."""

import uuid
from datetime import timedelta

from django.utils import timezone

from supervision.crosslevel.models import CaseLink, LinkKind
from tests.factories.facts import fact_create


def _due(days_from_today: int):
    return timezone.localdate() + timedelta(days=days_from_today)


CHILD_COUNTS = """{ overview(fromMonth: "2026-01", toMonth: "2026-12") {
    children { unit { code } }
    childrenOpenCounts(dueSoonDays: 3) {
      unit { code } openCounts { open overdue dueSoon } } } }"""


def test_each_child_has_its_subtree_open_overdue_and_due_soon_counts(tree, gql):
    fact_create(tree.units["county_a"], due_on=_due(-3))
    fact_create(tree.units["township"], due_on=_due(-1))
    fact_create(tree.units["township"], due_on=_due(2))
    fact_create(tree.units["county_b"], due_on=_due(10))
    fact_create(tree.units["city"], due_on=_due(-5))

    data = gql(tree.user("city", "supervisor")).ok(CHILD_COUNTS)["overview"]

    counts = {
        entry["unit"]["code"]: entry["openCounts"]
        for entry in data["childrenOpenCounts"]
    }
    # The township counts in county A's subtree; the city's own case in none.
    assert counts[tree.units["county_a"].code] == {
        "open": 3,
        "overdue": 2,
        "dueSoon": 1,
    }
    assert counts[tree.units["county_b"].code] == {
        "open": 1,
        "overdue": 0,
        "dueSoon": 0,
    }
    assert [e["unit"]["code"] for e in data["childrenOpenCounts"]] == [
        c["unit"]["code"] for c in data["children"]
    ]


def test_a_county_sees_no_child_counts_of_a_unit_alone(tree, gql):
    fact_create(tree.units["county_a"], due_on=_due(-3))

    data = gql(tree.user("county_a", "registrar")).ok(CHILD_COUNTS)["overview"]

    assert data["childrenOpenCounts"] == []


CASE = """query($id: UUID!) { crossLevelCase(petitionId: $id) {
    fact { trackingNumber daysRemaining daysOverdue unit { code } }
    chain { kind state sentOn sourceUnit { code } targetUnit { code } } } }"""


def _link(by, source, source_petition, target, target_petition, kind, sent_days_ago):
    sent = timezone.localdate() - timedelta(days=sent_days_ago)
    return CaseLink.objects.create(
        kind=kind,
        source_unit=source,
        source_petition_id=source_petition,
        target_unit=target,
        target_petition_id=target_petition,
        sent_on=sent,
        objection_due_on=sent + timedelta(days=7),
        created_by=by,
    )


def test_the_province_sees_a_county_case_with_its_chain_from_the_city(tree, gql):
    city_case, county_case, township_case = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    fact_create(tree.units["city"], petition_id=city_case, due_on=_due(20))
    fact_create(
        tree.units["county_a"],
        petition_id=county_case,
        tracking_number="A-1",
        due_on=_due(-4),
    )
    city, county, township = (tree.units[n] for n in ("city", "county_a", "township"))
    by = tree.user("city", "supervisor")
    _link(by, city, city_case, county, county_case, LinkKind.ASSIGN, 30)
    _link(by, county, county_case, township, township_case, LinkKind.TRANSFER, 10)

    data = gql(tree.user("province", "supervisor")).ok(CASE, {"id": str(county_case)})

    case = data["crossLevelCase"]
    assert case["fact"] == {
        "trackingNumber": "A-1",
        "daysRemaining": -4,
        "daysOverdue": 4,
        "unit": {"code": county.code},
    }
    assert [
        (s["kind"], s["sourceUnit"]["code"], s["targetUnit"]["code"])
        for s in case["chain"]
    ] == [
        ("ASSIGN", city.code, county.code),
        ("TRANSFER", county.code, township.code),
    ]


def test_a_sibling_county_cannot_see_the_case(tree, gql):
    case_id = uuid.uuid4()
    fact_create(tree.units["county_a"], petition_id=case_id, due_on=_due(-4))

    sibling = gql(tree.user("county_b", "supervisor")).ok(CASE, {"id": str(case_id)})
    own = gql(tree.user("county_a", "supervisor")).ok(CASE, {"id": str(case_id)})

    assert sibling["crossLevelCase"] is None
    assert own["crossLevelCase"]["fact"]["daysOverdue"] == 4
