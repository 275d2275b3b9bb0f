"""Escort: the follower is checked about every metre; a follower far behind counts as lost."""

from __future__ import annotations

from concierge_robot.escort_rules import FollowerMonitor, Seen, pick_follower


def test_engaged_person_is_preferred_as_follower():
    people = [Seen("a", 1.0, 0.0), Seen("b", 2.0, 0.0, is_engaged=True), Seen("c", 9.0, 0.0)]
    assert pick_follower((0.0, 0.0), people, max_m=3.0) == "b"
    assert pick_follower((0.0, 0.0), [Seen("c", 9.0, 0.0, is_engaged=True)], max_m=3.0) is None
    # a passer-by who is merely close is not the visitor
    assert pick_follower((0.0, 0.0), [Seen("a", 1.0, 0.0)], max_m=3.0) is None


def test_follower_checked_every_metre_of_travel():
    mon = FollowerMonitor("v", check_every_m=1.0, lost_beyond_m=3.0)
    results = []
    for i in range(31):  # 3 m in 10 cm steps, follower 1 m behind
        x = i * 0.1
        results.append(mon.update((x, 0.0), [Seen("v", x - 1.0, 0.0)]))
    checks = [r for r in results if r is not None]
    assert checks == [True] * 4  # at 0 m (first look), 1 m, 2 m, 3 m
    assert abs(mon.travelled_m - 3.0) < 1e-9


def test_follower_far_behind_or_gone_is_lost():
    mon = FollowerMonitor("v", check_every_m=1.0, lost_beyond_m=3.0)
    assert mon.update((0.0, 0.0), [Seen("v", -1.0, 0.0)]) is True
    assert mon.update((1.0, 0.0), [Seen("v", -2.5, 0.0)]) is False
    assert mon.present((1.0, 0.0), []) is False
