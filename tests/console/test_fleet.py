"""The fleet and its mission queue, without Qt or ROS: offline robots stay listed, orders go to
the chosen robot or to the best free one, never twice."""

from __future__ import annotations

from types import SimpleNamespace

from kiosk_ui.console.fleet import ANY_ROBOT, CHARGING, IDLE, WORKING, Fleet, MissionQueue
from kiosk_ui.console.model import ConsoleModel


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def status(state=IDLE, battery=80.0, task_id="", task_state="", x=0.0, y=0.0, **kw):
    base = dict(
        robot_name="r",
        site="city_hall",
        state=state,
        state_text={IDLE: "idle", WORKING: "working", CHARGING: "charging"}.get(state, ""),
        docked=state == CHARGING,
        task_id=task_id,
        task_type="go_to_place" if task_id else "",
        task_state=task_state,
        task_detail="",
        task_target="",
        task_phase="",
        distance_remaining_m=0.0,
        task_progress=0.0,
        battery_percent=battery,
        errors=[],
        x=x,
        y=y,
        yaw=0.0,
    )
    base.update(kw)
    return SimpleNamespace(**base)


def test_an_offline_robot_stays_listed_as_offline():
    clock = Clock()
    fleet = Fleet(["robot1", "robot2"], clock=clock, offline_after_s=5.0)
    assert fleet.names() == ["robot1", "robot2"]
    assert not fleet.online("robot1")  # expected, never heard: listed, offline
    fleet.on_status("robot1", status())
    fleet.on_status("robot2", status())
    assert fleet.online("robot1") and fleet.online("robot2")
    clock.now += 4.0
    fleet.on_status("robot1", status())
    clock.now += 2.0
    assert fleet.online("robot1") and not fleet.online("robot2")
    assert fleet.names() == ["robot1", "robot2"]  # never vanishes
    fleet.on_status("arboretum", status())  # a robot heard later joins the list
    assert fleet.names() == ["robot1", "robot2", "arboretum"]


def test_an_order_for_any_robot_goes_to_the_nearest_free_one_and_only_once():
    clock = Clock()
    fleet = Fleet(["robot1", "robot2"], clock=clock)
    fleet.on_status("robot1", status(x=0.0))
    fleet.on_status("robot2", status(x=10.0))
    queue = MissionQueue()
    order = queue.add("go_to_place", "passport_office")
    sent = queue.dispatch(fleet, where=lambda target: (9.0, 0.0))
    assert [o.assigned_to for o in sent] == ["robot2"]
    assert order.robot == ANY_ROBOT and not queue.pending
    # robot2 is reserved until its status shows the task: the next order takes robot1
    queue.add("escort", "civil_affairs")
    assert [o.assigned_to for o in queue.dispatch(fleet, lambda t: (9.0, 0.0))] == ["robot1"]
    queue.add("go_to_place", "toilets")
    assert queue.dispatch(fleet) == []  # both busy: it waits
    assert len(queue.pending) == 1


def test_an_order_for_a_chosen_robot_waits_for_it_and_never_goes_to_another():
    clock = Clock()
    fleet = Fleet(["robot1", "robot2"], clock=clock)
    fleet.on_status("robot1", status(WORKING, task_id="m1", task_state="underway"))
    fleet.on_status("robot2", status())
    queue = MissionQueue()
    waiting = queue.add("go_to_place", "passport_office", robot="robot1")
    anyone = queue.add("go_to_place", "toilets")
    sent = queue.dispatch(fleet)
    assert [(o.order_id, o.assigned_to) for o in sent] == [(anyone.order_id, "robot2")]
    assert queue.pending == [waiting]
    fleet.on_status("robot1", status(IDLE, task_id="m1", task_state="completed"))
    assert [o.assigned_to for o in queue.dispatch(fleet)] == ["robot1"]


def test_a_robot_low_on_battery_or_offline_gets_no_order_and_an_order_can_be_withdrawn():
    clock = Clock()
    fleet = Fleet(["robot1", "robot2"], clock=clock, offline_after_s=5.0)
    fleet.on_status("robot1", status(battery=12.0))
    queue = MissionQueue()
    order = queue.add("tour", "spring_walk")
    assert queue.dispatch(fleet) == []  # robot1 too low, robot2 never heard
    assert queue.cancel(order.order_id) is order and not queue.pending
    assert queue.cancel(order.order_id) is None


def test_commands_are_per_robot_and_estop_works_for_each_online_robot():
    clock = Clock()
    model = ConsoleModel("city_hall", "dock_a", robots=["robot1", "robot2"], clock=clock)
    model.connected = True
    model.on_status(status(WORKING, task_id="m", task_state="underway"), "robot1")
    assert model.commands("robot1")["pause"] and model.commands("robot1")["estop"]
    assert not any(model.commands("robot2").values())  # offline: nothing pretends to work
    model.on_status(status(), "robot2")
    c = model.commands("robot2")
    assert c["estop"] and not c["pause"] and c["go_to_place"]
    model.select("robot2")
    assert model.robot.state == IDLE and model.commands()["estop"]
    order = model.order("escort", "passport_office", robot="robot2")
    assert [o.order_id for o in model.dispatch()] == [order.order_id]
    model.connected = False
    model.order("escort", "passport_office")
    assert model.dispatch() == []  # no bridge to send it: it stays queued


def test_each_fleet_robot_docks_on_its_own_dock_from_content():
    from kiosk_ui.site_content import SiteContent

    content = SiteContent.load("city_hall")
    docks = {ns: roles["dock"] for ns, roles in content.fleet_roles.items()}
    assert set(docks) == {"robot1", "robot2"} and len(set(docks.values())) == 2
    model = ConsoleModel(
        "city_hall", content.role("dock"), robots=["robot1", "robot2", "robot3"], docks=docks
    )
    assert model.dock_for("robot2") == docks["robot2"] != content.role("dock")
    assert model.dock_for("robot3") == content.role("dock")  # not in the fleet: the site's
    model.connected = True
    model.on_status(status(), "robot2")
    assert model.commands("robot2")["dock"]


def test_the_console_knows_where_a_place_is_for_the_nearest_robot():
    from kiosk_ui.site_content import SiteContent

    content = SiteContent.load("city_hall")
    place = content.places[0]
    assert content.position(place.id) == (place.source.pose.x, place.source.pose.y)
    assert content.position(content.role("dock")) is None  # not a visitor's place
    assert content.position("no_such_place") is None
