import pytest

from claimcheck.tables.analysis import compare, kendall_tau, pareto_front, reversals, tie


def test_values_within_two_percent_tie():
    assert tie(86.5, 88.2)  # 1.9 % apart: the paper's ViT-B/8 and ViT-B/32
    assert not tie(88.2, 95.3)
    assert compare(86.5, 86.6, lower_is_better=True) == 0
    assert compare(1.0, 2.0, lower_is_better=True) == -1
    assert compare(1.0, 2.0, lower_is_better=False) == 1


def test_reversals_respect_direction_and_ties():
    params = [86.5, 86.6, 88.2, 95.3]
    flops = [78.54, 17.63, 4.42, 0.93]
    throughput = [140.0, 770.0, 2560.0, 9090.0]  # higher is better: agrees with FLOPs
    pairs = reversals(params, flops, True, True)
    assert sorted(pairs) == [(0, 3), (1, 3), (2, 3)]  # B/8–B/32 and B/8–B/16 are ties in params
    assert reversals(flops, throughput, True, False) == []
    assert reversals([1.0, None], [2.0, 1.0], True, True) == []


def test_kendall_tau():
    assert kendall_tau([1, 2, 3], [10, 20, 30], True, True) == pytest.approx(1.0)
    assert kendall_tau([1, 2, 3], [30, 20, 10], True, True) == pytest.approx(-1.0)
    assert kendall_tau([1, 2, 3], [30, 20, 10], True, False) == pytest.approx(1.0)
    assert kendall_tau([1, None], [1, 2], True, True) is None


def test_pareto_front_and_dominators():
    # The paper's D48 and W3072: equal FLOPs (a tie), D48 more accurate, so W3072 is dominated;
    # by msec/img W3072 is much faster and stays on the front.
    names = ["D32", "D48", "W3072"]
    accuracy = [58.8, 61.8, 58.3]
    flops = pareto_front([2.98, 4.43, 4.44], accuracy)
    assert flops.on == {0, 1} and names[flops.dominated_by[2][-1]] == "D48"
    speed = pareto_front([0.43, 0.64, 0.35], accuracy)
    assert 2 in speed.on and 1 in speed.on
    # a cost tie with equal quality is no dominance; quality is compared as written
    assert pareto_front([1.0, 1.01], [50.0, 50.0]).on == {0, 1}
    assert pareto_front([1.0, 1.01], [50.0, 50.5]).on == {1}
    assert pareto_front([1.0, 2.0], [79.8, 81.3]).on == {0, 1}  # 1.5 points is not a tie
    # lower-is-better quality (perplexity)
    assert pareto_front([1.0, 2.0], [10.0, 20.0], quality_lower=True).on == {0}
