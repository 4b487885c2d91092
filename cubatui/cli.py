"""Command line: argument parsing, one function per subcommand.

Heavy imports (spaCy, Textual) happen inside the subcommand that needs them, so
``cubatui --version`` and the headless commands start fast.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from contextlib import contextmanager
from typing import Callable, Sequence

from cubatui import __version__
from cubatui.display import one_line

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


class CliError(Exception):
    """A user-facing failure: printed as one line, exit code 2."""


def _err(message: str) -> None:
    print(f"cubatui: error: {message}", file=sys.stderr)


# --------------------------------------------------------- library, feeds ---
# The library (every article opened, its analyses) and feed subscriptions.
def _url_stem(url: str) -> str:
    """A file name for a URL's output: host and path, e.g. example.com_2024_story."""
    import re
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    path = parts.path.rsplit(".", 1)[0] if "." in parts.path.rsplit("/", 1)[-1] else parts.path
    return re.sub(r"[^A-Za-z0-9.-]+", "_", f"{parts.hostname or 'page'}{path}").strip("_")[:120] or "page"


def _open_library(required: bool = True):
    """The library, or (when not required) None with a warning if it cannot be used."""
    from cubatui.library import Library, LibraryError

    try:
        library = Library()
    except LibraryError as exc:
        if required:
            raise CliError(str(exc)) from exc
        _err(f"{exc} (continuing without the library)")
        return None
    if library.notice:
        _err(library.notice)
    return library


@contextmanager
def _library():
    """The library for one command, closed after it (a CliError if it cannot be used)."""
    library = _open_library()
    try:
        yield library
    finally:
        library.close()


def _remember_in_library(article) -> None:
    from cubatui.library import LibraryError

    library = _open_library(required=False)
    if library is None:
        return
    try:
        library.remember(article)
    except LibraryError as exc:
        _err(f"{exc} (article not kept in the library)")
    finally:
        library.close()


def _one_article(library, sha_prefix: str):
    matches = library.find(sha_prefix)
    if not matches:
        raise CliError(f"{sha_prefix}: no stored article has an id starting with this (see 'cubatui library')")
    if len(matches) > 1:
        raise CliError(f"{sha_prefix}: ambiguous, {len(matches)} articles match; give more characters")
    return matches[0]


def cmd_library_list(args: argparse.Namespace) -> int:
    with _library() as library:
        records = library.list_articles(args.search)
    if not records:
        print("no stored articles" + (f" match {args.search!r}" if args.search else ""))
        return EXIT_OK
    for r in records:
        mark = "*" if r.analysed else " "
        print(f"{r.sha256[:10]} {r.last_opened[:10]} {mark} {one_line(r.title or '(untitled)', 70)}"
              f"  [{one_line(r.source, 60)}]")
    return EXIT_OK


def cmd_library_actor(args: argparse.Namespace) -> int:
    with _library() as library:
        appearances = library.actor_across(args.name)
    if not appearances:
        print(f"no analysed article mentions {one_line(args.name)!r}")
        return EXIT_OK
    claims = sum(len(a.claims) for a in appearances)
    articles = len({a.article.sha256 for a in appearances})
    print(f"{one_line(args.name)}: {claims} claim(s) in {articles} article(s)")
    for a in appearances:
        aliases = ", ".join(one_line(x) for x in a.actor.aliases if x != a.actor.name)
        print(f"\n{a.article.sha256[:10]}  {one_line(a.article.title or '(untitled)', 70)}")
        print(f"  as {one_line(a.actor.name)} ({a.actor.kind}){' aka ' + aliases if aliases else ''}")
        for c in a.claims:
            print(f"  @{c.start:<6} {c.kind:8} “{one_line(c.text, 100)}”")
    print("\nshow one in context: cubatui library show ID --at OFFSET")
    return EXIT_OK


def cmd_library_show(args: argparse.Namespace) -> int:
    with _library() as library:
        record = _one_article(library, args.id)
        article = library.get_article(record.sha256)
    print(f"{one_line(record.title or '(untitled)')}\n{record.sha256}  {one_line(record.source)}")
    for key, value in sorted(record.metadata.items()):
        print(f"{key}: {one_line(value)}")
    print()
    text = article.text
    if args.at is None:
        print("\n".join(one_line(line) for line in text.splitlines()))
        return EXIT_OK
    if not 0 <= args.at < len(text):
        raise CliError(f"--at {args.at}: outside the article (0..{len(text) - 1})")
    start = text.rfind("\n", 0, args.at) + 1
    end = text.find("\n", args.at)
    print(one_line(text[start: end if end != -1 else len(text)]))
    return EXIT_OK


