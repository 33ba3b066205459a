from __future__ import annotations

import pytest

from archlint.domain.facts import EdgeKind, NodeKind
from archlint.domain.location import Location
from archlint.knowledge import load_servers
from archlint.parsers.common.commands import (
    ServerInfo,
    analyze,
    command_facts,
    parse_port,
    resolve_default,
    split_command,
)

# command -> (program, kind, port, implicit) of the single server it starts
SERVERS: list[tuple[str | list[str], tuple[str, str, int | None, bool]]] = [
    ("uvicorn app:app", ("uvicorn", "python-http", 8000, True)),
    ("uvicorn app:app --host 0.0.0.0 --port 8080", ("uvicorn", "python-http", 8080, False)),
    ("uvicorn app:app --port=8081", ("uvicorn", "python-http", 8081, False)),
    ("uvicorn app:app --port ${PORT:-8000}", ("uvicorn", "python-http", 8000, False)),
    ("uvicorn app:app --port ${PORT-7000}", ("uvicorn", "python-http", 7000, False)),
    ("uvicorn app:app --port $PORT", ("uvicorn", "python-http", None, False)),
    ("uvicorn app:app --uds /tmp/app.sock", ("uvicorn", "python-http", None, False)),
    ("gunicorn app:app", ("gunicorn", "python-http", 8000, True)),
    ("gunicorn -b 0.0.0.0:9000 app:app", ("gunicorn", "python-http", 9000, False)),
    ("gunicorn --bind=0.0.0.0:9001 app:app", ("gunicorn", "python-http", 9001, False)),
    ("gunicorn -b 0.0.0.0:${PORT:-8002} app:app", ("gunicorn", "python-http", 8002, False)),
    ("gunicorn -b unix:/run/app.sock app:app", ("gunicorn", "python-http", None, False)),
    ("gunicorn -b 0.0.0.0 app:app", ("gunicorn", "python-http", 8000, True)),
    ("hypercorn --bind [::]:8443 app:app", ("hypercorn", "python-http", 8443, False)),
    ("fastapi run main.py", ("fastapi", "python-http", 8000, True)),
    ("fastapi dev main.py --port 8001", ("fastapi", "python-http", 8001, False)),
    ("flask run", ("flask", "python-http", 5000, True)),
    ("flask --app hello run -p 5001", ("flask", "python-http", 5001, False)),
    ("python manage.py runserver", ("django", "python-http", 8000, True)),
    ("python3 manage.py runserver 0.0.0.0:8003", ("django", "python-http", 8003, False)),
    ("./manage.py runserver 8004", ("django", "python-http", 8004, False)),
    ("django-admin runserver", ("django", "python-http", 8000, True)),
    ("vite", ("vite", "frontend-dev", 5173, True)),
    ("vite --port 3001", ("vite", "frontend-dev", 3001, False)),
    ("vite preview", ("vite", "frontend-preview", 4173, True)),
    ("vite src/", ("vite", "frontend-dev", 5173, True)),
    ("next dev -p 3002", ("next", "frontend-dev", 3002, False)),
    ("next start", ("next", "frontend-preview", 3000, True)),
    ("mkdocs serve", ("mkdocs", "docs", 8000, True)),
    ("mkdocs serve -a 0.0.0.0:8005", ("mkdocs", "docs", 8005, False)),
    ("docusaurus start --port 3003", ("docusaurus", "docs", 3003, False)),
    ("celery worker -A proj", ("celery", "celery", None, False)),
    ("celery -A proj worker -l info", ("celery", "celery", None, False)),
    ("celery --app=proj beat", ("celery", "celery", None, False)),
    ("sh -c 'cd /app && uvicorn app:app --port 8006'", ("uvicorn", "python-http", 8006, False)),
    (
        '/bin/bash -ec "migrate; exec gunicorn -b :8007 a:b"',
        ("gunicorn", "python-http", 8007, False),
    ),
    ("PORT=1 DEBUG=0 uvicorn a:b --port 8008", ("uvicorn", "python-http", 8008, False)),
    ("env LOG=debug flask run", ("flask", "python-http", 5000, True)),
    ("poetry run uvicorn a:b --port 8009", ("uvicorn", "python-http", 8009, False)),
    ("uv run fastapi run", ("fastapi", "python-http", 8000, True)),
    ("npx vite --port 3004", ("vite", "frontend-dev", 3004, False)),
    ("pnpm exec next dev", ("next", "frontend-dev", 3000, True)),
    ("python -m uvicorn a:b --port 8010", ("uvicorn", "python-http", 8010, False)),
    ("python3.12 -m celery -A proj worker", ("celery", "celery", None, False)),
    (["uvicorn", "a:b", "--port", "8011"], ("uvicorn", "python-http", 8011, False)),
    (
        ["tini", "--", "gunicorn", "-b", "0.0.0.0:8012", "a:b"],
        ("gunicorn", "python-http", 8012, False),
    ),
    (["/docker-entrypoint.sh", "uvicorn", "a:b"], ("uvicorn", "python-http", 8000, True)),
    # CRA dev servers, their port from an assignment on the command line
    ("craco start", ("craco", "frontend-dev", 3000, True)),
    (
        "cross-env PORT=4200 react-app-rewired start",
        ("react-app-rewired", "frontend-dev", 4200, False),
    ),
    # `node server.js`: a production server, named by its script file; no port it could know
    ("node ./web/server.js --keepAliveTimeout 110000", ("node", "node-server", None, True)),
    ("node -r dotenv/config dist/server.mjs", ("node", "node-server", None, True)),
    (
        'if [ -n "$DD" ]; then node --import dd-trace/initialize.mjs ./web/server.js; fi',
        ("node", "node-server", None, True),
    ),
    # the other stacks: only the ports a command line states
    ("bundle exec rails server -b 0.0.0.0 -p 3001", ("rails", "ruby-http", 3001, False)),
    ("bin/rails s", ("rails", "ruby-http", None, True)),  # config/puma.rb says
    ("bundle exec puma -b tcp://0.0.0.0:9000", ("puma", "ruby-http", 9000, False)),
    ("puma -C config/puma.rb", ("puma", "ruby-http", None, True)),
    ("unicorn -l 0.0.0.0:8085 -c config/unicorn.rb", ("unicorn", "ruby-http", 8085, False)),
    ("rackup config.ru", ("rackup", "ruby-http", 9292, True)),
    ("php artisan serve --host=0.0.0.0 --port=8001", ("artisan", "php-http", 8001, False)),
    ("php artisan serve", ("artisan", "php-http", 8000, True)),
    ("php -S 0.0.0.0:8080 -t public", ("php-builtin-server", "php-http", 8080, False)),
    (
        "php8.3 -d display_errors=1 -S localhost:8002",
        ("php-builtin-server", "php-http", 8002, False),
    ),
    ("java -jar app.jar --server.port=8081", ("java", "jvm-http", 8081, False)),
    ("java -Dserver.port=8082 -jar app.jar", ("java", "jvm-http", 8082, False)),
    (
        'dotnet Api.dll --urls "http://+:5005;https://+:5006"',
        ("dotnet", "dotnet-http", 5005, False),
    ),
]

