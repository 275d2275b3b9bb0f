"""Property-based fuzzing of the paging API's OpenAPI schema (schemathesis): never a 5xx, every
refusal says what to do, and nothing is half-written."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")


def test_fuzzed_requests_never_get_a_server_error(paging):
    live = paging.page("call-fuzz").page_id
    schema = schemathesis.openapi.from_url(f"{paging.url}/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 9
    seen: list[str] = []
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=8,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case):
            responses = [case.call(base_url=paging.url, timeout=30)]
            if "page_id" in (case.path_parameters or {}):
                # Again with a real page, so the fuzzed body reaches the answer/close code.
                case.path_parameters["page_id"] = live
                responses.append(case.call(base_url=paging.url, timeout=30))
            for response in responses:
                seen.append(f"{case.method} {case.path} {response.status_code}")
                assert response.status_code < 500, (case.method, case.path, response.text[:300])
                if response.status_code >= 400:
                    assert response.json()["detail"], "errors must say what to do"

        run()
    assert any(s.startswith("POST /api/pages/{page_id}/ack 40") for s in seen)
    health = paging.client().health()
    assert health["ok"] and sum(health["pages"].values()) >= 1
