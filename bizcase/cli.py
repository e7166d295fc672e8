"""The command line: each command parses its options and calls one function of the API."""

from __future__ import annotations

import datetime as dt
import errno
import io
import os
import re
import shlex
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from bizcase import __version__
from bizcase.usage import DEBUG_ENV, LIBRARY_ENV, Group, system_error

if TYPE_CHECKING:
    from bizcase.library import Library
    from bizcase.questions import Question

F = TypeVar("F", bound=Callable[..., Any])

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class _GivenPath(click.Path):
    """A path option that refuses an empty value, which Python would read as '.'."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str) and not value.strip():
            self.fail("it is empty: give a file or folder name", param, ctx)
        return super().convert(value, param, ctx)


class _Date(click.DateTime):
    """A date typed as YYYY-MM-DD, refused in words rather than as strptime's '%Y-%m-%d'."""

    def __init__(self) -> None:
        super().__init__(formats=["%Y-%m-%d"])

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from bizcase.dates import read_date

        if isinstance(value, dt.date):
            return value
        try:
            # A space copied with the date is not a mistake worth stopping for.
            return read_date(str(value))
        except ValueError as error:
            self.fail(str(error), param, ctx)


class _Text(click.types.StringParamType):
    """Text for the page or the entry, read as the UTF-8 the terminal sent, or refused.

    Where Python takes the terminal for ASCII (LC_ALL=C), each byte of a typed 'ŵ'
    reaches it as a stand-in (a lone surrogate), which the page would silently drop.
    """

    name = "text"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        value = super().convert(value, param, ctx)
        if not _STAND_INS.search(value):
            return value
        try:
            return value.encode("utf-8", "surrogateescape").decode("utf-8")
        except UnicodeError:
            from bizcase.problems import readable

            # Typed in another encoding, such as Latin-1: dropping its letters would
            # change the name on the page, so the officer is asked to type it again.
            self.fail(
                f"'{readable(value)}' holds characters the terminal did not send as UTF-8 "
                "(shown as \ufffd): set the terminal to UTF-8 and type it again",
                param,
                ctx,
            )


_STAND_INS = re.compile("[\ud800-\udfff]")


class _WholeNumber(click.IntRange):
    """A whole number within limits, described in words rather than as Click's 'x>=1'."""

    name = "number"

    def _describe_range(self) -> str:
        # Shown in --help after the option's own text, as '[1 or more]'.
        return f"{self.min} or more" if self.max is None else f"{self.min} to {self.max}"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter:
            limits = (
                f"of {self.min} or more" if self.max is None else f"from {self.min} to {self.max}"
            )
            self.fail(f"give a whole number {limits}, not '{value}'", param, ctx)


class _Format(click.Choice[str]):
    """A format's name, with the one meant suggested for another word for it ('word')."""

    def __init__(self) -> None:
        super().__init__(["docx", "md", "pdf"], case_sensitive=False)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter:
            from bizcase.api import format_hint

            choices = ", ".join(f"'{choice}'" for choice in self.choices)
            self.fail(f"'{value}' is not one of {choices}.{format_hint(str(value))}", param, ctx)


class _Kind(click.Choice[str]):
    """A kind of entry, taken as the interview of 'bizcase new' takes it: 'reasons' is 'reason'."""

    def __init__(self) -> None:
        # The schema's KINDS, written out so that 'bizcase --help' need not load the schema.
        super().__init__(["reason", "safeguard"], case_sensitive=False)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from bizcase.questions import kind_check

        kind, problem = kind_check(str(value))
        if kind is None:
            assert problem is not None
            self.fail(problem[0].lower() + problem[1:], param, ctx)
        return kind


class _EnvironmentOption(click.Option):
    """An option that may come from an environment variable, and blames it only when it did."""

    def get_error_hint(self, ctx: click.Context | None) -> str:
        # Click names the variable in every error about the option, even one typed
        # on the command line, sending the officer to look for a setting never made.
        from click.core import ParameterSource

        # The hint of a plain parameter: Option's own adds the variable every time.
        hint = click.Parameter.get_error_hint(self, ctx)
        if (
            ctx is not None
            and self.name is not None
            and ctx.get_parameter_source(self.name) is ParameterSource.ENVIRONMENT
        ):
            hint += f" (from {self.envvar})"
        return hint


def _library_option(path: click.Path, help: str) -> Callable[[F], F]:
    """A --library option, read from BIZCASE_LIBRARY too, as every command that reads one has."""
    return click.option(
        "--library",
        cls=_EnvironmentOption,
        metavar="DIR",
        type=path,
        envvar=LIBRARY_ENV,
        show_envvar=True,
        help=help,
        callback=_library_from_environment,
    )


