"""One Terraform module's blocks -> facts, with references at the line they are written.

Static values come from literals and from ``var.x`` (the variable's default) and ``local.y``
(the local's value) of the same module; what a caller passes in is linking's business
(``resolves_to``), never guessed here. A reference becomes a ``tf_reference`` fact when it
names a block the module declares (a typo'd or iterator name such as ``each.value`` or a
``dynamic`` block's iterator names none).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from archlint.domain.facts import Diagnostic, EdgeKind, Fact, NodeKind, ParseResult, Relation
from archlint.domain.location import Location
from archlint.formats import nesting
from archlint.parsers.base import SourceFile
from archlint.parsers.terraform.addresses import (
    MODULE_ARGS,
    arm_type,
    block_address,
    index_value,
    is_azapi,
    local_target,
    login_server,
    ref_target,
)
from archlint.parsers.terraform.hcl import (
    UNKNOWN,
    Attribute,
    Block,
    Ref,
    content_of,
    nested_name,
    object_paths,
    parse_hcl,
    refs_of,
    text_of,
    value_of,
    walk_attributes,
)
from archlint.parsers.terraform.registry_modules import created_by
from archlint.parsers.terraform.tfjson import from_json
from archlint.parsers.terraform.tfvars import VarValue, read_values

_META_ARGS = frozenset({"count", "for_each", "provider", "depends_on", "lifecycle", "providers"})


def build_module(
    folder: str,
    files: list[SourceFile],
    tfvars: list[SourceFile] | None = None,
    max_depth: int = 200,
) -> ParseResult:
    """The facts of the module in ``folder`` from its ``.tf`` files and ``.tfvars`` values."""
    try:
        with nesting.headroom(_FRAMES_PER_LEVEL * max_depth + 200):
            return _Module(folder, files, tfvars or [], max_depth).build()
    except RecursionError:  # pragma: no cover - headroom leaves room for max_depth levels
        where = next(
            (
                Location(f.path, *deep)
                for f in files
                if (deep := nesting.too_deep(f.text, _EVALUATED_DEPTH)) is not None
            ),
            Location(files[0].path if files else ""),
        )
        message = (
            f"nested too deeply to evaluate (this expression goes past {_EVALUATED_DEPTH} levels)"
        )
        return ParseResult(diagnostics=(Diagnostic(where, message),))


_EVALUATED_DEPTH = 50  # where the search for the culprit starts: real modules nest a few levels
_FRAMES_PER_LEVEL = 8  # the parse tree walks and the evaluator take about 5 frames a level


@dataclass
class _Decl:
    block: Block
    file: SourceFile


@dataclass
class _Module:
    folder: str
    files: list[SourceFile]
    tfvars_files: list[SourceFile]
    max_depth: int
    facts: list[Fact] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    decls: dict[str, _Decl] = field(default_factory=dict)  # address -> its block
    locals: dict[str, tuple[Attribute, SourceFile]] = field(default_factory=dict)
    _resolving: set[str] = field(default_factory=set)
    _local_values: dict[str, Any] = field(default_factory=dict)
    _ids: set[str] = field(default_factory=set)
    tfvars: dict[str, VarValue] = field(default_factory=dict)  # auto-loaded variable values

    @property
    def mid(self) -> str:
        return f"tf:{self.folder or '.'}"

    def build(self) -> ParseResult:
        self.tfvars, values, problems = read_values(self.mid, self.folder, self.tfvars_files)
        self.diagnostics.extend(problems)
        if not self.files:  # values files only (-var-file inputs kept apart): no module
            return ParseResult(tuple(values), (), tuple(self.diagnostics))
        self.facts.extend(values)
        self.relations.extend(Relation(self.mid, f.id, EdgeKind.HAS) for f in values)
        parsed = []
        for given in self.files:
            source, problem = from_json(given) if given.path.endswith(".json") else (given, None)
            if source is None:
                self.diagnostics.extend([problem] if problem is not None else [])
                continue
            blocks, problem = parse_hcl(source.path, source.text, self.max_depth)
            if problem is not None:
                self.diagnostics.append(problem)
            parsed.append((source, blocks))
        for source, blocks in parsed:
            self._declare(source, blocks)
        module = self._module_fact(parsed)
        self.facts.append(module)
        for source, blocks in parsed:
            for block in blocks:
                self._emit(source, block)
        return ParseResult(tuple(self.facts), tuple(self.relations), tuple(self.diagnostics))

    # -- declarations -------------------------------------------------------------------------
    def _declare(self, source: SourceFile, blocks: list[Block]) -> None:
        for block in blocks:
            address = block_address(block)
            if address is not None and address not in self.decls:
                self.decls[address] = _Decl(block, source)
            if block.type == "locals":
                for name, attribute in block.attributes.items():
                    self.locals.setdefault(name, (attribute, source))

    def resolve(self, ref: Ref) -> Any:
        """The static value of ``var.x`` / ``local.y`` (then indexed by the remaining steps)."""
        if not ref.parts:
            return UNKNOWN
        name, steps = ref.parts[0], ref.parts[1:]
        if ref.root == "var" and name in self.tfvars and f"var.{name}" in self.decls:
            value = value_of(self.tfvars[name].attribute.expr, lambda _ref: UNKNOWN)
        elif ref.root == "var":
            decl = self.decls.get(f"var.{name}")
            default = decl.block.attributes.get("default") if decl else None
            value = value_of(default.expr, self.resolve) if default is not None else UNKNOWN
        elif ref.root == "local" and name in self.locals:
            value = self._local(name)
        else:
            return UNKNOWN
        return index_value(value, steps)

    def _local(self, name: str) -> Any:
        if name in self._local_values:
            return self._local_values[name]
        if name in self._resolving:  # a cycle: Terraform rejects it, so has no value
            return UNKNOWN
        self._resolving.add(name)
        value = value_of(self.locals[name][0].expr, self.resolve)
        self._resolving.discard(name)
        self._local_values[name] = value
        return value

    # -- facts --------------------------------------------------------------------------------
    def _module_fact(self, parsed: list[tuple[SourceFile, list[Block]]]) -> Fact:
        calls: set[str] = set()
        providers: set[str] = set()
        required: dict[str, Any] = {}
        backend = None
        for _source, blocks in parsed:
            for block in blocks:
                if block.type == "module":
                    target = local_target(self.folder, self._static(block, "source"))
                    if target is not None:
                        calls.add(target)
                elif block.type == "provider" and block.labels:
                    providers.add(block.labels[0])
                elif block.type == "terraform":
                    for inner in block.blocks:
                        if inner.type == "backend" and inner.labels:
                            backend = inner.labels[0]
                        elif inner.type == "required_providers":
                            for name, attr in inner.attributes.items():
                                value = value_of(attr.expr, self.resolve)
                                spec = value.get("source") if isinstance(value, dict) else value
                                required[name] = spec if isinstance(spec, str) else None
        first = self.files[0].path
        attrs = {
            "dir": self.folder,
            "files": sorted(f.path for f in self.files),
            "calls": sorted(calls),
            "providers": sorted(providers),
            "required_providers": dict(sorted(required.items())),
            "backend": backend,
        }
        return Fact(self.mid, NodeKind.TF_MODULE, Location(first, 1, 1), attrs)

    def _emit(self, source: SourceFile, block: Block) -> None:
        kind = block.type
        if kind in ("resource", "data") and len(block.labels) >= 2:
            self._resource(source, block)
        elif kind == "module" and block.labels:
            self._module_call(source, block)
        elif kind == "variable" and block.labels:
            self._variable(source, block)
        elif kind == "output" and block.labels:
            fid = self._add(
                NodeKind.TF_OUTPUT,
                source,
                block,
                f"output.{block.labels[0]}",
                {
                    "name": block.labels[0],
                    "expression": self._text(block, "value", source),
                    "sensitive": self._static(block, "sensitive") is True,
                },
            )
            if fid is not None:
                self._references(fid, source, block)
        elif kind == "locals":
            self._locals(source, block)
        elif kind == "provider" and block.labels:
            self._provider(source, block)
        elif kind == "terraform":
            for inner in block.blocks:
                if inner.type == "backend" and inner.labels:
                    self._arguments(
                        f"{self.mid}#backend", f"backend.{inner.labels[0]}", source, inner
                    )

    def _resource(self, source: SourceFile, block: Block) -> None:
        rtype, name = block.labels[0], block.labels[1]
        mode = "data" if block.type == "data" else "managed"
        address = f"{'data.' if mode == 'data' else ''}{rtype}.{name}"
        values = self._values(block)
        attrs = {
            "address": address,
            "type": rtype,
            "name": name,
            "mode": mode,
            "values": values,
            "attributes": sorted({p for p, _a in self._paths(block)} - _META_ARGS),
            "blocks": sorted({nested_name(b) for b in block.blocks} - _META_ARGS),
            "dynamic": sorted({nested_name(b) for b in block.blocks if b.type == "dynamic"}),
            "count": self._text(block, "count", source),
            "for_each": self._text(block, "for_each", source),
            "provider": self._text(block, "provider", source),
            "via_module": None,
            "login_server": login_server(rtype, values),
            "arm_type": arm_type(self._text(block, "type", source)) if is_azapi(rtype) else None,
        }
        fid = self._add(NodeKind.TF_RESOURCE, source, block, address, attrs)
        if fid is not None:
            self._references(fid, source, block)
            if mode == "managed":
                self._literal_arguments(fid, address, source, block)

    def _literal_arguments(self, owner: str, label: str, source: SourceFile, block: Block) -> None:
        """A resource's arguments written as a literal string (``admin_password = "..."``) are
        ``tf_argument`` facts, as provider arguments are; references and meta-arguments not."""
        for path, attribute in walk_attributes(block):
            if path.split(".", 1)[0] in _META_ARGS:
                continue
            value = value_of(attribute.expr, lambda _ref: UNKNOWN)
            if not isinstance(value, str):
                continue
            fid = self._unique(f"{owner}/arg/{path}")
            self.facts.append(
                Fact(
                    fid,
                    NodeKind.TF_ARGUMENT,
                    source.loc(attribute.line, attribute.column),
                    {
                        "name": path.rpartition(".")[2],
                        "value": value,
                        "raw": text_of(attribute.expr, source.text),
                        "block": label,
                        "module": self.folder,
                    },
                )
            )
            self.relations.append(Relation(owner, fid, EdgeKind.HAS))

    def _module_call(self, source: SourceFile, block: Block) -> None:
        name = block.labels[0]
        raw_source = self._static(block, "source")
        src = raw_source if isinstance(raw_source, str) else None
        target = local_target(self.folder, src)
        creates = created_by(src) if src is not None and target is None else None
        inputs = {k: v for k, v in self._values(block).items() if k not in MODULE_ARGS}
        names = sorted({p for p, _a in self._paths(block)} - MODULE_ARGS - _META_ARGS)
        version = self._static(block, "version")
        fid = self._add(
            NodeKind.TF_MODULE_CALL,
            source,
            block,
            f"module.{name}",
            {
                "name": name,
                "source": src,
                "version": version if isinstance(version, str) else None,
                "local": target is not None,
                "target": target,
                "creates": creates,
                "inputs": inputs,
                "input_names": names,
                "count": self._text(block, "count", source),
                "for_each": self._text(block, "for_each", source),
            },
        )
        if fid is None:
            return
        owners = [fid]
        if creates is not None:
            made = f"{fid}/{creates}"
            self.facts.append(
                Fact(
                    made,
                    NodeKind.TF_RESOURCE,
                    source.loc(block.line, block.column),
                    {
                        "address": f"module.{name}",
                        "type": creates,
                        "name": name,
                        "mode": "managed",
                        "module": self.folder,
                        "values": inputs,
                        "attributes": names,
                        "blocks": [],
                        "dynamic": [],
                        "count": self._text(block, "count", source),
                        "for_each": self._text(block, "for_each", source),
                        "provider": None,
                        "via_module": src,
                        "login_server": login_server(creates, inputs),
                    },
                )
            )
            self.relations.append(Relation(fid, made, EdgeKind.HAS))
            owners.append(made)
        self._references(fid, source, block, also=owners[1:])

    def _variable(self, source: SourceFile, block: Block) -> None:
        name = block.labels[0]
        default = block.attributes.get("default")
        value = value_of(default.expr, self.resolve) if default is not None else UNKNOWN
        static = None if value is UNKNOWN else value
        given = self.tfvars.get(name)
        effective = self.resolve(Ref("var", (name,), f"var.{name}", block.line, block.column))
        self._add(
            NodeKind.TF_VARIABLE,
            source,
            block,
            f"var.{name}",
            {
                "name": name,
                "type": self._text(block, "type", source),
                "default": static,
                "default_text": static if isinstance(static, str) else None,
                "has_default": default is not None,
                "sensitive": self._static(block, "sensitive") is True,
                "set_in": given.source.path if given is not None else None,
                "value": None if effective is UNKNOWN else effective,
            },
            at=default,
        )

    def _locals(self, source: SourceFile, block: Block) -> None:
        for name, attribute in block.attributes.items():
            if self.locals.get(name, (None, None))[0] is not attribute:
                continue  # declared twice: Terraform rejects it; the first one is kept
            value = self._local(name)
            fid = f"{self.mid}#local.{name}"
            self.facts.append(
                Fact(
                    fid,
                    NodeKind.TF_LOCAL,
                    source.loc(attribute.line, attribute.column),
                    {
                        "name": name,
                        "value": None if value is UNKNOWN else value,
                        "expression": text_of(attribute.expr, source.text),
                        "module": self.folder,
                    },
                )
            )
            self.relations.append(Relation(self.mid, fid, EdgeKind.HAS))
            self._attribute_refs(fid, source, name, attribute, ())

    def _provider(self, source: SourceFile, block: Block) -> None:
        name = block.labels[0]
        alias = self._static(block, "alias")
        key = f"provider.{name}" + (f".{alias}" if isinstance(alias, str) else "")
        fid = self._add(
            NodeKind.TF_PROVIDER,
            source,
            block,
            key,
            {
                "name": name,
                "alias": alias if isinstance(alias, str) else None,
                "values": self._values(block),
            },
        )
        if fid is None:
            return
        self._arguments(fid, f"provider.{name}", source, block)
        self._references(fid, source, block)

    def _arguments(self, owner: str, label: str, source: SourceFile, block: Block) -> None:
        for path, attribute in walk_attributes(block):
            value = value_of(attribute.expr, lambda _ref: UNKNOWN)
            fid = self._unique(f"{owner}/{path}")
            self.facts.append(
                Fact(
                    fid,
                    NodeKind.TF_ARGUMENT,
                    source.loc(attribute.line, attribute.column),
                    {
                        "name": path.rpartition(".")[2],
                        "value": value if isinstance(value, str) else None,
                        "raw": text_of(attribute.expr, source.text),
                        "block": label,
                        "module": self.folder,
                    },
                )
            )
            self.relations.append(Relation(owner, fid, EdgeKind.HAS))

    # -- references ---------------------------------------------------------------------------
    def _references(
        self, owner: str, source: SourceFile, block: Block, also: list[str] | None = None
    ) -> None:
        looped = block.attributes.get("for_each")
        each = refs_of(looped.expr, source.text) if looped is not None else []
        for path, attribute in walk_attributes(block):
            self._attribute_refs(owner, source, path, attribute, tuple(also or ()), each)

    def _attribute_refs(
        self,
        owner: str,
        source: SourceFile,
        path: str,
        attribute: Attribute,
        also: tuple[str, ...],
        each: list[Ref] | None = None,
    ) -> None:
        seen: set[tuple[int, int]] = set()
        for sub_path, expr in object_paths(path, attribute.expr)[::-1]:
            for ref in refs_of(expr, source.text):
                if (ref.line, ref.column) in seen:
                    continue
                seen.add((ref.line, ref.column))
                if ref.root != "each":
                    self._reference(owner, source, sub_path, ref, also)
                    continue
                # `each.value` is an element of the block's for_each: what that references,
                # located where `each` is written
                for looped in each or ():
                    at = Ref(looped.root, looped.parts, looped.text, ref.line, ref.column)
                    self._reference(owner, source, sub_path, at, also)

    def _reference(
        self, owner: str, source: SourceFile, path: str, ref: Ref, also: tuple[str, ...]
    ) -> None:
        target = ref_target(ref)
        if target is None:
            return
        address, kind, steps = target
        known = ref.parts[0] in self.locals if kind == "local" else address in self.decls
        if not known:
            return
        value = self.resolve(ref) if kind in ("var", "local") else UNKNOWN
        fid = f"{owner}/ref/{path}/{ref.text}"
        if fid in self._ids:  # the same traversal twice in one argument: one fact
            return
        self._ids.add(fid)
        decl = self.decls.get(address)
        self.facts.append(
            Fact(
                fid,
                NodeKind.TF_REFERENCE,
                source.loc(ref.line, ref.column),
                {
                    "text": ref.text,
                    "target": address,
                    "target_kind": kind,
                    "target_type": decl.block.labels[0]
                    if decl and kind in ("resource", "data")
                    else None,
                    "attribute": path,
                    "steps": steps,
                    "owner": owner,
                    "value": None if value is UNKNOWN else value,
                    "module": self.folder,
                },
            )
        )
        for holder in (owner, *also):
            self.relations.append(Relation(holder, fid, EdgeKind.HAS))
        target_id = f"{self.mid}#{address}"
        self.relations.append(Relation(fid, target_id, EdgeKind.REFERS_TO))

    # -- helpers ------------------------------------------------------------------------------
    def _unique(self, fid: str) -> str:
        """``fid``, or ``fid#2``, ``fid#3``... for the same argument of a repeated nested block."""
        made, n = fid, 1
        while made in self._ids:
            n += 1
            made = f"{fid}#{n}"
        self._ids.add(made)
        return made

    def _add(
        self,
        kind: NodeKind,
        source: SourceFile,
        block: Block,
        address: str,
        attrs: dict[str, Any],
        at: Attribute | None = None,
    ) -> str | None:
        """Add a block's fact; None (and a diagnostic) when the address was declared before."""
        fid = f"{self.mid}#{address}"
        if self.decls.get(address, _Decl(block, source)).block is not block:
            self.diagnostics.append(
                Diagnostic(
                    source.loc(block.line, block.column),
                    f"{address} is declared twice (first in {self.decls[address].file.path}:"
                    f"{self.decls[address].block.line}); the first one is kept",
                )
            )
            return None
        where = (
            source.loc(at.line, at.column)
            if at is not None
            else source.loc(block.line, block.column)
        )
        self.facts.append(Fact(fid, kind, where, {**attrs, "module": self.folder}))
        self.relations.append(Relation(self.mid, fid, EdgeKind.HAS))
        return fid

    def _static(self, block: Block, name: str) -> Any:
        attribute = block.attributes.get(name)
        return value_of(attribute.expr, self.resolve) if attribute is not None else None

    def _text(self, block: Block, name: str, source: SourceFile) -> str | None:
        attribute = block.attributes.get(name)
        return text_of(attribute.expr, source.text) if attribute is not None else None

    def _values(self, block: Block) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for name, attribute in block.attributes.items():
            value = value_of(attribute.expr, self.resolve)
            if value is not UNKNOWN and name not in _META_ARGS:
                values[name] = value
        for child in block.blocks:
            inner = self._values(content_of(child))
            key = nested_name(child)
            if key in _META_ARGS:
                continue
            if key in values:
                previous = values[key]
                values[key] = (
                    [*previous, inner] if isinstance(previous, list) else [previous, inner]
                )
            else:
                values[key] = inner
        return values

    def _paths(self, block: Block) -> list[tuple[str, Any]]:
        return [
            item
            for path, attribute in walk_attributes(block)
            for item in object_paths(path, attribute.expr)
        ]
