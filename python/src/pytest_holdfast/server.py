"""Starts `holdfast serve` as a child process on a free port and stops it: the port is read from
the line the server prints at startup, readiness from GET /_holdfast/health, both within a bounded
time; every failure says what happened with the server's own words (its stderr)."""
import atexit
import os
import re
import shlex
import shutil
import signal
import subprocess
import threading
import time
from typing import List, Optional, Sequence

from .holdfast import Holdfast, HoldfastError

# `holdfast serve` prints "Holdfast listening on http://127.0.0.1:PORT (port PORT)" once it listens.
_BANNER = re.compile(r"(http://\S+) \(port (\d+)\)")


class ServerStartError(Exception):
    """The server could not be started, or did not become healthy in time."""


def split_command(command: str, source: str) -> List[str]:
    """The argv of a command line (HOLDFAST_COMMAND may carry arguments: `node /x/bin/holdfast.js`);
    raises ServerStartError naming `source` when it is empty or its program is not found."""
    try:
        argv = shlex.split(command)
    except ValueError as e:
        raise ServerStartError(f"{source}: cannot read the command line {command!r}: {e}") from None
    if not argv:
        raise ServerStartError(f"{source} is empty; give the holdfast command, e.g. HOLDFAST_COMMAND='npx holdfast'")
    if shutil.which(argv[0]) is None:
        raise ServerStartError(
            f"{source}: command {argv[0]!r} not found. Install Holdfast (npm install holdfast) and put it on "
            "PATH, set HOLDFAST_COMMAND (e.g. 'npx holdfast' or 'node /path/to/holdfast/bin/holdfast.js'), "
            "or set HOLDFAST_ENDPOINT to a running server's URL"
        )
    return argv


class _Drain(threading.Thread):
    """Reads one pipe to the end so the child never blocks on a full pipe; keeps what it read."""

    def __init__(self, pipe):
        super().__init__(daemon=True)
        self.pipe = pipe
        self.lines: List[str] = []
        self.changed = threading.Condition()

    def run(self) -> None:
        for raw in iter(self.pipe.readline, b""):
            with self.changed:
                self.lines.append(raw.decode("utf-8", "replace"))
                self.changed.notify_all()
        with self.changed:
            self.changed.notify_all()

    def text(self) -> str:
        with self.changed:
            return "".join(self.lines)


class ServerProcess:
    """One `holdfast serve` child process."""

    def __init__(self, argv: Sequence[str], source: str, timeout: float):
        self.argv = list(argv)
        self.source = source
        self.timeout = timeout
        self.process: Optional[subprocess.Popen] = None
        self.endpoint = ""

    def _fail(self, what: str) -> ServerStartError:
        stderr = self._stderr.text().strip() if self.process else ""
        said = f"\n--- its stderr ---\n{stderr}" if stderr else " (it printed nothing on stderr)"
        return ServerStartError(f"{self.source}: `{shlex.join(self.argv)}` {what}{said}")

    def start(self) -> str:
        """Starts the server and answers its endpoint once GET /_holdfast/health answers."""
        deadline = time.monotonic() + self.timeout
        try:
            self.process = subprocess.Popen(
                self.argv,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                # Its own process group, ended whole by stop(): `npx holdfast` runs the server as a
                # child that a signal to npx alone does not reach.
                start_new_session=True,
            )
        except OSError as e:
            raise ServerStartError(f"{self.source}: cannot run `{shlex.join(self.argv)}`: {e}") from None
        atexit.register(self.stop)  # should the session end without its teardown
        self._stdout = _Drain(self.process.stdout)
        self._stderr = _Drain(self.process.stderr)
        self._stdout.start()
        self._stderr.start()
        try:
            self.endpoint = self._wait_for_banner(deadline)
            self._wait_for_health(deadline)
        except BaseException:
            self.stop()
            raise
        return self.endpoint

    def _wait_for_banner(self, deadline: float) -> str:
        with self._stdout.changed:
            while True:
                for line in self._stdout.lines:
                    m = _BANNER.search(line)
                    if m:
                        return m.group(1)
                if self.process.poll() is not None:
                    self._stderr.join(1)
                    raise self._fail(f"exited with code {self.process.returncode} before it listened")
                left = deadline - time.monotonic()
                if left <= 0:
                    raise self._fail(f"printed no 'listening on' line within {self.timeout:g} s")
                self._stdout.changed.wait(min(left, 0.1))

    def _wait_for_health(self, deadline: float) -> None:
        holdfast = Holdfast(self.endpoint)
        while True:
            try:
                holdfast.health(timeout=max(0.1, min(2.0, deadline - time.monotonic())))
                return
            except HoldfastError as e:
                if self.process.poll() is not None:
                    raise self._fail(f"exited with code {self.process.returncode}") from None
                if time.monotonic() >= deadline:
                    raise self._fail(f"did not answer GET /_holdfast/health within {self.timeout:g} s ({e})") from None
            time.sleep(0.05)

    def stop(self, grace: float = 5.0) -> None:
        """SIGTERM to the server's process group; SIGKILL to what is left of it after `grace` seconds."""
        process = self.process
        if process is None:
            return
        atexit.unregister(self.stop)
        deadline = time.monotonic() + grace
        _signal_group(process, signal.SIGTERM)
        try:
            process.wait(grace)
        except subprocess.TimeoutExpired:
            pass
        # The command may be a wrapper (npx) whose server child outlives it for a moment.
        while _group_alive(process) and time.monotonic() < deadline:
            time.sleep(0.02)
        if _group_alive(process) or process.poll() is None:
            _signal_group(process, signal.SIGKILL)
            process.wait(5.0)


def _signal_group(process: subprocess.Popen, sig: int) -> None:
    try:
        if hasattr(os, "killpg"):
            os.killpg(process.pid, sig)
        else:  # pragma: no cover -- no process groups (Windows)
            process.kill()
    except (ProcessLookupError, PermissionError):
        pass


def _group_alive(process: subprocess.Popen) -> bool:
    if not hasattr(os, "killpg"):  # pragma: no cover -- no process groups (Windows)
        return process.poll() is None
    try:
        os.killpg(process.pid, 0)
        return True
    except (ProcessLookupError, PermissionError):
        return False
