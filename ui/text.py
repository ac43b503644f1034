"""Showing user text safely: always as plain text, never guessed as rich text.

Qt guesses "rich text" for strings that look like HTML (``<b>x</b>``) in labels, tooltips and
message boxes. Every widget here that shows text the user (or a file) supplied goes through
these helpers, so such text is shown literally.
"""

from __future__ import annotations

import html
import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget


def plain_label(text: str = "", parent: QWidget | None = None, *, wrap: bool = False) -> QLabel:
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    label.setWordWrap(wrap)
    return label


def without_mnemonic(text: str) -> str:
    """Our own label without its ``&`` mnemonic mark (``&&`` stays a literal ``&``)."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def mnemonic_letter(text: str) -> str:
    """The Alt+letter of a label ("&Add row", "行を追加(&A)" → "a"; "" when none)."""
    m = re.search(r"&([^&\s])", text.replace("&&", ""))
    return m.group(1).lower() if m else ""


def drop_mnemonic(text: str) -> str:
    """The label without its Alt+letter, also the Japanese "(&A)" form."""
    return without_mnemonic(re.sub(r"\(&[^&\s]\)", "", text))


def tooltip(text: str) -> str:
    """A tooltip that Qt shows literally (tooltips have no text-format switch: escape into rich text)."""
    if not text:
        return ""
    return "<p style='white-space:pre-wrap'>" + html.escape(text) + "</p>"


# set for runs without a person (screenshots): message() does not wait (see its unattended rule)
NON_INTERACTIVE = False


def message(
    parent: QWidget | None,
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    buttons: QMessageBox.StandardButton = QMessageBox.StandardButton.Ok,
    default: QMessageBox.StandardButton = QMessageBox.StandardButton.NoButton,
    detail: str = "",
    unattended: QMessageBox.StandardButton | None = None,
    labels: dict[QMessageBox.StandardButton, str] | None = None,
) -> QMessageBox.StandardButton:
    """A modal message box showing ``text`` as plain text; returns the button pressed.

    ``labels`` renames buttons where the standard words would be unclear (破棄 / 戻る).

    Without a person to answer (``dxplanner gui --screenshot``: :data:`NON_INTERACTIVE`), the
    text goes to standard error and the box is not shown: the answer is ``unattended`` if given
    (a harmless choice such as opening read-only), else No or Cancel when offered (nothing is
    done that a person did not choose), else Ok — so the program never waits.
    """
    if NON_INTERACTIVE:
        import sys

        sys.stderr.write(f"dxplanner: {text}\n")
        if unattended is not None:
            return unattended
        for safe in (QMessageBox.StandardButton.No, QMessageBox.StandardButton.Cancel):
            if buttons & safe:
                return safe
        return QMessageBox.StandardButton.Ok
    box = QMessageBox(icon, title, "", buttons, parent)
    for which, name in (labels or {}).items():
        b = box.button(which)
        if b is not None:
            b.setText(name)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    if detail:
        box.setInformativeText(detail)
        label = box.findChild(QLabel, "qt_msgbox_informativelabel")
        if label is not None:
            label.setTextFormat(Qt.TextFormat.PlainText)
    if default != QMessageBox.StandardButton.NoButton:
        box.setDefaultButton(default)
    return QMessageBox.StandardButton(box.exec())
