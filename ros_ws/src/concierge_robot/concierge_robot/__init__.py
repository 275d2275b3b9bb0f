"""The robot's mind: missions, dialog, people and staff paging."""
