"""The ``digest`` command: a thin layer over the library, one function per command.

Heavy modules are imported inside each command so that ``digest --help`` stays quick.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import click

from digest import __version__
from digest.common.words import counted, noun_for

F = TypeVar("F", bound=Callable[..., Any])


def project_option(func: F) -> F:
    return click.option(
        "--project",
        "project_root",
        type=click.Path(file_okay=False, path_type=Path),
        default=".",
        show_default=True,
        # Absolute, as MkDocs reads the paths in mkdocs.yml relative to the file itself.
        callback=lambda _ctx, _param, root: _open_project(root.absolute()),
        help="Folder holding entries/, bib/, site_src/ and mkdocs.yml.",
    )(func)


def _open_project(root: Path) -> Path:
    """The project's root, its own vocabularies (vocabulary/, if it has one) now in use."""
    from digest.entries.vocab import use_project

    use_project(root)
    return root


def strict_option(func: F) -> F:
    return click.option(
        "--strict",
        is_flag=True,
        help="Treat every warning as an error (MkDocs' too, such as a broken internal link).",
    )(func)


def output_option(func: F) -> F:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["table", "csv", "json"]),
        default="table",
        show_default=True,
        help="How to print the rows.",
    )(func)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="digest")
def cli() -> None:
    """Build a research-digest site and evidence database from YAML entries."""


@cli.command()
@click.argument("folder", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--name", prompt="The site's name", default="Research Digest", help="The site's name."
)
@click.option(
    "--url",
    prompt="Where it will be published",
    default="http://127.0.0.1:8000/",
    help="The site's public address, such as https://example.org/digest/.",
)
def init(folder: Path, name: str, url: str) -> None:
    """Write a new digest project into FOLDER (missing or empty; default: here)."""
    from digest.authoring.init import NewSite, init_project

    written = init_project(folder, NewSite(name=name, url=url))
    click.echo(f"Wrote a new digest of {len(written)} files into {folder}", err=True)
    click.echo(f"Next: cd {folder} && digest check && digest serve", err=True)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@strict_option
@project_option
def check(paths: tuple[Path, ...], strict: bool, project_root: Path) -> None:
    """Validate entries and BibTeX files; list every problem as path:line: field: message.

    With no PATHS, checks everything under entries/ and bib/.
    """
    from digest.entries.load import Project, load

    loaded = load(Project(project_root), paths, cite=False)
    for problem in loaded.problems:
        click.echo(str(problem))
        if problem.frame:
            click.echo("\n".join(problem.frame), err=True)
    if loaded.failing(strict):
        click.echo(_found(len(loaded.errors), len(loaded.warnings) if strict else 0), err=True)
        raise SystemExit(1)
    warnings, notes = len(loaded.warnings), len(loaded.notes)
    noted = "".join(
        f", {counted(count, noun)}"
        for count, noun in ((warnings, "warning"), (notes, "note"))
        if count
    )
    click.echo(f"{counted(len(loaded.entries), 'entry')} checked: no errors{noted}.", err=True)


def _found(errors: int, warnings: int) -> str:
    """What failed a check: errors, and the warnings --strict counts."""
    found = [counted(n, noun) for n, noun in ((errors, "error"), (warnings, "warning")) if n]
    strictly = " (--strict fails on warnings)" if warnings else ""
    return f"Found {' and '.join(found)}{strictly}."


@cli.command()
@output_option
@project_option
def topics(fmt: str, project_root: Path) -> None:
    """List the topics an entry may have, with the other spellings accepted."""
    _list_terms("topics", fmt)


@cli.command()
@output_option
@project_option
def types(fmt: str, project_root: Path) -> None:
    """List the research types an entry may have, with the other spellings accepted."""
    _list_terms("research_types", fmt)


@cli.command()
@output_option
@project_option
def instruments(fmt: str, project_root: Path) -> None:
    """List the instruments an entry may name, with the other spellings accepted."""
    _list_terms("instruments", fmt)


@cli.command()
@output_option
@project_option
def measures(fmt: str, project_root: Path) -> None:
    """List the measures an effect may report, with the values each allows."""
    _list_terms("measures", fmt)


def _list_terms(name: str, fmt: str) -> None:
    from digest.entries.terms import term_rows

    _print_rows(*term_rows(name), fmt)