TABLE = load_servers()


@pytest.mark.parametrize(("command", "expected"), SERVERS)
def test_analyze_finds_the_server(
    command: str | list[str], expected: tuple[str, str, int | None, bool]
) -> None:
    servers = analyze(command, TABLE)
    assert [(s.program, s.kind, s.port, s.implicit_port) for s in servers] == [expected]


@pytest.mark.parametrize(
    "command",
    [
        "python app.py",
        "vite build",
        "next build",
        "mkdocs build",
        "celery -A proj inspect",
        "celery --help",
        "node scripts/migrate.js",
        "craco build",
        "",
        "npm",
        "php worker.php",
        "php artisan queue:work",
        "php -d memory_limit=-1 artisan migrate",
        "bundle exec sidekiq",
        "bin/rails db:migrate",
    ],
)
def test_analyze_finds_no_server(command: str) -> None:
    assert analyze(command, TABLE) == []


def test_chain_with_two_servers() -> None:
    servers = analyze("uvicorn a:b --port 1 & celery -A a worker", TABLE)
    assert [(s.program, s.port) for s in servers] == [("uvicorn", 1), ("celery", None)]


def test_celery_subcommand() -> None:
    assert analyze("celery -A proj -b redis://r worker", TABLE) == [
        ServerInfo("celery", "celery", None, False, "worker")
    ]


