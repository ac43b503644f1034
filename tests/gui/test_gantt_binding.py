"""The Qt binding must not corrupt None's reference count (PySide6 6.12.0 on CPython 3.11 does:
every call of a void method dropped one reference, and painting a chart makes thousands of
them, so the process aborted with "none_dealloc"). pyproject excludes that version."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from CPython 3.12 on")
def test_void_calls_keep_none_alive(qapp):
    img = QImage(20, 20, QImage.Format.Format_RGB888)
    p = QPainter(img)
    before = sys.getrefcount(None)
    for _ in range(500):
        p.setPen(QColor("red"))
        p.drawRect(QRectF(1, 1, 5, 5))
    after = sys.getrefcount(None)
    p.end()
    assert after - before > -100