@cli.command()
@click.argument("key", required=False)
@click.option("--issue", help="The digest month, YYYY-MM (default: this month).")
@click.option("--title", help="The entry's title (default with a KEY: the BibTeX title).")
@click.option("--author", "authors", multiple=True, help='"Family, Given"; once per author.')
@click.option("--year", type=int, help="Year of publication.")
@click.option("--journal", help="Journal the study appeared in.")
@click.option("--doi", help="DOI, bare or as a https://doi.org/ link.")
@click.option("--type", "research_type", help="Research type, such as meta-analysis.")
@click.option("--topic", "topics", multiple=True, help="A topic (repeatable).")
@click.option("--slug", help="The file name after YYYY-MM- (default: author and title words).")
@project_option
def new(
    key: str | None,
    issue: str | None,
    title: str | None,
    authors: tuple[str, ...],
    year: int | None,
    journal: str | None,
    doi: str | None,
    research_type: str | None,
    topics: tuple[str, ...],
    slug: str | None,
    project_root: Path,
) -> None:
    """Start a new entry file, from a BibTeX KEY in bib/*.bib or from --title, --author, --year.

    Fields still to write are left empty with a comment; digest check lists them.
    """
    from digest.authoring.scaffold import NewEntry, OptionError, write_new_entry
    from digest.common.errors import display_path
    from digest.entries.load import Project
    from digest.entries.terms import option_notes

    request = NewEntry(key, issue, title, authors, year, journal, doi, research_type, topics, slug)
    try:
        path = write_new_entry(Project(project_root), request)
    except OptionError as err:
        raise click.UsageError(str(err)) from None
    click.echo(display_path(path))
    notes = option_notes("research_types", [research_type], "--type")
    for note in notes + option_notes("topics", topics, "--topic"):
        click.echo(f"note: {note}", err=True)
    click.echo(f"Next: write the summary, then run digest check {display_path(path)}", err=True)


@cli.command()
@click.argument("source", type=click.File("rb"))
def extract(source: Any) -> None:
    """Print the effect sizes found in a text (a FILE, or - for standard input) as YAML
    ready to paste under an entry's effects:. Of an entry file, its summary is read.

    Predictor and outcome are taken from the words of each sentence: check them.
    """
    from digest.authoring.extract import extract_effects, summary_of
    from digest.common.errors import DigestError

    try:
        text = source.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DigestError(f"{source.name}: not UTF-8 text; save it as UTF-8") from None
    extracted = extract_effects(summary_of(text))
    click.echo(extracted.yaml(), nl=False)
    found, restated = len(extracted.items), len(extracted.conversions)
    again = f"; {restated} more only restate{'s' * (restated == 1)} one of them" if restated else ""
    click.echo(f"{found} effect size{'' if found == 1 else 's'} found{again}.", err=True)
    if any(fields.get("predictor") for _, fields in extracted.items):
        click.echo(
            "Check each predictor and outcome marked 'check', then delete the mark:"
            " digest check --strict fails while one is left.",
            err=True,
        )


@cli.command("import")
@click.argument("page", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default="entries",
    show_default=True,
    help="Folder to write YYYY/YYYY-MM-slug.yaml files into.",
)
@click.option("--topic", "topics", multiple=True, help="A topic for every entry (repeatable).")
@click.option("--type", "research_type", help="The research type of every entry.")
@click.option("--issue", help="Issue month (YYYY-MM) for summaries with no month line above.")
@click.option("--dry-run", is_flag=True, help="Show what would be written; write nothing.")
def import_page(
    page: Path,
    out: Path,
    topics: tuple[str, ...],
    research_type: str | None,
    issue: str | None,
    dry_run: bool,
) -> None:
    """Convert a legacy archive page (text) into one entry file per summary.

    Prints each entry (month, title, first author and year, journal, DOI, effect sizes,
    and the page lines its citation, summary and implications came from), then every
    line it skipped or could not read as path:line: field: message. Nothing is invented
    and no file is overwritten; an entry is written only with its title and citation.

    Exit code 0 only when every summary on the page was read whole; 1 when one was not
    (no title, no citation or one cut short, no summary or implications), and when the
    page has no summaries at all. Check the result with digest check.
    """
    from digest.authoring.importer import Options, import_archive
    from digest.entries.terms import known_term

    if issue is not None and not re.fullmatch(r"[0-9]{4}-(0[1-9]|1[0-2])", issue):
        raise click.BadParameter(f"expected YYYY-MM, got '{issue}'", param_hint="--issue")
    options = Options(
        topics=tuple(str(known_term("topics", t, "--topic")) for t in topics),
        research_type=known_term("research_types", research_type, "--type"),
        issue=issue,
        dry_run=dry_run,
    )
    imported = import_archive(page, out, options)
    for report in imported.reports:
        click.echo("\n".join(report.lines()))
    for note in imported.notes:
        click.echo(str(note), err=True)
    entries = f"{counted(len(imported.reports), 'entry')} into {out}/"
    click.echo(f"Would write {entries} (dry run)." if dry_run else f"Wrote {entries}.", err=True)
    if not imported.complete:
        click.echo("Not every summary on the page could be read; see the warnings.", err=True)
        raise SystemExit(1)


