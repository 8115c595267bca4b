"""reportDraft: a unit starts its report from the seeds' narrative with its own
figures, and a returned report from its latest version."""

from supervision.reporting.services import report_submit
from tests.factories.reporting import make_fact, make_requirement

DRAFT = """
query($id: ID!) { reportDraft(requirementId: $id) { key label text } }"""


def test_a_first_draft_is_the_narrative_with_the_units_figures(tree, gql):
    township = tree.units["township"]
    make_fact(township)
    make_fact(township)
    requirement = make_requirement(tree.units["city"], tree.user("city", "leader"))
    data = gql(tree.user("township", "liaison")).ok(DRAFT, {"id": requirement.pk})
    sections = {s["key"]: s for s in data["reportDraft"]}
    assert sections["BASIC_SITUATION"]["label"] == "基本情况"
    assert "梅园新村街道共收到信访件2件" in sections["BASIC_SITUATION"]["text"]
    # the period as documents write it (2025年1月至12月), never zero-padded
    start, end = requirement.period_start, requirement.period_end
    assert sections["BASIC_SITUATION"]["text"].startswith(
        f"{start.year}年{start.month}月至"
    ), sections["BASIC_SITUATION"]["text"]
    assert f"年{end.month:02d}月" not in sections["BASIC_SITUATION"]["text"] or (
        end.month >= 10
    )
    assert list(sections)[-1] == "NEXT_STEPS"


def test_a_resubmission_starts_from_the_latest_version(tree, gql):
    liaison = tree.user("township", "liaison")
    requirement = make_requirement(tree.units["city"], tree.user("city", "leader"))
    report_submit(
        actor=liaison,
        requirement_id=requirement.pk,
        sections={"basic_situation": "全年收到信访件1件。"},
    )
    data = gql(liaison).ok(DRAFT, {"id": requirement.pk})
    assert data["reportDraft"] == [
        {"key": "BASIC_SITUATION", "label": "基本情况", "text": "全年收到信访件1件。"}
    ]


def test_a_unit_the_requirement_does_not_bind_gets_null(tree, gql):
    requirement = make_requirement(
        tree.units["county_a"], tree.user("county_a", "leader")
    )
    data = gql(tree.user("other_county", "liaison")).ok(DRAFT, {"id": requirement.pk})
    assert data["reportDraft"] is None
