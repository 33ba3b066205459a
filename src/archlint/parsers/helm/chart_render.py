"""Rendering a chart tree: the chart, its vendored subcharts (``charts/<name>/``) and their values,
with the objects a template sees (``.Values .Chart .Release .Capabilities .Template .Files``).

Every ``define`` of the tree is shared (a parent's wins over a subchart's, as in Helm). Each
manifest template renders on its own: one that fails gives a :class:`RenderError` and the
others still render.
"""

from __future__ import annotations

import fnmatch
import posixpath
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from archlint.domain.limits import DEFAULT, Limits
from archlint.domain.location import Location
from archlint.parsers.helm import yaml_out
from archlint.parsers.helm.evaluate import Renderer, RenderError, to_text, truth
from archlint.parsers.helm.functions import Func, base_functions
from archlint.parsers.helm.lexer import TemplateSyntaxError
from archlint.parsers.helm.output import Origin
from archlint.parsers.helm.syntax import Template, parse_template
from archlint.parsers.helm.values import Values, scoped

KUBE_VERSION = "v1.31.0"
_API_VERSIONS = frozenset(
    {
        "v1",
        "apps/v1",
        "batch/v1",
        "policy/v1",
        "autoscaling/v2",
        "autoscaling/v1",
        "networking.k8s.io/v1",
        "rbac.authorization.k8s.io/v1",
        "storage.k8s.io/v1",
        "apiextensions.k8s.io/v1",
        "admissionregistration.k8s.io/v1",
        "scheduling.k8s.io/v1",
        "coordination.k8s.io/v1",
        "discovery.k8s.io/v1",
        "certificates.k8s.io/v1",
    }
)


@dataclass
class ChartNode:
    """One chart of a tree: its folder, metadata, merged values and files (paths repo-relative)."""

    root: str
    meta: dict[str, Any]
    values: Values
    templates: dict[str, str]  # path -> text, under templates/
    files: dict[str, str]  # chart-relative path -> text, outside templates/ and charts/
    parent: ChartNode | None = None
    children: list[ChartNode] = field(default_factory=list)

    @property
    def name(self) -> str:
        return str(self.meta.get("name") or posixpath.basename(self.root))

    @property
    def library(self) -> bool:
        return self.meta.get("type") == "library"


@dataclass(frozen=True, slots=True)
class Rendered:
    chart: ChartNode
    path: str
    text: str
    origins: tuple[Origin | None, ...]


@dataclass
class Outcome:
    rendered: list[Rendered] = field(default_factory=list)
    errors: list[tuple[ChartNode, RenderError]] = field(default_factory=list)


def render_tree(top: ChartNode, lenient: bool, limits: Limits = DEFAULT) -> Outcome:
    """Render every manifest template of ``top`` and its enabled subcharts, each within
    ``limits`` (include depth, output bytes, range iterations)."""
    outcome = Outcome()
    charts = list(_walk(top))
    renderer = Renderer({}, top.values, lenient, limits)
    parsed: dict[str, Template] = {}
    for chart in sorted(charts, key=lambda c: -c.root.count("/")):  # parent's defines win
        for path in sorted(chart.templates):
            try:
                template = parse_template(path, chart.templates[path])
            except TemplateSyntaxError as exc:
                where = Location(path, max(exc.line, 1))
                outcome.errors.append((chart, RenderError(f"template syntax: {exc}", where)))
                continue
            parsed[path] = template
            renderer.defines[template_name(top, path)] = (path, template.nodes)
            for name, body in template.defines.items():
                renderer.defines[name] = (path, body)
    for chart in charts:
        if chart.library:
            continue
        renderer.values = chart.values
        renderer.funcs = _functions(renderer, chart)
        for path in sorted(chart.templates):
            if path not in parsed or not is_manifest_template(path):
                continue
            dot = _dot(chart, path)
            renderer.start()
            try:
                text, origins = renderer.render(path, parsed[path].nodes, dot)
            except RenderError as exc:
                outcome.errors.append((chart, exc))
                continue
            except RecursionError:
                where = Location(path, 1)
                outcome.errors.append((chart, RenderError("templates nest too deeply", where)))
                continue
            outcome.rendered.append(Rendered(chart, path, text, origins))
    return outcome


def is_manifest_template(path: str) -> bool:
    """A file under templates/ that renders to manifests (not a `_helper`, not NOTES.txt)."""
    name = path.rpartition("/")[2]
    return not name.startswith("_") and name.endswith((".yaml", ".yml", ".tpl", ".json"))


def template_name(top: ChartNode, path: str) -> str:
    """A template file's name as Helm knows it: ``<top chart>/templates/x.yaml``,
    ``<top chart>/charts/<sub>/templates/x.yaml``."""
    return posixpath.join(top.name, path[len(top.root) + 1 :] if top.root else path)


def _base_path(top: ChartNode, chart: ChartNode) -> str:
    return template_name(
        top, posixpath.join(chart.root, "templates") if chart.root else "templates"
    )


def enabled(parent: ChartNode, dependency: dict[str, Any]) -> bool:
    """A dependency's ``condition`` (the first path that is set) and ``tags``."""
    for path in str(dependency.get("condition") or "").split(","):
        value = _dig(parent.values.data, path.strip())
        if path.strip() and value is not None:
            return truth(value)
    tags = dependency.get("tags")
    if isinstance(tags, list) and tags:
        table = parent.values.data.get("tags")
        if isinstance(table, dict):
            found = [table.get(t) for t in tags if t in table]
            return any(truth(v) for v in found) if found else True
    return True


def subchart_values(parent: ChartNode, key: str, own: Values) -> Values:
    return scoped(parent.values, key, own)


