"""assessmentMetrics: the metrics a bulletin may weigh, labelled, with suggested weights."""

from decimal import Decimal

QUERY = "{ assessmentMetrics { metric label weight } }"


def test_every_metric_has_a_chinese_label_and_the_suggested_weights_sum_to_100(
    gql, tree
):
    metrics = gql(tree.user("city", "leader")).ok(QUERY)["assessmentMetrics"]
    by_key = {row["metric"]: row for row in metrics}
    assert by_key["on_time_reporting"]["label"] == "按时报送率"
    assert by_key["closure"]["weight"] == "25"
    assert all(row["label"] for row in metrics)
    assert sum(Decimal(row["weight"]) for row in metrics) == 100
