"""The demo's matter made final: its decided 复查 goes on to the province's 复核."""

from demo.crosslevel import seed_crosslevel_demo
from demo.final_matters import seed_final_matter_demo
from supervision.crosslevel.models import CaseLink, FinalMatter
from tests.factories.crosslevel import petition_fact
from tests.factories.supervision import make_petition


def test_demo_makes_one_matter_final_once(tree):
    # given the cross-level demo with its decided 复查 at the city
    for _ in range(2):
        petition_fact(tree, "city")
    petition_fact(tree, "county_a")
    make_petition(tree, "answered")
    seed_crosslevel_demo()

    # when the final-matter demo runs twice
    first = seed_final_matter_demo()
    second = seed_final_matter_demo()

    # then the province decided one 复核, and the registry holds it once
    assert first == "复核终结演示：省委组织部复核决定1件"
    assert second == "复核终结演示：未新增复核"
    link = CaseLink.objects.get(kind="re_review")
    assert (link.source_unit.code, link.target_unit.code, link.state) == (
        "320100",
        "320000",
        "decided",
    )
    matter = FinalMatter.objects.get()
    assert (matter.final_unit.code, matter.review_petition_id) == (
        "320000",
        link.target_petition_id,
    )


def test_demo_without_a_decided_review_makes_nothing_final(tree):
    assert seed_final_matter_demo() == "复核终结演示：未新增复核"
    assert not FinalMatter.objects.exists()
