"""What a class is, from its bases across the unit: a settings class, a persistent model of
some ORM, or a validating (Pydantic) model. Names only; nothing is imported."""

from __future__ import annotations

from dataclasses import dataclass

from archlint.parsers.python.source.summary import ClassInfo
from archlint.parsers.python.source.table import UnitTable
from archlint.parsers.python.source.values import Const, Opaque

SETTINGS_BASES = frozenset(
    {
        "pydantic_settings.BaseSettings",
        "pydantic.BaseSettings",
        "pydantic.v1.BaseSettings",
        "pydantic_settings.main.BaseSettings",
    }
)
PYDANTIC_BASES = frozenset(
    {"pydantic.BaseModel", "pydantic.main.BaseModel", "pydantic.v1.BaseModel", "sqlmodel.SQLModel"}
    | SETTINGS_BASES
)
# a class deriving from one of these (directly or through the unit's classes) is a model
_ORM_BASES = {
    "sqlalchemy.orm.DeclarativeBase": "sqlalchemy",
    "sqlalchemy.orm.DeclarativeBaseNoMeta": "sqlalchemy",
    "sqlalchemy.orm.decl_api.DeclarativeBase": "sqlalchemy",
    "django.db.models.Model": "django",
    "peewee.Model": "peewee",
    "tortoise.models.Model": "tortoise",
    "tortoise.Model": "tortoise",
    "ormar.Model": "ormar",
    "mongoengine.Document": "mongoengine",
    "beanie.Document": "beanie",
}
# objects whose class is made by a call (``Base = declarative_base()``, ``db = Database()``)
_ORM_FACTORIES = {
    "sqlalchemy.orm.declarative_base": "sqlalchemy",
    "sqlalchemy.ext.declarative.declarative_base": "sqlalchemy",
    "sqlalchemy.orm.registry.generate_base": "sqlalchemy",
    "flask_sqlalchemy.SQLAlchemy.Model": "sqlalchemy",
    "pony.orm.Database.Entity": "pony",
    "peewee.Model": "peewee",
}
_CONFIG_OBJECT = ("Config", "Settings", "Configuration")


@dataclass(frozen=True, slots=True)
class ClassKind:
    settings: bool = False
    config_object: bool = False
    pydantic: bool = False
    orm: str | None = None  # the ORM of a persistent model


def classify(info: ClassInfo, table: UnitTable) -> ClassKind:
    ancestors = table.ancestors(info.qualname)
    if any(a in SETTINGS_BASES for a in ancestors):
        return ClassKind(settings=True, pydantic=True)
    if "sqlmodel.SQLModel" in ancestors:
        table_kw = dict(info.keywords).get("table")
        if isinstance(table_kw, Const) and table_kw.value is True:
            return ClassKind(pydantic=True, orm="sqlmodel")
        return ClassKind(pydantic=True)
    if any(a in PYDANTIC_BASES for a in ancestors):
        return ClassKind(pydantic=True)
    orm = _orm(info, ancestors, table)
    if orm is not None:
        return ClassKind(orm=orm)
    if info.name.endswith(_CONFIG_OBJECT) and not ancestors:
        return ClassKind(config_object=True)
    return ClassKind()


def inherited_fields(info: ClassInfo, table: UnitTable) -> list[str]:
    """Field names of the class and of its unit ancestors (a ``TenantMixin``'s ``tenant_id``)."""
    names = [f.name for f in info.fields]
    for base in table.ancestors(info.qualname):
        parent = table.classes.get(base)
        if parent is not None:
            names += [f.name for f in parent.fields]
    return sorted(set(names))


def _orm(info: ClassInfo, ancestors: list[str], table: UnitTable) -> str | None:
    for base in ancestors:
        known = _ORM_BASES.get(base) or _ORM_FACTORIES.get(base)
        if known is not None:
            # the declarative base itself (``class Base(DeclarativeBase)``) is not a model
            return None if known == "sqlalchemy" and not _mapped(info) else known
        made = table.bindings.get(base)
        if isinstance(made, Opaque) and made.call:
            orm = _ORM_FACTORIES.get(made.call) or _factory_attr(made.call)
            if orm is not None:
                return orm if _mapped(info) or orm != "sqlalchemy" else None
        if base.endswith(".Model") and _ORM_FACTORIES.get(
            _type_of(base.rpartition(".")[0], table) + ".Model"
        ):
            return "sqlalchemy"
        if base.endswith(".Entity") and _type_of(base.rpartition(".")[0], table) == (
            "pony.orm.Database"
        ):
            return "pony"
    return None


def _factory_attr(call: str) -> str | None:
    return "sqlalchemy" if call.endswith(".declarative_base") else None


def _type_of(qualname: str, table: UnitTable) -> str:
    made = table.bindings.get(table.canonical(qualname))
    return made.call if isinstance(made, Opaque) and made.call else ""


def _mapped(info: ClassInfo) -> bool:
    """A mapped class says where it is stored, or declares columns."""
    if info.abstract:
        return False
    return info.tablename is not None or any(
        (f.annotation or "").startswith(("Mapped[", "so.Mapped[", "orm.Mapped["))
        or (
            isinstance(f.default, Opaque)
            and (f.default.call or "").endswith(("Column", "mapped_column"))
        )
        for f in info.fields
    )
