"""The national framework (総務省「自治体DX推進計画」) as data.

One JSON file per edition of the national plan: built in (``editions/``) or installed by the user
(see :mod:`.store`). Facts shared by all editions (the 標準化 20 業務 and the 40-step progress
model) live in ``standardization.json``. Every fact carries a :class:`Source` and a ``conf`` of
``"確認"`` or ``"二次"``; a file containing ``未確認`` anywhere is refused. Starter tasks are
DX Planner's own template (``origin: "dxplanner"``), not national facts.

Modules, each named for what it holds:

- :mod:`.types`: the frozen dataclasses (:class:`Edition`, :class:`CatalogArea`, …);
- :mod:`.schema`: the file format's keys, allowed values and size limits (published as
  ``docs/edition.schema.json``);
- :mod:`.fields`, :mod:`.reader`, :mod:`.standardization`: the one reader and validator, shared
  by the built-in editions and ``dxplanner catalog install``;
- :mod:`.packaged`, :mod:`.store`: the built-in files and the installed editions.

Pure standard library: this package must never import Qt. The format is described in
``docs/catalog.md``.
"""

from __future__ import annotations

from dxplanner.catalog.reader import edition_from_file, parse_edition, validate_edition_data
from dxplanner.catalog.schema import (
    AREA_KINDS,
    CONF_VALUES,
    DATE_KINDS,
    MEASURE_KINDS,
    PROCEDURE_LEVELS,
    SITUATION_TAGS,
    STARTER_LABEL,
    STARTER_ORIGIN,
)
from dxplanner.catalog.standardization import validate_standardization_data
from dxplanner.catalog.store import (
    EditionInfo,
    available_editions,
    edition_bytes,
    edition_hash,
    edition_infos,
    export_edition,
    install_edition,
    installed_dir,
    load_edition,
    newest_edition,
    user_data_dir,
)
from dxplanner.catalog.types import (
    CatalogArea,
    CatalogError,
    CatalogKpi,
    Edition,
    Fact,
    KeyRole,
    OnlineProcedure,
    Source,
    StandardBusiness,
    StarterTask,
    StepModel,
    StructureItem,
    SupportMeasure,
    secondary_mark,
)

# The newest built-in edition: what a new plan follows when no edition has been installed.
DEFAULT_EDITION = "r8"

__all__ = [
    "AREA_KINDS",
    "CONF_VALUES",
    "DATE_KINDS",
    "DEFAULT_EDITION",
    "MEASURE_KINDS",
    "PROCEDURE_LEVELS",
    "SITUATION_TAGS",
    "STARTER_LABEL",
    "STARTER_ORIGIN",
    "CatalogArea",
    "CatalogError",
    "CatalogKpi",
    "Edition",
    "EditionInfo",
    "Fact",
    "KeyRole",
    "OnlineProcedure",
    "Source",
    "StandardBusiness",
    "StarterTask",
    "StepModel",
    "StructureItem",
    "SupportMeasure",
    "available_editions",
    "edition_bytes",
    "edition_from_file",
    "edition_hash",
    "edition_infos",
    "export_edition",
    "install_edition",
    "installed_dir",
    "load_edition",
    "newest_edition",
    "parse_edition",
    "secondary_mark",
    "user_data_dir",
    "validate_edition_data",
    "validate_standardization_data",
]
