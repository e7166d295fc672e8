"""The command line as typed: Click's parsing, each mistake explained in one line.

An officer copies commands from a document or a web page, into whichever terminal
they have: names go unquoted, hyphens become a word processor's dashes, options
come before the command. Click's own messages for these ('Got unexpected extra
arguments') name the symptom; these say what to type instead.
"""

from __future__ import annotations

import errno
import functools
import itertools
import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import click

from bizcase.characters import LONG_DASHES, ODD_SPACES, TYPESET_QUOTES

#: The environment variable naming the library every command reads.
LIBRARY_ENV = "BIZCASE_LIBRARY"
#: The environment variable that shows an unexpected error's traceback.
DEBUG_ENV = "BIZCASE_DEBUG"


class Command(click.Command):
    """A bizcase command: its usage errors know which command they belong to."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        given = list(args)
        names = _option_names(self, ctx)
        if not any(isinstance(param, click.Argument) for param in self.params):
            # 'bizcase build help': the word asks for what --help shows.
            free = _free_words(given, names)
            args = [
                "--help" if i in free and word == "help" else word for i, word in enumerate(args)
            ]
        # Click would take the next option as the value, and print '--author' as the name.
        swallowed = _option_without_value(given, names)
        if swallowed is not None:
            from bizcase.errors import UsageError

            raise UsageError(swallowed)
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as error:
            # Click leaves some without it ('--output' with no value), and the message
            # would then point at 'bizcase --help' instead of this command's help.
            if error.ctx is None:
                error.ctx = ctx
            words = _mistyped_option(given, names) or _words_after_a_value(self, ctx, given)
            if words is not None:
                from bizcase.errors import UsageError

                raise UsageError(words) from None
            raise


def _option_names(command: click.Command, ctx: click.Context) -> dict[str, bool]:
    """Every name of the command's options (--help too), and whether each takes a value."""
    return {
        name: not (param.is_flag or param.count)
        for param in command.get_params(ctx)
        if isinstance(param, click.Option)
        for name in (*param.opts, *param.secondary_opts)
    }


def _free_words(args: list[str], names: dict[str, bool]) -> set[int]:
    """The positions of the words that are not an option's value (nor after '--')."""
    free: set[int] = set()
    taken = False
    for i, word in enumerate(args):
        if taken:
            taken = False
            continue
        if word == "--":
            break
        free.add(i)
        taken = names.get(word, False)
    return free


def _option_without_value(args: list[str], names: dict[str, bool]) -> str | None:
    """Why an option has no value, when the word after it is another option."""
    for i in sorted(_free_words(args, names)):
        word = args[i]
        if names.get(word) and i + 1 < len(args):
            after = args[i + 1]
            if after in names or (after.startswith("--") and after.split("=", 1)[0] in names):
                return (
                    f"{word} has no value: the word after it, {after}, is another option. "
                    f"Type the value straight after {word}"
                )
    return None


def _mistyped_option(args: list[str], names: dict[str, bool]) -> str | None:
    """What is wrong with a word meant as an option that Click read as something else."""
    free = sorted(_free_words(args, names))
    for i in free:
        word = args[i]
        bare = word.split("=", 1)[0]
        if word == "\\":
            # A README example split over lines, pasted where '\\' does not join them.
            return (
                "bizcase was given a '\\', which joins a command's lines only in Linux and "
                "macOS terminals: type the whole command on one line, leaving out each \\"
            )
        if word == "#":
            # As the README's comments are written; '#draft.md' may be a file's name.
            comment = " ".join(args[i:])
            return (
                f"'{comment}' is a comment, which this terminal passes on instead of leaving "
                "out: leave out the # and the words after it"
            )
        spaced = re.split(f"[{ODD_SPACES}]", word, maxsplit=1)
        if len(spaced) == 2 and spaced[0].split("=", 1)[0] in names:
            # '--org-type council' copied from a page that joins them with a no-break space.
            return (
                f"'{word}' is one word to the terminal, its space being a no-break space, as "
                f"copied from a document or web page: type an ordinary space after {spaced[0]}"
            )
        if word and word[0] in LONG_DASHES:
            rest = bare.lstrip(LONG_DASHES)
            meant = f"-{rest}" if f"-{rest}" in names else f"--{rest}"
            return (
                f"'{word}' starts with a dash ({word[0]}) that a word processor put in place of "
                f"hyphens: type the hyphens, {meant}"
            )
        if re.fullmatch(r"-[a-z]{2}[a-z-]*", bare) and f"-{bare}" in names:
            return (
                f"'{word}' has one hyphen, and an option of more than one letter takes two: -{bare}"
            )
    if "--" in args:
        # '--' alone ends the options, so '-- org-type' is two words, not an option.
        after = args[args.index("--") + 1 :]
        if after and f"--{after[0].split('=', 1)[0]}" in names:
            return f"'-- {after[0]}' has a space after the hyphens: type --{after[0]}"
    return None


