"""What a verification on the public page may inflate: a cap on the unpacked bytes and on each
file's compression ratio (a zip bomb guard). Checked twice: from the zip's central directory before
anything is inflated, and again on the bytes actually inflated, since the directory is written by
the uploader and the verifier reads some files more than once."""

from __future__ import annotations

import zipfile
from collections.abc import Iterable

from django.utils.translation import gettext as _

MIB = 1024 * 1024
# Files below this size are not ratio-checked: short tag files and JSON compress well (a line of
# spaces does 100:1) and cannot make a bomb under the total cap.
RATIO_FLOOR = MIB


def _mib(size: int) -> str:
    return f"{size // MIB:,}" if size % MIB == 0 else f"{size / MIB:,.3f}"


class OverBudget(Exception):
    """A limit refused the package; ``path`` is the file that broke it ("" for the package)."""

    def __init__(self, path: str, code: str, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.code = code
        self.message = message


class Budget:
    def __init__(self, *, max_bytes: int, max_ratio: int | None) -> None:
        self.max_bytes = max_bytes
        self.max_ratio = max_ratio
        self.inflated = 0  # bytes actually inflated so far, re-reads included

    def _too_large(self, size: int) -> OverBudget:
        return OverBudget(
            "",
            "too_large",
            _(
                "The package unpacks to more than %(limit)s MiB (at least %(size)s MiB), the most this "
                "page checks; verify it with the command line instead."
            )
            % {"limit": _mib(self.max_bytes), "size": f"{size / MIB:,.1f}"},
        )

    def _ratio(self, info: zipfile.ZipInfo, size: int) -> OverBudget | None:
        if (
            self.max_ratio is None
            or size <= RATIO_FLOOR
            or size <= self.max_ratio * max(info.compress_size, 1)
        ):
            return None
        return OverBudget(
            info.filename,
            "ratio",
            _(
                "The file unpacks to %(size)s MiB from %(packed)s bytes, more than %(limit)s times its "
                "packed size, the most this page accepts (a zip bomb guard)."
            )
            % {
                "size": f"{size / MIB:,.1f}",
                "packed": f"{info.compress_size:,}",
                "limit": self.max_ratio,
            },
        )

    def precheck(self, infos: Iterable[zipfile.ZipInfo]) -> None:
        """Refuse from the central directory, before inflating a byte."""
        listed = list(infos)
        declared = sum(info.file_size for info in listed)
        if declared > self.max_bytes:
            raise self._too_large(declared)
        for info in listed:
            problem = self._ratio(info, info.file_size)
            if problem is not None:
                raise problem

    def charge(self, info: zipfile.ZipInfo, size: int, read_so_far: int) -> None:
        """Count ``size`` more inflated bytes of ``info``, ``read_so_far`` of them in this reading
        of it; raise once a limit is passed."""
        self.inflated += size
        if self.inflated > self.max_bytes:
            raise self._too_large(self.inflated)
        problem = self._ratio(info, read_so_far)
        if problem is not None:
            raise problem
