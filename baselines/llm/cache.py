"""A content-addressed cache of chat-completion requests and responses (one JSON line each).

The key is the SHA-256 of the request as the model sees it: the model's name
(not the endpoint, so a model served elsewhere replays), the messages and
every generation parameter. A run whose requests are all cached makes no
network call, and gives the same record as the run that filled the cache,
since the record is made from the cached responses (latency and token counts
included). New entries are appended and the file is only ever read whole, so
a cache can be committed beside a result and replayed offline.

>>> key = request_key({"model": "m", "messages": [{"role": "user", "content": "x"}], "temperature": 0})
>>> len(key), key == request_key({"temperature": 0, "messages": [{"role": "user", "content": "x"}], "model": "m"})
(64, True)
"""

from __future__ import annotations

import hashlib
import json
import threading
from pathlib import Path

from harness.core.errors import InputError, Problem


def request_key(request: dict) -> str:
    """The key of a request: SHA-256 of its canonical JSON."""
    return hashlib.sha256(json.dumps(request, ensure_ascii=False, sort_keys=True,
                                     separators=(",", ":")).encode()).hexdigest()


class ResponseCache:
    """Responses by request key, read from and appended to a JSONL file."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._lock = threading.Lock()
        self._entries: dict[str, dict] = {}
        if self.path.is_file():
            for lineno, line in enumerate(self.path.read_text(encoding="utf-8").splitlines(), start=1):
                if not line.strip():
                    continue
                try:
                    entry = json.loads(line)
                    self._entries[entry["key"]] = entry
                except (json.JSONDecodeError, KeyError, TypeError):
                    raise InputError(Problem(str(self.path), lineno, None, "cache entry",
                                             "a JSON object with 'key', 'request' and 'response'", line[:80],
                                             "a damaged cache: remove the line or the file")) from None

    def get(self, key: str) -> dict | None:
        return self._entries.get(key)

    def put(self, key: str, request: dict, response: dict, latency_s: float) -> dict:
        """Store one response (appended to the file at once) and return its entry."""
        entry = {"key": key, "request": request, "response": response, "latency_s": round(latency_s, 3)}
        with self._lock:
            self._entries[key] = entry
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as f:
                f.write(json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n")
        return entry

    @staticmethod
    def checksum(entries: list[dict]) -> str:
        """SHA-256 over the entries a run used (by key, in key order): the same for a run and its replay."""
        digest = hashlib.sha256()
        for entry in sorted(entries, key=lambda e: e["key"]):
            digest.update(json.dumps({"key": entry["key"], "response": entry["response"]}, ensure_ascii=False,
                                     sort_keys=True).encode())
        return digest.hexdigest()