def _words_after_a_value(command: click.Command, ctx: click.Context, args: list[str]) -> str | None:
    """Why words were left over after an option's value, when that is what happened.

    'bizcase build --org-name Anytown Borough Council' gives --org-name 'Anytown'
    and leaves 'Borough Council' over, which Click calls unexpected extra arguments.
    """
    if any(isinstance(param, click.Argument) for param in command.params):
        return None  # its own words are arguments: Click's message is the right one
    from bizcase.output import quoted

    try:
        _, left, _ = command.make_parser(ctx).parse_args(args=list(args))
    except click.UsageError:
        return None
    if not left:
        return None
    options = {
        name: param
        for param in command.params
        if isinstance(param, click.Option) and not param.is_flag and not param.count
        for name in param.opts
    }
    free = _free_words(args, _option_names(command, ctx))
    start = next((i for i in sorted(free) if args[i] == left[0]), None)
    is_org_type = _org_type_test(args)
    if start == 0 and "--org-type" in options and is_org_type(left[0]):
        # 'bizcase list police' or 'bizcase build council': the type, without its option.
        typed = " ".join(quoted(word) for word in ["--org-type", *args])
        return (
            f"'{left[0]}' is an organisation type, which goes after --org-type: "
            f"bizcase {ctx.info_name} {typed}"
        )
    if start is None or start == 0:
        return None
    before = args[start - 1]
    if "=" in before and before.split("=", 1)[0] in options:
        name, value = before.split("=", 1)
    elif start >= 2 and args[start - 2] in options and not before.startswith("-"):
        name, value = args[start - 2], before
    else:
        return None
    extra = list(itertools.takewhile(lambda word: not word.startswith("-"), args[start:]))
    shown = " ".join(extra)
    option = options[name]
    if (
        len(extra) == 1
        and Path(extra[0]).suffix.lower() in DOCUMENT_ENDINGS
        and option.name not in PATH_OPTIONS
        and "--output" in options
    ):
        # 'bizcase build -t council case.docx': the file name, without --output before it.
        return (
            f"'{shown}' follows {name} {value}: to write the case to that file, put --output "
            f"before its name, --output {quoted(extra[0])}"
        )
    if option.multiple:
        joined = ",".join(word.strip(",") for word in [value, *extra] if word.strip(","))
        return (
            f"'{shown}' follows {name} {value.rstrip(',')}, where bizcase expected another "
            "option: give "
            f"each its own {name}, or join them with commas: {name} {joined}"
        )
    whole = " ".join([value, *extra])
    plain = whole.strip(TYPESET_QUOTES)
    typed = quoted(plain)
    if option.name == "org_type" and is_org_type(value) and not is_org_type(whole):
        # 'bizcase build -t council Anytown Borough Council': the name, without --org-name.
        name_quoted = f'"{shown.strip(TYPESET_QUOTES)}"'
        return (
            f"'{shown}' follows {name} {value}: if that is your organisation's name, give it "
            f"with --org-name, --org-name {name_quoted}"
        )
    if len(plain) > 2 and plain[0] == plain[-1] == "'":
        # Windows' Command Prompt groups words in double quote marks only.
        return (
            f"'{shown}' follows {name} {value}: this terminal does not group words in single "
            f"quote marks: type double ones, {name} {quoted(plain[1:-1])}"
        )
    if any(mark in whole for mark in TYPESET_QUOTES):
        return (
            f"'{shown}' follows {name} {value}: the quote marks are curly ones, as a word "
            "processor types them, which the command line reads as letters: type straight "
            f"ones, {name} {typed}"
        )
    return (
        f"'{shown}' follows {name} {value}: a value of more than one word goes in quotes, "
        f"{name} {typed}"
    )


