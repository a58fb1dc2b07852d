"""The ``llm`` system: joint NER and RE by a chat model behind any OpenAI-compatible endpoint.

:mod:`.prompt` builds the messages and the output schema, :mod:`.client`
talks to the server (retries, concurrency, the cache of :mod:`.cache`),
:mod:`.parse` reads the answers, :mod:`.align` maps mention strings to
offsets, and :mod:`.system` is the registered system.
"""
