"""Which tax code of each simulated package stands for each ConnectWise tax code.

A real user maps them once per accounting company (config.toml `tax_codes`); the sandbox profile has no file, so
each accounting simulator writes the mapping its seed created beside its state, and the wiring hands it to the
sandbox's companies. The deliberate "missing tax rate" gap stays a gap: its code maps to a rate that was never
created (Xero) or is left unmapped (QuickBooks), so the export shows it as an Error to fix.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path


def tax_code_map_file(state_dir: Path, service: str) -> Path:
    return state_dir / f"{service}.tax_codes.json"


def save_tax_code_map(state_dir: Path, service: str, mapping: Mapping[str, str]) -> None:
    tax_code_map_file(state_dir, service).write_text(json.dumps(dict(sorted(mapping.items())), indent=1), "utf-8")


def load_tax_code_map(state_dir: Path, service: str) -> dict[str, str]:
    """The mapping the service's last seed wrote; empty when it has none (nothing is mapped, codes pass through)."""
    path = tax_code_map_file(state_dir, service)
    if not path.exists():
        return {}
    return {str(key): str(value) for key, value in json.loads(path.read_text("utf-8")).items()}
