import subprocess
import sys


def test_notes_package_and_cli_notes_import_neither_textual_nor_spacy():
    code = ("import sys, cubatui.notes, cubatui.notes.export, cubatui.notes.anchoring, cubatui.display\n"
            "from cubatui.cli import main\n"
            "main(['notes', 'list'])\n"
            "bad = [m for m in ('textual', 'spacy') if m in sys.modules]\n"
            "assert not bad, bad\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
