"""Celery configuration outside ``Celery(...)``: ``celery_app.conf.broker_url = ...`` and the
module named by ``celery_app.config_from_object("proj.celeryconfig")`` (its lowercase
module-level names: ``broker_url``, ``result_backend``...) -> ``setting`` facts of origin
``celery-conf``. ``conf.update(broker_url=...)`` stays a call with its keyword arguments.

A value read from the environment keeps its name (``env``) and the fallback written in code as
``value`` (``os.environ.get("CELERY_BROKER_URL", "redis://localhost:6379")``).
"""

from __future__ import annotations

from collections.abc import Sequence

from archlint.parsers.python.source.emit import Emitter
from archlint.parsers.python.source.summary import ModuleSummary, Pos
from archlint.parsers.python.source.values import Const, Env, Opaque, Sym

_CELERY = "celery.Celery"
_FROM_OBJECT = "celery.Celery.config_from_object"
ORIGIN = "celery-conf"


def celery_settings(em: Emitter, summaries: Sequence[ModuleSummary]) -> None:
    by_module = {s.module: s for s in summaries}
    loaded: set[str] = set()
    for s in summaries:
        mid = f"{s.path}#module"
        for conf in s.conf:
            made = em.table.bindings.get(em.table.canonical(conf.target))
            if isinstance(made, Opaque) and made.call == _CELERY:
                _setting(em, s, conf.name, conf.value, conf.pos, mid)
        for call in s.calls:
            first = call.args[0] if call.args else None
            if call.qualname != _FROM_OBJECT or not isinstance(first, Const):
                continue
            config = by_module.get(str(first.value))
            if config is None or config.module in loaded:
                continue
            loaded.add(config.module)
            cmid = f"{config.path}#module"
            for b in config.bindings:
                if b.name.islower() and not b.name.startswith("_"):
                    _setting(em, config, b.name, b.value, b.pos, cmid)


def _setting(em: Emitter, s: ModuleSummary, name: str, value: Sym, pos: Pos, mid: str) -> None:
    env = None
    written: Sym | None = value
    if isinstance(value, Env):
        env_name = em.value(value.name).value
        env = env_name if isinstance(env_name, str) else ""
        written = value.default
    em.setting(s, name, written, None, ORIGIN, None, pos, mid, env)
