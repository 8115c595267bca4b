"""`reportRateDefinitions` is the one table of rates, the dashboard's too."""

DEFINITIONS = """
query {
  reportRateDefinitions { key label numerator denominator definition }
}"""


def test_every_rate_is_defined_once_with_its_numerator_and_denominator(tree, gql):
    data = gql(tree.user("county_a", "registrar")).ok(DEFINITIONS)

    rates = data["reportRateDefinitions"]
    assert [
        (r["key"], r["label"], r["numerator"], r["denominator"]) for r in rates
    ] == [
        ("timely_acceptance", "及时受理率", "accepted_in_time", "acceptance_decided"),
        ("closure", "办结率", "closed", "accepted"),
        ("closed_in_time", "按期办结率", "closed_in_time", "closed"),
        ("self_handling", "自办率", "self_handled", "accepted"),
        ("repeat", "重信重访率", "repeat", "received"),
        ("closed_at_once", "一次性办结率", "closed_at_once", "closed"),
        ("satisfaction", "满意率", "satisfied", "satisfaction_rated"),
    ]
    assert rates[0]["definition"] == (
        "受理决定（受理、不予受理或告知）在时限内作出的比例"
        "（及时受理件数 ÷ 已作受理决定件数）"
    )
    assert rates[6]["definition"] == (
        "已测评件中满意及基本满意的比例（满意及基本满意件数 ÷ 已测评满意度件数）"
    )
