"""The plugin's settings: each from its command-line option, else its environment variable (where it
has one), else its ini key. A bad value is a pytest usage error naming where it came from."""
import json
import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import pytest

# name, metavar, environment variable, help
OPTIONS: List[Tuple[str, str, Optional[str], str]] = [
    ("command", "CMD", "HOLDFAST_COMMAND", "the holdfast command line (default: `holdfast` on PATH), e.g. 'npx holdfast'"),
    ("endpoint", "URL", "HOLDFAST_ENDPOINT", "use the Holdfast server at this URL instead of starting one"),
    ("port", "N", None, "port of the server the plugin starts (default 0: a free port)"),
    ("resources", "FILE", None, 'JSON file of resource inventory entries {"resources": [...]}, loaded at start and after each reset'),
    ("start_time", "ISO", None, "ISO-8601 instant the server's clock starts at"),
    ("clock", "frozen|running", None, "frozen (default: it moves only through advance/set_clock) or running"),
    ("serve_args", "ARGS", None, "more arguments for `holdfast serve`, e.g. '--strict-resources'"),
    ("startup_timeout", "SECONDS", None, "seconds to wait for the server to become healthy (default 30)"),
    ("admin_token", "TOKEN", "HOLDFAST_ADMIN_TOKEN", "the server's admin token (`serve --admin-token`): sent on every admin call, and given to the server the plugin starts"),
]
CLOCKS = ("frozen", "running")


def option_name(name: str) -> str:
    return "--holdfast-" + name.replace("_", "-")


@dataclass
class Settings:
    command: str = "holdfast"
    command_source: str = "the holdfast command on PATH (set HOLDFAST_COMMAND to change it)"
    endpoint: Optional[str] = None
    endpoint_source: str = ""
    port: int = 0
    port_source: str = ""
    resources: List[Dict[str, Any]] = field(default_factory=list)
    resources_source: str = ""
    start_time: Optional[str] = None
    frozen: bool = True
    serve_args: str = ""
    serve_args_source: str = ""
    startup_timeout: float = 30.0
    admin_token: Optional[str] = None
    reset: bool = False


def _raw(config: pytest.Config, name: str, env: Optional[str]) -> Tuple[Optional[str], str, Optional[Path]]:
    """(value, where it came from, the folder a relative path in it is relative to)."""
    value = config.getoption("holdfast_" + name)
    if value is not None:
        return value, option_name(name), config.invocation_params.dir
    if env and os.environ.get(env):
        return os.environ[env], env, Path.cwd()
    value = config.getini("holdfast_" + name)
    if value:
        base = config.inipath.parent if config.inipath else config.rootpath
        return value, f"the ini option holdfast_{name}", base
    return None, "", None


def read_resources(path: Path, source: str) -> List[Dict[str, Any]]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise pytest.UsageError(f"{source}: cannot read the resources file {path}: {e}") from None
    try:
        data = json.loads(text)
    except ValueError as e:
        raise pytest.UsageError(f"{source}: {path} is not JSON: {e}") from None
    if not isinstance(data, dict) or not isinstance(data.get("resources"), list):
        raise pytest.UsageError(f'{source}: {path} must hold a JSON object {{"resources": [...]}}')
    return data["resources"]


def read_settings(config: pytest.Config) -> Settings:
    s = Settings()
    value, source, _ = _raw(config, "command", "HOLDFAST_COMMAND")
    if value is not None:
        s.command, s.command_source = value, source
    value, source, _ = _raw(config, "endpoint", "HOLDFAST_ENDPOINT")
    if value is not None:
        if not value.startswith(("http://", "https://")):
            raise pytest.UsageError(f"{source} must be an http:// or https:// URL such as http://127.0.0.1:4598, not {value!r}")
        s.endpoint, s.endpoint_source = value.rstrip("/"), source
    value, source, _ = _raw(config, "port", None)
    if value is not None:
        if not (value.isdigit() and int(value) <= 65535):
            raise pytest.UsageError(f"{source} must be a port number from 0 to 65535, not {value!r}")
        s.port, s.port_source = int(value), source
    value, source, base = _raw(config, "resources", None)
    if value is not None:
        s.resources, s.resources_source = read_resources(base / value, source), source
    value, source, _ = _raw(config, "start_time", None)
    if value is not None:
        try:
            datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise pytest.UsageError(f"{source} must be an ISO-8601 instant such as 2026-01-01T00:00:00Z, not {value!r}") from None
        s.start_time = value
    value, source, _ = _raw(config, "clock", None)
    if value is not None:
        if value not in CLOCKS:
            raise pytest.UsageError(f"{source} must be frozen or running, not {value!r}")
        s.frozen = value == "frozen"
    value, source, _ = _raw(config, "serve_args", None)
    if value is not None:
        s.serve_args, s.serve_args_source = value, source
    value, source, _ = _raw(config, "startup_timeout", None)
    if value is not None:
        try:
            s.startup_timeout = float(value)
        except ValueError:
            s.startup_timeout = -1
        if not 0 < s.startup_timeout < float("inf"):
            raise pytest.UsageError(f"{source} must be a number of seconds, not {value!r}")
    value, source, _ = _raw(config, "admin_token", "HOLDFAST_ADMIN_TOKEN")
    if value is not None:
        s.admin_token = value
    s.reset = bool(config.getoption("holdfast_reset") or config.getini("holdfast_reset"))
    return s
