"""The same paging service on SQLite (default) and PostgreSQL (by URL): racing robots and
racing answers leave exactly one page and one answer."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from concierge_paging.client import PagingClient, PagingRejected

from tests.docdrop.test_databases import postgres_url  # noqa: F401 (a fixture)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_paging(request, make_paging):
    if request.param == "postgresql":
        return make_paging(db_url=request.getfixturevalue("postgres_url"))
    return make_paging()


def test_racing_retries_page_once_and_racing_answers_answer_once(db_paging):
    url = db_paging.url
    call = f"call-race-{db_paging.cfg.port}"  # the PostgreSQL database outlives one test

    def post(_: int) -> str:
        with PagingClient(url, timeout_s=10) as client:
            return client.page(call, "saebit_office", "lee_mija", 0, "동시 재시도").page_id

    with ThreadPoolExecutor(8) as pool:
        ids = list(pool.map(post, range(16)))
    assert len(set(ids)) == 1
    page_id = ids[0]

    def answer(accept: bool) -> str:
        with PagingClient(url, timeout_s=10) as client:
            try:
                return client.ack(page_id, "lee_mija", accept).status
            except PagingRejected as exc:
                return f"{exc.status} {exc.code}"

    with ThreadPoolExecutor(8) as pool:  # two phones, both tapping: accept and decline
        results = list(pool.map(answer, [True, False] * 8))
    final = db_paging.client().get(page_id)
    assert final.status in ("accepted", "declined")
    assert set(results) == {final.status, "409 err_already_answered"}
    events = db_paging.http().get(f"/api/pages/{page_id}/events").json()
    assert [e["event"] for e in events].count(final.status) == 1
    assert [e["event"] for e in events].count("created") == 1


def test_restart_on_the_same_database_keeps_pages(db_paging):
    page = db_paging.page(f"call-keep-{db_paging.cfg.port}", "park_jungho")
    db_paging.stop()
    db_paging.start()
    assert db_paging.client().get(page.page_id).status == "open"
