"""pytest-holdfast: the `holdfast` fixture (one Holdfast server for the test session), its options,
and the reset between tests (--holdfast-reset, or @pytest.mark.holdfast_reset)."""
import os
import shlex
from typing import Dict, Iterator, List, Optional, Tuple

import pytest

from .holdfast import Holdfast, HoldfastError
from .server import ServerProcess, ServerStartError, split_command
from .settings import OPTIONS, Settings, option_name, read_settings

_SETTINGS = pytest.StashKey[Settings]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("holdfast", "Holdfast (AWS Backup on one machine)")
    for name, metavar, env, help_text in OPTIONS:
        also = f" (or {env}, or the ini option holdfast_{name})" if env else f" (or the ini option holdfast_{name})"
        group.addoption(option_name(name), dest="holdfast_" + name, metavar=metavar, default=None, help=help_text + also)
        parser.addini("holdfast_" + name, help_text, type="string", default="")
    group.addoption(
        "--holdfast-reset",
        dest="holdfast_reset",
        action="store_true",
        default=None,
        help="reset the Holdfast server before each test that uses it (or the ini option holdfast_reset = true)",
    )
    parser.addini("holdfast_reset", "reset the Holdfast server before each test that uses it", type="bool", default=False)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "holdfast_reset: reset the Holdfast server (all state; then the session's resources and frozen clock) before this test",
    )
    config.stash[_SETTINGS] = read_settings(config)


def _uses_holdfast(item: pytest.Item) -> bool:
    return "holdfast" in getattr(item, "fixturenames", ()) or item.get_closest_marker("holdfast_reset") is not None


def pytest_collection_modifyitems(config: pytest.Config, items: List[pytest.Item]) -> None:
    """A missing holdfast command is a usage error before any test runs (only when a test needs it)."""
    settings = config.stash[_SETTINGS]
    if settings.endpoint is None and any(_uses_holdfast(item) for item in items):
        try:
            split_command(settings.command, settings.command_source)
        except ServerStartError as e:
            raise pytest.UsageError(str(e)) from None


def _serve_argv(s: Settings) -> List[str]:
    argv = split_command(s.command, s.command_source) + ["serve", "--port", str(s.port), "--in-memory"]
    if s.frozen:
        argv.append("--frozen-clock")
    if s.start_time:
        argv += ["--start-time", s.start_time]
    if s.admin_token:
        argv += ["--admin-token", s.admin_token]
    try:
        return argv + shlex.split(s.serve_args)
    except ValueError as e:
        raise ServerStartError(f"{s.serve_args_source}: cannot read {s.serve_args!r}: {e}") from None


def _start(s: Settings) -> ServerProcess:
    server = ServerProcess(_serve_argv(s), s.command_source, s.startup_timeout)
    try:
        server.start()
    except ServerStartError as e:
        if "EADDRINUSE" in str(e):
            where = s.port_source or "the port"
            raise ServerStartError(f"{where}: port {s.port} is already in use; use another, or 0 for a free one.\n{e}") from None
        if s.serve_args and "(see 'holdfast --help')" in str(e):
            raise ServerStartError(f"{s.serve_args_source} {s.serve_args!r} may be wrong: {e}") from None
        raise
    return server


def _session_env(endpoint: str) -> Dict[str, str]:
    """AWS_ENDPOINT_URL_BACKUP for the application's own clients; credentials and a Region when the
    environment has none, so those clients can sign (a key that is not 12 digits is account
    000000000000), and never real ones."""
    env = {"AWS_ENDPOINT_URL_BACKUP": endpoint}
    if not os.environ.get("AWS_ACCESS_KEY_ID") and not os.environ.get("AWS_PROFILE"):
        env.update(AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing")
    if not os.environ.get("AWS_REGION") and not os.environ.get("AWS_DEFAULT_REGION"):
        env["AWS_DEFAULT_REGION"] = "us-east-1"
    return env


def _open(s: Settings) -> Tuple[Optional[ServerProcess], Holdfast]:
    """The session's server: started here, or the one at HOLDFAST_ENDPOINT; with the session's
    resources loaded and its clock set."""
    server = None
    try:
        if s.endpoint is None:
            server = _start(s)
            hf = Holdfast(server.endpoint, s.resources, s.frozen, s.admin_token)
        else:
            hf = Holdfast(s.endpoint, s.resources, s.frozen, s.admin_token)
            try:
                hf.health()
            except HoldfastError as e:
                what = str(e) if e.status is None else f"{s.endpoint} does not answer as a Holdfast server ({e})"
                raise ServerStartError(f"{s.endpoint_source}: {what}") from None
            if s.start_time:
                hf.set_clock(s.start_time)
        try:
            hf.restore_session_state()
        except ValueError as e:
            raise ServerStartError(f"{s.resources_source}: the server refused the resources file: {e}") from None
    except BaseException:
        if server is not None:
            server.stop()
        raise
    return server, hf


@pytest.fixture(scope="session")
def holdfast(request: pytest.FixtureRequest) -> Iterator[Holdfast]:
    """One Holdfast server for the session: started on a free port (or HOLDFAST_ENDPOINT's), with
    AWS_ENDPOINT_URL_BACKUP pointing at it until the session ends."""
    problem = None
    try:
        server, hf = _open(request.config.stash[_SETTINGS])
    except (ServerStartError, HoldfastError, ValueError) as e:
        problem = f"holdfast: {e}"
    if problem is not None:
        pytest.fail(problem, pytrace=False)
    patch = pytest.MonkeyPatch()
    for name, value in _session_env(hf.endpoint).items():
        patch.setenv(name, value)
    try:
        yield hf
    finally:
        patch.undo()
        if server is not None:
            server.stop()


@pytest.fixture(autouse=True)
def _holdfast_reset(request: pytest.FixtureRequest) -> None:
    s = request.config.stash[_SETTINGS]
    marked = request.node.get_closest_marker("holdfast_reset") is not None
    if marked or (s.reset and "holdfast" in request.fixturenames):
        request.getfixturevalue("holdfast").reset()
