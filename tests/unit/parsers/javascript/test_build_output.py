"""``build.outDir`` of a Vite config: where the frontend's build goes, from the repository root."""

from __future__ import annotations

import pytest

from archlint.domain.facts import NodeKind
from archlint.parsers.base import SourceFile
from archlint.parsers.javascript.source import JsSourceParser

HEAD = 'import path from "node:path";\nimport { fileURLToPath } from "node:url";\n'


def outputs(text: str, path: str = "web/vite.config.ts") -> list[tuple[str, str | None, int]]:
    result = JsSourceParser().parse(SourceFile(path, HEAD + text))
    return [
        (f.get("out_dir"), f.get("target_dir"), f.location.line)
        for f in result.facts
        if f.kind is NodeKind.BUILD_OUTPUT
    ]


@pytest.mark.parametrize(
    ("out_dir", "written", "target"),
    [
        ('"../api/app/static"', "../api/app/static", "api/app/static"),
        ('path.resolve(__dirname, "../api", "static")', "../api/static", "api/static"),
        ('path.join(import.meta.dirname, "dist")', "dist", "web/dist"),
        ('fileURLToPath(new URL("../api/public", import.meta.url))', "../api/public", "api/public"),
        ("path.resolve(__dirname)", ".", "web"),
        ('"../../../outside"', "../../../outside", None),
        ('"/var/www/html"', "/var/www/html", None),
        ("process.env.OUT_DIR", "process.env.OUT_DIR", None),
        ("path.resolve(root, 'dist')", "path.resolve(root, 'dist')", None),
        # the fallback of an environment read, as the parser reads `PORT || 3000`
        ('path.resolve(__dirname, process.env.OUT ?? "dist")', "dist", "web/dist"),
        ('new URL("../x", base)', 'new URL("../x", base)', None),
    ],
)
def test_out_dir_is_read_from_the_configs_folder(
    out_dir: str, written: str | None, target: str | None
) -> None:
    code = f"export default defineConfig({{\n  build: {{ outDir: {out_dir} }},\n}});\n"
    (found,) = outputs(code)
    assert found[1] == target and found[2] == 4
    if written is not None:
        assert found[0] == written


def test_only_vite_configs_with_an_out_dir_give_one() -> None:
    assert outputs("export default defineConfig({ build: { sourcemap: true } });\n") == []
    assert outputs("export default { build: { outDir: 'x' } };\n", "web/nuxt.config.ts") == []
    code = "export default defineConfig({ build: { outDir: '.' } });\n"
    assert outputs(code, "vite.config.ts") == [(".", "", 3)]


def test_each_config_object_of_a_mode_switch_gives_its_own() -> None:
    code = """export default defineConfig(({ mode }) => {
  if (mode === "umd") {
    return { build: { outDir: "dist/umd" } };
  }
  return { build: { outDir: "dist" } };
});
"""
    result = JsSourceParser().parse(SourceFile("web/vite.config.mts", HEAD + code))
    found = sorted(
        (f.id, f.get("target_dir")) for f in result.facts if f.kind is NodeKind.BUILD_OUTPUT
    )
    assert found == [
        ("web/vite.config.mts#build-output", "web/dist"),
        ("web/vite.config.mts#build-output[1]", "web/dist/umd"),
    ]
