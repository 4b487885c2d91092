"""Which spaCy pipeline cubatui uses, and how a missing or broken one is reported."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from paths import ROOT
from cubatui import locations
from cubatui.cli import main
from cubatui.nlp import pipeline
from cubatui.nlp.pipeline import DEFAULT_MODELS, INSTALL_HINT, ModelChoice, ModelError, load_model, resolve_model


def write_config(text: str) -> None:
    locations.config_file().write_text(text, encoding="utf-8")


# ------------------------------------------------------------- precedence ---
def test_model_option_beats_everything(monkeypatch):
    monkeypatch.setenv("CUBATUI_MODEL", "from_env")
    write_config('model = "from_config"\n')
    assert resolve_model("from_cli") == ModelChoice("from_cli", "--model")


def test_environment_beats_config(monkeypatch):
    monkeypatch.setenv("CUBATUI_MODEL", "from_env")
    write_config('model = "from_config"\n')
    assert resolve_model() == ModelChoice("from_env", "CUBATUI_MODEL")
    assert resolve_model("") == ModelChoice("from_env", "CUBATUI_MODEL")  # an empty option is unset


def test_config_beats_defaults():
    write_config('# my settings\nmodel = "en_core_web_md"\n')
    assert resolve_model() == ModelChoice("en_core_web_md", "config.toml")


def test_first_installed_default(monkeypatch):
    write_config("other_setting = 1\n")  # a config without 'model' falls through
    installed = {DEFAULT_MODELS[1]}
    monkeypatch.setattr(pipeline, "_installed", lambda name: name in installed)
    assert resolve_model() == ModelChoice(DEFAULT_MODELS[1], "default")
    installed.add(DEFAULT_MODELS[0])
    assert resolve_model() == ModelChoice(DEFAULT_MODELS[0], "default")


def test_no_model_installed(monkeypatch):
    monkeypatch.setattr(pipeline, "_installed", lambda name: False)
    with pytest.raises(ModelError, match="no English spaCy pipeline") as info:
        resolve_model()
    assert INSTALL_HINT in str(info.value)


def test_installed_check_survives_odd_names():
    assert not pipeline._installed("no_such_module_for_cubatui")
    assert not pipeline._installed("no_such_parent.child")  # find_spec raises for a missing parent
    assert pipeline._installed("json")


def test_malformed_config_is_one_line(tmp_path, capsys):
    write_config('model = "unterminated\n')
    source = tmp_path / "a.txt"
    source.write_text("Ana said it rains.\n", encoding="utf-8")
    assert main(["analyze", str(source)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(locations.config_file()) in err and "cannot read config" in err


# ----------------------------------------------------------------- loading ---
def test_default_model_loads_once(nlp):
    assert load_model(resolve_model()) is nlp
    assert "parser" in nlp.pipe_names and "ner" in nlp.pipe_names


def test_unsuitable_pipelines(tmp_path):
    spacy = pytest.importorskip("spacy")
    german = tmp_path / "de_pipeline"  # German: a blank pipeline that builds fast
    spacy.blank("de").to_disk(german)
    with pytest.raises(ModelError, match="is for 'de', not English"):
        load_model(ModelChoice(str(german), "--model"))
    bare = tmp_path / "en_pipeline"
    spacy.blank("en").to_disk(bare)
    with pytest.raises(ModelError, match="lacks a parser or NER"):
        load_model(ModelChoice(str(bare), "--model"))


def test_pipeline_folder_without_meta(tmp_path):
    broken = tmp_path / "half_copied"
    broken.mkdir()
    (broken / "config.cfg").write_text("[nlp]\nlang = ???\n", encoding="utf-8")
    with pytest.raises(ModelError) as info:
        load_model(ModelChoice(str(broken), "config.toml"))
    message = str(info.value)
    assert "cannot be loaded" in message and "from config.toml" in message and "\n" not in message


def test_multi_line_errors_become_one_line(monkeypatch):
    spacy = pytest.importorskip("spacy")

    def explode(name):
        raise ValueError("Config validation error\n  nlp -> lang   field required\n\n{'nlp': {}}")
    monkeypatch.setattr(spacy, "load", explode)
    with pytest.raises(ModelError) as info:
        load_model(ModelChoice("some_model", "--model"))
    message = str(info.value)
    assert "\n" not in message and "is broken (Config validation error nlp -> lang field" in message


# -------------------------------------------------- end to end, no traceback ---
def run_cli(*args: str, extra_path: str | None = None, **env: str) -> subprocess.CompletedProcess:
    pythonpath = os.pathsep.join(p for p in (extra_path, str(ROOT)) if p)
    return subprocess.run([sys.executable, "-m", "cubatui", *args], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": pythonpath, **env}, timeout=120)


def test_missing_model_exits_2_with_install_hint(tmp_path):
    source = tmp_path / "a.txt"
    source.write_text("Ana said it rains.\n", encoding="utf-8")
    run = run_cli("analyze", str(source), "--model", "en_core_web_nonexistent")
    assert run.returncode == 2 and run.stdout == ""
    [line] = run.stderr.splitlines()
    assert "en_core_web_nonexistent" in line and "pip install" in line and "from --model" in line


def test_broken_model_package_exits_2_without_traceback(tmp_path):
    # An installed-looking package (it has dist-info) whose import fails.
    site = tmp_path / "site"
    package = site / "broken_cubatui_model"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text('raise RuntimeError("weights missing\\nsee log")\n')
    info = site / "broken_cubatui_model-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: broken_cubatui_model\nVersion: 1.0\n")
    source = tmp_path / "a.txt"
    source.write_text("Ana said it rains.\n", encoding="utf-8")
    # named through the environment: also checks CUBATUI_MODEL end to end
    run = run_cli("analyze", str(source), extra_path=str(site), CUBATUI_MODEL="broken_cubatui_model")
    assert run.returncode == 2 and "Traceback" not in run.stderr
    [line] = run.stderr.splitlines()
    assert "broken_cubatui_model" in line and "from CUBATUI_MODEL" in line and "weights missing see log" in line
