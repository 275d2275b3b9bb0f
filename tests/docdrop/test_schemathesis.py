"""Property-based fuzzing of the docdrop OpenAPI schema (schemathesis): never a 5xx."""

from __future__ import annotations

import httpx
import pytest
from fuzz_support import fuzz_api

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")


@pytest.fixture
def api(make_stack):
    # Limits raised so the fuzzer reaches code past the rate limiter, not only 429s.
    stack = make_stack(
        bad_tokens_per_minute_per_client=10**6, sessions_per_minute_per_client=10**6
    )
    return stack


def test_fuzzed_requests_never_get_a_server_error(api):
    def live_token(case) -> bool:
        if "token" not in (case.path_parameters or {}):
            return False
        # again with a live token, so the fuzzed body reaches the upload/submit code
        case.path_parameters["token"] = httpx.post(f"{api.url}/api/sessions").json()["token"]
        return True

    operations, seen = fuzz_api(api.url, max_examples=6, live=live_token)
    assert operations >= 6
    assert any("/files 201" in s for s in seen)
