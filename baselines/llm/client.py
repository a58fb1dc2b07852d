"""Talking to an OpenAI-compatible chat-completions endpoint: retries, bounded concurrency, the cache.

Only timeouts, 429 and 5xx are retried, with exponential backoff (a
``Retry-After`` header is honoured up to 30 s); any other failure, or an
endpoint that cannot be reached, is one :class:`~harness.core.errors.InputError`
naming the endpoint and what the server said (exit 2 from the command line).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from baselines.llm.cache import ResponseCache, request_key
from harness.core.errors import InputError, Problem
from harness.core.progress import Bar

RETRIED = {429, 500, 502, 503, 504}


@dataclass(frozen=True)
class Endpoint:
    """Where and how to ask."""

    url: str
    api_key: str = ""
    timeout_s: float = 120.0
    retries: int = 4
    backoff_s: float = 0.5
    concurrency: int = 4
    offline: bool = False

    @property
    def completions(self) -> str:
        base = self.url.rstrip("/")
        return base if base.endswith("/chat/completions") else f"{base}/chat/completions"


def _error(endpoint: Endpoint, expected: str, found: str, hint: str = "") -> InputError:
    return InputError(Problem(endpoint.completions, None, None, "endpoint", expected, found, hint))


def _server_message(response) -> str:
    try:
        body = response.json()
        err = body.get("error", body) if isinstance(body, dict) else body
        return str(err.get("message", err) if isinstance(err, dict) else err)[:300]
    except ValueError:
        return response.text[:300]


def post(client, endpoint: Endpoint, request: dict) -> tuple[dict, float]:
    """One request with retries; the response's JSON and the latency of the successful attempt."""
    import httpx

    headers = {"Authorization": f"Bearer {endpoint.api_key}"} if endpoint.api_key else {}
    for attempt in range(endpoint.retries + 1):
        last = attempt == endpoint.retries
        started = time.perf_counter()
        try:
            response = client.post(endpoint.completions, json=request, headers=headers, timeout=endpoint.timeout_s)
        except httpx.TimeoutException:
            if last:
                raise _error(endpoint, f"an answer within {endpoint.timeout_s:g} s",
                             f"<timed out {endpoint.retries + 1} times>", "raise --system-arg timeout=SECONDS") \
                    from None
            time.sleep(endpoint.backoff_s * 2 ** attempt)
            continue
        except httpx.TransportError as exc:
            raise _error(endpoint, "a chat-completions server answering there", f"<{type(exc).__name__}: {exc}>",
                         "start the server, or pass --system-arg endpoint=URL (or TAHALOF_LLM_ENDPOINT)") from None
        latency = time.perf_counter() - started
        if response.status_code == 200:
            try:
                return response.json(), latency
            except ValueError:
                raise _error(endpoint, "a JSON chat-completions response", response.text[:200]) from None
        if response.status_code in RETRIED and not last:
            wait = endpoint.backoff_s * 2 ** attempt
            retry_after = response.headers.get("retry-after", "")
            if retry_after.replace(".", "", 1).isdigit():
                wait = min(float(retry_after), 30.0)
            time.sleep(wait)
            continue
        message = _server_message(response)
        if response.status_code == 404 or "model" in message.lower() and response.status_code in (400, 404):
            raise _error(endpoint, f"a server that serves the model {request.get('model')!r}",
                         f"HTTP {response.status_code}: {message}", "check --system-arg model=NAME")
        raise _error(endpoint, "HTTP 200", f"HTTP {response.status_code}: {message}",
                     "retried" if response.status_code in RETRIED else "")
    raise AssertionError("unreachable")


def complete_all(endpoint: Endpoint, requests: Sequence[dict], cache: ResponseCache,
                 desc: str = "llm") -> list[dict]:
    """The cache entry of every request, in order: cached ones read, the rest asked (at most
    ``endpoint.concurrency`` at a time) and stored as they arrive.

    Raises:
        InputError: for an unreachable endpoint, a refused request, or (offline) a request not in the cache.
    """
    keys = [request_key(r) for r in requests]
    missing = sorted({k for k in keys if cache.get(k) is None})
    if missing and endpoint.offline:
        raise InputError(Problem(str(cache.path), None, None, "cache",
                                 f"a response for each of the {len(set(keys))} requests (offline)",
                                 f"<{len(missing)} missing>", "run once with the server reachable"))
    if missing:
        import httpx

        todo = {k: r for k, r in zip(keys, requests) if k in set(missing)}
        bar = Bar(f"{desc}: requests", len(todo), "request")
        try:
            with httpx.Client() as client, ThreadPoolExecutor(max_workers=max(1, endpoint.concurrency)) as pool:
                def ask(key: str) -> None:
                    response, latency = post(client, endpoint, todo[key])
                    cache.put(key, todo[key], response, latency)
                    bar.update()

                for future in [pool.submit(ask, k) for k in todo]:
                    future.result()
        finally:
            bar.close()
    return [cache.get(k) for k in keys]
