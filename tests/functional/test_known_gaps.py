"""Evidence sources the rule pack promises (docs/spec) that are not read yet: strict xfails.

Each test states the finding the spec or the rule's own docs example asks for. When a parser lands
and the test starts passing, drop its xfail mark.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_prt003_docs_example_mkdocs_image_command(run: Any, tmp_path: Path) -> None:
    root = _write(
        tmp_path,
        {
            "docker-compose.yml": (
                "services:\n"
                "  docs:\n"
                "    image: squidfunk/mkdocs-material:9.5\n"
                "    command: serve -a 0.0.0.0:8000\n"
            )
        },
    )
    result = run("check", root, "--format", "json")
    assert ("PRT003", "docker-compose.yml", 4) in result.findings()


def test_prt001_vite_config_server_port(run: Any, tmp_path: Path) -> None:
    root = _write(
        tmp_path,
        {
            "web/package.json": (
                '{"name": "web", "scripts": {"dev": "vite"},\n'
                ' "dependencies": {"react": "^18.3.1", "vite": "^5.4.0"}}\n'
            ),
            "web/vite.config.ts": (
                'import { defineConfig } from "vite";\n'
                "\n"
                "export default defineConfig({\n"
                "  server: { port: 3000 },\n"
                "});\n"
            ),
        },
    )
    result = run("check", root, "--format", "json")
    assert ("PRT001", "web/vite.config.ts", 4) in result.findings()


def test_prt002_uvicorn_run_in_code(run: Any, tmp_path: Path) -> None:
    root = _write(
        tmp_path,
        {
            "api/pyproject.toml": (
                '[project]\nname = "api"\nversion = "1"\ndependencies = ["fastapi", "uvicorn"]\n'
            ),
            "api/main.py": (
                "import uvicorn\n"
                "from fastapi import FastAPI\n"
                "\n"
                "app = FastAPI()\n"
                "\n"
                'if __name__ == "__main__":\n'
                '    uvicorn.run(app, host="0.0.0.0", port=9000)\n'
            ),
        },
    )
    result = run("check", root, "--format", "json")
    assert ("PRT002", "api/main.py", 7) in result.findings()
