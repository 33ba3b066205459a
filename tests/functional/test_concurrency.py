"""Worker processes, signals and concurrent runs: the same output, a usable cache, no leftovers."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from archlint import app, workers
from archlint.cache.store import Store
from archlint.config import load_config
from archlint.discovery import RepoReader, discover
from archlint.knowledge import load_servers
from archlint.parsers.registry import dispatch
from archlint.parsing import parse_all
from archlint.reporters.graph.view import architecture
from archlint.reporters.html import HtmlReporter
from archlint.reporters.registry import BUILTIN_REPORTERS

from .conftest import REPO, SAMPLES

forking = pytest.mark.skipif(not workers._CAN_FORK, reason="workers are forked")


@pytest.fixture
def always_parallel(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workers, "MIN_BYTES", 0)
    monkeypatch.setattr(workers, "CHUNK", 1)


@forking
@pytest.mark.usefixtures("always_parallel")
@pytest.mark.parametrize("name", sorted(p.name for p in SAMPLES.iterdir() if p.is_dir()))
def test_jobs_2_renders_every_format_byte_identical_to_jobs_1(samples: Path, name: str) -> None:
    root = samples / name
    config = load_config(root)
    rendered = []
    for jobs in (1, 2):
        report, scan = app.check_scan(root, config, speed=app.Speed(None, jobs))
        formats = {n: r.render(report, color=False) for n, r in BUILTIN_REPORTERS.items()}
        formats["html"] = HtmlReporter(architecture(scan.graph, report.findings)).render(
            report, color=False
        )
        rendered.append(formats)
    assert rendered[0] == rendered[1]


@forking
@pytest.mark.usefixtures("always_parallel")
def test_jobs_2_parses_the_rule_fixtures_as_jobs_1() -> None:
    """Every fixture case at once (one tree, one pool): the same results in the same order."""
    table = dispatch(load_servers())
    root = REPO / "fixtures" / "rules"
    paths = discover(root).files
    reader = RepoReader(root)
    one = parse_all(paths, reader, table, max_bytes=2**23, jobs=1)
    two = parse_all(paths, reader, table, max_bytes=2**23, jobs=2)
    assert len(one) > 500
    assert one == two


def _python_repo(root: Path, services: int, modules: int) -> None:
    """Services with many modules: seconds of parsing, more units than one worker takes."""
    body = "".join(
        f"def handler_{i}(request, db):\n    value = db.query({i})\n    return {{'id': value}}\n\n"
        for i in range(120)
    )
    for n in range(services):
        service = root / f"svc{n:02}"
        service.mkdir(parents=True)
        (service / "pyproject.toml").write_text(f'[project]\nname = "svc{n}"\nversion = "1"\n')
        for i in range(modules):
            (service / f"mod_{i:04}.py").write_text(f"import os\n\n{body}")


def _archlint(*args: str | Path, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "archlint", *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **env},
        start_new_session=True,  # its own process group: the workers can be looked for
    )


def _children(pid: int) -> list[int]:
    """Processes whose parent is ``pid`` (from /proc/*/stat: the field after the state)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:
            continue  # ended meanwhile
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _valid_entries(folder: Path, xdg: Path) -> int | None:
    """How many entries the cache holds, all authentic under the user's key; None if one is
    not."""
    store = Store(folder, (xdg / "archlint" / "key").read_bytes())
    entries = [p for p in folder.glob("*/*/*") if p.is_file()]
    return len(entries) if all(store.verify(p.read_bytes()) for p in entries) else None


@pytest.mark.skipif(not Path("/proc/self/stat").is_file(), reason="reads /proc")
@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_ends_the_run_with_one_line_and_no_workers_left(
    tmp_path: Path, signum: int, code: int
) -> None:
    root = tmp_path / "repo"
    _python_repo(root, 40, 10)
    xdg = tmp_path / "xdg"
    env = {"XDG_CACHE_HOME": str(xdg)}
    proc = _archlint("check", root, "--jobs", "2", env=env)
    deadline = time.monotonic() + 120
    while not _children(proc.pid) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert proc.poll() is None, "the run ended before its workers started"
    time.sleep(0.2)
    proc.send_signal(signum)
    _out, err = proc.communicate(timeout=60)
    assert (proc.returncode, err) == (code, "archlint: interrupted\n")
    time.sleep(0.5)
    with pytest.raises(ProcessLookupError):
        os.killpg(proc.pid, 0)  # every worker of the group is gone
    assert _valid_entries(root / ".archlint_cache", xdg) is not None
    full = _archlint("check", root, "--format", "json", env=env)
    full.communicate(timeout=300)
    assert full.returncode in (0, 1)
    assert (_valid_entries(root / ".archlint_cache", xdg) or 0) >= 80  # one per unit


def test_twenty_concurrent_runs_share_one_cache(sample_copy_factory: Path, tmp_path: Path) -> None:
    root = sample_copy_factory
    xdg = tmp_path / "xdg"
    env = {"XDG_CACHE_HOME": str(xdg)}
    procs = [_archlint("check", root, "--format", "json", env=env) for _ in range(20)]
    outputs = {p.communicate(timeout=600) for p in procs}
    codes = {p.returncode for p in procs}
    reference = _archlint("check", root, "--format", "json", "--no-cache", env=env)
    expected = reference.communicate(timeout=120)
    assert outputs == {expected} and codes == {reference.returncode}
    assert _valid_entries(root / ".archlint_cache", xdg)
    again = _archlint("check", root, "--format", "json", env=env)
    assert again.communicate(timeout=120) == expected


@pytest.fixture
def sample_copy_factory(tmp_path: Path) -> Path:
    import shutil

    target = tmp_path / "shop"
    shutil.copytree(
        SAMPLES / "shop", target, symlinks=True, ignore=shutil.ignore_patterns(".archlint_cache")
    )
    return target
