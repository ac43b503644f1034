"""Entry point of the frozen (PyInstaller) program: the same as the `dxplanner` command."""

from dxplanner.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
