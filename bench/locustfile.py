"""Locust users for bench/load.py: each sends GET /search back to back, no think time.

Queries come from the file named by CALLSIFT_LOAD_QUERIES (one per line), in order. A response
counts as a failure unless it is a 200 with a `hits` list.
"""

from __future__ import annotations

import itertools
import os
from pathlib import Path

from locust import FastHttpUser, constant, task

# Users share one cycle through distinct queries: the API caches query vectors per text,
# so repeating a few queries would measure the cache, not search.
QUERIES = itertools.cycle(Path(os.environ["CALLSIFT_LOAD_QUERIES"]).read_text().splitlines())


class SearchUser(FastHttpUser):
    """One client: search, read the answer, search again."""

    wait_time = constant(0)
    network_timeout = 60.0
    connection_timeout = 60.0

    @task
    def search(self) -> None:
        """GET /search with the next query."""
        q = next(QUERIES)
        with self.client.get("/search", params={"q": q, "limit": 10}, name="/search",
                             catch_response=True) as resp:
            if resp.status_code != 200:
                resp.failure(f"HTTP {resp.status_code}")
            elif not isinstance((resp.json() or {}).get("hits"), list):
                resp.failure("no hits list in the answer")
