"""The concierge CLI, YAML launch runner and params loading."""
