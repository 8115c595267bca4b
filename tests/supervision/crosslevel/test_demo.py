"""The cross-level demo seeder: flows on existing petitions, once."""

from supervision.crosslevel.demo import seed_crosslevel_demo
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
    assert SupervisionOrder.objects.count() == 2


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
