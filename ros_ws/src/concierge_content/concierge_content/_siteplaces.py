"""Place ids of a site as written in content/sites/<site>/places.yaml, for cross-file checks.

Read leniently (only the ids), so the speech/dialog content can be checked against the places
without depending on the full place model.
"""

from __future__ import annotations

from pathlib import Path

from concierge_content.errors import ContentError
from concierge_content.yamlio import load_yaml


def place_ids(root: Path, site: str) -> set[str]:
    """The ids in places.yaml of a site; a clear error when the file is missing."""
    path = root / "sites" / site / "places.yaml"
    if not path.is_file():
        raise ContentError(path, None, "missing: the place ids of this site are needed")
    data = load_yaml(path).data
    items = data.get("places", data) if isinstance(data, dict) else data
    if isinstance(items, dict):
        return {str(k) for k in items}
    return {str(p["id"]) for p in items or [] if isinstance(p, dict) and "id" in p}