def cmd_library_open(args: argparse.Namespace) -> int:
    with _library() as library:
        record = _one_article(library, args.id)
        article = library.get_article(record.sha256)
        library.remember(article)
    from cubatui.tui.app import run_app

    return run_app(article, model=args.model)


def cmd_feed_add(args: argparse.Namespace) -> int:
    from cubatui.library.feeds import add_feed
    from cubatui.sources import SourceError
    from cubatui.sources.web import is_url

    if not is_url(args.url):
        raise CliError(f"{args.url}: a feed is an http(s) URL")
    library = _open_library()
    try:
        result = add_feed(library, args.url)
    except SourceError as exc:
        raise CliError(str(exc)) from exc
    finally:
        library.close()
    print(f"subscribed to {one_line(result.title)} ({result.new_entries} entries)")
    return EXIT_OK


def _print_entries(library, limit: int) -> None:
    entries = library.entries()
    for number, e in enumerate(entries[:limit], 1):
        mark = " " if e.seen else "*"
        print(f"{number:3}. {mark} {e.published[:10] or '          '}  {one_line(e.title, 70)}"
              f"  [{one_line(e.feed_title, 30)}]")
    if len(entries) > limit:
        print(f"     … {len(entries) - limit} more (use --limit)")


def cmd_feed_list(args: argparse.Namespace) -> int:
    with _library() as library:
        feeds = library.feeds()
        if not feeds:
            print("no feeds; add one with: cubatui feed add URL")
            return EXIT_OK
        for f in feeds:
            when = (f.last_refreshed or "never")[:16].replace("T", " ")
            print(f"{one_line(f.title, 50)}  <{one_line(f.url)}>  {f.entries} entries, "
                  f"{f.unseen} unread, refreshed {when}")
        print()
        _print_entries(library, args.limit)
    return EXIT_OK


def cmd_feed_refresh(args: argparse.Namespace) -> int:
    from cubatui.library.feeds import refresh_feeds
    from cubatui.sources import SourceError, load_source

    with _library() as library:
        results = refresh_feeds(library)
        if not results:
            print("no feeds; add one with: cubatui feed add URL")
            return EXIT_OK
        for r in results:
            state = (f"error: {one_line(r.error)}" if r.error else "not modified" if r.not_modified
                     else f"{r.new_entries} new")
            print(f"{one_line(r.title, 50)}: {state}")
        print()
        _print_entries(library, args.limit)
        entries = library.entries()
        if args.open is None:
            return EXIT_USAGE if all(r.error for r in results) else EXIT_OK
        if not 1 <= args.open <= len(entries):
            raise CliError(f"--open {args.open}: no such entry (1..{len(entries)})")
        entry = entries[args.open - 1]
        try:
            article = load_source(entry.link)
        except SourceError as exc:
            raise CliError(str(exc)) from exc
        library.remember(article)
        library.mark_seen(entry.feed_url, entry.entry_id)
    from cubatui.tui.app import run_app

    return run_app(article, model=args.model)


def cmd_feed_remove(args: argparse.Namespace) -> int:
    with _library() as library:
        if not library.remove_feed(args.url):
            raise CliError(f"{args.url}: not a subscribed feed (see 'cubatui feed list')")
    print(f"unsubscribed from {args.url}")
    return EXIT_OK


