"""The edges of every input and output path, checked before any work is done.

Inputs: an empty path, a missing one, a folder where a file is expected, a
device (``/dev/zero``) or a socket, and a file past its size limit are
refused with one clear problem. A pipe or a process substitution
(``evaluate score <(cat p.jsonl)``) can be read only once, so
:func:`readable` copies it (bounded) into a temporary file that every later
step reads. Outputs: an empty path, an existing folder where a file goes, a
file where a folder goes, a path under a regular file, or a folder that cannot
be written are refused before the scoring starts.

>>> check_input("", "predictions")
Traceback (most recent call last):
...
harness.core.errors.InputError: <command line>: predictions: expected a path, found ''
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from harness.core.errors import InputError, Problem, alias_path

MAX_INPUT_BYTES = 2 * 1024**3  # 2 GiB: far above any corpus or predictions file, below a runaway device
MAX_SMALL_BYTES = 16 * 1024**2  # label maps, result records' YAML companions
_COPIES: dict[str, Path] = {}


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISSOCK, "a socket"), (stat.S_ISFIFO, "a pipe")):
        if test(mode):
            return name
    return "a special file"


def check_input(path: str | os.PathLike, what: str, *, folder: bool = False, pipe: bool = False,
                limit: int = MAX_INPUT_BYTES) -> Path:
    """The path of an input that can be read: a regular file (or, with ``folder``, a folder).

    Args:
        path: the path as given.
        what: what it is ("predictions", "--gold"), for the message.
        folder: a folder is acceptable (brat predictions).
        pipe: a pipe is acceptable (the caller reads it once).
        limit: the largest size accepted, in bytes.

    Raises:
        InputError: naming the path, what was expected and what was found.
    """
    text = os.fspath(path)
    if text == "":
        raise InputError(Problem("<command line>", None, None, what, "a path", ""))
    p = Path(text)
    try:
        info = p.stat()
    except FileNotFoundError:
        raise InputError(Problem(text, None, None, what, "an existing file" + (" or folder" if folder else ""),
                                 "<missing>")) from None
    except OSError as exc:  # a symlink loop, a name too long, no permission
        raise InputError(Problem(text, None, None, what, "a readable file", f"<{exc.strerror or exc}>")) from None
    if stat.S_ISDIR(info.st_mode):
        if folder:
            return p
        raise InputError(Problem(text, None, None, what, "a file", "<a folder>"))
    if stat.S_ISREG(info.st_mode):
        if info.st_size > limit:
            raise InputError(Problem(text, None, None, what, f"a file of at most {limit:,} bytes",
                                     f"<{info.st_size:,} bytes>"))
        return p
    if stat.S_ISFIFO(info.st_mode) and pipe:
        return p
    raise InputError(Problem(text, None, None, what, "a regular file" + (" or folder" if folder else ""),
                             f"<{_kind(info.st_mode)}>", "write the input to a file first"
                             if not stat.S_ISFIFO(info.st_mode) else "pass a file; pipes are read once by the "
                                                                     "command line only"))


def readable(path: str | os.PathLike, what: str, *, folder: bool = False, limit: int = MAX_INPUT_BYTES) -> Path:
    """:func:`check_input`, and a pipe copied once into a temporary file (so it can be read twice).

    Raises:
        InputError: as :func:`check_input`, or for a pipe longer than ``limit``.
    """
    p = check_input(path, what, folder=folder, pipe=True, limit=limit)
    if not stat.S_ISFIFO(p.stat().st_mode):
        return p
    key = os.fspath(path)
    if key in _COPIES:
        return _COPIES[key]
    folder_tmp = Path(tempfile.mkdtemp(prefix="tahalof-pipe-"))
    copy = folder_tmp / (p.name or "input")
    read = 0
    # Opened without blocking (a named pipe nobody writes to would otherwise wait forever), then read
    # blocking: a pipe with a writer yields its data, one without reads as empty at once.
    fd = os.open(p, os.O_RDONLY | os.O_NONBLOCK)
    os.set_blocking(fd, True)
    with os.fdopen(fd, "rb") as source, open(copy, "wb") as sink:
        for block in iter(lambda: source.read(1 << 20), b""):
            read += len(block)
            if read > limit:
                raise InputError(Problem(key, None, None, what, f"at most {limit:,} bytes", "<a longer stream>"))
            sink.write(block)
    _COPIES[key] = copy
    alias_path(str(copy), f"{key} (a pipe)")
    return copy


def check_output(path: str | os.PathLike | None, what: str, *, folder: bool = False) -> None:
    """Refuse an output path that cannot be written, before any work.

    Args:
        path: the path as given (None: no output asked for).
        what: the option ("--out", "--report"), for the message.
        folder: the output is a folder (created if missing), else a file (replaced if it exists).

    Raises:
        InputError: for an empty path, a folder where a file goes (or the reverse), a path
            under a regular file, or a parent folder that cannot be written.
    """
    if path is None:
        return
    text = os.fspath(path)
    if text == "":
        raise InputError(Problem("<command line>", None, None, what, "a path", ""))
    p = Path(text)
    if p.is_dir() and not folder:
        raise InputError(Problem(text, None, None, what, "a file to write", "<an existing folder>"))
    if p.exists() and not p.is_dir() and folder:
        raise InputError(Problem(text, None, None, what, "a folder to write into", "<an existing file>"))
    if p.exists() and not p.is_dir() and not p.is_file():
        raise InputError(Problem(text, None, None, what, "a regular file to write", "<a special file>"))
    ancestor = p.parent if not folder or not p.exists() else p
    while not ancestor.exists():
        ancestor = ancestor.parent
    if not ancestor.is_dir():
        raise InputError(Problem(text, None, None, what, "a path under a folder", f"<{ancestor} is a file>"))
    if not os.access(ancestor, os.W_OK | os.X_OK):
        raise InputError(Problem(text, None, None, what, "a folder this user can write", f"<{ancestor} is not>"))
    try:  # permissions can say yes where the file system says no (/proc, a read-only mount)
        fd, probe = tempfile.mkstemp(prefix=".tahalof-probe-", dir=ancestor)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise InputError(Problem(text, None, None, what, "a folder files can be written in",
                                 f"<{ancestor}: {exc.strerror or exc}>")) from None


def check_not_input(output: str | os.PathLike | None, what: str, inputs) -> None:
    """Refuse an output path that is one of the inputs (writing it would destroy what is being read).

    Raises:
        InputError: naming the option and the input it would overwrite.
    """
    if output is None:
        return
    out = Path(output).resolve()
    for source in inputs:
        if source is not None and os.fspath(source) != "" and Path(source).resolve() == out:
            raise InputError(Problem(os.fspath(output), None, None, what, "a path that is not an input",
                                     f"<the input {os.fspath(source)}>", "write the output somewhere else"))
