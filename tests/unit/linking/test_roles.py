"""infer_roles against the bundled roles: evidence in, roles out (most specific first)."""

from __future__ import annotations

import pytest

from archlint.knowledge import Markers, RoleChange, load_knowledge
from archlint.linking.roles import Evidence, infer_roles

ROLES = load_knowledge().roles


def ev(
    pypi: str = "",
    npm: str = "",
    servers: str = "",
    images: str = "",
    peers: str = "",
    dev: str = "",
) -> Evidence:
    """``npm`` are runtime dependencies, ``dev`` devDependencies (``npm_all`` holds both)."""

    def names(text: str) -> frozenset[str]:
        return frozenset(text.split())

    return Evidence(
        names(pypi),
        names(npm),
        names(servers),
        names(images),
        names(peers),
        names(npm) | names(dev) | names(peers),
    )


@pytest.mark.parametrize(
    ("evidence", "expected"),
    [
        (ev(), []),
        (ev(pypi="fastapi uvicorn"), ["python-backend"]),
        (ev(servers="python-http"), ["python-backend"]),
        (ev(pypi="celery"), ["worker"]),
        (ev(servers="celery"), ["worker"]),
        (ev(pypi="celery flask"), ["python-backend"]),  # worker unless python-backend
        (ev(npm="express"), ["node-backend"]),
        (ev(npm="react vite"), ["frontend"]),  # a framework and an app tool
        (ev(npm="react"), []),  # a component library: framework only
        (ev(npm="nuxt"), ["frontend"]),  # a meta framework brings its own
        (ev(npm="react vite", peers="react"), []),  # a library that builds with vite
        (ev(npm="next", peers="react"), []),
        (ev(servers="frontend-dev", peers="react"), ["frontend"]),  # a server still counts
        (ev(npm="@docusaurus/core react webpack"), ["docs"]),  # docs drop frontend
        (ev(images="squidfunk/mkdocs-material:9"), ["docs"]),
        (ev(pypi="flask sphinx"), ["python-backend"]),  # a backend building its docs
        # docs dropped by the backend, so it no longer drops frontend
        (ev(npm="express vitepress vue vite"), ["node-backend", "frontend"]),
        (ev(pypi="django", npm="react vite"), ["python-backend", "frontend"]),
    ],
)
def test_infer_roles(evidence: Evidence, expected: list[str]) -> None:
    assert infer_roles(ROLES, evidence) == expected


def test_a_user_change_decides_what_makes_a_worker() -> None:
    roles = (
        load_knowledge()
        .changed(
            {
                "worker": RoleChange(remove=Markers(pypi=frozenset({"apscheduler"}))),
                "python-backend": RoleChange(add=Markers(pypi=frozenset({"acme-web"}))),
            }
        )
        .roles
    )
    assert infer_roles(ROLES, ev(pypi="apscheduler")) == ["worker"]
    assert infer_roles(roles, ev(pypi="apscheduler")) == []
    assert infer_roles(roles, ev(pypi="acme-web rq")) == ["python-backend"]
