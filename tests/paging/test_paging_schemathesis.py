"""Property-based fuzzing of the paging API's OpenAPI schema (schemathesis): never a 5xx, every
refusal says what to do, and nothing is half-written."""

from __future__ import annotations

import pytest
from fuzz_support import fuzz_api

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")


def test_fuzzed_requests_never_get_a_server_error(paging):
    page_id = paging.page("call-fuzz").page_id

    def live_page(case) -> bool:
        if "page_id" not in (case.path_parameters or {}):
            return False
        case.path_parameters["page_id"] = page_id  # a real page: reach the answer/close code
        return True

    operations, seen = fuzz_api(paging.url, max_examples=8, live=live_page)
    assert operations >= 9
    assert any(s.startswith("POST /api/pages/{page_id}/ack 40") for s in seen)
    health = paging.client().health()
    assert health["ok"] and sum(health["pages"].values()) >= 1