# -- private ------------------------------------------------------------------------------------
def _walk(chart: ChartNode) -> list[ChartNode]:
    found = [chart]
    for child in chart.children:
        found.extend(_walk(child))
    return found


def _dig(data: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        if not isinstance(data, dict):
            return None
        data = data.get(part)
    return data


def _dot(chart: ChartNode, path: str) -> dict[str, Any]:
    meta = {(k[:1].upper() + k[1:]): v for k, v in chart.meta.items()}
    meta.setdefault("Name", chart.name)
    meta["IsRoot"] = chart.parent is None
    top = chart
    while top.parent is not None:
        top = top.parent
    return {
        "Values": chart.values.data,
        "Chart": meta,
        "Release": {
            "Name": "release-name",
            "Namespace": "default",
            "Service": "Helm",
            "IsInstall": True,
            "IsUpgrade": False,
            "Revision": 1,
        },
        "Capabilities": {
            "KubeVersion": {
                "Version": KUBE_VERSION,
                "GitVersion": KUBE_VERSION,
                "Major": "1",
                "Minor": KUBE_VERSION.split(".")[1],
            },
            "APIVersions": _APIs(),
            "HelmVersion": {"Version": "v3.16.0"},
        },
        "Template": {"Name": template_name(top, path), "BasePath": _base_path(top, chart)},
        "Files": _Files(chart.files),
    }


class _APIs(dict[str, Any]):
    """``.Capabilities.APIVersions``: ``Has "apps/v1"`` (and ``Has "apps/v1/Deployment"``)."""

    def get(self, key: str, default: Any = None) -> Any:
        if key == "Has":
            return lambda version: (
                str(version).rsplit("/", 1)[0] in _API_VERSIONS or str(version) in _API_VERSIONS
            )
        return default


class _Files(dict[str, Any]):
    """``.Files``: the chart's files (read-only) and ``Get``/``Glob``/``Lines``/``AsConfig``/
    ``AsSecrets``; ranging over it ranges over the files."""

    def get(self, key: str, default: Any = None) -> Any:
        methods = {
            "Get": lambda name: dict.get(self, str(name), ""),
            "GetBytes": lambda name: dict.get(self, str(name), ""),
            "Glob": lambda pattern: _Files(
                {k: v for k, v in self.items() if fnmatch.fnmatchcase(k, str(pattern))}
            ),
            "Lines": lambda name: str(dict.get(self, str(name), "")).split("\n"),
            "AsConfig": lambda: yaml_out.to_yaml(
                {posixpath.basename(k): v for k, v in self.items()}, Values({})
            ),
            "AsSecrets": lambda: yaml_out.to_yaml(
                {posixpath.basename(k): _b64(v) for k, v in self.items()}, Values({})
            ),
        }
        return methods.get(key, default)


def _b64(text: str) -> str:
    import base64

    return base64.b64encode(text.encode()).decode()


def _functions(renderer: Renderer, chart: ChartNode) -> dict[str, Func]:
    table = base_functions()

    def include(name: Any, dot: Any = None) -> str:
        return renderer.include(str(name), dot, Location(""))

    def tpl(text: Any, dot: Any) -> str:
        try:
            parsed = parse_template("tpl", to_text(text))
        except TemplateSyntaxError as exc:
            raise RenderError(f"tpl: {exc}", Location("")) from None
        for name, body in parsed.defines.items():
            renderer.defines[name] = ("tpl", body)
        saved = renderer.touched
        try:
            out, _ = renderer.render("tpl", parsed.nodes, dot)
        finally:
            renderer.touched = saved
        return out

    def required(message: Any, value: Any = None) -> Any:
        return value  # an install must set it; for a lint the chart renders on, empty

    def fail(message: Any) -> Any:
        raise RenderError(f"the template calls fail: {to_text(message)}", Location(""))

    def to_yaml(value: Any) -> str:
        return yaml_out.to_yaml(value, renderer.values)

    limits = renderer.limits
    items = (limits.max_range_items, "items", "max-range-items")
    size = (limits.max_render_bytes, "bytes", "max-render-bytes")

    def bounded(name: str, measure: Callable[..., int], limit: tuple[int, str, str]) -> Func:
        """``name`` refusing to build more than the limit allows (before building it)."""
        plain, (most, unit, setting) = table[name], limit

        def call(*args: Any) -> Any:
            if measure(*args) > most:
                message = f"{name}: builds more than {most:,} {unit} (limits: {setting})"
                raise RenderError(message, Location(""))
            return plain(*args)

        return call

    def lines(n: Any, text: Any) -> int:
        s = to_text(text)
        return int(n) * (s.count("\n") + 1) + len(s)

    table.update(
        until=bounded("until", lambda n: len(range(int(n))), items),
        untilStep=bounded("untilStep", lambda a, b, c: len(range(int(a), int(b), int(c))), items),
        seq=bounded("seq", lambda *a: len(range(int(a[0]), int(a[-1]) + 1)) if a else 0, items),
        repeat=bounded("repeat", lambda n, s: int(n) * len(to_text(s)), size),
        indent=bounded("indent", lines, size),
        nindent=bounded("nindent", lines, size),
    )

    table.update(
        include=include,
        template=include,
        tpl=tpl,
        required=required,
        fail=fail,
        toYaml=to_yaml,
        mustToYaml=to_yaml,
        toYamlPretty=to_yaml,
    )
    return table


def files_of(root: str, texts: Mapping[str, str]) -> dict[str, str]:
    """The chart's ``.Files``: chart-relative paths outside templates/ and charts/."""
    found: dict[str, str] = {}
    for path, text in texts.items():
        rel = path[len(root) + 1 :] if root else path
        if rel.startswith(("templates/", "charts/")) or rel == "Chart.yaml":
            continue
        found[rel] = text
    return found
