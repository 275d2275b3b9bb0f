"""Lockstep simulated time over DDS (the simulator's barrier and the nodes' acknowledgements)."""
