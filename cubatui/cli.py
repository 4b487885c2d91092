"""Command line: argument parsing, one function per subcommand.

Heavy imports (spaCy, Textual) happen inside the subcommand that needs them, so
``cubatui --version`` and the headless commands start fast.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Callable, Sequence

from cubatui import __version__

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


class CliError(Exception):
    """A user-facing failure: printed as one line, exit code 2."""


def _err(message: str) -> None:
    print(f"cubatui: error: {message}", file=sys.stderr)


# --------------------------------------------------------------------- app ---
def cmd_open(args: argparse.Namespace) -> int:
    from cubatui import locations
    from cubatui.sources import SourceError, load_source

    source = args.source or str(locations.default_article())
    try:
        article = load_source(source)
    except SourceError as exc:
        raise CliError(str(exc)) from exc
    from cubatui.tui.app import run_app

    return run_app(article, model=args.model)


# ----------------------------------------------------------------- analyze ---
def _unique_output(out_dir: Path, stem: str, suffix: str, written: set[Path]) -> Path:
    """DIR/<stem><suffix>; sources sharing a stem in one run get -2, -3, ... rather
    than overwriting each other (files from earlier runs are replaced, as expected)."""
    target, n = out_dir / f"{stem}{suffix}", 1
    while target in written:
        n += 1
        target = out_dir / f"{stem}-{n}{suffix}"
    written.add(target)
    return target


def cmd_analyze(args: argparse.Namespace) -> int:
    from cubatui import locations
    from cubatui.model import Article
    from cubatui.nlp.pipeline import MAX_TEXT_CHARS  # cheap: spaCy is imported later, lazily
    from cubatui.report import markdown_report
    from cubatui.sources import SourceError, load_source

    sources = args.sources or [str(locations.default_article())]
    if sources.count("-") > 1:
        raise CliError("stdin ('-') can be given only once")
    articles: list[tuple[str, Article]] = []
    failed = 0
    for source in sources:
        try:
            article = load_source(source)
        except SourceError as exc:
            _err(str(exc))
            failed += 1
            continue
        if len(article.text) > MAX_TEXT_CHARS:
            _err(f"{'<stdin>' if source == '-' else source}: too long to analyse "
                 f"({len(article.text):,} characters; the limit is {MAX_TEXT_CHARS:,})")
            failed += 1
            continue
        articles.append((source, article))
    if not articles:
        return EXIT_USAGE

    from cubatui.nlp.analyze import analyze_articles
    from cubatui.nlp.pipeline import ModelError

    out_dir = Path(args.out) if args.out else None
    if out_dir is not None:
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CliError(f"{args.out}: cannot create output folder ({exc.strerror or exc})") from exc
    fmt = args.format or ("json" if len(articles) == 1 else "jsonl")
    written: set[Path] = set()
    try:
        analyses = analyze_articles([a for _, a in articles], model=args.model)
        for (source, _), analysis in zip(articles, analyses):
            if fmt == "markdown":
                rendered = markdown_report(analysis)
            else:
                rendered = analysis.dumps(indent=2 if fmt == "json" and out_dir is None and len(articles) == 1 else None)
            if out_dir is not None:
                stem = "stdin" if source == "-" else Path(source).stem
                suffix = ".md" if fmt == "markdown" else ".json"
                target = _unique_output(out_dir, stem, suffix, written)
                try:
                    target.write_text(rendered + "\n", encoding="utf-8")
                except OSError as exc:
                    raise CliError(f"{target}: cannot write ({exc.strerror or exc})") from exc
            else:
                sys.stdout.write(rendered + "\n")
                sys.stdout.flush()
    except ModelError as exc:
        raise CliError(str(exc)) from exc
    return EXIT_USAGE if failed else EXIT_OK


# ------------------------------------------------------------------- notes ---
def _open_notes_store():
    from cubatui.notes.store import NoteStore, NotesStoreError

    try:
        store = NoteStore()
    except NotesStoreError as exc:
        raise CliError(str(exc)) from exc
    if store.recovered is not None:
        print(f"cubatui: warning: {store.recovered.message}", file=sys.stderr)
    return store


def _notes_article(args: argparse.Namespace):
    if not args.article:
        return None
    from cubatui.sources import SourceError, load_source

    try:
        return load_source(args.article)
    except SourceError as exc:
        raise CliError(str(exc)) from exc


def cmd_notes_list(args: argparse.Namespace) -> int:
    from cubatui.notes.export import collect, one_line

    article = _notes_article(args)
    with _open_notes_store() as store:
        groups = collect(store, article)
    if not any(g.notes for g in groups):
        print("No notes." if article is None else f"No notes on {one_line(article.title)}.")
        return EXIT_OK
    for group in groups:
        print(f"{one_line(group.record.title) or '(untitled)'}  [{one_line(group.record.source)}]"
              f"  {group.record.sha256[:12]}")
        for placed in group.notes:
            note = placed.note
            where = "orphan" if placed.orphan else f"{placed.start}-{placed.end}"
            if placed.how in ("moved", "fuzzy"):
                where += f" ({placed.how})"
            target = note.target_kind + (f" {one_line(note.target_label, 30)}" if note.target_label else "")
            tags = "  " + " ".join("#" + one_line(t) for t in note.tags) if note.tags else ""
            print(f"  {note.id[:8]}  {where:<14} {target:<20} \u201c{one_line(note.quote.exact, 40)}\u201d"
                  f"  {one_line(note.body, 60)}{tags}")
    return EXIT_OK


def cmd_notes_export(args: argparse.Namespace) -> int:
    from cubatui.notes.export import collect, render

    article = _notes_article(args)
    with _open_notes_store() as store:
        rendered = render(store, collect(store, article), args.format)
    if args.out:
        out = Path(args.out)
        try:
            # Write beside the target and rename, so a failed export never leaves half a file.
            tmp = out.with_name(out.name + ".tmp")
            tmp.write_text(rendered, encoding="utf-8")
            tmp.replace(out)
        except OSError as exc:
            raise CliError(f"{args.out}: cannot write ({exc.strerror or exc})") from exc
    else:
        sys.stdout.write(rendered)
        sys.stdout.flush()
    return EXIT_OK


def cmd_notes_import(args: argparse.Namespace) -> int:
    from cubatui.notes.export import NotesFormatError, import_jsonld
    from cubatui.notes.store import NotesStoreError

    with _open_notes_store() as store:
        try:
            result = import_jsonld(args.file, store)
        except (NotesFormatError, NotesStoreError) as exc:
            raise CliError(str(exc)) from exc
    print(f"Imported {args.file}: {result.added} new, {result.updated} updated, "
          f"{result.unchanged} already there.")
    return EXIT_OK


def _add_notes_parser(sub) -> None:
    notes = sub.add_parser("notes", help="list, export or import your notes on articles")
    notes_sub = notes.add_subparsers(dest="notes_command", metavar="ACTION", required=True)

    p = notes_sub.add_parser("list", help="list notes (of one article, or all)")
    p.add_argument("--article", metavar="SOURCE", help="only the notes of this article (a .txt/.md file)")
    p.set_defaults(func=cmd_notes_list)

    p = notes_sub.add_parser("export", help="export notes as Markdown, W3C JSON-LD or JSONL spans")
    p.add_argument("--article", metavar="SOURCE", help="only the notes of this article (a .txt/.md file)")
    p.add_argument("--format", choices=("md", "jsonld", "jsonl"), default="md",
                   help="md (default), jsonld (W3C Web Annotation) or jsonl ({text, spans} per article)")
    p.add_argument("--out", metavar="FILE", help="write to FILE instead of stdout")
    p.set_defaults(func=cmd_notes_export)

    p = notes_sub.add_parser("import", help="import notes from a JSON-LD export")
    p.add_argument("file", metavar="FILE.jsonld")
    p.set_defaults(func=cmd_notes_import)


# -------------------------------------------------------------------- eval ---
def cmd_eval(args: argparse.Namespace) -> int:
    import json

    from cubatui.evaluate import EvalError, analyze_with_cubatui, evaluate
    from cubatui.nlp.pipeline import ModelError

    def report(line: str) -> None:
        print(line, file=sys.stderr)

    try:
        figures = evaluate(Path(args.annotations), args.format, analyze_with_cubatui(args.model),
                           article=Path(args.article) if args.article else None,
                           report=report if args.verbose else None)
    except (EvalError, ModelError) as exc:
        raise CliError(str(exc)) from exc
    print(json.dumps(figures, ensure_ascii=False))
    return EXIT_OK


# ----------------------------------------------------------------- parsing ---
COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {}


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cubatui",
        description="A terminal news reader that shows who says what in an article, and where.",
        epilog="Run 'cubatui' alone to open the bundled article, or 'cubatui COMMAND --help'.",
    )
    parser.add_argument("--version", action="version", version=f"cubatui {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("open", help="open an article in the reader (the default command)")
    p.add_argument("source", nargs="?", help="a .txt/.md file (default: the bundled article)")
    p.add_argument("--model", help="spaCy pipeline to use (e.g. en_core_web_md)")
    p.set_defaults(func=cmd_open)

    p = sub.add_parser("analyze", help="print who says what in articles, without the UI")
    p.add_argument("sources", nargs="*", metavar="SOURCE",
                   help="a .txt/.md file, or - for stdin (default: the bundled article)")
    p.add_argument("--format", choices=("json", "jsonl", "markdown"),
                   help="json (one source), jsonl (several; the default then) or markdown")
    p.add_argument("--out", metavar="DIR",
                   help="write one DIR/<stem>.json (.md) per source instead of stdout; "
                        "sources sharing a stem get -2, -3, ...")
    p.add_argument("--model", help="spaCy pipeline to use (e.g. en_core_web_md)")
    p.set_defaults(func=cmd_analyze)

    _add_notes_parser(sub)
    p = sub.add_parser("eval", help="measure cubatui on annotated articles (gold JSON or BRAT)")
    p.add_argument("annotations", metavar="GOLD_OR_DIR",
                   help="a cubatui.gold/1 file, a folder of them, or a BRAT folder")
    p.add_argument("--format", choices=("gold", "brat"),
                   help="annotation format (default: guessed from the path)")
    p.add_argument("--article", metavar="PATH",
                   help="the article of a gold file (default: its 'article' next to it, or bundled)")
    p.add_argument("--model", help="spaCy pipeline to use (e.g. en_core_web_md)")
    p.add_argument("--verbose", action="store_true",
                   help="list misses, wrong speakers and false positives on stderr")
    p.set_defaults(func=cmd_eval)

    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = _build_parser()
    subcommands = set(parser._subparsers._group_actions[0].choices)  # type: ignore[union-attr]
    # `cubatui [SOURCE]` is short for `cubatui open [SOURCE]`.
    if not argv or (argv[0] not in subcommands and argv[0] not in ("-h", "--help", "--version")):
        argv = ["open", *argv]
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except CliError as exc:
        _err(str(exc))
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
