"""The simulator's one error type, shared by the core, its parts and the test commands."""


class SimError(ValueError):
    """A request the simulator cannot carry out (bad pose, unknown obstacle ...)."""
