"""Compiled rule conditions: a small tree of predicates evaluated against one fact of the graph.

Every predicate returns an :class:`Outcome`: whether it holds, and the facts that explain the
answer (what was found when it holds; what is wrong when it fails). Findings use that evidence as
their location and related locations.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import Any

from archlint.domain.facts import EdgeKind, Fact, NodeKind
from archlint.domain.graph import Direction, FactGraph
from archlint.engine.versions import lowest_satisfies

_MISSING = object()


@dataclass(frozen=True)
class Outcome:
    ok: bool
    evidence: tuple[Fact, ...] = ()
    groups: tuple[tuple[Fact, ...], ...] = ()
    bindings: dict[str, Fact] = field(default_factory=dict)


# the outcomes without evidence, shared: a rule pass tests millions of conditions (nothing
# changes an outcome once made; AllOf and the evaluator copy the bindings they merge)
_TRUE = Outcome(True)
_FALSE = Outcome(False)


class Predicate:
    def test(self, fact: Fact, graph: FactGraph) -> Outcome:  # pragma: no cover - abstract
        raise NotImplementedError

    def holds(self, fact: Fact, graph: FactGraph) -> bool:
        """Whether :meth:`test` is ok, without its evidence (a ``where`` filter asks only that)."""
        return self.test(fact, graph).ok


def attr_value(fact: Fact, name: str) -> Any:
    """An attribute by (dotted) name; ``kind``, ``id``, ``path`` and ``line`` are built in."""
    if name == "kind":
        return fact.kind.value
    if name == "id":
        return fact.id
    if name == "path":
        return fact.location.path
    if name == "line":
        return fact.location.line
    if name in fact.attrs:  # a key that itself holds a dot (a label like ``app.kubernetes.io``)
        return fact.attrs[name]
    value: Any = fact.attrs
    for part in name.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return _MISSING
        value = value[part]
    return value


def _values(value: Any) -> list[Any]:
    """Comparison operators apply to each element of a list attribute (any element matches)."""
    if value is _MISSING or value is None:
        return []
    return list(value) if isinstance(value, list | tuple | set | frozenset) else [value]


def _num(v: Any) -> float | None:
    if isinstance(v, bool):
        return None
    if isinstance(v, int | float):
        return float(v)
    if isinstance(v, str):
        try:
            return float(v)
        except ValueError:
            return None
    return None


def _cmp(op: Callable[[float, float], bool]) -> Callable[[Any, Any], bool]:
    def check(v: Any, operand: Any) -> bool:
        n = _num(v)
        return n is not None and op(n, float(operand))

    return check


def _same(value: Any, operand: Any) -> bool:
    """Equality that keeps booleans apart from numbers (``true`` is not ``1``)."""
    return isinstance(value, bool) == isinstance(operand, bool) and bool(value == operand)


def _member(value: Any, options: Any) -> bool:
    return any(_same(value, option) for option in options)


def _between(v: Any, pair: Sequence[Any]) -> bool:
    n = _num(v)
    return n is not None and float(pair[0]) <= n <= float(pair[1])


# operator name -> (test of one attribute value against the operand)
OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    "equals": _same,
    "in": _member,
    "regex": lambda v, o: isinstance(v, str) and o.search(v) is not None,
    "gt": _cmp(lambda a, b: a > b),
    "gte": _cmp(lambda a, b: a >= b),
    "lt": _cmp(lambda a, b: a < b),
    "lte": _cmp(lambda a, b: a <= b),
    "between": _between,
    "outside": lambda v, o: _num(v) is not None and not _between(v, o),
    "glob": lambda v, o: isinstance(v, str) and fnmatchcase(v, o),
    "satisfies": lambda v, o: isinstance(v, str) and lowest_satisfies(v, o),
}
# negated forms: true when no element matches
NEGATED = {"not_equals": "equals", "not_in": "in", "not_regex": "regex"}


@dataclass(frozen=True)
class AttrTest(Predicate):
    attr: str
    op: str
    operand: Any

    def __post_init__(self) -> None:
        # the operator resolved once, not per fact (the hottest predicate of a rule pass)
        object.__setattr__(self, "_holds", _holds(self.op, self.operand))
        # a plain attribute name (no dot, not built in) is read with one dict lookup
        plain = "." not in self.attr and self.attr not in _BUILT_IN
        object.__setattr__(self, "_plain_name", plain)

    def test(self, fact: Fact, graph: FactGraph) -> Outcome:
        return _TRUE if self.holds(fact, graph) else _FALSE

    def holds(self, fact: Fact, graph: FactGraph) -> bool:
        check: Callable[[Any], bool] = self._holds  # type: ignore[attr-defined]
        if self._plain_name:  # type: ignore[attr-defined]
            return check(fact.attrs.get(self.attr, _MISSING))
        return check(attr_value(fact, self.attr))


_BUILT_IN = frozenset({"kind", "id", "path", "line"})  # the names attr_value answers itself


def _holds(op: str, operand: Any) -> Callable[[Any], bool]:
    """``op`` against ``operand`` as a test of an attribute value (:data:`_MISSING` if absent);
    a list value holds when any element does (none, for the negated operators)."""
    if op == "exists":
        return lambda value: (value is not _MISSING and value is not None) == bool(operand)
    if op == "contains":
        return lambda value: (
            isinstance(operand, str) and operand in value
            if isinstance(value, str)  # a string contains a substring
            else _member(operand, _values(value))
        )
    name = NEGATED.get(op, op)
    check = _regex_check() if name == "regex" else OPERATORS[name]
    strings: frozenset[str] | None = None
    if (
        name == "in"
        and isinstance(operand, list | tuple | set | frozenset)
        and all(isinstance(o, str) for o in operand)
    ):
        strings = frozenset(operand)
        check = _string_member(strings)

    def any_element(value: Any) -> bool:
        if value is _MISSING or value is None:
            return False
        if isinstance(value, list | tuple | set | frozenset):
            return any(check(v, operand) for v in value)
        return check(value, operand)

    test = any_element
    if strings is not None:
        members = strings

        def string_member(value: Any) -> bool:  # a string value: one set lookup
            return value in members if value.__class__ is str else any_element(value)

        test = string_member
    if op in NEGATED:
        return lambda value: not test(value)
    return test


def _string_member(strings: frozenset[str]) -> Callable[[Any, Any], bool]:
    """``in`` a list of strings: a str element is a member exactly when it is in the set."""

    def check(v: Any, options: Any) -> bool:
        return v in strings if isinstance(v, str) else _member(v, options)

    return check


def _regex_check() -> Callable[[Any, Any], bool]:
    """``regex`` with each string's answer kept: one pattern meets the same path or qualified
    name again and again (every call of a module, every rule that asks)."""
    seen: dict[str, bool] = {}

    def check(v: Any, pattern: Any) -> bool:
        if not isinstance(v, str):
            return False
        hit = seen.get(v)
        if hit is None:
            hit = seen[v] = pattern.search(v) is not None
        return hit

    return check


@dataclass(frozen=True)
class KindIs(Predicate):
    kind: NodeKind

    def test(self, fact: Fact, graph: FactGraph) -> Outcome:
        return _TRUE if fact.kind is self.kind else _FALSE

    def holds(self, fact: Fact, graph: FactGraph) -> bool:
        return fact.kind is self.kind


@dataclass(frozen=True)
class AllOf(Predicate):
    parts: tuple[Predicate, ...]
    _plain: tuple[Predicate, ...] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        # parts without evidence or bindings are a plain conjunction: tested cheapest first
        object.__setattr__(self, "_plain", _plain_parts(self.parts))

    def holds(self, fact: Fact, graph: FactGraph) -> bool:
        plain = self._plain
        if plain is None:
            return self.test(fact, graph).ok
        for part in plain:  # a loop, not all(): no generator per test of a hot filter
            if not part.holds(fact, graph):
                break
        else:
            return True
        return False

    def test(self, fact: Fact, graph: FactGraph) -> Outcome:
        if self._plain is not None:
            return _TRUE if self.holds(fact, graph) else _FALSE
        evidence: list[Fact] = []
        groups: list[tuple[Fact, ...]] = []
        bindings: dict[str, Fact] = {}
        for part in self.parts:
            out = part.test(fact, graph)
            if not out.ok:
                return out
            evidence.extend(out.evidence)
            groups.extend(out.groups)
            bindings.update(out.bindings)
        return Outcome(True, _dedupe(evidence), tuple(groups), bindings)


@dataclass(frozen=True)
class AnyOf(Predicate):
    parts: tuple[Predicate, ...]
    _plain: tuple[Predicate, ...] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        object.__setattr__(self, "_plain", _plain_parts(self.parts))

    def holds(self, fact: Fact, graph: FactGraph) -> bool:
        plain = self._plain
        if plain is None:
            return self.test(fact, graph).ok
        for part in plain:
            if part.holds(fact, graph):
                break
        else:
            return False
        return True

    def test(self, fact: Fact, graph: FactGraph) -> Outcome:
        if self._plain is not None:
            return _TRUE if self.holds(fact, graph) else _FALSE
        evidence: list[Fact] = []
        groups: list[tuple[Fact, ...]] = []
        for part in self.parts:
            out = part.test(fact, graph)
            if out.ok:
                return out
            evidence.extend(out.evidence)
            groups.extend(out.groups)
        return Outcome(False, _dedupe(evidence), tuple(groups))


@dataclass(frozen=True)
class Not(Predicate):
    inner: Predicate

    def test(self, fact: Fact, graph: FactGraph) -> Outcome:
        if _is_plain(self.inner):
            return _FALSE if self.inner.holds(fact, graph) else _TRUE
        out = self.inner.test(fact, graph)
        return Outcome(not out.ok, out.evidence, out.groups)

    def holds(self, fact: Fact, graph: FactGraph) -> bool:
        return not self.inner.holds(fact, graph)


def _is_plain(part: Predicate) -> bool:
    """A predicate whose outcome never carries evidence, groups or bindings (only ok)."""
    if isinstance(part, AttrTest | KindIs | Is):
        return True
    if isinstance(part, AllOf | AnyOf):
        return part._plain is not None
    return isinstance(part, Not) and _is_plain(part.inner)


def _cost(part: Predicate) -> int:
    """A rough relative cost of testing ``part`` (a kind check first, a concept last)."""
    if isinstance(part, KindIs):
        return 1
    if isinstance(part, AttrTest):
        return 2
    if isinstance(part, Not):
        return _cost(part.inner)
    if isinstance(part, AllOf):
        return min((_cost(p) for p in part.parts), default=0) + 1
    if isinstance(part, AnyOf):
        return sum(_cost(p) for p in part.parts) + 1
    return 20  # a concept (memoised, but a condition of its own the first time)


def _plain_parts(parts: tuple[Predicate, ...]) -> tuple[Predicate, ...] | None:
    """``parts`` cheapest first when all are plain (their order then changes no answer)."""
    if not all(_is_plain(p) for p in parts):
        return None
    return tuple(sorted(parts, key=_cost))


@dataclass(frozen=True)
class Hop:
    edge: EdgeKind
    direction: Direction
    kind: NodeKind | None
    where: Predicate | None


@dataclass(frozen=True)
class Repeat:
    """A sub-path followed between ``low`` and ``high`` times (``calls`` up to 3 deep): what
    each round reaches is kept, cycles end the walk, and ``low = 0`` keeps the start node."""

    inner: Traversal
    low: int
    high: int
    where: Predicate | None = None  # what the reached nodes must be (not the ones walked through)

    def reach(self, node: Fact, graph: FactGraph, filter_last: bool) -> dict[str, Fact]:
        found: dict[str, Fact] = {node.id: node} if self.low == 0 else {}
        seen = {node.id}
        frontier = [node]
        for rounds in range(1, self.high + 1):
            step: dict[str, Fact] = {}
            for current in frontier:
                step.update(self.inner._from(0, current, graph, filter_last))
            if rounds >= self.low:
                for fid, fact in step.items():
                    found.setdefault(fid, fact)
            frontier = [f for fid, f in sorted(step.items()) if fid not in seen]
            seen.update(f.id for f in frontier)
            if not frontier:
                break
        if self.where is not None and filter_last:
            return {fid: f for fid, f in found.items() if self.where.holds(f, graph)}
        return found


@dataclass(frozen=True)
class Traversal:
    hops: tuple[Hop | Repeat, ...]

    def reach(self, fact: Fact, graph: FactGraph, *, filter_last: bool = True) -> list[Fact]:
        return sorted(self._from(0, fact, graph, filter_last).values(), key=Fact.sort_key)

    def _from(self, i: int, node: Fact, graph: FactGraph, filter_last: bool) -> dict[str, Fact]:
        """What hops ``i..`` reach from ``node``, memoised: anchors that meet at one node (every
        component of a compose project reaches its project) share the rest of the walk."""
        if i == len(self.hops):
            return {node.id: node}
        key = ("reach", id(self), i, node.id, filter_last)
        cached = graph.walks.get(key)
        if cached is not None and cached[0] is self:
            found: dict[str, Fact] = cached[1]
            return found
        hop = self.hops[i]
        last = i == len(self.hops) - 1
        if isinstance(hop, Repeat):
            nexts = sorted(
                hop.reach(node, graph, filter_last or not last).values(), key=Fact.sort_key
            )
        else:
            check = hop.where is not None and (filter_last or not last)
            nexts = _step(hop, check, node, graph)
        found = {}
        for nxt in nexts:
            for fid, fact in self._from(i + 1, nxt, graph, filter_last).items():
                found.setdefault(fid, fact)
        graph.walks[key] = (self, found)  # self is kept so its id cannot be reused meanwhile
        return found


def _step(hop: Hop, check: bool, node: Fact, graph: FactGraph) -> list[Fact]:
    """One hop from one node (its kind and ``where`` applied), memoised on the graph."""
    key = ("step", id(hop), check, node.id)
    cached = graph.walks.get(key)
    if cached is not None and cached[0] is hop:
        result: list[Fact] = cached[1]
        return result
    result = []
    for nxt in graph.neighbours(node.id, hop.edge, hop.direction):
        if hop.kind is not None and nxt.kind is not hop.kind:
            continue
        if check and hop.where is not None and not hop.where.holds(nxt, graph):
            continue
        result.append(nxt)
    graph.walks[key] = (hop, result)  # the hop is kept so its id cannot be reused meanwhile
    return result


@dataclass(frozen=True)
class Count:
    ops: tuple[tuple[str, float], ...]

    def check(self, n: int) -> bool:
        table: dict[str, Callable[[float, float], bool]] = {
            "gt": lambda a, b: a > b,
            "gte": lambda a, b: a >= b,
            "lt": lambda a, b: a < b,
            "lte": lambda a, b: a <= b,
            "equals": lambda a, b: a == b,
        }
        return all(table[op](n, v) for op, v in self.ops)


@dataclass(frozen=True)
class Related(Predicate):
    traversal: Traversal
    quantifier: str = "any"
    count: Count | None = None
    bind: str | None = None

    def test(self, fact: Fact, graph: FactGraph) -> Outcome:
        reached = self.traversal.reach(fact, graph)
        if self.count is not None:
            ok = self.count.check(len(reached))
            return Outcome(ok, tuple(reached), bindings=self._bind(reached if ok else []))
        if self.quantifier == "none":
            return Outcome(not reached, tuple(reached))
        if self.quantifier == "all":
            # every node the last hop reaches (before its ``where``) must pass the ``where``
            candidates = self.traversal.reach(fact, graph, filter_last=False)
            ids = {n.id for n in reached}
            failing = tuple(n for n in candidates if n.id not in ids)
            if failing or not candidates:
                return Outcome(False, failing)
            return Outcome(True, tuple(reached), bindings=self._bind(reached))
        return Outcome(bool(reached), tuple(reached), bindings=self._bind(reached))

    def _bind(self, reached: list[Fact]) -> dict[str, Fact]:
        return {self.bind: reached[0]} if self.bind and reached else {}


@dataclass(frozen=True)
class Agree(Predicate):
    """Holds when every two groups of reached nodes share at least one ``value``."""

    traversal: Traversal
    group_by: tuple[str, ...]
    value: str
    trust: Predicate | None = None

    def test(self, fact: Fact, graph: FactGraph) -> Outcome:
        reached = self.traversal.reach(fact, graph)
        groups: dict[str, list[Fact]] = {}
        for node in reached:
            if attr_value(node, self.value) in (_MISSING, None):
                continue
            key = "|".join(_group_part(attr_value(node, name)) for name in self.group_by)
            groups.setdefault(key, []).append(node)
        sets = {g: {attr_value(n, self.value) for n in nodes} for g, nodes in groups.items()}
        names = sorted(sets)
        clash = [
            (a, b) for i, a in enumerate(names) for b in names[i + 1 :] if not sets[a] & sets[b]
        ]
        if not clash:
            return Outcome(True)
        involved = sorted({g for pair in clash for g in pair})
        nodes = [n for g in involved for n in groups[g]]
        # the intended value is the most common one (the fewest edits fix it); a tie goes to the
        # value of a trusted node (what actually listens), then to the lowest; the nodes with
        # other values are listed first
        trusted = {
            attr_value(n, self.value)
            for n in nodes
            if self.trust is not None and self.trust.test(n, graph).ok
        }
        # each place counts once: facts at one location (a chart's default render and a
        # values-overlay variant of the same template line) are one edit
        places: dict[Any, set[Any]] = {}
        for n in nodes:
            places.setdefault(attr_value(n, self.value), set()).add(n.location)
        counts = {v: len(where) for v, where in places.items()}
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0] not in trusted, str(kv[0])))
        majority = ranked[0][0]
        nodes.sort(key=lambda n: (attr_value(n, self.value) == majority, n.sort_key()))
        return Outcome(False, tuple(nodes))


@dataclass(frozen=True)
class Unique(Predicate):
    """Holds when no two reached nodes share the ``by`` values (with differing ``across``)."""

    traversal: Traversal
    by: tuple[str, ...]
    across: str | None
    order_by: str | None = None
    together: str | None = None

    def test(self, fact: Fact, graph: FactGraph) -> Outcome:
        buckets: dict[tuple[Any, ...], list[Fact]] = {}
        for node in self.traversal.reach(fact, graph):
            values = [attr_value(node, b) for b in self.by]
            if any(v is _MISSING or v is None for v in values):
                continue  # a node without the attributes cannot collide
            buckets.setdefault(tuple(map(repr, values)), []).append(node)
        groups = []
        for key in sorted(buckets):
            nodes = [n for n in buckets[key] if any(self._clash(n, o) for o in buckets[key])]
            if not nodes:
                continue
            # the later declaration is the one to move: point at it first
            ordered = sorted(nodes, key=self._declared)
            groups.append((ordered[-1], *ordered[:-1]))
        if not groups:
            return Outcome(True)
        return Outcome(False, tuple(n for g in groups for n in g), tuple(groups))

    def _clash(self, a: Fact, b: Fact) -> bool:
        """Two nodes with the same ``by`` values collide unless ``across`` says they are one
        owner, or ``together`` says they never exist at once (disjoint non-empty lists, such as
        compose profiles: a service with no profile is always there)."""
        if a.id == b.id:
            return False
        if self.across is not None and attr_value(a, self.across) == attr_value(b, self.across):
            return False
        if self.together is not None:
            sa, sb = _as_set(attr_value(a, self.together)), _as_set(attr_value(b, self.together))
            if sa and sb and not sa & sb:
                return False
        return True

    def _declared(self, node: Fact) -> tuple[float, tuple[str, int, int, str]]:
        """Declaration order: ``order_by`` (e.g. a compose file's place in the merge) first."""
        rank = attr_value(node, self.order_by) if self.order_by else 0
        number = rank if isinstance(rank, int | float) and not isinstance(rank, bool) else 0
        return (float(number), node.sort_key())


def _as_set(value: Any) -> set[str]:
    return {str(v) for v in _values(value)}


def _group_part(value: Any) -> str:
    return "" if value is _MISSING or value is None else str(value)


def _dedupe(facts: list[Fact]) -> tuple[Fact, ...]:
    seen: dict[str, Fact] = {}
    for f in facts:
        seen.setdefault(f.id, f)
    return tuple(seen.values())


@dataclass(frozen=True)
class Join(Predicate):
    """Pairs the nodes two walks reach by equal attribute values (an image's ``registry`` and
    the ``login_server`` of a registry Terraform creates). ``any``: some left node has a
    partner; ``all``: every left node has one (those without are the evidence), and there is a
    left node; ``none``: no left node has one (the matched ones are the evidence)."""

    left: Traversal
    right: Traversal
    left_attr: str
    right_attr: str
    quantifier: str = "any"
    bind: str | None = None

    def test(self, fact: Fact, graph: FactGraph) -> Outcome:
        index: dict[str, list[Fact]] = {}
        for node in self.right.reach(fact, graph):
            for value in _values(attr_value(node, self.right_attr)):
                index.setdefault(repr(value), []).append(node)
        matched: list[Fact] = []
        partners: list[Fact] = []
        unmatched: list[Fact] = []
        for node in self.left.reach(fact, graph):
            found = [
                p for v in _values(attr_value(node, self.left_attr)) for p in index.get(repr(v), [])
            ]
            if found:
                matched.append(node)
                partners.extend(found)
            else:
                unmatched.append(node)
        bindings = {self.bind: partners[0]} if self.bind and partners else {}
        if self.quantifier == "none":
            return Outcome(not matched, _dedupe(matched + partners))
        if self.quantifier == "all":
            ok = not unmatched and bool(matched)
            return Outcome(ok, tuple(matched) if ok else tuple(unmatched), bindings=bindings)
        return Outcome(bool(matched), _dedupe(matched + partners), bindings=bindings)


@dataclass(frozen=True)
class Concept:
    """A named label (``test-code``): a condition defined once, in a concept file, that rules
    refer to with ``is:``. A user redefines it in config and every rule follows."""

    name: str
    condition: Predicate | None
    source: str  # the file that defined it (or the config file that overrode it)
    kinds: tuple[NodeKind, ...] = ()  # the kinds it is about; empty: any kind
    user_defined: bool = False


@dataclass(frozen=True)
class Is(Predicate):
    """The node carries the label ``concept`` (memoised per node: many rules ask)."""

    concept: Concept

    def test(self, fact: Fact, graph: FactGraph) -> Outcome:
        return _TRUE if self.holds(fact, graph) else _FALSE

    def holds(self, fact: Fact, graph: FactGraph) -> bool:
        # one table of answers a concept: a node id -> bool entry costs less than a key each
        key = ("is", self.concept.name)
        labels = graph.memo.get(key)
        if labels is None or labels[0] is not self.concept:
            labels = graph.memo[key] = (self.concept, {})
        answers: dict[str, bool] = labels[1]
        result = answers.get(fact.id)
        if result is None:
            condition = self.concept.condition
            kinds = self.concept.kinds
            result = answers[fact.id] = (not kinds or fact.kind in kinds) and (
                condition is None or condition.holds(fact, graph)
            )
        return result
