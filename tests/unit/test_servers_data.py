"""Server programs are pack data (rules/data/servers.yaml) that config extends."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from archlint.cli import main
from archlint.errors import RuleError
from archlint.knowledge import load_servers, parse_servers


def test_the_bundled_table_has_the_servers_commands_name() -> None:
    table = load_servers()
    assert table.servers["uvicorn"].port == 8000
    assert table.servers["vite"].preview == {"preview": 4173}
    assert table.servers["celery"].port is None
    assert table.image_entrypoints["squidfunk/mkdocs-material"] == "mkdocs"
    assert len(table.digest) == 16


def test_a_changed_table_changes_the_parsers_version() -> None:
    from archlint.domain.servers import ServerSpec
    from archlint.parsers.docker.dockerfile import DockerfileParser

    table = load_servers()
    changed = table.changed({"acme-serve": ServerSpec("acme-serve", "python-http", 7000)})
    assert changed.digest != table.digest
    assert DockerfileParser(changed).version != DockerfileParser(table).version
    assert table.changed({}) is table


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("version: 2\nservers: {}\n", ["servers.yaml:1 [version]", "expected version: 1"]),
        (
            "version: 1\nservers:\n  x: {kind: a, prot: 1}\n",
            [":3 [servers.x.prot]", "did you mean 'port'"],
        ),
        ("version: 1\nservers:\n  x: {port: 80}\n", ["[servers.x.kind]"]),
        ("version: 1\nservers:\n  x: {kind: a, port: 70000}\n", ["from 1 to 65535"]),
        ("version: 1\nservers:\n  x: {kind: a, preview: {p: x}}\n", ["[servers.x.preview.p]"]),
        ("version: 1\nservers:\n  x: {kind: a, port-flags: 1}\n", ["expected a list of strings"]),
        ("version: 1\nservers: {}\nimage-entrypoints: [a]\n", ["image-entrypoints"]),
        ("- a\n", ["expected a mapping"]),
        ("a: [\n", ["servers.yaml:"]),
    ],
)
def test_problems_name_the_file_line_and_key(text: str, words: list[str]) -> None:
    with pytest.raises(RuleError) as info:
        parse_servers("servers.yaml", text)
    for word in words:
        assert word in str(info.value)


def run(capsys: pytest.CaptureFixture[str], *args: Any) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_config_adds_a_server_program(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "requirements.txt").write_text("fastapi\n", "utf-8")
    (tmp_path / "Procfile").write_text("web: acme-serve --listen 9999\n", "utf-8")
    code, out, _ = run(capsys, "check", tmp_path, "--select", "PRT002")
    assert code == 0 and "PRT002" not in out  # an unknown program starts no server
    (tmp_path / "archlint.toml").write_text(
        '[servers.acme-serve]\nkind = "python-http"\nport = 8000\nport-flags = ["--listen"]\n',
        "utf-8",
    )
    code, out, _ = run(capsys, "check", tmp_path, "--select", "PRT002", "--fail-on", "warning")
    assert code == 1
    assert "Procfile:1:1  PRT002  warning  backend API port 9999 (procfile)" in out


def test_a_bad_server_entry_in_config_is_a_config_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "archlint.toml").write_text("[servers.x]\nkind = 'a'\nprot = 1\n", "utf-8")
    code, _, err = run(capsys, "check", tmp_path)
    assert code == 2
    assert "archlint.toml:3 [servers.x.prot]: unknown key 'prot'; did you mean 'port'?" in err
