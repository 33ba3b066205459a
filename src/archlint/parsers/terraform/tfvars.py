"""Variable values files: ``terraform.tfvars``, ``*.auto.tfvars`` and other ``*.tfvars`` (and
their ``.tfvars.json`` forms).

Terraform loads ``terraform.tfvars`` and then every ``*.auto.tfvars`` of the root folder in
lexical order (a later file wins); other ``*.tfvars`` files are passed with ``-var-file`` and
are not loaded by default. So the auto-loaded values override variable defaults when archlint
resolves ``var.x`` statically, and every value written in any ``.tfvars`` file is a
``tf_argument`` fact at its line (block: the file's name), which is where SEC006 finds a
literal secret. A ``.tfvars`` file holds only values: anything else is a diagnostic.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from archlint.domain.facts import Diagnostic, Fact, NodeKind
from archlint.parsers.base import SourceFile
from archlint.parsers.terraform.hcl import UNKNOWN, Attribute, parse_body, text_of, value_of
from archlint.parsers.terraform.tfjson import values_from_json


@dataclass(frozen=True, slots=True)
class VarValue:
    attribute: Attribute
    source: SourceFile


SUFFIXES = (".tfvars", ".tfvars.json")


def is_tfvars(path: str) -> bool:
    return path.endswith(SUFFIXES)


def auto_loaded(path: str) -> bool:
    name = posixpath.basename(path).removesuffix(".json")
    return name == "terraform.tfvars" or name.endswith(".auto.tfvars")


def load_order(paths: list[str]) -> list[str]:
    """The auto-loaded files in the order Terraform applies them: terraform.tfvars,
    terraform.tfvars.json, then the *.auto.tfvars(.json) files in lexical order."""
    auto = [p for p in paths if auto_loaded(p)]
    first = ("terraform.tfvars", "terraform.tfvars.json")
    return sorted(auto, key=lambda p: (posixpath.basename(p) not in first, p))


def read_values(
    module_id: str, folder: str, files: list[SourceFile]
) -> tuple[dict[str, VarValue], list[Fact], list[Diagnostic]]:
    """Variable values the folder's auto-loaded files set (later wins), the ``tf_argument``
    facts of every file's values, and the diagnostics of files that are not values files."""
    facts: list[Fact] = []
    diagnostics: list[Diagnostic] = []
    parsed: dict[str, dict[str, Attribute]] = {}
    by_path: dict[str, SourceFile] = {}
    for given in sorted(files, key=lambda f: f.path):
        source, problem = values_from_json(given) if given.path.endswith(".json") else (given, None)
        if source is None:
            diagnostics.extend([problem] if problem is not None else [])
            continue
        by_path[source.path] = source
        body, problem = parse_body(source.path, source.text)
        if problem is not None:
            diagnostics.append(problem)
            continue
        for block in body.blocks:
            diagnostics.append(
                Diagnostic(
                    source.loc(block.line, block.column),
                    f"a .tfvars file sets variable values only; block {block.type!r} is ignored",
                )
            )
        parsed[source.path] = body.attributes
        name = posixpath.basename(source.path)
        for var, attribute in body.attributes.items():
            value = value_of(attribute.expr, lambda _ref: UNKNOWN)
            facts.append(
                Fact(
                    f"{module_id}#tfvars:{name}/{var}",
                    NodeKind.TF_ARGUMENT,
                    source.loc(attribute.line, attribute.column),
                    {
                        "name": var,
                        "value": value if isinstance(value, str) else None,
                        "raw": text_of(attribute.expr, source.text),
                        "block": name,
                        "module": folder,
                    },
                )
            )
    values: dict[str, VarValue] = {}
    for path in load_order(list(parsed)):
        for var, attribute in parsed[path].items():
            values[var] = VarValue(attribute, by_path[path])
    return values, facts, diagnostics
