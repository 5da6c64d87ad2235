"""The `holdfast` fixture's object: one Holdfast server's endpoint, boto3 clients for it, and its
admin API (/_holdfast/*): the clock, the resource inventory, reset, the audit reports' buckets, and
the event log."""
import json
import os
import urllib.error
import urllib.request
from datetime import datetime, timezone
from typing import Any, Dict, Iterable, List, Optional, Union
from urllib.parse import quote, urlencode

from .duration import Duration, parse_duration

# Loopback servers only: no HTTP(S)_PROXY of the environment applies to them.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))

# Moving the clock runs everything that falls due on the way (a simulated year of backup plans
# can take a minute), so admin calls get a long but finite time.
ADMIN_TIMEOUT_SECONDS = 600.0


class HoldfastError(Exception):
    """A Holdfast server could not be reached, or refused an admin call (`status` is its HTTP status)."""

    def __init__(self, message: str, status: Optional[int] = None):
        super().__init__(message)
        self.status = status


def _error_text(body: bytes) -> str:
    try:
        return str(json.loads(body)["error"])
    except (ValueError, KeyError, TypeError):
        return body.decode("utf-8", "replace").strip()


def _parse_instant(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


# The filters of GET /_holdfast/events, by keyword argument.
_EVENT_FILTERS = {"since": "since", "detail_type": "detailType", "account": "account", "region": "region", "resource": "resource"}


class Holdfast:
    """A running Holdfast server (the `holdfast` fixture). `resources` are inventory entries that
    `reset()` loads again; `frozen` says whether `reset()` freezes the clock again."""

    def __init__(self, endpoint: str, resources: Iterable[Dict[str, Any]] = (), frozen: bool = True, admin_token: Optional[str] = None):
        self.endpoint = endpoint.rstrip("/")
        self._admin_token = admin_token
        self._resources: List[Dict[str, Any]] = list(resources)
        self._frozen = frozen
        self._boto3_session: Any = None

    def __repr__(self) -> str:
        return f"Holdfast({self.endpoint!r})"

    # -- the admin API ---------------------------------------------------------------------------

    def _request(self, method: str, path: str, body: Any = None, timeout: float = ADMIN_TIMEOUT_SECONDS) -> bytes:
        data = None if body is None else json.dumps(body).encode()
        headers = {} if body is None else {"content-type": "application/json"}
        if self._admin_token is not None:
            headers["authorization"] = f"Bearer {self._admin_token}"
        req = urllib.request.Request(f"{self.endpoint}/_holdfast{path}", data=data, method=method, headers=headers)
        try:
            with _OPENER.open(req, timeout=timeout) as res:
                return res.read()
        except urllib.error.HTTPError as e:
            raise HoldfastError(f"{method} /_holdfast{path}: {e.code} {_error_text(e.read())}", e.code) from None
        except (urllib.error.URLError, OSError) as e:
            reason = getattr(e, "reason", e)
            raise HoldfastError(f"cannot reach a Holdfast server at {self.endpoint}: {reason}") from None

    def _json(self, method: str, path: str, body: Any = None) -> Any:
        reply = self._request(method, path, body)
        return json.loads(reply) if reply else {}

    def health(self, timeout: float = 5.0) -> Dict[str, Any]:
        """GET /_holdfast/health: {"status": "ok", ...} once the server is ready."""
        return json.loads(self._request("GET", "/health", timeout=timeout))

    # -- clients ---------------------------------------------------------------------------------

    def client(self, service: str = "backup", account: Optional[str] = None, region: str = "us-east-1", **kwargs: Any) -> Any:
        """A boto3 client pointed at this server. `account` (12 digits) signs as that account (Holdfast
        takes a 12-digit access key id as the account); without it, the credentials of the
        environment sign, as they do for the application's own clients. Other keyword arguments go
        to the boto3 client."""
        if account is not None:
            if not (isinstance(account, str) and len(account) == 12 and account.isdigit()):
                raise ValueError(f"account must be 12 digits such as '111111111111', not {account!r}")
            kwargs.setdefault("aws_access_key_id", account)
            kwargs.setdefault("aws_secret_access_key", "holdfast")
        kwargs.setdefault("endpoint_url", self.endpoint)
        if self._boto3_session is None:
            import boto3  # noqa: PLC0415 -- only the tests that ask for a client need boto3

            # One session of our own (its service models load once), not boto3's default one,
            # whose credentials may have been resolved before the fixture set the environment's.
            self._boto3_session = boto3.session.Session()
        return self._boto3_session.client(service, region_name=region, **kwargs)

    # -- the clock -------------------------------------------------------------------------------

    def _clock(self, body: Dict[str, Any], what: str) -> datetime:
        try:
            reply = self._json("POST", "/clock", body)
        except HoldfastError as e:
            if e.status == 400:
                raise ValueError(f"{what}: {e}") from None
            raise
        return _parse_instant(reply["now"])

    def now(self) -> datetime:
        """The server's business time (timezone-aware, UTC)."""
        return _parse_instant(self._json("GET", "/clock")["now"])

    def advance(self, duration: Duration) -> datetime:
        """Moves the clock forward by `duration` (30d, 12h, 90m, 45s, seconds or a timedelta), running
        everything that falls due on the way; answers the new time."""
        seconds = parse_duration(duration)
        return self._clock({"advanceSeconds": seconds}, f"advance({duration!r})")

    def set_clock(self, instant: Union[str, datetime]) -> datetime:
        """Moves the clock forward to `instant` (ISO-8601 text or an aware datetime); answers the new time."""
        if isinstance(instant, datetime):
            if instant.tzinfo is None:
                raise ValueError(f"set_clock({instant!r}): give a timezone-aware datetime (tzinfo=timezone.utc)")
            text = instant.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")
        elif isinstance(instant, str):
            text = instant
        else:
            raise ValueError(f"set_clock({instant!r}): give ISO-8601 text such as 2026-01-02T03:04:05Z or a datetime")
        return self._clock({"set": text}, f"set_clock({instant!r})")

    def freeze(self) -> datetime:
        """Stops the clock: it then moves only through advance() and set_clock()."""
        return self._clock({"frozen": True}, "freeze()")

    def resume(self) -> datetime:
        """Lets the clock run with real time again, from where it is."""
        return self._clock({"frozen": False}, "resume()")

    # -- state -----------------------------------------------------------------------------------

    def put_resources(self, entries: Iterable[Dict[str, Any]]) -> int:
        """Adds or replaces resource inventory entries ({"arn", "tags", "sizeBytes", "backupOutcome", ...},
        see Holdfast's README); answers how many. A reset() wipes them."""
        entries = list(entries)
        try:
            reply = self._json("PUT", "/resources", {"resources": entries})
        except HoldfastError as e:
            if e.status == 400:
                raise ValueError(f"put_resources: {e}") from None
            raise
        return int(reply.get("upserted", len(entries)))

    def reset(self) -> None:
        """Wipes all state, then loads the session's resources file again (and freezes the clock
        again when the session's clock is frozen)."""
        self._json("POST", "/reset")
        self.restore_session_state()

    def restore_session_state(self) -> None:
        """What every session starts with: its resources file loaded, its clock frozen if it asks so."""
        if self._resources:
            self.put_resources(self._resources)
        if self._frozen:
            self.freeze()

    # -- the event log ---------------------------------------------------------------------------

    def events(self, **filters: Any) -> List[Dict[str, Any]]:
        """The event log (GET /_holdfast/events, every page), oldest first: each entry's "seq",
        "channel" (eventbridge or sns), "target", "account", "region", "detailType", "time",
        "resources", "payload" (the EventBridge event, or the SNS Publish input) and "delivery".
        Filters: since (a sequence number, exclusive), detail_type, account, region, resource."""
        query: Dict[str, str] = {"maxResults": "1000"}
        for name, value in filters.items():
            if name not in _EVENT_FILTERS:
                raise ValueError(f"events: {name!r} is not a filter (known: {', '.join(_EVENT_FILTERS)})")
            if value is None:
                continue
            if name == "since" and not (isinstance(value, int) and not isinstance(value, bool) and value >= 0):
                raise ValueError(f"events: since must be a sequence number (a whole number of at least 0), not {value!r}")
            query[_EVENT_FILTERS[name]] = str(value)
        entries: List[Dict[str, Any]] = []
        while True:
            page = self._json("GET", f"/events?{urlencode(query)}")
            entries.extend(page["events"])
            if page.get("nextToken") is None:
                return entries
            query["nextToken"] = page["nextToken"]

    def clear_events(self) -> None:
        """Empties the event log (DELETE /_holdfast/events), undelivered entries included."""
        self._json("DELETE", "/events")

    def create_bucket(self, bucket: str) -> None:
        """Creates a bucket of Holdfast's local S3 stand-in, where audit reports land."""
        self._json("PUT", f"/buckets/{quote(bucket, safe='')}")

    def read_report(self, bucket: str, key: str) -> bytes:
        """The bytes of an audit report file (a key of DescribeReportJob's ReportDestination.S3Keys).
        Raises FileNotFoundError when there is no such object."""
        path = f"/buckets/{quote(bucket, safe='')}/{quote(key, safe='/')}"
        try:
            return self._request("GET", path)
        except HoldfastError as e:
            if e.status != 404:
                raise
            if "No Holdfast admin route" not in str(e):
                raise FileNotFoundError(f"no object s3://{bucket}/{key} on {self.endpoint}: {e}") from None
        # A server older than GET /_holdfast/buckets/{bucket}/{key}: read the bucket's folder when
        # it is on this machine (GET /_holdfast/buckets tells where).
        root = self._json("GET", "/buckets").get("root", "")
        file = os.path.join(root, bucket, *key.split("/"))
        try:
            with open(file, "rb") as f:
                return f.read()
        except OSError:
            raise FileNotFoundError(f"no object s3://{bucket}/{key} on {self.endpoint} (looked in {file})") from None