@cli.command()
@click.option("--site-dir", type=click.Path(path_type=Path), default="site", show_default=True)
@click.option(
    "--site-url",
    envvar="DIGEST_SITE_URL",
    help="Where the site will be published (overrides site_url in mkdocs.yml); "
    "feeds and metadata use it for absolute links.",
)
@strict_option
@click.option("--quiet", "-q", is_flag=True, help="No progress bars (never shown under CI).")
@click.option("--drafts", is_flag=True, help="Include entries marked draft: true.")
@click.option("--future", is_flag=True, help="Include entries of issue months still to come.")
@project_option
def build(
    site_dir: Path,
    site_url: str | None,
    strict: bool,
    quiet: bool,
    drafts: bool,
    future: bool,
    project_root: Path,
) -> None:
    """Build the static site (and its evidence.duckdb) into SITE_DIR.

    SITE_DIR is replaced only when the whole build has succeeded. Drafts and entries of
    months still to come are left out unless --drafts or --future asks for them. On a
    terminal, each stage shows a progress bar.
    """
    from digest.common.errors import file_error
    from digest.common.progress import terminal_progress, wanted
    from digest.entries.load import Project, load_valid
    from digest.entries.schedule import Showing, left_out, shown
    from digest.site.build import build_lock, build_site, remove_leftovers

    project, showing, today = Project(project_root), Showing(drafts, future), date.today()
    with file_error(), terminal_progress(wanted(quiet)) as progress:
        loaded = load_valid(project, strict=strict, progress=progress)
        entries = shown(loaded.entries, today, showing)
        # Taken once the input is valid: a refused build writes nothing, not even the lock.
        with build_lock(project):
            remove_leftovers(site_dir.absolute())
            warnings = build_site(project, entries, site_dir, site_url, strict, progress)
    for problem in loaded.warnings:
        click.echo(str(problem), err=True)
    for warning in warnings:
        click.echo(f"warning: MkDocs: {warning}", err=True)
    click.echo(f"Built {counted(len(entries), 'entry')} into {site_dir}/", err=True)
    _say_left_out(*left_out(loaded.entries, today, showing))


def _say_left_out(drafts: int, scheduled: int) -> None:
    for count, kind, option in (
        (drafts, "draft", "--drafts"),
        (scheduled, "scheduled", "--future"),
    ):
        if count:
            entries = noun_for(count, "entry")
            click.echo(f"Left out {count} {kind} {entries} ({option} includes them).", err=True)


@cli.command()
@click.argument("sql")
@click.option(
    "--db",
    "db_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Query this evidence.duckdb instead of the project's current entries.",
)
@output_option
@project_option
def query(sql: str, db_path: Path | None, fmt: str, project_root: Path) -> None:
    """Run SQL against the evidence database.

    Tables: entries, entry_topics, entry_instruments, entry_updates, effects,
    effect_topics, citations; the view evidence.
    """
    from digest.evidence.db import run_query

    with _connect(project_root, db_path) as con:
        _print_rows(*run_query(con, sql), fmt)


@cli.command()
@click.option("--topic", help="Only effects of entries under this topic.")
@click.option("--measure", help="Only this measure (r, d, g, OR, RR, ICC, b, beta, percent).")
@click.option("--type", "research_type", help="Only entries of this research type.")
@click.option(
    "--min",
    "minimum",
    type=click.FloatRange(min=0),
    help="Only effects at least this large on the common metric: |d| >= MIN (r, g and OR are "
    "converted; effects with no d are left out).",
)
@click.option(
    "--max", "maximum", type=click.FloatRange(min=0), help="Only effects with |d| <= MAX."
)
@click.option("--db", "db_path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@output_option
@project_option
def effects(
    topic: str | None,
    measure: str | None,
    research_type: str | None,
    minimum: float | None,
    maximum: float | None,
    db_path: Path | None,
    fmt: str,
    project_root: Path,
) -> None:
    """List reported effect sizes with their entries, filtered.

    Example: digest effects --topic Empathy --min 0.5 (at least a medium d, either way)
    """
    from digest.entries.terms import known_term
    from digest.evidence.db import effects_query, run_query

    if minimum is not None and maximum is not None and minimum > maximum:
        click.echo(
            f"warning: --min {minimum:g} is above --max {maximum:g}: no effect can match", err=True
        )
    sql, params = effects_query(
        topic=known_term("topics", topic, "--topic"),
        measure=known_term("measures", measure, "--measure"),
        research_type=known_term("research_types", research_type, "--type"),
        minimum=minimum,
        maximum=maximum,
    )
    with _connect(project_root, db_path) as con:
        _print_rows(*run_query(con, sql, params), fmt)


@cli.command()
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path), default="evidence.duckdb")
@project_option
def db(out: Path, project_root: Path) -> None:
    """Write the evidence database of the current entries to OUT."""
    from digest.entries.load import Project, load_valid
    from digest.entries.schedule import shown
    from digest.evidence.exports import write_database

    entries = shown(load_valid(Project(project_root)).entries, date.today())
    write_database(entries, out)
    click.echo(f"Wrote {counted(len(entries), 'entry')} to {out}", err=True)


