"""Every path cubatui reads or writes, in one place.

Data (notes, library) lives in the platform's user data dir, config in the user
config dir, caches in the user cache dir. CUBATUI_DATA_DIR, CUBATUI_CONFIG_DIR and
CUBATUI_CACHE_DIR override them (the tests always point them at a tmp dir).
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from platformdirs import user_cache_dir, user_config_dir, user_data_dir

APP_NAME = "cubatui"
DEFAULT_ARTICLE_NAME = "000_0dd2ab8dae9d022f.txt"


def _dir(env_var: str, default: str) -> Path:
    override = os.environ.get(env_var)
    path = Path(override).expanduser() if override else Path(default)
    path.mkdir(parents=True, exist_ok=True)
    return path


def data_dir() -> Path:
    return _dir("CUBATUI_DATA_DIR", user_data_dir(APP_NAME))


def config_dir() -> Path:
    return _dir("CUBATUI_CONFIG_DIR", user_config_dir(APP_NAME))


def cache_dir() -> Path:
    return _dir("CUBATUI_CACHE_DIR", user_cache_dir(APP_NAME))


def config_file() -> Path:
    return config_dir() / "config.toml"


def notes_db() -> Path:
    return data_dir() / "notes.db"


def library_db() -> Path:
    return data_dir() / "library.db"


def assets_dir() -> Path:
    """The bundled assets: inside the installed package (wheel), or the repo's
    top-level ``assets/`` when running from a source checkout or editable install."""
    packaged = Path(str(resources.files("cubatui"))) / "assets"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "assets"


def articles_dir() -> Path:
    return assets_dir() / "articles"


def default_article() -> Path:
    return articles_dir() / DEFAULT_ARTICLE_NAME


def lexicon_dir() -> Path:
    """Data files of the NLP rules (speech-verb lexicon and the like)."""
    return Path(__file__).resolve().parent / "nlp" / "data"
