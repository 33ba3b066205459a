"""Ports Node servers listen on: ``app.listen(9090)``, ``server.listen({ port: 4000 })``,
``fastify.listen({ port })``, ``app.listen(process.env.PORT ?? 3000)`` (the default),
``startStandaloneServer(server, { listen: { port } })``, constants of the file followed.

The receiver must have a qualified name (an Express/Nest/Fastify/Koa app, an ``http`` server, an
app imported from a module of the repository): ``.listen`` of something unknown is not a port.
"""

from __future__ import annotations

from archlint.parsers.javascript.facts import FactSink
from archlint.parsers.javascript.ports import add_port, port_number
from archlint.parsers.javascript.syntax import object_arg
from archlint.parsers.javascript.walker import Walker

_STANDALONE = "@apollo/server/standalone.startStandaloneServer"


def extract(sink: FactSink, walker: Walker) -> None:
    module = walker.module
    for call in walker.calls:
        if call.construct:
            continue
        args = call.node.child_by_field_name("arguments")
        arg_nodes = args.named_children if args is not None else []
        port_node = None
        if call.qualname.endswith(".listen") and arg_nodes:
            first = arg_nodes[0]
            port_node = object_arg(module, first).get("port", first)
        elif call.qualname == _STANDALONE and len(arg_nodes) > 1:
            listen = object_arg(module, arg_nodes[1]).get("listen")
            port_node = object_arg(module, listen).get("port")
        if port_node is None:
            continue
        number = port_number(module.value(port_node))
        if number is None:
            continue
        server = call.qualname.removesuffix(".listen").split(".", 1)[0].removesuffix("()")
        add_port(
            sink,
            f"listen/{call.qualname}",
            port_node,
            number,
            source="code-listen",
            server=server,
            server_kind="node-http",
        )
