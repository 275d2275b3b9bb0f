"""Property-based fuzzing of one of our HTTP APIs from its OpenAPI schema (schemathesis): never
a 5xx, every refusal says what to do. Used by the docdrop and paging tests."""

from __future__ import annotations

from collections.abc import Callable

import schemathesis
from hypothesis import HealthCheck, given, settings


def fuzz_api(
    base_url: str,
    max_examples: int,
    live: Callable[[object], bool] | None = None,
) -> tuple[int, list[str]]:
    """Fuzz every operation; returns (number of operations, "METHOD path status" of each reply).
    live(case) may point the case at a real object (a live token, an open page) and return
    True: then the case is sent a second time so the fuzzed body reaches the code past the
    lookup. schemathesis' own pytest plugin does not run on pytest 9 yet, so hypothesis drives
    each operation's strategy directly; the requests still come from schemathesis' cases."""
    schema = schemathesis.openapi.from_url(f"{base_url}/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    seen: list[str] = []
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=max_examples,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case):
            responses = [case.call(base_url=base_url, timeout=30)]
            if live is not None and live(case):
                responses.append(case.call(base_url=base_url, timeout=30))
            for response in responses:
                seen.append(f"{case.method} {case.path} {response.status_code}")
                assert response.status_code < 500, (case.method, case.path, response.text[:300])
                if response.status_code >= 400:
                    assert response.json()["detail"], "errors must say what to do"

        run()
    return len(operations), seen
