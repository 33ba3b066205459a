"""Go-template syntax trees: pieces from the lexer parsed into nodes, ``define`` s collected.

The subset is what charts write: text, actions with pipelines, ``if``/``else if``/``else``,
``with``/``else with``, ``range`` (with ``$k, $v :=``, ``break``, ``continue``), ``define``,
``template``, ``block``, variables (``:=``/``=``), parenthesised pipelines and field chains on them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from archlint.parsers.helm.lexer import Piece, TemplateSyntaxError, Token, split, tokens


@dataclass(frozen=True, slots=True)
class Field:
    names: tuple[str, ...]  # () is the dot itself


@dataclass(frozen=True, slots=True)
class Var:
    name: str  # "$" or "$x"
    names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Ident:
    name: str  # a function


@dataclass(frozen=True, slots=True)
class Lit:
    value: object


@dataclass(frozen=True, slots=True)
class Sub:
    pipe: Pipe
    names: tuple[str, ...]


Arg = Field | Var | Ident | Lit | Sub


@dataclass(frozen=True, slots=True)
class Pipe:
    decls: tuple[str, ...]
    assign: bool  # `=` instead of `:=`
    cmds: tuple[tuple[Arg, ...], ...]
    line: int


@dataclass(slots=True)
class Text:
    text: str
    line: int


@dataclass(slots=True)
class Action:
    pipe: Pipe
    line: int


@dataclass(slots=True)
class Branch:
    """``if``, ``with`` or ``range``: ``body`` when the pipe holds, else ``otherwise``."""

    keyword: str
    pipe: Pipe
    body: list[Node]
    otherwise: list[Node]
    line: int


@dataclass(slots=True)
class Call:
    name: str
    pipe: Pipe | None
    line: int


@dataclass(slots=True)
class Jump:
    keyword: str  # break | continue
    line: int


Node = Text | Action | Branch | Call | Jump


@dataclass(slots=True)
class Template:
    """One parsed file: its top-level nodes and the templates it defines."""

    path: str
    nodes: list[Node]
    defines: dict[str, list[Node]] = field(default_factory=dict)
    define_lines: dict[str, int] = field(default_factory=dict)


def parse_template(path: str, text: str) -> Template:
    """Parse ``text``; raises :class:`TemplateSyntaxError` naming the line. Trees are shared
    between equal texts (a vendored ``common`` chart in every chart of a repository): they
    are never changed once parsed."""
    nodes, defines, lines = _parsed(text)
    return Template(path, nodes, dict(defines), dict(lines))


@lru_cache(maxsize=2048)
def _parsed(text: str) -> tuple[list[Node], dict[str, list[Node]], dict[str, int]]:
    template = Template("", [])
    parser = _Parser(split(text), template)
    template.nodes = parser.nodes(())
    return template.nodes, template.defines, template.define_lines


class _Parser:
    def __init__(self, pieces: list[Piece], template: Template) -> None:
        self.pieces, self.pos, self.template = pieces, 0, template
        self.ended = ""  # the keyword that ended the last list: end, else
        self.rest: list[Token] = []  # the tokens after that keyword (`else if ...`)
        self.rest_line = 0

    def nodes(self, stops: tuple[str, ...], opened: tuple[str, int] = ("", 0)) -> list[Node]:
        """The nodes up to one of ``stops`` (``end``/``else`` of the block ``opened``: its
        keyword and line), or to the end of the text when there are none."""
        found: list[Node] = []
        while self.pos < len(self.pieces):
            piece = self.pieces[self.pos]
            self.pos += 1
            if not piece.action:
                found.append(Text(piece.text, piece.line))
                continue
            toks = tokens(piece.text, piece.line)
            if not toks:
                raise TemplateSyntaxError("empty action", piece.line)
            word = toks[0].text if toks[0].kind == "ident" else ""
            if word in ("end", "else"):
                if word not in stops:
                    raise TemplateSyntaxError(f"unexpected {{{{{word}}}}}", piece.line)
                self.ended = word
                self.rest = toks[1:]
                self.rest_line = piece.line
                return found
            found.extend(self._keyword(word, toks, piece.line))
        if stops:
            word, line = opened
            raise TemplateSyntaxError(
                f"unexpected end of template: the {{{{{word}}}}} on line {line} is not closed", line
            )
        return found

    def _keyword(self, word: str, toks: list[Token], line: int) -> list[Node]:
        if word in ("if", "with", "range"):
            return [self._branch(word, toks[1:], line)]
        if word in ("define", "block"):
            name = _string_arg(toks, line)
            body = self.nodes(("end",), (word, line))
            if self.ended != "end":
                raise TemplateSyntaxError(f"{{{{{word}}}}} ended by else", line)
            self.template.defines[name] = body
            self.template.define_lines[name] = line
            if word == "block":
                return [Call(name, _pipe(toks[2:], line) if len(toks) > 2 else None, line)]
            return []
        if word == "template":
            name = _string_arg(toks, line)
            return [Call(name, _pipe(toks[2:], line) if len(toks) > 2 else None, line)]
        if word in ("break", "continue"):
            return [Jump(word, line)]
        return [Action(_pipe(toks, line), line)]

    def _branch(self, keyword: str, toks: list[Token], line: int) -> Branch:
        pipe = _pipe(toks, line)
        body = self.nodes(("end", "else"), (keyword, line))
        otherwise: list[Node] = []
        if self.ended == "else":
            rest, rest_line = self.rest, self.rest_line
            if rest and rest[0].kind == "ident" and rest[0].text in ("if", "with"):
                # `else if` / `else with`: a nested branch that shares this one's `end`
                otherwise = [self._branch(rest[0].text, rest[1:], rest_line)]
            else:
                otherwise = self.nodes(("end",), (keyword, line))
                if self.ended != "end":
                    raise TemplateSyntaxError("a second {{else}} in one block", rest_line)
        return Branch(keyword, pipe, body, otherwise, line)


def _string_arg(toks: list[Token], line: int) -> str:
    if len(toks) < 2 or toks[1].kind != "string":
        raise TemplateSyntaxError(f"{{{{{toks[0].text}}}}} needs a quoted name", line)
    return str(_unquote(toks[1].text))


def _pipe(toks: list[Token], line: int) -> Pipe:
    decls: list[str] = []
    assign = False
    for i, tok in enumerate(toks):
        if tok.kind in ("decl", "assign"):
            names = toks[:i]
            if names and all(t.kind in ("var", "comma") for t in names):
                decls = [t.text for t in names if t.kind == "var"]
                assign = tok.kind == "assign"
                toks = toks[i + 1 :]
            break
        if tok.kind not in ("var", "comma"):
            break
    cmds, pos = _commands(toks, 0, line, False)
    if pos != len(toks):
        raise TemplateSyntaxError(f"unexpected {toks[pos].text!r}", line)
    if not cmds:
        raise TemplateSyntaxError("missing value in pipeline", line)
    return Pipe(tuple(decls), assign, tuple(cmds), line)


def _commands(
    toks: list[Token], pos: int, line: int, nested: bool
) -> tuple[list[tuple[Arg, ...]], int]:
    cmds: list[tuple[Arg, ...]] = []
    args: list[Arg] = []
    while pos < len(toks):
        tok = toks[pos]
        if tok.kind == "rparen":
            if not nested:
                raise TemplateSyntaxError("unexpected ')'", line)
            break
        pos += 1
        if tok.kind == "pipe":
            if not args:
                raise TemplateSyntaxError("missing command before '|'", line)
            cmds.append(tuple(args))
            args = []
        elif tok.kind == "lparen":
            inner, pos = _commands(toks, pos, line, True)
            if pos >= len(toks):
                raise TemplateSyntaxError("unclosed '('", line)
            names = tuple(n for n in toks[pos].text[1:].split(".") if n)
            pos += 1
            args.append(Sub(Pipe((), False, tuple(inner), line), names))
        else:
            args.append(_arg(tok, line))
    if args:
        cmds.append(tuple(args))
    elif cmds:
        raise TemplateSyntaxError("missing command after '|'", line)
    return cmds, pos


def _arg(tok: Token, line: int) -> Arg:
    kind, text = tok.kind, tok.text
    if kind == "field":
        return Field(tuple(n for n in text.split(".") if n))
    if kind == "var":
        head, *names = text.split(".")
        return Var(head, tuple(names))
    if kind == "ident":
        return Ident(text)
    if kind == "string":
        return Lit(_unquote(text))
    if kind == "bool":
        return Lit(text == "true")
    if kind == "nil":
        return Lit(None)
    if kind == "number":
        return Lit(_number(text))
    if kind == "char":
        return Lit(ord(_unquote('"' + text[1:-1] + '"')[0]))
    raise TemplateSyntaxError(f"unexpected {text!r}", line)


def _number(text: str) -> int | float:
    clean = text.replace("_", "")
    if clean.lower().startswith(("0x", "-0x", "+0x")):
        return int(clean, 16)
    try:
        return int(clean)
    except ValueError:
        return float(clean)


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "'": "'", "0": "\0"}


def _unquote(text: str) -> str:
    if text.startswith("`"):
        return text[1:-1]
    body, out, i = text[1:-1], [], 0
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            nxt = body[i + 1]
            if nxt == "u" and i + 5 < len(body):
                out.append(chr(int(body[i + 2 : i + 6], 16)))
                i += 6
                continue
            out.append(_ESCAPES.get(nxt, "\\" + nxt))
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)
