"""Spreads over seeds and the claims printed from them."""

import pytest

from nnlib.experiments import Spread, above_on_each_seed, all_above, claim, differences, over_seeds, ranges_overlap


def test_spread_statistics_and_format():
    s = Spread([0.9, 0.95, 0.92])
    assert (s.min, s.max, len(s)) == (0.9, 0.95, 3)
    assert s.mean == pytest.approx(0.9233333333)
    assert s.range == pytest.approx(0.05)
    assert format(s, ".1%") == "92.3% (90.0% to 95.0%, 3 seeds)"
    assert format(Spread([1]), ".0f") == "1 (1 to 1, 1 seed)"


def test_spread_needs_values():
    with pytest.raises(ValueError, match="at least one value"):
        Spread([])


def test_all_above_needs_every_run_above_every_run():
    high, low, mixed = Spread([0.8, 0.9]), Spread([0.5, 0.7]), Spread([0.6, 0.85])
    assert all_above(high, low) and not all_above(low, high)
    assert not all_above(high, mixed) and ranges_overlap(high, mixed)
    assert not ranges_overlap(high, low)
    assert not all_above(Spread([0.7, 0.8]), Spread([0.6, 0.7]))  # touching ranges: not separated


def test_over_seeds_runs_each_seed_in_order_and_reports_progress(capsys):
    seen = []
    results = over_seeds(lambda seed: seen.append(seed) or seed / 10, [3, 1, 2], label="lr 0.1:")
    assert seen == [3, 1, 2] and results == [0.3, 0.1, 0.2]
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3 and lines[0].startswith("lr 0.1: seed 3 (1/3) 0.3000")


def test_claim_prints_and_returns(capsys):
    assert claim("a beats b", 1 > 0) is True
    assert claim("b beats a", 0 > 1) is False
    assert capsys.readouterr().out == "a beats b: True\nb beats a: False\n"


def test_all_above_with_a_margin():
    assert all_above(Spread([0.9, 0.92]), Spread([0.85, 0.88]), margin=0.01)
    assert not all_above(Spread([0.9, 0.92]), Spread([0.85, 0.88]), margin=0.02)


def test_paired_comparison_sees_what_the_ranges_hide():
    # the ranges overlap, but a is above b on each seed: the paired test is sharper
    a, b = Spread([0.80, 0.90, 0.85]), Spread([0.78, 0.88, 0.83])
    assert ranges_overlap(a, b) and not all_above(a, b)
    assert above_on_each_seed(a, b) and not above_on_each_seed(b, a)
    assert differences(a, b).values == pytest.approx((0.02, 0.02, 0.02))
    assert not above_on_each_seed(a, b, margin=0.03)


def test_paired_comparison_needs_one_run_per_seed():
    with pytest.raises(ValueError, match="one run of each setting per seed: got 2 runs against 3"):
        differences(Spread([1, 2]), Spread([1, 2, 3]))
