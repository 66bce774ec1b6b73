"""Atomic output directories: a killed run leaves the previous complete output, or none.

Why a directory swap: a screen writes three files that only make sense together. They are
written into a hidden temporary directory next to ``DIR`` (same filesystem), fsynced, and then
swapped in with one ``renameat2(RENAME_EXCHANGE)`` (Linux), so readers see either the old set
or the new set. Where the exchange is unavailable, the old directory is first renamed aside
(a crash between the two renames leaves no ``DIR``, never a mixed one; the next run restores
the old directory if the new one never arrived).

Leftovers of killed runs (``.DIR.tmp-<pid>-*`` whose process is gone) are removed by the next
run, whatever they are (directories, files or symbolic links).

A ``DIR`` that is a symbolic link is followed: the directory it points to is the one replaced
(atomically, next to it), and the link is left as it is, still pointing there. Swapping the
link itself would replace the link with a directory and orphan the old target.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import os
import shutil
import uuid
from pathlib import Path
from types import TracebackType

from bandfit.errors import InvalidInputError

__all__ = ["OUTPUT_FILES", "AtomicDir"]

OUTPUT_FILES = frozenset({"results.parquet", "rejects.parquet", "summary.json"})
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _fsync_path(path: Path, *, directory: bool = False) -> None:
    flags = os.O_RDONLY | (os.O_DIRECTORY if directory else 0)
    fd = os.open(path, flags)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux renameat2); False when the system cannot."""
    libc_name = ctypes.util.find_library("c")
    if libc_name is None:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    fn = getattr(libc, "renameat2", None)
    if fn is None:
        return False
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    fn.restype = ctypes.c_int
    rc = fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if rc == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EPERM):
        return False
    raise OSError(err, os.strerror(err), str(b))


def _remove(path: Path) -> None:
    """Remove ``path``: a directory tree, or a file or symbolic link (never what a link points to)."""
    if path.is_symlink() or not path.is_dir():
        path.unlink(missing_ok=True)
    else:
        shutil.rmtree(path)


class AtomicDir:
    """Context manager: ``with AtomicDir(out) as tmp: ...write into tmp...; commit()``.

    ``target`` may be a symbolic link (also a chain of them, or a path through linked
    directories): the real directory it names is replaced, the links stay.
    """

    def __init__(self, target: Path | str) -> None:
        self.link = Path(target).absolute()
        # follow links (a dangling link: the directory it names is created)
        self.target = Path(os.path.realpath(self.link))
        self.parent = self.target.parent
        self.prefix = f".{self.target.name}.tmp-"
        self.tmp = self.parent / f"{self.prefix}{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.committed = False

    def _check_target(self) -> None:
        if self.target.exists():
            if not self.target.is_dir():
                raise InvalidInputError(
                    f"--out {self.target} exists and is not a directory", value=str(self.target)
                )
            stray = sorted(p.name for p in self.target.iterdir() if p.name not in OUTPUT_FILES)
            if stray:
                raise InvalidInputError(
                    f"--out {self.target} holds other files ({', '.join(stray[:5])}); refusing to replace it",
                    hint="choose an empty or new directory for the screening output",
                    value=str(self.target),
                )

    def _cleanup_stale(self) -> None:
        # next to the real directory, and next to the link naming it (leftovers of runs that
        # swapped the link itself, before links were followed)
        places = {(self.parent, self.target.name), (self.link.parent, self.link.name)}
        for parent, name in sorted(places):
            self._cleanup_in(
                parent, name, restore=(parent, name) == (self.parent, self.target.name)
            )

    def _cleanup_in(self, parent: Path, target_name: str, *, restore: bool) -> None:
        if not parent.is_dir():
            return
        tmp_prefix, old_prefix = f".{target_name}.tmp-", f".{target_name}.old-"
        for entry in parent.iterdir():
            name = entry.name
            if name.startswith(tmp_prefix):
                pid_text = name[len(tmp_prefix) :].split("-", 1)[0]
                if pid_text.isdigit() and not _pid_alive(int(pid_text)):
                    with contextlib.suppress(OSError):
                        _remove(entry)
            elif name.startswith(old_prefix):
                pid_text = name[len(old_prefix) :]
                if pid_text.isdigit() and _pid_alive(int(pid_text)):
                    continue  # another run is swapping right now
                if self.target.exists() or not restore:
                    with contextlib.suppress(OSError):
                        _remove(entry)
                else:  # killed between the two fallback renames: put the old output back
                    with contextlib.suppress(OSError):
                        entry.rename(self.target)

    def __enter__(self) -> Path:
        self.parent.mkdir(parents=True, exist_ok=True)
        self._cleanup_stale()
        self._check_target()
        self.tmp.mkdir()
        return self.tmp

    def commit(self) -> None:
        """fsync the output files and the directory, then swap it in as the target."""
        for name in sorted(os.listdir(self.tmp)):
            path = self.tmp / name
            if path.is_dir() or name not in OUTPUT_FILES:
                shutil.rmtree(path) if path.is_dir() else path.unlink()
                continue
            _fsync_path(path)
        _fsync_path(self.tmp, directory=True)
        if not self.target.exists():
            os.rename(self.tmp, self.target)
        elif _exchange(self.tmp, self.target):
            _remove(self.tmp)  # now holds the previous output
        else:
            old = self.parent / f".{self.target.name}.old-{os.getpid()}"
            os.rename(self.target, old)
            os.rename(self.tmp, self.target)
            _remove(old)
        _fsync_path(self.parent, directory=True)
        self.committed = True

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if not self.committed:
            shutil.rmtree(self.tmp, ignore_errors=True)
