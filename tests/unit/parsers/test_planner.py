"""The dispatch table and the parse plan, with a small fake chart parser that claims templates."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from archlint.domain.facts import ParseResult
from archlint.parsers.base import ParseUnit, Selector, SourceFile
from archlint.parsers.planner import Dispatch, plan


class Yaml:
    name = "yaml"
    version = "1"
    selector = Selector(suffixes=(".yaml",))

    def parse(self, source: SourceFile) -> ParseResult:  # pragma: no cover - not called
        return ParseResult()


class Odd:
    """Declares a dot-less suffix and a path regex: both are tried one by one."""

    name = "odd"
    version = "1"
    selector = Selector(suffixes=("file",), paths=(r"odd/.*",))

    def parse(self, source: SourceFile) -> ParseResult:  # pragma: no cover - not called
        return ParseResult()


class Chart:
    """A unit per Chart.yaml: reads it and values.yaml (optional), claims templates/**."""

    name = "chart"
    version = "1"
    selector = Selector(names=frozenset({"Chart.yaml"}))

    def units(self, paths: Sequence[str]) -> list[ParseUnit]:
        found = []
        for path in paths:
            if path.endswith("Chart.yaml"):
                folder = path.removesuffix("Chart.yaml")
                templates = tuple(p for p in paths if p.startswith(folder + "templates/"))
                inputs = (path, folder + "values.yaml", *templates)
                found.append(
                    ParseUnit(self.name, path, path, inputs, (folder + "values.yaml",), templates)
                )
        return found

    def parse_unit(
        self, unit: ParseUnit, sources: Mapping[str, SourceFile]
    ) -> ParseResult:  # pragma: no cover - not called
        return ParseResult()


PATHS = ["a.yaml", "c/Chart.yaml", "c/templates/x.yaml", "Makefile", "odd/thing", "z.txt"]


def test_dispatch_indexes_names_and_suffixes_and_tries_regexes() -> None:
    table = Dispatch({"yaml": Yaml(), "odd": Odd(), "chart": Chart()})
    assert [p.name for p in table.parsers_for("c/Chart.yaml")] == ["chart", "yaml"]
    assert [p.name for p in table.parsers_for("c/templates/x.yaml")] == ["yaml"]
    assert [p.name for p in table.parsers_for("Makefile")] == ["odd"]
    assert [p.name for p in table.parsers_for("odd/x.yaml")] == ["odd", "yaml"]
    assert table.parsers_for("z.txt") == []
    assert [p.name for p in table.unit_parsers()] == ["chart"]


def test_claimed_files_go_to_no_file_parser() -> None:
    table = Dispatch({"yaml": Yaml(), "odd": Odd(), "chart": Chart()})
    chart = Chart()
    the_plan = plan(PATHS, table, {"chart": chart.units(PATHS)})
    jobs = [(j.parser.name, j.unit.anchor) for j in the_plan.jobs]
    assert jobs == [
        ("odd", "Makefile"),
        ("yaml", "a.yaml"),
        ("chart", "c/Chart.yaml"),
        ("yaml", "c/Chart.yaml"),
        ("odd", "odd/thing"),
    ]
    assert the_plan.claimed == {"c/templates/x.yaml"}
    # optional inputs are read, but a failure to read them is not reported
    assert the_plan.reads == (
        "Makefile",
        "a.yaml",
        "c/Chart.yaml",
        "c/templates/x.yaml",
        "c/values.yaml",
        "odd/thing",
    )
    assert "c/values.yaml" not in the_plan.reported
    assert "c/templates/x.yaml" in the_plan.reported
