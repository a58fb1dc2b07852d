"""Heavy baselines, registered as ``"module:Class"`` strings (imported on use)."""

from harness.systems.registry import REGISTRY

REGISTRY.register_lazy(
    "camel", "baselines.camel:CamelNER", kind="neural (BERT, CAMeL Tools)",
    training_data="ANERcorp (CAMeL Tools' ner-arabert model)",
    description="CAMeL Tools NERecognizer (pretrained ner-arabert, or TAHALOF_CAMEL_MODEL); coarse view",
    extra="camel", reproducible=False, requires=("camel_tools", "torch", "transformers"),
)

REGISTRY.register_lazy(
    "hf", "baselines.hf:HFTagger", kind="neural (transformers)",
    training_data="the model's own (e.g. NewsFANE via python -m baselines.finetune)",
    description="any transformers token classifier: --system-arg model=PATH_OR_HUB_ID [label_map=, normalise=]",
    extra="hf", reproducible=False, requires=("torch", "transformers"),
)
