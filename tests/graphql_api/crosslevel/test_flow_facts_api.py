"""The case facts the cross-level flows leave equal the facts computed afresh."""

from supervision.facts.models import CaseFact
from tests.factories.crosslevel import close_petition, petition_fact
from tests.graphql_api.crosslevel.flows import (
    ASSIGN,
    DECIDE,
    TRANSFER,
    assert_facts_equal_a_rebuild,
    report_submit,
    send,
)


def test_cross_level_fact_values_equal_a_rebuild_after_the_flows(tree, gql):
    # given a transfer city → county_a, an assignment city → county_b that is
    # reported and sent back once, and a supervision order on county_b's case
    city = gql(tree.user("city", "registrar"))
    transferred = petition_fact(tree, "city")
    send(city, TRANSFER, "petitionTransfer", transferred.petition_id, "320102")
    assigned = petition_fact(tree, "city")
    link = send(city, ASSIGN, "petitionAssign", assigned.petition_id, "320104")["link"]
    close_petition(tree, "county_b", link["targetPetitionId"])
    report = report_submit(
        gql(tree.user("county_b", "registrar")),
        link["id"],
        handling="已责令整改",
        petitionerOpinion="满意",
    )
    city.ok(DECIDE, {"id": report["id"], "accept": False, "note": "请补充整改材料"})
    # then every fact, as the flows left it, equals one computed afresh
    target = CaseFact.objects.get(petition_id=link["targetPetitionId"])
    assert (target.source_unit_id, target.return_count, target.transfer_count) == (
        tree.units["city"].pk,
        1,
        1,
    )
    assert_facts_equal_a_rebuild(tree)
