"""Heavy baselines, registered as ``"module:Class"`` strings (imported on use)."""

from harness.registry import REGISTRY

# Filled in as heavy baselines are added, e.g.:
# REGISTRY.register_lazy("camel", "baselines.camel:CamelNER", kind="neural", ..., extra="camel")
__all__ = ["REGISTRY"]