@pytest.mark.parametrize(
    ("command", "argv"),
    [
        ("a 'b c' d", ["a", "b c", "d"]),
        (["x", 1], ["x", "1"]),
        ("echo 'unbalanced", ["echo", "'unbalanced"]),
    ],
)
def test_split_command(command: str | list[str], argv: list[str]) -> None:
    assert split_command(command) == argv


@pytest.mark.parametrize(
    ("value", "resolved"),
    [("${PORT:-8000}", "8000"), ("${PORT-1}", "1"), ("$PORT", "$PORT"), ("${PORT}", "${PORT}")],
)
def test_resolve_default(value: str, resolved: str) -> None:
    assert resolve_default(value) == resolved


@pytest.mark.parametrize(
    ("value", "port"),
    [("80", 80), (" 443 ", 443), ("${P:-8080}", 8080), ("0", None), ("65536", None), ("x", None)],
)
def test_parse_port(value: str, port: int | None) -> None:
    assert parse_port(value) == port


def test_command_facts_emit_command_and_listen_ports() -> None:
    loc = Location("Procfile", 3, 1)
    facts, relations = command_facts(
        "uvicorn a:b --port 9000",
        loc,
        "Procfile#web",
        "procfile",
        {"process": "web"},
        table=TABLE,
    )
    cmd, port = facts
    assert cmd.kind is NodeKind.COMMAND and cmd.id == "Procfile#web"
    assert cmd.attrs["program"] == "uvicorn"
    assert cmd.attrs["servers"] == ["uvicorn"]
    assert cmd.attrs["process"] == "web"
    assert port.id == "Procfile#web/port[0]"
    assert port.location == loc
    assert dict(port.attrs) == {
        "number": 9000,
        "protocol": "tcp",
        "scope": "listen",
        "source": "procfile",
        "server": "uvicorn",
        "server_kind": "python-http",
        "implicit": False,
        "artifact": "Procfile",
    }
    assert [(r.source, r.target, r.kind) for r in relations] == [
        ("Procfile#web", "Procfile#web/port[0]", EdgeKind.HAS)
    ]


def test_command_facts_without_port() -> None:
    facts, relations = command_facts(
        ["celery", "-A", "x", "worker"], Location("p"), "id", "o", table=TABLE
    )
    assert len(facts) == 1 and relations == []
    assert facts[0].attrs["text"] == "celery -A x worker"
    assert facts[0].attrs["server_kinds"] == ["celery"]


@pytest.mark.parametrize(
    ("command", "env", "port", "implicit"),
    [
        ("flask run", {"FLASK_RUN_PORT": "8000"}, 8000, False),
        ("flask run --port 7000", {"FLASK_RUN_PORT": "8000"}, 7000, False),
        ("flask run", {}, 5000, True),
        ("gunicorn app:app", {"PORT": "8080"}, 8080, False),
        ("uvicorn app:app", {"PORT": "8080"}, 8000, True),  # uvicorn ignores PORT
        ("uvicorn app:app", {"UVICORN_PORT": "7001"}, 7001, False),
        ("next dev", {"PORT": "${PORT:-5150}"}, 5150, False),
        ("gunicorn app:app", {"PORT": None}, 8000, True),
    ],
)
def test_servers_read_their_port_from_the_environment(
    command: str, env: dict[str, str | None], port: int, implicit: bool
) -> None:
    (server,) = analyze(command, TABLE, env)
    assert (server.port, server.implicit_port) == (port, implicit)


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("cross-env NODE_ENV=dev NODE_OPTIONS='--max-http-header-size=1' vite --port 5150", [5150]),
        ("dotenv -e .env.local -- vite --port 5151", [5151]),
        ("env-cmd -f .env next dev -p 3001", [3001]),
        ('concurrently -k "vite --port 5152" "uvicorn app:app --port 8001"', [5152, 8001]),
    ],
)
def test_script_wrappers_are_seen_through(command: str, expected: list[int]) -> None:
    assert [s.port for s in analyze(command, TABLE)] == expected