@cli.command()
@click.option(
    "--format",
    "formats",
    type=click.Choice(["csv", "parquet", "json", "duckdb"]),
    multiple=True,
    help="A format to write (repeatable); all four when not given.",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    show_default=True,
    help="The folder to write evidence.<format> into.",
)
@project_option
def export(formats: tuple[str, ...], out: Path, project_root: Path) -> None:
    """Write the evidence table as open data: evidence.csv, .parquet, .json, .duckdb."""
    from digest.entries.load import Project, load_valid
    from digest.entries.schedule import shown
    from digest.evidence.exports import FORMATS, write_exports

    entries = shown(load_valid(Project(project_root)).entries, date.today())
    for path in write_exports(entries, out, formats or FORMATS):
        click.echo(f"Wrote {path}", err=True)


@cli.command()
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the schema here instead of printing it.",
)
@project_option
def schema(out: Path | None, project_root: Path) -> None:
    """Print the JSON Schema of an entry file (for editors' YAML tooling)."""
    from digest.entries.schema import schema_json

    if out is None:
        click.echo(schema_json(), nl=False)
    else:
        out.write_text(schema_json(), encoding="utf-8")


def _connect(project_root: Path, db_path: Path | None) -> Any:
    import duckdb

    from digest.entries.load import Project, load_valid
    from digest.evidence.db import build_database

    if db_path is not None:
        try:
            return duckdb.connect(str(db_path), read_only=True)
        except duckdb.Error as err:
            raise click.ClickException(f"{db_path}: not an evidence database ({err})") from None
    return build_database(load_valid(Project(project_root)).entries)


def _print_rows(columns: list[str], rows: list[tuple[Any, ...]], fmt: str) -> None:
    from digest.common.output import format_rows

    click.echo(format_rows(columns, rows, fmt))


@cli.command()
@click.option(
    "--address",
    "-a",
    default="127.0.0.1:8000",
    show_default=True,
    help="PORT or HOST:PORT; a port in use moves to the next free one.",
)
@project_option
def serve(address: str, project_root: Path) -> None:
    """Preview the site, drafts and months to come included; saving an entry, a .bib
    file or a page reloads the browser. An entry that does not load shows its problems
    instead, over every page, and the others keep updating."""
    from digest.entries.load import Project
    from digest.site.preview import serve as preview

    preview(Project(project_root), address, lambda line: click.echo(line, err=True), date.today())


@cli.command()
@click.argument("issue")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    show_default=True,
    help="The folder to write newsletter-ISSUE.html, .txt and .eml into.",
)
@click.option(
    "--site-url",
    envvar="DIGEST_SITE_URL",
    help="Where the site is published (overrides site_url in mkdocs.yml); "
    "every link in the e-mail starts with it.",
)
@project_option
def newsletter(issue: str, out: Path, site_url: str | None, project_root: Path) -> None:
    """Write the month ISSUE (YYYY-MM) as an e-mail for a mailing tool.

    Writes newsletter-ISSUE.html (CSS inlined, no images), newsletter-ISSUE.txt and
    newsletter-ISSUE.eml (both as one multipart/alternative message) into OUT.
    """
    from digest.entries.load import Project, load_valid
    from digest.entries.schedule import Showing, shown
    from digest.site.newsletter import is_issue_month, write_newsletter

    if not is_issue_month(issue):
        raise click.BadParameter(f"'{issue}' is not a month written YYYY-MM, such as 2023-07.")
    project = Project(project_root)
    # A month still to come may be written ahead; drafts are never sent.
    entries = shown(load_valid(project).entries, date.today(), Showing(future=True))
    for path in write_newsletter(project, entries, issue, out, site_url):
        click.echo(f"Wrote {path}", err=True)
