"""Print a code block of the README, so that CI runs exactly what the README says.

    python .ci/readme.py commands          # the two commands the README opens with, one per line
    python .ci/readme.py loading           # the Python block that loads the gold from any folder
"""

import re
import sys
from pathlib import Path

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```(\w+)\n(.*?)```", README, flags=re.S)


def block(language: str, containing: str) -> str:
    """The first block of ``language`` whose text contains ``containing``."""
    for lang, text in BLOCKS:
        if lang == language and containing in text:
            return text
    raise SystemExit(f"README.md has no {language} block containing {containing!r}")


WHICH = {
    "commands": lambda: BLOCKS[0][1] if BLOCKS and BLOCKS[0][0] == "bash" else block("bash", "pip install"),
    "loading": lambda: block("python", 'harness.load_dataset("documents")'),
}

if __name__ == "__main__":
    print(WHICH[sys.argv[1]](), end="")
