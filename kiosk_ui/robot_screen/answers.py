"""What the robot screen says: list rows, answers and mission lines, built from site content
and the i18n strings (`t`, robot_screen.*), without Qt. Floors and opening hours are worded by
concierge_content.wording, as the robot says them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from concierge_content.wording import floor_text, hours_text

from kiosk_ui.robot_screen.model import RobotScreenModel
from kiosk_ui.site_content import Item, tr

T = Callable[..., str]  # ctx.t: i18n key (+ values) -> text in the current language


def place_lines(place: Any, t: T, lang: str) -> list[str]:
    """Floor, counter and hours of a place (content model), each when known."""
    lines = []
    where = floor_text(getattr(place, "floor", None), lang)
    if where:
        lines.append(t("robot_screen.place_floor", floor=where))
    counter = tr(getattr(place, "counter", None), lang)
    if counter:
        lines.append(t("robot_screen.place_counter", counter=counter))
    hours = getattr(place, "hours", None)
    hours = hours_text(hours, lang) if isinstance(hours, dict) else tr(hours, lang)
    if hours:
        lines.append(t("robot_screen.place_hours", hours=hours))
    return lines


# ---- home ----------------------------------------------------------------------------------
HOME_LABELS = {
    "where": "btn_where",
    "hours": "btn_hours",
    "documents": "btn_documents",
    "call_staff": "btn_call_staff",
    "staff_search": "btn_staff_search",
    "courses": "btn_courses",
}


def greeting(model: RobotScreenModel, t: T) -> str:
    return t(f"robot_screen.{'greeting_arboretum' if model.site == 'arboretum' else 'greeting'}")


def home_label(model: RobotScreenModel, key: str, t: T) -> str:
    label = "btn_facilities" if key == "where" and model.site == "arboretum" else HOME_LABELS[key]
    return t(f"robot_screen.{label}")


# ---- lists ---------------------------------------------------------------------------------
def list_title(model: RobotScreenModel, t: T) -> str:
    title = {
        "places": "title_hours" if model.purpose == "hours" else "title_places",
        "services": "title_documents",
        "staff": "title_staff",
        "courses": "title_courses",
    }[model.list_kind]
    return t(f"robot_screen.{title}")


def search_placeholder(model: RobotScreenModel, t: T) -> str:
    key = {"services": "service_placeholder", "staff": "staff_placeholder"}.get(
        model.list_kind, "search_placeholder"
    )
    return t(f"robot_screen.{key}")


def no_results(model: RobotScreenModel, items: list[Item], t: T) -> str:
    """Why the list is empty ("" when it is not): nothing of this kind here, or no match."""
    if not getattr(model.content, model.list_kind, None):
        key = {"places": "no_places", "courses": "no_courses"}.get(model.list_kind, "no_results")
        return t(f"robot_screen.{key}")
    return t("robot_screen.no_results") if not items else ""


def row_text(item: Item, kind: str, t: T, lang: str) -> str:
    src = item.source
    name = item.label(lang)
    if kind == "places":
        where = floor_text(getattr(src, "floor", None), lang)
        return f"{name}  ·  {where}" if where else name
    if kind == "staff":
        return f"{name}  ·  {tr(src.department, lang)}  ·  {tr(src.duty, lang)}"
    if kind == "courses":
        line = t("robot_screen.course_line", minutes=src.duration_min, stops=len(src.stops))
        return f"{name}  ·  {line}"
    return name


# ---- the answer to a pick ------------------------------------------------------------------
def answer_lines(model: RobotScreenModel, t: T, lang: str) -> list[str]:
    """The answer for the selected place, service (documents to bring), staff member or course."""
    item, kind = model.selected, model.selected_kind
    src, content = item.source, model.content
    lines: list[str] = []
    if kind == "places":
        lines += place_lines(src, t, lang)
        desc = tr(getattr(src, "description", None), lang)
        if desc:
            lines.append(desc)
    elif kind == "services":
        lines.append(t("robot_screen.documents_title", service=item.label(lang)))
        lines += [f"• {tr(d, lang)}" for d in src.documents]
        place = content.place(src.place)
        name = place.label(lang) if place else src.place
        lines.append(t("robot_screen.documents_where", place=name))
        if place:
            lines += place_lines(place.source, t, lang)
    elif kind == "staff":
        lines.append(f"{tr(src.department, lang)} · {tr(src.duty, lang)}")
        if src.is_veteran_official:
            lines.append(t("robot_screen.staff_veteran"))
        lines.append(t("robot_screen.staff_ext", ext=src.phone_ext))
    elif kind == "courses":
        lines.append(t("robot_screen.course_line", minutes=src.duration_min, stops=len(src.stops)))
        for i, stop in enumerate(src.stops, 1):
            place = content.place(stop.place)
            lines.append(f"{i}. {place.label(lang) if place else stop.place}")
    return lines


def can_call(model: RobotScreenModel) -> bool:
    """A veteran official on screen can be called directly (where there is a staff office)."""
    src = model.selected.source if model.selected else None
    return (
        model.selected_kind == "staff"
        and bool(getattr(src, "is_veteran_official", False))
        and bool(model.staff_office)
    )


# ---- missions ------------------------------------------------------------------------------
def mission_lines(model: RobotScreenModel, t: T, lang: str) -> tuple[str, str]:
    """The mission's headline and its detail line (e.g. distance left, who answered)."""
    key, fmt = model.mission_text()
    target = model.mission.target if model.mission else ""
    place = model.content.place(target) or model.content.find("courses", target)
    name = place.label(lang) if place else target
    text = t(f"robot_screen.{key}", **{"place": name, "course": name, **fmt}) if key else ""
    dkey, dfmt = model.mission_detail()
    detail = t(f"robot_screen.{dkey}", **{"place": name, **dfmt}) if dkey else ""
    return text, detail
