"""The engine on odd input: never an exception, always consistent offsets."""

import random
import subprocess
import sys
from pathlib import Path

from cubatui.model import Analysis, Article

from nlp_helpers import speaker_name

ROOT = Path(__file__).resolve().parents[2]
PIECES = ['"', "“", "”", " said ", "he ", "She ", " according to ", "the ministry", ",", ".", ":",
          "\n", "\n\n", " — ", "Ana López ", "who ", "saying that ", "It ", "they ", "[bold]x[/]",
          "\x1b[31m", "called it ", "Mr. ", "warned of ", " the plan was dead", "We will fight",
          "’s ", "?", "!", " urged Washington to act", " ", "\t"]


def check_invariants(text: str, a: Analysis) -> None:
    assert Analysis.loads(a.dumps()) == a
    ids = {x.id for x in a.actors}
    for q in a.quotes:
        assert 0 <= q.start < q.end <= len(text) and text[q.start:q.end] == q.text
        assert q.speaker is None or q.speaker in ids
        for m in (q.speaker_mention, q.cue):
            if m is not None:
                assert text[m.start:m.end] == m.text
    for actor in a.actors:
        for m in actor.mentions:
            assert text[m.start:m.end] == m.text
    for e in a.entities:
        assert e.actor is None or e.actor in ids


def test_random_fragments_never_break_the_engine(analyze):
    rng = random.Random(7)
    for _ in range(150):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 40)))
        check_invariants(text, analyze(text))


def test_empty_and_blank_text(analyze):
    for text in ("", "   ", "\n\n"):
        a = analyze(text)
        assert a.quotes == () and a.actors == ()


def test_unbalanced_marks_stay_in_their_paragraph(analyze):
    text = '“Never closed, said Ana López.\nBen Ortiz said the vote was fair.'
    a = analyze(text)
    check_invariants(text, a)
    q = [q for q in a.quotes if "vote was fair" in q.text][0]
    assert speaker_name(a, q) == "Ben Ortiz"


def test_analyze_articles_keeps_order(nlp):
    from cubatui.nlp.analyze import analyze_articles

    texts = ["Ana Ruiz said prices rose.", "Ben Cole said wages fell."]
    results = list(analyze_articles([Article(t) for t in texts]))
    assert [r.article.text for r in results] == texts
    assert [r.quotes[0].text for r in results] == ["prices rose", "wages fell"]


def test_analyze_command_does_not_import_textual():
    code = ("import sys, io, contextlib\n"
            "from cubatui.cli import main\n"
            "out = io.StringIO()\n"
            "with contextlib.redirect_stdout(out):\n"
            "    rc = main(['analyze', sys.argv[1], '--format', 'json'])\n"
            "assert rc in (0, None), rc\n"
            "assert '\"quotes\"' in out.getvalue()\n"
            "print('textual' in sys.modules)\n")
    seed = ROOT / "assets" / "articles" / "000_0dd2ab8dae9d022f.txt"
    done = subprocess.run([sys.executable, "-c", code, str(seed)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"
