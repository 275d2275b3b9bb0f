"""Typed access to content/: the only code that reads the project's words, places and lessons."""

from concierge_content.errors import ContentError
from concierge_content.paths import content_root, repo_root, var_root

__all__ = ["ContentError", "content_root", "repo_root", "var_root"]
