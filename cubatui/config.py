"""User settings from ``config.toml`` in the config dir (see locations)."""

from __future__ import annotations

import sys
from typing import Any

from cubatui import locations

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib


class ConfigError(Exception):
    """config.toml exists but cannot be read; the message is one line for the user."""


def load_config() -> dict[str, Any]:
    path = locations.config_file()
    if not path.exists():
        return {}
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config ({exc})") from exc
