"""The cross-level demo seeder: flows on existing petitions, once."""

from demo.crosslevel import seed_crosslevel_demo
from supervision.crosslevel.models import CaseLink, SupervisionOrder
from tests.factories.crosslevel import petition_fact
from tests.factories.supervision import make_petition


def test_demo_seeds_flows_once(tree):
    for _ in range(2):
        petition_fact(tree, "city")
    petition_fact(tree, "county_a")
    answered = make_petition(tree, "answered")
    first = seed_crosslevel_demo()
    second = seed_crosslevel_demo()
    assert first.startswith("已生成跨层级流转演示数据")
    assert first.endswith("申请复查1件")
    assert second == "跨层级流转演示数据已存在，未重复生成"
    assert sorted(
        CaseLink.objects.values_list("kind", "target_unit__code", "state")
    ) == [
        ("assign", "320102", "active"),
        ("assign", "320102002", "active"),
        ("review", "320100", "decided"),
        ("transfer", "320102", "active"),
    ]
    assert CaseLink.objects.get(kind="review").source_petition_id == answered.pk
    assert SupervisionOrder.objects.count() == 3
    # one of them issued by the city, which the province sees as 下级签发
    assert SupervisionOrder.objects.filter(issuer_unit__code="320100").count() == 1


def test_demo_without_petitions_creates_nothing(tree):
    assert seed_crosslevel_demo() == "缺少演示单位或信访件，未生成跨层级流转演示数据"
    assert not CaseLink.objects.exists()


def test_demo_reviews_an_appeal_answered_long_ago_within_its_window(tree):
    import datetime

    from django.utils import timezone

    from supervision.models import Petition
    from tests.factories.supervision import in_unit

    for _ in range(2):
        petition_fact(tree, "city")
    petition_fact(tree, "county_a")
    answered = make_petition(tree, "answered")
    long_ago = timezone.localdate() - datetime.timedelta(days=60)
    with in_unit(tree.units["county_a"]):
        Petition.objects.filter(pk=answered.pk).update(
            closed_on=long_ago, feedback_on=long_ago
        )
    assert seed_crosslevel_demo().endswith("申请复查1件")
    assert CaseLink.objects.get(kind="review").source_petition_id == answered.pk


def test_demo_skips_cases_the_guard_refuses_and_records_no_refusal(tree):
    from supervision.crosslevel.models import CaseSubject, RefusalLog
    from tenants.models import Unit

    # given the city's oldest-numbered accusation names a cadre of the county
    # and the county's names a cadre of the township the demo assigns to
    guarded_city = petition_fact(tree, "city")
    for _ in range(2):
        petition_fact(tree, "city")
    guarded_county = petition_fact(tree, "county_a")
    petition_fact(tree, "county_a")
    make_petition(tree, "answered")
    for fact, accused_code in (
        (guarded_city, "320102"),
        (guarded_county, "320102002"),
    ):
        CaseSubject.objects.create(
            unit=fact.unit,
            petition_id=fact.petition_id,
            position=0,
            accused_unit=Unit.objects.get(code=accused_code),
            managing_level="county",
        )

    # when the cross-level demo runs
    message = seed_crosslevel_demo()

    # then the flows are made from other cases, and no refusal is left behind
    assert message.startswith("已生成跨层级流转演示数据")
    sources = set(CaseLink.objects.values_list("source_petition_id", flat=True))
    assert guarded_city.petition_id not in sources
    assert guarded_county.petition_id not in sources
    assert sorted(
        CaseLink.objects.values_list("kind", "target_unit__code", "state")
    ) == [
        ("assign", "320102", "active"),
        ("assign", "320102002", "active"),
        ("review", "320100", "decided"),
        ("transfer", "320102", "active"),
    ]
    assert RefusalLog.objects.count() == 0
