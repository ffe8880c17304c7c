"""Each bench runs its parts (build, measure, the reference) in fresh interpreters, so one part's memory and
warm caches never count against another's; a part prints its figures as one JSON line for the parent to read."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any


def run_part(script: str, part: str, arguments: list[str]) -> dict[str, Any]:
    """Run `script --part <part> <arguments>` in a fresh interpreter and read the JSON on its last line."""
    completed = subprocess.run(
        [sys.executable, script, "--part", part, *arguments], capture_output=True, text=True, check=False
    )
    if completed.returncode != 0:
        raise RuntimeError(f"part {part} failed:\n{completed.stderr[-4000:]}")
    return json.loads(completed.stdout.strip().splitlines()[-1])
