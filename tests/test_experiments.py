"""Spreads over seeds and the claims printed from them."""

import pytest

from nnlib.experiments import Spread, beats, claim, over_seeds, overlap


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


def test_beats_needs_every_seed_above_every_seed():
    high, low, mixed = Spread([0.8, 0.9]), Spread([0.5, 0.7]), Spread([0.6, 0.85])
    assert beats(high, low) and not beats(low, high)
    assert not beats(high, mixed) and overlap(high, mixed)
    assert not overlap(high, low)
    assert not beats(Spread([0.7, 0.8]), Spread([0.6, 0.7]))  # touching ranges: not separated


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