def _add_library_parsers(sub) -> None:
    lib = sub.add_parser("library", help="articles opened before: list, search, an actor across them")
    lib.add_argument("--search", metavar="Q", help="only articles whose title, source or text contain Q")
    lib.set_defaults(func=cmd_library_list)
    lib_sub = lib.add_subparsers(dest="library_command", metavar="ACTION")
    p = lib_sub.add_parser("list", help="stored articles, most recently opened first (the default)")
    p.add_argument("--search", metavar="Q", help="only articles whose title, source or text contain Q")
    p.set_defaults(func=cmd_library_list)
    p = lib_sub.add_parser("actor", help="one actor (matched by any alias) across all stored articles")
    p.add_argument("name", help="a name or alias, e.g. 'De Cossío' or 'Cossio'")
    p.set_defaults(func=cmd_library_actor)
    p = lib_sub.add_parser("show", help="print a stored article, or the paragraph at an offset")
    p.add_argument("id", help="the article id (a prefix of its sha256, as 'cubatui library' prints)")
    p.add_argument("--at", type=int, metavar="OFFSET", help="show only the paragraph holding OFFSET")
    p.set_defaults(func=cmd_library_show)
    p = lib_sub.add_parser("open", help="open a stored article in the reader")
    p.add_argument("id", help="the article id (a prefix of its sha256)")
    p.add_argument("--model", help="spaCy pipeline to use")
    p.set_defaults(func=cmd_library_open)

    feed = sub.add_parser("feed", help="RSS/Atom subscriptions: add, list, refresh")
    feed_sub = feed.add_subparsers(dest="feed_command", metavar="ACTION", required=True)
    p = feed_sub.add_parser("add", help="subscribe to an RSS or Atom feed")
    p.add_argument("url")
    p.set_defaults(func=cmd_feed_add)
    p = feed_sub.add_parser("list", help="subscribed feeds and their entries, numbered")
    p.add_argument("--limit", type=int, default=30, help="entries to show (default 30)")
    p.set_defaults(func=cmd_feed_list)
    p = feed_sub.add_parser("refresh", help="fetch new entries of every feed (conditional GET)")
    p.add_argument("--open", type=int, metavar="N", help="then fetch entry N and open it in the reader")
    p.add_argument("--limit", type=int, default=30, help="entries to show (default 30)")
    p.add_argument("--model", help="spaCy pipeline to use")
    p.set_defaults(func=cmd_feed_refresh)
    p = feed_sub.add_parser("remove", help="unsubscribe from a feed")
    p.add_argument("url")
    p.set_defaults(func=cmd_feed_remove)


# --------------------------------------------------------------------- app ---
def cmd_open(args: argparse.Namespace) -> int:
    from cubatui import locations
    from cubatui.sources import SourceError, load_source

    source = args.source or str(locations.default_article())
    try:
        article = load_source(source)
    except SourceError as exc:
        raise CliError(str(exc)) from exc
    _remember_in_library(article)
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

    from cubatui.nlp.pipeline import ModelError

    library = None if args.no_cache else _open_library(required=False)  # the analysis cache
    out_dir = Path(args.out) if args.out else None
    if out_dir is not None:
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CliError(f"{args.out}: cannot create output folder ({exc.strerror or exc})") from exc
    fmt = args.format or ("json" if len(articles) == 1 else "jsonl")
    written: set[Path] = set()
    try:
        if library is not None:
            from cubatui.library.cache import analyses_with_cache

            analyses = analyses_with_cache([a for _, a in articles], args.model, library,
                                           warn=lambda message: _err(f"{message} (not cached)"))
        else:  # spaCy is imported only when something needs analysing
            from cubatui.nlp.analyze import analyze_articles

            analyses = analyze_articles([a for _, a in articles], model=args.model)
        for (source, _), analysis in zip(articles, analyses):
            if fmt == "markdown":
                rendered = markdown_report(analysis)
            else:
                rendered = analysis.dumps(indent=2 if fmt == "json" and out_dir is None and len(articles) == 1 else None)
            if out_dir is not None:
                stem = "stdin" if source == "-" else _url_stem(source) if "://" in source else Path(source).stem
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
    finally:
        if library is not None:
            library.close()
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
    from cubatui.notes.export import collect

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
    p.add_argument("source", nargs="?",
                   help="a .txt/.md/.html file, an http(s) URL, or - for stdin (default: the bundled article)")
    p.add_argument("--model", help="spaCy pipeline to use (e.g. en_core_web_md)")
    p.set_defaults(func=cmd_open)

    _add_library_parsers(sub)  # library, feed

    p = sub.add_parser("analyze", help="print who says what in articles, without the UI")
    p.add_argument("sources", nargs="*", metavar="SOURCE",
                   help="a .txt/.md/.html file, an http(s) URL, or - for stdin (default: the bundled article)")
    p.add_argument("--format", choices=("json", "jsonl", "markdown"),
                   help="json (one source), jsonl (several; the default then) or markdown")
    p.add_argument("--out", metavar="DIR",
                   help="write one DIR/<stem>.json (.md) per source instead of stdout; "
                        "sources sharing a stem get -2, -3, ...")
    p.add_argument("--model", help="spaCy pipeline to use (e.g. en_core_web_md)")
    p.add_argument("--no-cache", action="store_true",
                   help="analyse afresh, neither reading nor writing the library's stored analyses")
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
