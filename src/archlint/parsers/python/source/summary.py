"""What extraction keeps of one Python module once its syntax tree is dropped.

A :class:`ModuleSummary` holds names, positions and symbolic values (:mod:`.values`) only, so
a large repository never has more than one tree alive; the unit's second pass reads summaries.
"""

from __future__ import annotations

from dataclasses import dataclass

from archlint.parsers.python.source.values import Sym


@dataclass(frozen=True, slots=True)
class Pos:
    line: int
    column: int  # 1-based


@dataclass(frozen=True, slots=True)
class ImportInfo:
    module: str  # absolute (relative imports resolved against the module's package)
    names: tuple[str, ...]
    alias: str | None
    pos: Pos


@dataclass(frozen=True, slots=True)
class CallSite:
    qualname: str
    name: str  # as written
    function: str | None  # enclosing function's qualname
    args: tuple[Sym, ...]
    kwargs: tuple[tuple[str, Sym], ...]
    arg_calls: tuple[str, ...]  # qualnames of calls nested in the arguments
    arg_refs: tuple[str | None, ...]  # the qualified name each positional argument names
    kwarg_refs: tuple[tuple[str, str], ...]
    awaited: bool
    main_guard: bool  # inside ``if __name__ == "__main__":``
    pos: Pos
    # ``app.include_router(api.router)``: (the object mounted on, the object mounted), by name
    mount: tuple[str, str] | None = None
    end: Pos | None = None  # where the call's text ends (calls nested in it lie between)


@dataclass(frozen=True, slots=True)
class Decorator:
    qualname: str  # the callee (``app.get`` resolved: ``main.app.get``), or the name itself
    target: str | None  # the object a method decorator is called on (``main.app``)
    method: str | None  # its attribute (``get``)
    args: tuple[Sym, ...]
    kwargs: tuple[tuple[str, Sym], ...]
    dependencies: tuple[str, ...] = ()  # ``dependencies=[Depends(x)]``: the callables


@dataclass(frozen=True, slots=True)
class Param:
    name: str
    annotation: str | None  # as written
    annotation_names: tuple[str, ...]  # qualified names the annotation mentions
    default_call: str | None  # ``Depends`` / ``Security`` / ``Body``...: the callee
    default_target: str | None  # the callable given to Depends/Security
    default_kwargs: tuple[tuple[str, Sym], ...]
    pos: Pos


@dataclass(frozen=True, slots=True)
class FunctionInfo:
    name: str
    qualname: str
    class_name: str | None
    is_async: bool
    decorators: tuple[Decorator, ...]
    params: tuple[Param, ...]
    returns_call: str | None  # ``return Settings()``: the callee
    raw_body_params: tuple[str, ...]  # params whose ``.json()`` is read
    callees: tuple[str, ...]  # every call of the body as written (``session.delete``)
    pos: Pos


@dataclass(frozen=True, slots=True)
class FieldInfo:
    name: str
    annotation: str | None
    default: Sym | None  # None: no default written
    pos: Pos


@dataclass(frozen=True, slots=True)
class ClassInfo:
    name: str
    qualname: str
    bases: tuple[str, ...]  # qualified names
    keywords: tuple[tuple[str, Sym], ...]  # ``table=True``
    fields: tuple[FieldInfo, ...]  # annotated names and assignments of the class body
    tablename: str | None
    abstract: bool
    pos: Pos


@dataclass(frozen=True, slots=True)
class Binding:
    """A module-level name: ``NAME = value`` / ``NAME: T = value``."""

    name: str
    value: Sym
    annotation: str | None
    kwargs: tuple[tuple[str, Sym], ...]  # of the call it is bound to (``APIRouter(prefix=...)``)
    pos: Pos


@dataclass(frozen=True, slots=True)
class ConfAssign:
    """``celery_app.conf.broker_url = value``: an attribute of an object's ``conf`` set."""

    target: str  # the object, by name (``worker.celery``)
    name: str
    value: Sym
    pos: Pos


@dataclass(frozen=True, slots=True)
class UrlLiteral:
    """A string (or f-string prefix) that looks like a connection URL, wherever it is written."""

    text: str
    pos: Pos
    complete: bool  # the whole URL is known (not only an f-string's prefix)


@dataclass(frozen=True, slots=True)
class ModuleSummary:
    path: str
    module: str
    lines: int
    entrypoint: bool
    migration: bool
    imports: tuple[ImportInfo, ...]
    aliases: tuple[tuple[str, str], ...]  # local name -> qualified name, from imports
    bindings: tuple[Binding, ...]
    functions: tuple[FunctionInfo, ...]
    classes: tuple[ClassInfo, ...]
    calls: tuple[CallSite, ...]
    urls: tuple[UrlLiteral, ...]
    headers: tuple[str, ...]  # custom HTTP header names written as literals (``X-Request-ID``)
    # ``CurrentUser = Annotated[User, Depends(get_current_user)]``: the alias as a parameter
    annotated: tuple[Param, ...] = ()
    conf: tuple[ConfAssign, ...] = ()  # ``celery_app.conf.broker_url = ...``