def _library_from_environment(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    """Refuse a BIZCASE_LIBRARY that names no folder, saying that the variable is the cause."""
    from click.core import ParameterSource

    if (
        value is not None
        and param.name is not None
        and ctx.get_parameter_source(param.name) is ParameterSource.ENVIRONMENT
        and not Path(value).is_dir()
    ):
        from bizcase.errors import LibraryError

        raise LibraryError(
            f"{LIBRARY_ENV} is set to '{value}', which is not a folder: set it to a library "
            f"folder, or unset it to use the library that ships with bizcase."
        )
    return value


#: The --library option of every command that reads the library.
library_option = _library_option(
    _GivenPath(path_type=Path),
    "Use the argument library in DIR (such as your organisation's own fork) "
    "instead of the one that ships with bizcase.",
)


def _load(library: Path | None) -> Library:
    from bizcase.library import load_library

    return load_library(library)


def _split(values: Iterable[str]) -> list[str]:
    """Accept '--concern a --concern b' and '--concern a,b' alike."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


@click.group(cls=Group, context_settings=CONTEXT)
@click.version_option(__version__, "--version", prog_name="bizcase", message="%(prog)s %(version)s")
def cli() -> None:
    """Build a one-page business case for opening up social media to all staff.

    \b
    Start here:
      bizcase build                          asks for what your case needs, then builds it
      bizcase org-types                      which organisation types there are
      bizcase build --org-type council --org-name "Anytown Borough Council"
      bizcase build --org-type health --concern confidentiality -o case.docx

    Run 'bizcase COMMAND --help' for the options of each command.
    """


@cli.command(context_settings=CONTEXT)
@click.option(
    "--org-type",
    "-t",
    metavar="TYPE",
    help="Your kind of organisation, such as local-government, health or police "
    "('bizcase org-types' lists them all), or 'all' for one case per type. "
    "Left out at a terminal, bizcase asks for it and the other details.",
)
@click.option(
    "--org-name",
    "-n",
    metavar="NAME",
    type=_Text(),
    # The page opens a sentence with the name, so one typed without its 'the' reads badly.
    help="Your organisation's name, for the title, as it reads in a sentence, such as "
    "'Anytown Borough Council' or 'the University of Bristol'.",
)
@click.option(
    "--author", "-a", metavar="NAME", type=_Text(), help="Who prepared the case, for the byline."
)
@click.option(
    "--concern",
    "-c",
    "concerns",
    multiple=True,
    metavar="CONCERN",
    help="A concern senior management raised, such as productivity or security; the "
    "arguments answering it go first. Repeat, or separate with commas "
    "('bizcase concerns' lists them).",
)
@click.option(
    "--format",
    "-f",
    "fmt",
    type=_Format(),
    help="docx (a Word document), md (Markdown) or pdf (through LibreOffice). "
    "Default: from the output's extension, else docx.",
)
@click.option(
    "--output",
    "-o",
    metavar="PATH",
    # Kept a str: click turns '' into Path('.'), hiding an empty --output as this folder.
    type=click.Path(path_type=str, dir_okay=True, allow_dash=True),
    help="Where to write the case; '-' prints Markdown to the terminal. "
    "Default: a file named after your organisation in this folder.",
)
@click.option(
    "--output-dir",
    metavar="DIR",
    # Not file_okay=False: Click's 'Directory ... is a file.' does not say what to do.
    type=click.Path(path_type=str),
    help="Write into DIR, one file per organisation type: for --org-type all.",
)
@click.option(
    "--include",
    "-i",
    multiple=True,
    metavar="ID",
    help="Make sure this argument is on the page. Repeat, or separate with commas.",
)
@click.option(
    "--exclude",
    "-x",
    multiple=True,
    metavar="ID",
    help="Keep this argument off the page. Repeat, or separate with commas.",
)
@click.option(
    "--max-reasons",
    type=_WholeNumber(min=1),
    metavar="N",
    help="At most N reasons, even if more would fit.",
)
@click.option(
    "--max-safeguards",
    type=_WholeNumber(min=0),
    metavar="N",
    help="At most N safeguards, even if more would fit.",
)
@click.option("--force", is_flag=True, help="Replace the output file if it already exists.")
@click.option(
    "--verify",
    is_flag=True,
    help="Render the page with LibreOffice first and write nothing unless it is one page.",
)
@click.option(
    "--verbose",
    "-v",
    is_flag=True,
    help="Name every argument left out for space, and say how full the page is estimated to be.",
)
@click.option(
    "--date",
    type=_Date(),
    metavar="YYYY-MM-DD",
    help="The date printed on the case. Default: today.",
)
@click.option(
    "--template-dir",
    "template_dirs",
    multiple=True,
    metavar="DIR",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    help="A folder with your own business-case.md.j2, used before the built-in template.",
)
@library_option
def build(
    org_type: str | None,
    org_name: str | None,
    author: str | None,
    concerns: tuple[str, ...],
    fmt: str | None,
    output: str | None,
    output_dir: str | None,
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    max_reasons: int | None,
    max_safeguards: int | None,
    force: bool,
    verify: bool,
    verbose: bool,
    date: dt.date | None,
    template_dirs: tuple[Path, ...],
    library: Path | None,
) -> None:
    """Build the one-page business case for your organisation.

    \b
    Examples:
      bizcase build --org-type local-government --org-name "Anytown Borough Council"
      bizcase build -t health -n "Anytown NHS Trust" -a "Sam Jones" -c confidentiality
      bizcase build -t police --concern productivity,reputation -o case.md
      bizcase build -t charity -o -          (print Markdown here)
      bizcase build -t housing --include peers-already-open-up --verify -o case.pdf
      bizcase build -t all --output-dir cases    (one case per organisation type)

    The page is filled with the arguments most relevant to your organisation type
    and concerns until it is full, and never runs onto a second page.
    Run plain 'bizcase build' in a terminal to be asked for each detail.
    """
    from bizcase import api

    guided: str | None = None
    if org_type is None:
        org_type, org_name, author, concerns, guided = _ask_for_the_case(
            library, org_name, author, concerns
        )

    options: api.CaseOptions = {
        "org_name": org_name,
        "author": author,
        "concerns": _split(concerns),
        "date": date,
        "include": _split(include),
        "exclude": _split(exclude),
        "max_reasons": max_reasons,
        "max_safeguards": max_safeguards,
        "template_dirs": template_dirs,
    }
    every = org_type.strip().lower() == "all"
    if every or output_dir is not None:
        if output is not None and output_dir is None:
            raise click.UsageError(
                "--org-type all writes one file per type: "
                "give --output-dir DIR instead of --output",
                ctx=None,
            )
        if output is not None:
            raise click.UsageError("give --output-dir or --output, not both", ctx=None)
        if output_dir is None:
            raise click.UsageError("--org-type all needs --output-dir DIR for its files")
        results = api.build_all(
            output_dir,
            org_types=None if every else [org_type],
            fmt=fmt,
            force=force,
            verify=verify,
            library=library,
            **options,
        )
    else:
        try:
            results = [
                api.build(
                    org_type,
                    output=output,
                    fmt=fmt,
                    force=force,
                    verify=verify,
                    library=library,
                    **options,
                )
            ]
        except click.ClickException as error:
            if guided is None:
                raise
            # The answers are not lost: put the problem right in the command, not in them all.
            error.show()
            click.echo(
                f"Your answers as one command, to put right and run again:\n  {guided}", err=True
            )
            raise SystemExit(error.exit_code) from None
    for result in results:
        _report_build(
            result,
            verbose,
            limited=bool(exclude or max_reasons or max_safeguards),
            pinned=bool(include),
        )
    if guided is not None:
        click.echo(
            f"Next time, one command does the same without the questions:\n  {guided}", err=True
        )


def _ask_for_the_case(
    library: Path | None, org_name: str | None, author: str | None, concerns: tuple[str, ...]
) -> tuple[str, str | None, str | None, tuple[str, ...], str]:
    """Ask at a terminal for what the options left out, and the command that would have said it.

    Elsewhere (a script, a pipe) nobody can answer, so the missing option is an error.
    """
    ctx = click.get_current_context()
    if not _at_terminal():
        param = next(param for param in ctx.command.params if param.name == "org_type")
        raise click.MissingParameter(ctx=ctx, param=param)
    from bizcase import guide

    lib = _load(library)
    click.echo("No --org-type given, so bizcase asks for what the case needs.", err=True)
    answers: dict[str, Any] = {
        "org_name": org_name,
        "author": author,
        "concerns": _split(concerns) or None,
    }
    for name in guide.FIELDS:
        if answers.get(name) is None:
            answers[name] = _ask(guide.question(lib, name), err=True, command="build")
    # Every field has its answer now, given or asked: the options typed besides them follow.
    command = guide.command_line(answers, _typed_options(ctx, skip=answers))
    chosen = tuple(answers["concerns"] or ())
    return answers["org_type"], answers["org_name"], answers["author"], chosen, command


def _typed_options(ctx: click.Context, skip: Iterable[str]) -> list[str]:
    """The options typed with the command, other than ``skip``, as a terminal takes them."""
    from click.core import ParameterSource

    from bizcase.output import quoted

    words: list[str] = []
    for param in ctx.command.params:
        if not isinstance(param, click.Option) or param.name is None or param.name in skip:
            continue
        if ctx.get_parameter_source(param.name) is not ParameterSource.COMMANDLINE:
            continue
        option = max(param.opts, key=len)  # the long name says what it does
        if param.is_flag:
            words.append(option)
            continue
        value = ctx.params[param.name]
        for item in value if param.multiple else (value,):
            text = item.isoformat() if isinstance(item, dt.date) else str(item)
            words += [option, quoted(text)]
    return words


#: Fewer reasons than this make a weak case, worth a note when space was what kept more off.
FEW_REASONS = 3


def _report_build(result: Any, verbose: bool, limited: bool = False, pinned: bool = False) -> None:
    """Tell the officer what was written, and what did not fit."""
    case = result.case
    if result.path is None:
        _print_data(result.data, nl=False)
    else:
        reasons = _count(len(case.reasons), "reason")
        safeguards = _count(len(case.safeguards), "safeguard")
        # The type's label starts with a capital, so it starts its clause too.
        label = case.org_type.label
        from bizcase.problems import one_line

        # A name typed with a line break is shown escaped, so the report stays one line.
        path = one_line(str(result.path))
        click.echo(f"Wrote {path}: {label}, with {reasons} and {safeguards}.", err=True)
    if verbose:
        # Beside LibreOffice's measurement, this shows how close the fitting came.
        click.echo(f"Estimated: 1 page, {case.estimated_fill:.0%} full.", err=True)
    if result.report is not None:
        click.echo(f"LibreOffice: {result.report.describe()}.", err=True)
    for entry in case.entries:
        if not entry.applies_to(case.org_type.id):
            click.echo(
                f"Note: '{entry.id}' is not written for {case.org_type.label}; it is on the page "
                "because you included it: read it through before you send the case.",
                err=True,
            )
    for concern in case.unanswered:
        crowded = any(concern.id in entry.concerns for entry in case.left_out)
        why = (
            "its entries did not fit: drop another concern, or pin one with --include"
            if crowded
            else f"the library has no entry on it for {case.org_type.label} "
            "(CONTRIBUTING.md says how to add one)"
        )
        click.echo(f"Nothing on the page answers the concern '{concern.id}': {why}.", err=True)
    if case.thin and not case.left_out:
        fill = f"Note: the page is only {case.estimated_fill:.0%} full"
        if limited:
            why = "--exclude, --max-reasons or --max-safeguards kept arguments off it"
        else:
            why = (
                f"the library has nothing more for {case.org_type.label}: add arguments to it "
                "(CONTRIBUTING.md says how), or send the case as it is"
            )
        click.echo(f"{fill}; {why}.", err=True)
    # A page whose pins or long name crowd out one kind still builds, but reads weakly:
    # no answer to management's fears, or too few reasons to make the case.
    make_room = "pin fewer entries" if pinned else "shorten --org-name or --author"
    short_of = {entry.kind for entry in case.left_out}
    if not case.safeguards and "safeguard" in short_of:
        click.echo(
            "Note: no safeguard fitted, so the page does not say how the risk is managed: "
            f"{make_room} to make room for one.",
            err=True,
        )
    if len(case.reasons) < FEW_REASONS and "reason" in short_of:
        click.echo(
            f"Note: only {_count(len(case.reasons), 'reason')} fitted on the page: "
            f"{make_room} to make room for more.",
            err=True,
        )
    if case.left_out:
        left_reasons = sum(1 for entry in case.left_out if entry.kind == "reason")
        counts = {"reason": left_reasons, "safeguard": len(case.left_out) - left_reasons}
        left = " and ".join(_count(n, kind) for kind, n in counts.items() if n)
        click.echo(
            f"Left out for space: {left}" + (":" if verbose else " (--verbose names them)."),
            err=True,
        )
        if verbose:
            for kind in ("reason", "safeguard"):
                for entry in case.left_out:
                    if entry.kind == kind:
                        click.echo(f"  {kind}: {entry.id}", err=True)


@cli.command(context_settings=CONTEXT)
@click.argument(
    "files",
    nargs=-1,
    required=True,
    metavar="FILE...",
    type=_GivenPath(path_type=Path),
)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array, for scripts.")
def verify(files: tuple[Path, ...], as_json: bool) -> None:
    """Prove that Word documents (or PDFs) are one A4 page, by rendering them with LibreOffice.

    Reports each document's page count, paper size and how full its page is
    (the bottom of the last line against the page's text area, whatever a
    header or footer holds), and exits with status 1 unless every document is
    exactly one A4 page. A PDF, such as --format pdf
    writes, is measured as it is. Needs LibreOffice for Word files and
    poppler's pdftotext for both.

    \b
    Example:
      bizcase verify case.docx case.pdf
    """
    from bizcase import api

    reports = api.verify(files)
    if as_json:
        rows = [
            {
                "file": str(report.document),
                "pages": report.pages,
                "fill": round(report.fill, 4),
                "width_mm": round(report.width_mm, 1),
                "height_mm": round(report.height_mm, 1),
                "one_page": report.one_page,
            }
            for report in reports
        ]
        _print_data(_json(rows))
    else:
        for report in reports:
            verdict = "ok" if report.one_page else "NOT ONE A4 PAGE"
            click.echo(f"{report.document}: {report.describe()}: {verdict}")
    if not all(report.one_page for report in reports):
        raise SystemExit(1)


@cli.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, metavar="[PATH]...", type=_GivenPath(path_type=Path))
@click.option(
    "--strict", is_flag=True, help="Fail on warnings too, as the pull request check does."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "github"]),
    help="text: one line per problem (the default); json: a JSON array, for tools; github: "
    "GitHub Actions annotations, which show each problem on its line in a pull request.",
)
@click.option("--json", "as_json", is_flag=True, help="The same as --format json.")
@library_option
def check(
    paths: tuple[Path, ...], strict: bool, fmt: str | None, as_json: bool, library: Path | None
) -> None:
    """Check argument files and report every problem at once.

    Each problem is one line, 'path:line: CODE message', ending with how to fix
    it. Codes starting E are errors, W warnings. With no PATH, checks the whole
    library. Exits with status 1 on errors, and on warnings too with --strict.

    \b
    Examples:
      bizcase check
      bizcase check --strict arguments/reasons/my-new-reason.md
      bizcase check --strict --format github     (in a GitHub Actions workflow)
    """
    from bizcase import api
    from bizcase.problems import display_path, github_annotation, readable

    if as_json and fmt not in (None, "json"):
        raise click.UsageError(f"give --json or --format {fmt}, not both")
    fmt = "json" if as_json else fmt or "text"
    report = api.check(paths, library)
    if fmt == "github":
        for problem in report.problems:
            # Under --strict a warning fails the check as an error does, so it is
            # shown as one: the contributor sees at once what stops the merge.
            level = "error" if problem.is_error or strict else "warning"
            click.echo(github_annotation(problem, level))
    elif fmt == "json":
        rows = [
            {
                # As the text output names it: a file found through its library is
                # otherwise absolute, a file named relative to here relative.
                "path": display_path(p.path),
                "line": p.line,
                "code": p.code,
                "severity": p.severity.value,
                "message": readable(p.message),
                # More than 1 where the line counts the rest of the same mistake.
                "count": p.count,
            }
            for p in report.problems
        ]
        _print_data(_json(rows))
    else:
        for problem in report.problems:
            click.echo(str(problem))
    errors, warnings = report.error_count, report.warning_count
    entries = len(report.entries)
    # What the contributor asked about is counted; the vocabularies are read every time.
    checked = f"{entries} {'entry' if entries == 1 else 'entries'} checked"
    if report.vocabularies:
        checked += f" (with the library's {_count(len(report.vocabularies), 'vocabulary file')})"
    click.echo(
        f"{checked}: {_count(errors, 'error')}, {_count(warnings, 'warning')}"
        + (" (--strict fails on warnings)" if strict and warnings and not errors else "")
        + ".",
        err=True,
    )
    if not report.passed(strict):
        raise SystemExit(1)


def _at_terminal() -> bool:
    """Whether a person is typing the answers, rather than a script piping them in."""
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):  # closed or replaced
        return False


def _ask(question: Question, err: bool = False, command: str = "new") -> Any:
    """Ask until the answer passes its check, saying in plain words why one does not.

    With ``err``, the question goes to standard error, leaving standard output to
    the document ('-o -'). ``command`` is the command asking, for the messages.
    """
    if question.intro:
        click.echo(question.intro, err=err)
    prompt = question.prompt
    while True:
        try:
            answer = click.prompt(
                prompt, default=question.default, show_default=bool(question.default), err=err
            )
        except click.Abort:
            # The input ended (Ctrl-D, or a script's answers ran out): nothing is written.
            from bizcase.errors import UsageError

            click.echo(err=err)  # end the line the question left open
            raise UsageError(
                f"the answers ended before the {question.name}, so nothing was written: give "
                f"the rest as options ('bizcase {command} --help' lists them), or run bizcase "
                f"{command} in a terminal to be asked"
            ) from None
        value, why = question.check(answer)
        if why is None:
            return value
        # The explanation is the next question, so the officer sees only one line.
        prompt = f"{why} Try again"


def _read_lines() -> tuple[list[str], bool]:
    """Lines from the input up to one holding only BODY_END, and whether the input ended first."""
    from bizcase.questions import BODY_END

    lines: list[str] = []
    while True:
        # sys.stdin, not click.prompt: a blank line is part of the body, not an answer.
        line = sys.stdin.readline()
        if not line:
            return lines, True
        line = line.rstrip("\r\n")
        if line.strip() == BODY_END:
            return lines, False
        lines.append(line)


def _ask_body(question: Question) -> tuple[Any, bool]:
    """Ask for the body, which may run to several paragraphs; and whether the input ended."""
    from bizcase.errors import BizcaseError
    from bizcase.questions import BODY_END_LINE

    prompt = question.prompt
    while True:
        click.echo(prompt)
        lines, ended = _read_lines()
        value, why = question.check("\n".join(lines))
        if why is None and value is not None:
            return value, ended
        if ended:
            raise BizcaseError(f"{why} The input ended there, so nothing was written.")
        prompt = f"{why} Type it again, and end it with {BODY_END_LINE}:"


def _refuse_unread_input() -> None:
    """Stop before writing if answers were piped in and some were never asked for."""
    from bizcase.errors import BizcaseError
    from bizcase.questions import BODY_END_LINE

    rest = sys.stdin.read()
    if rest.strip():
        first = rest.strip().splitlines()[0]
        raise BizcaseError(
            f"more was typed than was asked for, from '{first[:60]}' on, so nothing was "
            f"written: a body of several lines must end with {BODY_END_LINE}, and the answers "
            "after it are the id and nothing more"
        )


@cli.command(context_settings=CONTEXT)
@click.option(
    "--kind",
    # As 'bizcase list --kind' and the interview's question take it.
    type=_Kind(),
    help="reason (why the ban should go) or safeguard (how a risk is managed).",
)
@click.option(
    "--title", metavar="TEXT", type=_Text(), help="The claim, 10 to 80 characters, no full stop."
)
@click.option("--summary", metavar="TEXT", type=_Text(), help="One sentence, 40 to 200 characters.")
@click.option(
    "--org-type",
    "org_types",
    multiple=True,
    metavar="TYPE",
    help="Who it applies to (default: all); 'bizcase org-types' lists them.",
)
@click.option(
    "--concern",
    "concerns",
    multiple=True,
    metavar="CONCERN",
    help="What it answers, 1 to 4; 'bizcase concerns' lists them.",
)
@click.option("--strength", type=_WholeNumber(1, 5), help="How persuasive it is, 5 the most.")
@click.option("--source", metavar="ID", help="Where the idea came from (default: contributors).")
@click.option("--credit", metavar="NAME", type=_Text(), help="Your name or handle, to be credited.")
@click.option("--body", metavar="TEXT", type=_Text(), help="A few sentences that back the claim.")
@click.option(
    "--id",
    "entry_id",
    metavar="ID",
    help="The file name: lowercase words joined by hyphens (default: made from the title).",
)
@_library_option(
    # Kept a str: click turns '' into Path('.'), hiding an empty --library as this folder.
    click.Path(file_okay=False),
    "The library to add to (default: ./arguments in a bizcase checkout).",
)
def new(
    kind: str | None,
    title: str | None,
    summary: str | None,
    org_types: tuple[str, ...],
    concerns: tuple[str, ...],
    strength: int | None,
    source: str | None,
    credit: str | None,
    body: str | None,
    entry_id: str | None,
    library: str | None,
) -> None:
    """Add a new argument to the library: asks for what the options do not give.

    Writes arguments/reasons/ID.md or arguments/safeguards/ID.md, never over an
    existing file, and only once it passes 'bizcase check'. Asked for the body,
    type or paste as many lines and paragraphs as you like, and end with a line
    holding only a full stop (.). An answer the pull request check would warn
    of, such as a summary of two sentences, is asked for again: press Enter to
    keep it.

    If the pull request check ('bizcase check --strict') would still refuse the
    new file for a warning, such as nobody credited for an idea of your own or a
    claim very close to another, the file is written so that you can edit it, the
    warnings are listed, and bizcase new exits with status 1.

    \b
    Examples:
      bizcase new
      bizcase new --kind reason --concern engagement --credit "Jo Bloggs" \\
          --title "Staff hear of local events before the press office" \\
          --summary "Staff in local groups online hear early of fetes and protests." \\
          --body "Staff saw a protest planned in a residents' group and warned us a week ahead."
    """
    from bizcase import api, questions, scaffold
    from bizcase.library import load_library

    if sys.stdin is None:
        # Started with its input closed ('<&-'): no answer can come, as from an empty file,
        # and Python would otherwise fail at the first question with 'lost sys.stdin'.
        sys.stdin = io.StringIO()
    root = scaffold.target_library(library)
    # A library of an organisation's own may start empty: this is its first entry.
    lib = load_library(root, empty_ok=True)
    answers: dict[str, Any] = {
        "kind": kind,
        "title": title,
        "summary": summary,
        "org_types": _split(org_types) or None,
        "concerns": _split(concerns) or None,
        "strength": strength,
        "source": source,
        "credit": credit,
        "body": body,
        "id": entry_id,
    }
    texts = (kind, title, summary, body)
    # With no text given, it is a conversation: ask for everything. Given options,
    # ask only for what has no sensible default.
    conversation = all(value is None for value in texts)
    # Someone is answering questions: ask for credit and the id too, which a
    # script that gives every option would not want asked.
    interactive = _at_terminal() or None in texts or not answers["concerns"]
    if interactive:
        # Refuse a bad option before the questions, not after every answer is typed.
        questions.check_given(lib, answers)
    ended = False
    for name in questions.FIELDS:
        if answers[name] is not None:
            continue
        question = questions.question(lib, name, answers)
        # Once the input has ended with the body, nothing is left to answer the id with.
        if ended or not question.asked(conversation, interactive):
            answers[name] = question.unasked
        elif question.lines:
            answers[name], ended = _ask_body(question)
        else:
            answers[name] = _ask(question)
    if interactive and not ended and not _at_terminal():
        _refuse_unread_input()
    path = scaffold.new_entry(
        kind=answers["kind"],
        title=answers["title"],
        summary=answers["summary"],
        body=answers["body"],
        org_types=answers["org_types"],
        concerns=answers["concerns"],
        strength=answers["strength"],
        source=answers["source"],
        credit=answers["credit"],
        entry_id=answers["id"],
        library=lib,
    )
    from bizcase.problems import one_line

    click.echo(f"Created {one_line(str(path))}.", err=True)
    # Against the library it was added to, which may share our vocabularies but not our entries.
    report = api.check([path], root)
    for problem in report.problems:
        click.echo(str(problem))
    if report.problems:
        # Only warnings can be left (errors stop the file being written), but the
        # pull request check fails on them: better to hear it now than from CI.
        from bizcase.errors import BizcaseError
        from bizcase.problems import display_path

        shown = shlex.quote(display_path(path))
        raise BizcaseError(
            f"the pull request check will refuse this file until the "
            f"{'warning above is' if len(report.problems) == 1 else 'warnings above are'} "
            f"fixed: edit {shown}, then run 'bizcase check --strict {shown}'"
        )
    from bizcase.library import library_hint

    click.echo(
        f"Read it with 'bizcase show {path.stem}{library_hint(root)}', then open a pull request.",
        err=True,
    )


@cli.command("schema", context_settings=CONTEXT)
@click.option(
    "--output",
    "-o",
    metavar="PATH",
    # Kept a str: a Path drops the slash that makes 'schema.json/' a folder.
    type=_GivenPath(path_type=str, dir_okay=False, allow_dash=True),
    help="Write the schema to PATH instead of printing it ('-' prints it, as without -o).",
)
@click.option("--force", is_flag=True, help="Replace PATH if it exists.")
@library_option
def schema_(output: str | None, force: bool, library: Path | None) -> None:
    """Print the JSON Schema of an argument's front matter.

    Editors use it to check an entry's fields as you type (CONTRIBUTING.md
    says how); the library's copy is arguments/schema.json.

    \b
    Example:
      bizcase schema -o arguments/schema.json --force
    """
    from bizcase import api
    from bizcase.output import write_file

    text = _json(api.json_schema(library)) + "\n"
    if output is None or str(output) == "-":
        # '-' is the terminal, as for 'bizcase build': never a file called '-'.
        _print_data(text, nl=False)
    else:
        write_file(output, text.encode("utf-8"), force=force, example="schema.json")
        from bizcase.problems import one_line

        click.echo(f"Wrote {one_line(str(output))}.", err=True)


@cli.command("credits", context_settings=CONTEXT)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array, for scripts.")
@library_option
def credits_(as_json: bool, library: Path | None) -> None:
    """List who contributed what: every source, its arguments, and the people credited.

    \b
    Example:
      bizcase credits
    """
    from bizcase import api
    from bizcase.output import wrapped

    found = api.credits(library)
    if as_json:
        rows = [
            {
                "source": credit.source.id,
                "title": credit.source.title,
                "author": credit.source.author,
                "publisher": credit.source.publisher,
                "year": credit.source.year,
                "url": credit.source.url,
                "entries": [entry.id for entry in credit.entries],
                "people": {name: list(ids) for name, ids in credit.people.items()},
            }
            for credit in found
        ]
        _print_data(_json(rows))
        return
    for credit in found:
        if not credit.entries:
            continue
        click.secho(credit.source.title, bold=True)
        click.echo(wrapped(_cite(credit.source, title=False), "  ", "    "))
        ids = ", ".join(entry.id for entry in credit.entries)
        click.echo(wrapped(f"{_count(len(credit.entries), 'argument')}: {ids}", "  ", "    "))
        for name, entry_ids in credit.people.items():
            click.echo(wrapped(f"{name}: {', '.join(entry_ids)}", "  ", "    "))


@cli.command("list", context_settings=CONTEXT)
@click.option("--org-type", "-t", metavar="TYPE", help="Only entries for this organisation type.")
@click.option(
    "--kind",
    type=_Kind(),
    help="Only reasons or only safeguards.",
)
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print a JSON array of the entries' fields as their files hold them, "
    "placeholders such as {{ audience }} included, for scripts.",
)
@library_option
def list_(org_type: str | None, kind: str | None, as_json: bool, library: Path | None) -> None:
    """List the arguments in the library.

    \b
    Examples:
      bizcase list --org-type police
      bizcase list --kind safeguard --json
    """
    lib = _load(library)
    wanted = lib.org_type(org_type).id if org_type else None
    entries = lib.select(wanted, kind)
    if as_json:
        _print_data(_json([entry.front_matter() for entry in entries]))
        return
    width = max((len(entry.id) for entry in entries), default=0)
    for group in ("reason", "safeguard"):
        members = [entry for entry in entries if entry.kind == group]
        if not members:
            continue
        click.secho(f"{group}s ({len(members)})", bold=True)
        for entry in members:
            title = lib.worded(entry, wanted).title
            click.echo(f"  {entry.id:<{width}}  {entry.strength}  {title}")


@cli.command(context_settings=CONTEXT)
@click.argument("entry_id", metavar="ID")
@click.option("--org-type", "-t", metavar="TYPE", help="Word the entry as it reads for this type.")
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print the entry as 'bizcase list --json' prints each one: its fields as its "
    "file holds them, placeholders such as {{ audience }} included, for scripts.",
)
@library_option
def show(entry_id: str, org_type: str | None, as_json: bool, library: Path | None) -> None:
    """Show one argument in full.

    \b
    Examples:
      bizcase show staff-have-smartphones --org-type health
      bizcase show staff-have-smartphones --json
    """
    from bizcase import schema
    from bizcase.output import wrapped
    from bizcase.problems import display_path, one_line

    lib = _load(library)
    entry = lib.entry(entry_id)
    worded = lib.worded(entry, org_type)
    if as_json:
        _print_data(_json(entry.front_matter()))
        return
    source = lib.sources[entry.source]

    def labels(names: Iterable[str]) -> str:
        if schema.ALL in names:
            return "all organisation types"
        return ", ".join(lib.org_types[name].label for name in names)

    applies = labels(entry.org_types)
    core = None
    if entry.core is True:
        core = "yes: every page it applies to makes room for it first"
    elif entry.core:
        core = f"yes, for {labels(entry.core)}: their pages make room for it first"
    click.secho(worded.title, bold=True)
    click.echo()
    click.echo(wrapped(worded.summary))
    click.echo()
    click.echo(worded.body.rstrip())
    click.echo()
    details = [
        ("id", entry.id),
        ("kind", entry.kind),
        ("strength", f"{entry.strength} of 5"),
        ("core", core),
        ("applies to", applies),
        ("answers", ", ".join(lib.concerns[name].label for name in entry.concerns)),
        ("never with", ", ".join(other.id for other in lib.clashing(entry))),
        ("source", _cite(source)),
        ("credit", entry.credit),
        ("file", one_line(display_path(entry.path))),
    ]
    for label, value in details:
        if value:
            click.echo(wrapped(value, f"{label + ':':<12}", " " * 12))


@cli.command("org-types", context_settings=CONTEXT)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array, for scripts.")
@library_option
def org_types(as_json: bool, library: Path | None) -> None:
    """List the organisation types a case can be built for.

    \b
    Example:
      bizcase org-types --json
    """
    lib = _load(library)
    rows: list[dict[str, Any]] = []
    for org in lib.org_types.values():
        rows.append(
            {
                "id": org.id,
                "label": org.label,
                "description": org.description,
                "audience": org.audience,
                "organisation": org.organisation,
                "aliases": list(org.aliases),
                "reasons": len(lib.select(org.id, "reason")),
                "safeguards": len(lib.select(org.id, "safeguard")),
            }
        )
    if as_json:
        _print_data(_json(rows))
        return
    width = max(len(row["id"]) for row in rows)
    for row in rows:
        counts = f"{_count(row['reasons'], 'reason')}, {_count(row['safeguards'], 'safeguard')}"
        _echo_row(row["id"], width, f"{row['label']}: {counts}", row["aliases"])


@cli.command(context_settings=CONTEXT)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array, for scripts.")
@library_option
def concerns(as_json: bool, library: Path | None) -> None:
    """List the concerns you can name with --concern.

    \b
    Example:
      bizcase concerns
    """
    lib = _load(library)
    rows = [
        {"id": c.id, "label": c.label, "question": c.question, "aliases": list(c.aliases)}
        for c in lib.concerns.values()
    ]
    if as_json:
        _print_data(_json(rows))
        return
    width = max(len(c.id) for c in lib.concerns.values())
    for c in lib.concerns.values():
        _echo_row(c.id, width, c.question, c.aliases)


def _echo_row(name: str, width: int, text: str, aliases: Iterable[str]) -> None:
    """A name and its description, then the other words it answers to, wrapped to fit."""
    from bizcase.output import wrapped

    indent = " " * (width + 2)
    click.echo(wrapped(text, f"{name:<{width}}  ", indent))
    words = ", ".join(aliases)
    if words:
        # Beside the description they would run past the terminal's edge.
        also = "(also: "
        click.echo(wrapped(f"{also}{words})", indent, indent + " " * len(also)))


def _print_data(text: str | bytes, nl: bool = True) -> None:
    """Print a document or JSON as UTF-8, as its file would be, whatever the terminal uses.

    Redirected on Windows, standard output is in the local code page, which has no
    room for a Welsh ŵ or an emoji: the document would be lost to an encoding error.
    """
    click.echo(text.encode("utf-8") if isinstance(text, str) else text, nl=nl)


class _ClosedOutput(io.TextIOBase):
    """Standard output when bizcase was started with it closed ('>&-'): every write fails.

    Python leaves sys.stdout as None then, and Click prints to None without a word:
    a case printed with '--output -' was lost while bizcase said it had succeeded.
    """

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "standard output is closed")


def _tolerate_narrow_encodings() -> None:
    """Let lists and messages show a character the terminal cannot as an escape, not a crash.

    Standard error already does so; standard output fails on the first such
    character, such as an emoji in a contributor's title under a Windows code page.
    """
    stream = sys.stdout
    if isinstance(stream, io.TextIOWrapper) and stream.errors == "strict":
        stream.reconfigure(errors="backslashreplace")


def _json(value: Any) -> str:
    import json  # only the commands that print JSON need it

    return json.dumps(value, indent=2, ensure_ascii=False)


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}" + ("" if number == 1 else "s")


def _cite(source: Any, title: bool = True) -> str:
    parts = [source.title, source.author] if title else [source.author]
    if source.publisher or source.year:
        parts.append(", ".join(str(p) for p in (source.publisher, source.year) if p))
    text = "; ".join(parts)
    return f"{text} <{source.url}>" if source.url else text


def main() -> None:
    """Entry point of the ``bizcase`` command."""
    from bizcase.interrupt import stop_cleanly_on

    stop_cleanly_on()
    if sys.stdout is None:
        sys.stdout = _ClosedOutput()
    _tolerate_narrow_encodings()
    try:
        cli(prog_name="bizcase")
    except OSError as error:
        # Raised outside any command, such as writing the last of the output as
        # bizcase ends; those within one are its errors already (usage.Group.invoke).
        if os.environ.get(DEBUG_ENV):
            raise
        system_error(error).show()
        sys.exit(1)
    except Exception as error:
        stop = _stop_within(error)
        if stop is not None:
            # Ctrl-C or a kill, which Python wrapped in another error (3.11 wraps what
            # is raised as a class is made): a stop, already said, not a bug.
            raise stop from None
        # Every error a user can cause has its own message; anything else is a bug,
        # and an officer should see a plain sentence, not a traceback.
        if os.environ.get(DEBUG_ENV):
            raise
        click.echo(
            f"Error: bizcase failed unexpectedly ({type(error).__name__}: {error}). This is a "
            "bug: please report it at https://github.com/bizcase/bizcase/issues with the "
            f"command you ran. Set {DEBUG_ENV}=1 to see the details.",
            err=True,
        )
        sys.exit(70)


def _stop_within(error: BaseException) -> BaseException | None:
    """The signal's stop (bizcase.interrupt) that caused ``error``, if one did."""
    seen: set[int] = set()
    cause = error.__cause__ or error.__context__
    while cause is not None and id(cause) not in seen:
        if isinstance(cause, SystemExit | KeyboardInterrupt):
            return cause
        seen.add(id(cause))
        cause = cause.__cause__ or cause.__context__
    return None


if __name__ == "__main__":  # pragma: no cover
    main()
