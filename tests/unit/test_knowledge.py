"""rules/data/roles.yaml: the bundled roles load, and a bad roles file names its line and key."""

from __future__ import annotations

import pytest

from archlint.errors import RuleError
from archlint.knowledge import Knowledge, Markers, Role, RoleChange, load_knowledge, parse_knowledge


def test_bundled_roles_in_precedence_order() -> None:
    knowledge = load_knowledge()
    assert knowledge.role_names == (
        "python-backend",
        "node-backend",
        "go-backend",
        "rust-backend",
        "jvm-backend",
        "dotnet-backend",
        "php-backend",
        "ruby-backend",
        "docs",
        "frontend",
        "node-server",
        "worker",
    )
    worker = knowledge.roles[-1]
    assert "celery" in worker.markers.pypi and worker.unless == ("python-backend",)
    go = knowledge.roles[2]
    assert "go:github.com/gin-gonic/gin" in go.markers.packages
    assert go.declared_by == ("go.mod",)
    frontend = knowledge.roles[9]
    assert len(frontend.requires_all) == 2 and "react" in frontend.library_peers
    assert frontend.declared_by == ("package.json",)


GOOD = """\
version: 1
roles:
  api:
    markers: {pypi: [flask], servers: [python-http]}
    declared-by: [pyproject]
  worker:
    requires-all:
      - pypi: [celery]
      - images: [redis]
    unless: [api]
"""


def test_a_small_roles_file() -> None:
    knowledge = parse_knowledge("roles.yaml", GOOD)
    assert knowledge.roles == (
        Role(
            "api",
            Markers(pypi=frozenset({"flask"}), servers=frozenset({"python-http"})),
            declared_by=("pyproject",),
        ),
        Role(
            "worker",
            requires_all=(
                Markers(pypi=frozenset({"celery"})),
                Markers(images=frozenset({"redis"})),
            ),
            unless=("api",),
        ),
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("roles: [\n", ["roles.yaml:1", "the flow sequence opened on line 1 is not closed"]),
        ("- a\n", ["roles.yaml:1", "expected a mapping with version, roles"]),
        ("version: 2\nroles: {}\n", ["roles.yaml:1 [version]", "got 2", "[roles]"]),
        (GOOD + "rolse: {}\n", ["roles.yaml:11 [rolse]", "did you mean 'roles'?"]),
        (GOOD + "  x: [a]\n", ["roles.yaml:11 [roles.x]", "expected a mapping with any of"]),
        (
            GOOD + "  x:\n    markers: {pypy: [a]}\n",
            ["roles.yaml:12 [roles.x.markers.pypy]", "did you mean 'pypi'?", "nothing makes it"],
        ),
        (
            GOOD + "  x:\n    marker: {}\n",
            ["roles.yaml:12 [roles.x.marker]", "did you mean 'markers'?"],
        ),
        (GOOD + "  x:\n    zzz: 1\n", ["(keys: markers, requires-all"]),
        (
            GOOD + "  x:\n    markers: {npm: [a, 3]}\n",
            ["roles.yaml:12 [roles.x.markers.npm]", "non-empty strings, got ['a', 3]"],
        ),
        (
            GOOD + "  x:\n    requires-all: {npm: [a]}\n",
            ["[roles.x.requires-all]", "expected a list of marker groups", "nothing makes it"],
        ),
        (
            GOOD + "  x:\n    requires-all: [{}]\n",
            ["[roles.x.requires-all.0]", "expected a mapping with any of pypi, npm"],
        ),
        (
            GOOD.replace("unless: [api]", "unless: [apj, worker, nope]"),
            [
                "roles.yaml:10 [roles.worker.unless.0]",
                "'apj', which is no role (roles above: api); did you mean 'api'?",
                "'worker', which is listed below it",
                "'nope', which is no role (roles above: api)\n",
            ],
        ),
        (
            GOOD.replace("[pyproject]", "[pyproject.toml]"),
            ["[roles.api.declared-by.0]", "no manifest type 'pyproject.toml'"],
        ),
    ],
)
def test_bad_roles_files_name_line_and_key(text: str, expected: list[str]) -> None:
    with pytest.raises(RuleError) as caught:
        parse_knowledge("roles.yaml", text)
    message = str(caught.value) + "\n"
    for part in expected:
        assert part in message


def test_changes_add_to_markers_and_remove_everywhere() -> None:
    knowledge = parse_knowledge("roles.yaml", GOOD)
    changed = knowledge.changed(
        {
            "worker": RoleChange(
                add=Markers(pypi=frozenset({"apscheduler"})),
                remove=Markers(pypi=frozenset({"celery"})),
            )
        }
    )
    api, worker = changed.roles
    assert api == knowledge.roles[0]
    assert worker.markers.pypi == {"apscheduler"}
    assert worker.requires_all[0].pypi == frozenset()
    assert worker.unless == ("api",)
    with pytest.raises(KeyError, match="no role 'wrker'"):
        knowledge.changed({"wrker": RoleChange()})


def test_empty_knowledge_has_no_roles() -> None:
    assert Knowledge(()).role_names == ()