#: Endings of the files a case is written to, or that an officer may mean one to be.
DOCUMENT_ENDINGS = (".docx", ".md", ".pdf", ".doc", ".markdown")
#: Options whose value is a path, which may well end in one of those.
PATH_OPTIONS = frozenset({"output", "output_dir", "template_dirs", "library"})


def _org_type_test(args: list[str]) -> Callable[[str], bool | None]:
    """A test of whether a word is an organisation type in the library ``args`` name.

    The library is read once, when the test is first used; the test answers None
    when it cannot be read.
    """
    from bizcase.errors import BizcaseError
    from bizcase.library import Library, load_library

    @functools.cache
    def library() -> Library | None:
        folder = os.environ.get(LIBRARY_ENV) or None
        for i, word in enumerate(args):
            if word == "--library" and i + 1 < len(args):
                folder = args[i + 1]
            elif word.startswith("--library="):
                folder = word.split("=", 1)[1]
        try:
            return load_library(Path(folder) if folder else None)
        except Exception:  # the error message is about the words, not about the library
            return None

    def is_org_type(name: str) -> bool | None:
        lib = library()
        if lib is None:
            return None
        try:
            lib.org_type(name)
        except BizcaseError:
            return False
        return True

    return is_org_type


class Group(click.Group):
    """The bizcase command group: a mistyped option is one line, like every other error."""

    command_class = Command

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args[:1] == ["help"]:
            # 'bizcase help' and 'bizcase help build', as git and pip take them.
            args = [*args[1:2], "--help"]
        given = list(args)
        try:
            return super().parse_args(ctx, args)
        except click.NoSuchOption as error:
            raise _before_the_command(self, ctx, error.option_name, given) or _one_line(
                error
            ) from None
        except click.UsageError as error:
            raise _one_line(error) from None

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            # 'BUILD' is 'build' in capitals; 'make' is the officer's word for it.
            meant = name.lower() if self.get_command(ctx, name.lower()) else None
            meant = meant or COMMAND_WORDS.get(name.lower())
            if meant is not None:
                raise click.UsageError(f"No such command '{name}'. Did you mean '{meant}'?", ctx)
        return super().resolve_command(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.UsageError as error:
            raise _one_line(error) from None
        except OSError as error:
            # A broken pipe ('bizcase list | head -1') ends quietly, as Click ends it.
            if error.errno == errno.EPIPE or os.environ.get(DEBUG_ENV):
                raise
            raise system_error(error) from None


def system_error(error: OSError) -> click.ClickException:
    """A path the system refuses in a way no check foresaw, as the user's error it is.

    A name too long or a loop of links is still the user's input, so one plain line.
    """
    from bizcase.errors import BizcaseError
    from bizcase.output import shown

    reason = (error.strerror or str(error)).lower()
    if error.filename:
        return BizcaseError(f"'{shown(error.filename)}': {reason}: check the path and try again.")
    # No file named: the terminal, or wherever the output was sent.
    return BizcaseError(f"could not write the output: {reason}: check where it goes and try again.")


#: Commands by the words an officer may use for them, which are not misspellings of them.
COMMAND_WORDS = {
    "make": "build",
    "create": "build",
    "generate": "build",
    "produce": "build",
    "add": "new",
}
#: Options by the words an officer may use for them, which are not misspellings of them.
OPTION_WORDS = {"overwrite": "--force", "replace": "--force", "file": "--output"}


def _before_the_command(
    group: click.Group, ctx: click.Context, option: str, args: list[str]
) -> click.ClickException | None:
    """An option of a command typed before the command's name, said with the command to type."""
    from bizcase.errors import UsageError
    from bizcase.output import quoted

    owners = [
        name for name, command in group.commands.items() if option in _option_names(command, ctx)
    ]
    if not owners:
        return None
    # The command typed after it, if it has the option; else building a case, the
    # likeliest meaning of --org-type, --library and the like.
    named = [word for word in args if word in owners]
    owner = named[0] if named else "build" if "build" in owners else owners[0]
    rest = list(args)
    if owner in rest:
        rest.remove(owner)
    typed = " ".join(quoted(word) for word in ["bizcase", owner, *rest])
    return UsageError(
        f"'{option}' is an option of bizcase {owner}, so it goes after the command: {typed}"
    )


def _meant_options(typed: str, names: Iterable[str]) -> list[str]:
    """The options of a command that ``typed`` probably means: '--org_type', '--type', '--org'."""
    if len(typed) == 2 and typed.lower() in names:
        return [typed.lower()]  # '-T' for '-t'
    longs = [name for name in names if name.startswith("--")]
    words = typed.lstrip("-").lower().replace("_", "-")
    if f"--{words}" in longs:
        return [f"--{words}"]
    if words in OPTION_WORDS and OPTION_WORDS[words] in longs:
        return [OPTION_WORDS[words]]
    squashed = words.replace("-", "")
    same = [name for name in longs if name[2:].replace("-", "") == squashed]
    if same:
        return same
    parts = [part for part in words.split("-") if part]

    def fits(part: str, name: str) -> bool:
        # 'organisation' for 'org', 'concerns' for 'concern', 'out' for 'output'.
        return any(
            part == word
            or (len(word) >= 3 and part.startswith(word))
            or (len(part) >= 3 and word.startswith(part))
            for word in name[2:].split("-")
        )

    found = [name for name in longs if parts and all(fits(part, name) for part in parts)]
    return found if len(found) <= 3 else []


def _either(names: list[str]) -> str:
    """'a', 'a' or 'b', 'a', 'b' or 'c'."""
    quoted = [f"'{name}'" for name in names]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"


def _one_line(error: click.UsageError) -> click.ClickException:
    """Click's usage error as a single line that says where the options are listed."""
    if type(error).__name__ == "NoArgsIsHelpError":
        return error  # 'bizcase' alone shows the help, as it should
    from bizcase.errors import UsageError

    # Named as the officer typed it, whatever name the program was started under.
    path = error.ctx.command_path.split(" ")[1:] if error.ctx is not None else []
    command = " ".join(["bizcase", *path])
    message = " ".join(error.format_message().split())
    if isinstance(error, click.NoSuchOption) and error.ctx is not None:
        names = _option_names(error.ctx.command, error.ctx)
        meant = _meant_options(error.option_name, names) or sorted(error.possibilities or ())
        hint = f" Did you mean {_either(meant)}?" if meant else ""
        message = f"No such option '{error.option_name}'.{hint}"
    elif isinstance(error, click.BadOptionUsage) and "requires an argument" in message:
        message = f"Option '{error.option_name}' needs a value after it."
    param = getattr(error, "param", None)
    if isinstance(error, click.MissingParameter) and param is not None and param.name == "org_type":
        # The one option every build needs, and an officer may not know the words for it.
        return UsageError(
            "Missing option '--org-type': say what kind of organisation the case is for, "
            "such as --org-type council or --org-type health. 'bizcase org-types' lists them all."
        )
    if not message.endswith((".", "?", "!")):
        message += "."
    return UsageError(f"{message} Run '{command} --help' to see the options.")
