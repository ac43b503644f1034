"""Errors the user can read.

Every error that can reach a person carries an English msgid (translated through the gettext
catalogs in ``i18n/``) and named parameters, so the same error can be shown in Japanese (the
default) or English. ``exit_code`` follows the command line's convention: 2 = unusable input or
arguments, 1 = findings or partial failure.
"""

from __future__ import annotations

from typing import Any


class DxError(Exception):
    """Base class: a failure with a message for people, never a traceback."""

    exit_code = 2

    def __init__(self, msgid: str, /, **params: Any) -> None:
        super().__init__(msgid)
        self.msgid = msgid
        self.params = params

    def text(self, lang: str | None = None) -> str:
        from dxplanner.i18n import translate
        from dxplanner.labels import field_label

        params = {k: (v.text(lang) if isinstance(v, DxError) else v) for k, v in self.params.items()}
        if isinstance(params.get("field"), str):
            params["field"] = field_label(params["field"], lang)
        return translate(self.msgid, lang).format(**params)

    @property
    def message_ja(self) -> str:
        return self.text("ja")

    @property
    def message_en(self) -> str:
        return self.text("en")

    def __str__(self) -> str:
        return self.text()


class ValidationError(DxError):
    """Input that the plan cannot accept (bad text, dates in the wrong order, a cycle…)."""

    def __init__(self, msgid: str, /, field: str = "", **params: Any) -> None:
        super().__init__(msgid, field=field, **params)
        self.field = field


class FileError(DxError):
    """A file that cannot be used: not ours, corrupt, from a newer version, unreadable."""


class LockedError(FileError):
    """The file is open for writing elsewhere."""

    def __init__(self, msgid: str, /, holder: dict[str, Any] | None = None, **params: Any) -> None:
        super().__init__(msgid, **params)
        self.holder = holder or {}


class ReadOnlyPlaceError(FileError):
    """The file or its folder cannot be written here (read-only file, folder, medium or share):
    the plan can still be opened read-only, and the message says why."""


def os_reason(exc: OSError) -> str:
    """The reason of an operating-system error in the reader's language (never the OS's English)."""
    import errno

    from dxplanner.i18n import N_, _

    reasons = {
        errno.EACCES: N_("no permission"),
        errno.EPERM: N_("no permission"),
        errno.ENOSPC: N_("the disk is full"),
        errno.ENOENT: N_("the folder does not exist"),
        errno.EROFS: N_("the drive is read-only"),
        errno.ENAMETOOLONG: N_("the name is too long"),
        errno.EEXIST: N_("a file of that name is in the way"),
        errno.ENOTDIR: N_("a file of that name is in the way"),
    }
    msgid = reasons.get(exc.errno or 0)
    if msgid is None:
        return _("system error {code}").format(code=exc.errno if exc.errno is not None else "?")
    return _(msgid)
