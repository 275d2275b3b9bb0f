"""Who may be paged at a site, and the names the staff page shows, from content/sites/<site>/."""

from __future__ import annotations

from concierge_content.places import load_places
from concierge_content.staff import load_staff

from concierge_paging.service import Directory


def load_directory(site: str) -> Directory:
    """Every staff member of the site (veteran officials first) and every place as an office."""
    staff = sorted(load_staff(site).staff, key=lambda s: (not s.is_veteran_official, s.id))
    if not staff:
        raise ValueError(f"site {site!r} has no staff to page (content/sites/{site}/staff.yaml)")
    return Directory(
        staff={s.id: s.name.model_dump() for s in staff},
        offices={p.id: p.name.model_dump() for p in load_places(site).places},
        departments={s.id: s.department.model_dump() for s in staff},
        veterans={s.id for s in staff if s.is_veteran_official},
    )
