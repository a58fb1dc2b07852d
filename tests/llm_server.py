"""A chat-completions server on the loopback interface with scripted answers, for the ``llm`` system's tests.

It speaks the protocol's one route (``POST /v1/chat/completions``) over real
HTTP in a thread. By default a sentence is answered as a perfect annotator
would, from the gold (mention strings with their occurrence, relations by
index); a script overrides the answer of chosen sentences: malformed JSON,
strings not in the text, a mention written without its clitic, a 429 first,
an answer slower than the client's timeout first, an answer in a fenced
block. Every request is logged, so tests can count what reached the server.
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def gold_answer(doc, i: int) -> dict:
    """The answer a perfect annotator gives for sentence ``i`` of a gold document."""
    s = doc.sentences[i]
    text = doc.text[s.start:s.end]
    spans = sorted((x for x in doc.spans if s.start <= x.start < s.end), key=lambda x: (x.start, -x.end, x.type))
    entities = []
    for x in spans:
        mention = doc.text[x.start:x.end]
        occurrences = _find_all(text, mention)  # as written, inside longer words too
        entities.append({"text": mention, "type": x.type, "occurrence": occurrences.index(x.start - s.start) + 1})
    index = {(x.start, x.end, x.type): k for k, x in enumerate(spans)}
    relations = [{"head": index[(r.head.start, r.head.end, r.head.type)],
                  "tail": index[(r.tail.start, r.tail.end, r.tail.type)], "type": r.type}
                 for r in doc.relations if s.start <= r.head.start < s.end]
    return {"entities": entities, "relations": relations}


def _find_all(text: str, needle: str) -> list[int]:
    out, pos = [], text.find(needle)
    while pos >= 0:
        out.append(pos)
        pos = text.find(needle, pos + 1)
    return out


class ScriptedServer:
    """The server: ``answers`` maps a request's last user message to the answer object (or a callable).

    ``script`` maps a message to a behaviour: ``"malformed"``, ``"429-once"``, ``"slow-once"`` (sleeps
    ``slow_s`` on the first request), ``"fenced"`` (the JSON inside a Markdown code block), or a string
    to answer verbatim. ``models`` lists the model names it serves (others get a 404).
    """

    def __init__(self, answers: dict, script: dict | None = None, models=("scripted",), slow_s: float = 1.5):
        self.answers, self.script, self.models, self.slow_s = answers, dict(script or {}), set(models), slow_s
        self.log: list[dict] = []
        self.seen: Counter = Counter()
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                status, payload, headers = server.respond(self.path, body)
                data = json.dumps(payload, ensure_ascii=False).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for k, v in headers.items():
                    self.send_header(k, v)
                self.end_headers()
                try:
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting (the slow answer): it retries

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()

    def respond(self, path: str, body: dict) -> tuple[int, dict, dict]:
        if path != "/v1/chat/completions":
            return 404, {"error": {"message": f"no route {path}"}}, {}
        if body.get("model") not in self.models:
            return 404, {"error": {"message": f"The model `{body.get('model')}` does not exist."}}, {}
        message = body["messages"][-1]["content"]
        with self._lock:
            self.log.append(body)
            self.seen[message] += 1
            first = self.seen[message] == 1
        behaviour = self.script.get(message)
        if behaviour == "429-once" and first:
            return 429, {"error": {"message": "rate limited"}}, {"Retry-After": "0"}
        if behaviour == "slow-once" and first:
            time.sleep(self.slow_s)
        answer = self.answers.get(message, {"entities": [], "relations": []})
        content = json.dumps(answer, ensure_ascii=False)
        if behaviour == "malformed":
            content = content[: len(content) // 2]
        elif behaviour == "fenced":
            content = f"Here are the entities:\n```json\n{content}\n```"
        elif isinstance(behaviour, str) and behaviour.startswith("{"):
            content = behaviour
        return 200, {"id": "x", "object": "chat.completion", "model": body["model"],
                     "choices": [{"index": 0, "message": {"role": "assistant", "content": content},
                                  "finish_reason": "stop"}],
                     "usage": {"prompt_tokens": len(json.dumps(body["messages"])) // 4,
                               "completion_tokens": len(content) // 4}}, {}
