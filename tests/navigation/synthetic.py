"""Synthetic lobby maps for the navigation unit tests (independent of the sim's worlds)."""

from __future__ import annotations

import numpy as np
from concierge_navigation.grid import GridMap


def lobby(
    width_m: float = 60.0, height_m: float = 40.0, res: float = 0.05, seed: int = 1
) -> GridMap:
    """Walls around, two inner walls with doorways, a grid of pillars and some benches."""
    h, w = int(height_m / res), int(width_m / res)
    data = np.zeros((h, w), dtype=np.int8)
    t = max(1, int(0.2 / res))
    data[:t, :] = data[-t:, :] = data[:, :t] = data[:, -t:] = 100
    # inner wall at x = 20 m with two 1.2 m doorways, at y = 25 m with one 2 m doorway
    cx = int(20 / res)
    data[:, cx : cx + t] = 100
    for door_y in (8.0, 30.0):
        data[int(door_y / res) : int((door_y + 1.2) / res), cx : cx + t] = 0
    cy = int(25 / res)
    data[cy : cy + t, cx:] = 100
    data[cy : cy + t, int(40 / res) : int(42 / res)] = 0
    rng = np.random.default_rng(seed)
    for px in np.arange(26.0, width_m - 2, 6.0):
        for py in (6.0, 12.0, 18.0):
            r0, c0 = int(py / res), int(px / res)
            s = int(0.6 / res)
            data[r0 : r0 + s, c0 : c0 + s] = 100
    for _ in range(8):
        bx, by = rng.uniform(3, 17), rng.uniform(3, 37)
        data[int(by / res) : int((by + 0.5) / res), int(bx / res) : int((bx + 1.8) / res)] = 100
    return GridMap(data=data, resolution=res, origin_x=0.0, origin_y=0.0)


def raycast_scan(
    grid: GridMap, x: float, y: float, people=(), n_rays: int = 180, rmax: float = 8.0
):
    """A 360-degree laser scan against the grid's walls and round people (for unit tests)."""
    from concierge_navigation.costmap import Scan

    angles = np.linspace(-np.pi, np.pi, n_rays, endpoint=False)
    steps = np.arange(0.0, rmax, grid.resolution * 0.5)
    xs = x + np.cos(angles)[:, None] * steps[None, :]
    ys = y + np.sin(angles)[:, None] * steps[None, :]
    rows = np.floor((ys - grid.origin_y) / grid.resolution).astype(int)
    cols = np.floor((xs - grid.origin_x) / grid.resolution).astype(int)
    inside = (rows >= 0) & (rows < grid.height) & (cols >= 0) & (cols < grid.width)
    hit = ~inside
    hit[inside] = grid.data[rows[inside], cols[inside]] >= 65
    for p in people:
        hit |= np.hypot(xs - p.x, ys - p.y) <= p.radius
    first = np.where(hit.any(axis=1), hit.argmax(axis=1), -1)
    ranges = np.where(first >= 0, steps[np.maximum(first, 0)], np.inf)
    return Scan(x, y, angles, ranges, rmax)


def drive(nav, pose, until_s: float = 120.0, people_at=None, dt: float = 0.1, grid=None):
    """Run the navigator against a perfect unicycle until it finishes; returns the trajectory."""
    import math

    from concierge_navigation.controller import Pose2D

    t = 0.0
    traj = [(pose.x, pose.y)]
    v = 0.0
    while t < until_s:
        people = people_at(t) if people_at else []
        scan = raycast_scan(grid, pose.x, pose.y, people) if grid is not None else None
        cmd_v, cmd_w = nav.update(t, pose, v, scan, people)
        if not nav.active:
            break
        v = cmd_v
        yaw = pose.yaw + cmd_w * dt
        pose = Pose2D(
            pose.x + cmd_v * dt * math.cos(yaw), pose.y + cmd_v * dt * math.sin(yaw), yaw
        )
        traj.append((pose.x, pose.y))
        t += dt
    return pose, np.array(traj), t
