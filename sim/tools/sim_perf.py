"""Simulator speed figures (one JSON line): step and scan cost with N visitors, lockstep RTF.

Run: .venv/bin/python sim/tools/sim_perf.py [--site city_hall] [--visitors 20] [--steps 2000]
"""

from __future__ import annotations

import argparse
import json
import sys
import time


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--site", default="city_hall")
    ap.add_argument("--visitors", type=int, default=20)
    ap.add_argument("--steps", type=int, default=2000)
    ap.add_argument("--dt", type=float, default=0.05)
    args = ap.parse_args(argv)
    from concierge_sim.core import Simulator
    from concierge_sim.scenario import load_scenario
    from concierge_sim.world import load_world

    t0 = time.process_time()
    world = load_world(args.site)
    load_s = time.process_time() - t0
    sc = load_scenario(args.site, "crowded", seed=1, visitors=args.visitors)
    t0 = time.process_time()
    sim = Simulator(world, sc, seed=1)
    init_s = time.process_time() - t0

    def best(fn, n, repeats=3):
        times = []
        for _ in range(repeats):
            t = time.process_time()
            for _ in range(n):
                fn()
            times.append((time.process_time() - t) / n)
        return min(times)

    step = best(lambda: sim.step(args.dt), args.steps // 3)
    scan = best(sim.scan, max(args.steps // 10, 10))

    def both():
        sim.step(args.dt)
        sim.scan()

    both_s = best(both, args.steps // 3)
    print(
        json.dumps(
            {
                "site": args.site,
                "visitors": len(sim.people()),
                "grid": list(world.grid.data.shape),
                "load_world_s": round(load_s, 4),
                "simulator_init_s": round(init_s, 3),
                "step_ms": round(step * 1e3, 3),
                "scan_ms": round(scan * 1e3, 3),
                "step_plus_scan_ms": round(both_s * 1e3, 3),
                "steps_per_s": round(1 / step),
                "lockstep_rtf_sim_only": round(args.dt / both_s, 1),
                "collisions": sim.collisions,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
