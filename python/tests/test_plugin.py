"""The plugin as pytest loads it (entry point pytest11): inner sessions run by `pytester`, each with
the options, environment and files a user would give."""
import json
import os
import re
import socket
import sys
from pathlib import Path
from urllib.error import URLError
from urllib.request import urlopen

import boto3
import pytest

PLUGIN_README = Path(__file__).resolve().parent.parent / "README.md"
REPO_README = PLUGIN_README.parent.parent / "README.md"


def readme_tests():
    """Every python block of the READMEs that is a test using the fixture, as written there."""
    found = []
    for readme in (PLUGIN_README, REPO_README):
        text = readme.read_text(encoding="utf-8") if readme.exists() else ""
        blocks = [b for b in re.findall(r"```python\n(.*?)```", text, re.S) if "(holdfast)" in b]
        found += [pytest.param(block, id=f"{readme.parent.name}/{readme.name}#{i}") for i, block in enumerate(blocks)]
    return found
USAGE_ERROR = 4

THREE_TESTS_SHARING_STATE = """
import pytest

def test_makes_a_vault(holdfast):
    holdfast.client().create_backup_vault(BackupVaultName="v1")

def test_still_sees_it(holdfast):
    assert [v["BackupVaultName"] for v in holdfast.client().list_backup_vaults()["BackupVaultList"]] == ["v1"]

@pytest.mark.holdfast_reset
def test_sees_no_vault(holdfast):
    assert holdfast.client().list_backup_vaults()["BackupVaultList"] == []
"""


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    """Each inner session starts from the environment a user has: no Holdfast endpoint yet (this
    outer session's own `holdfast` fixture may have set one)."""
    for name in ("AWS_ENDPOINT_URL_BACKUP", "HOLDFAST_ENDPOINT"):
        monkeypatch.delenv(name, raising=False)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def output(result):
    return "\n".join(result.outlines + result.errlines)


def test_the_plugin_readme_has_a_test():
    assert any("python/README.md" in p.id for p in readme_tests())


@pytest.mark.parametrize("block", readme_tests())
def test_the_readme_tests_pass_as_written(pytester, block):
    pytester.makepyfile(test_readme=block)
    result = pytester.runpytest()
    result.assert_outcomes(passed=1)


def test_the_session_sets_the_endpoint_and_credentials_and_restores_them(pytester, monkeypatch):
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION"):
        monkeypatch.delenv(name, raising=False)
    seen = pytester.path / "seen.json"
    pytester.makepyfile(f"""
        import json, os

        def test_env(holdfast):
            names = ["AWS_ENDPOINT_URL_BACKUP", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_DEFAULT_REGION"]
            json.dump({{"endpoint": holdfast.endpoint, **{{n: os.environ.get(n) for n in names}}}}, open({str(seen)!r}, "w"))
    """)
    pytester.runpytest().assert_outcomes(passed=1)
    env = json.loads(seen.read_text())
    assert env["AWS_ENDPOINT_URL_BACKUP"] == env["endpoint"]
    assert (env["AWS_ACCESS_KEY_ID"], env["AWS_SECRET_ACCESS_KEY"], env["AWS_DEFAULT_REGION"]) == ("testing", "testing", "us-east-1")
    for name in ("AWS_ENDPOINT_URL_BACKUP", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_DEFAULT_REGION"):
        assert name not in os.environ
    with pytest.raises(URLError):  # the server ended with the session
        urlopen(env["endpoint"] + "/_holdfast/health", timeout=5)


def test_the_whole_process_group_ends_with_the_session(pytester, monkeypatch):
    # Like `npx holdfast`: a command that runs the server as its own child and passes no signal on.
    wrapper = pytester.path / "wrapper.py"
    wrapper.write_text(
        "import os, shlex, subprocess, sys\n"
        "sys.exit(subprocess.call(shlex.split(os.environ['REAL_HOLDFAST']) + sys.argv[1:]))\n"
    )
    monkeypatch.setenv("REAL_HOLDFAST", os.environ.get("HOLDFAST_COMMAND", "holdfast"))
    monkeypatch.setenv("HOLDFAST_COMMAND", f"{sys.executable} {wrapper}")
    seen = pytester.path / "endpoint.txt"
    pytester.makepyfile(f"""
        def test_up(holdfast):
            open({str(seen)!r}, "w").write(holdfast.endpoint)
    """)
    pytester.runpytest().assert_outcomes(passed=1)
    with pytest.raises(URLError):
        urlopen(seen.read_text() + "/_holdfast/health", timeout=5)


def test_the_users_own_credentials_and_region_are_kept(pytester, monkeypatch):
    monkeypatch.setattr(boto3, "DEFAULT_SESSION", None)  # the inner session's boto3.client() makes one
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "333333333333")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "mine")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-1")
    pytester.makepyfile("""
        import boto3

        ARN = "arn:aws:backup:eu-west-1:333333333333:backup-vault:v1"

        def test_app_code_writes_as_the_users_account_and_region(holdfast):
            boto3.client("backup").create_backup_vault(BackupVaultName="v1")
            assert holdfast.client(region="eu-west-1").describe_backup_vault(BackupVaultName="v1")["BackupVaultArn"] == ARN

        def test_holdfast_client_is_us_east_1_unless_told(holdfast):
            holdfast.client().describe_backup_vault(BackupVaultName="v1")
    """)
    result = pytester.runpytest()
    result.assert_outcomes(passed=1, failed=1)
    assert "An error occurred (ResourceNotFoundException) when calling the DescribeBackupVault operation" in output(result)


def test_state_lives_for_the_session_and_the_marker_resets_it(pytester):
    pytester.makepyfile(THREE_TESTS_SHARING_STATE)
    pytester.runpytest("--strict-markers").assert_outcomes(passed=3)


def test_the_reset_option_resets_before_each_test(pytester):
    pytester.makepyfile(THREE_TESTS_SHARING_STATE)
    result = pytester.runpytest("--holdfast-reset")
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(["FAILED *::test_still_sees_it*"])
    assert "AssertionError: assert [] == ['v1']" in output(result)


def test_the_reset_ini_option_resets_before_each_test(pytester):
    pytester.makeini("[pytest]\nholdfast_reset = true\n")
    pytester.makepyfile(THREE_TESTS_SHARING_STATE)
    result = pytester.runpytest()
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(["FAILED *::test_still_sees_it*"])
    assert "AssertionError: assert [] == ['v1']" in output(result)


def test_a_resources_file_is_loaded_at_start_and_after_each_reset(pytester):
    pytester.path.joinpath("inventory.json").write_text(json.dumps({"resources": [
        {"arn": "arn:aws:dynamodb:us-east-1:000000000000:table/orders", "backupOutcome": "FAILED", "failureMessage": "no"},
    ]}))
    pytester.makeini("[pytest]\nholdfast_resources = inventory.json\n")
    pytester.makepyfile("""
        def backup(holdfast):
            b = holdfast.client()
            b.create_backup_vault(BackupVaultName="vault")
            job = b.start_backup_job(BackupVaultName="vault", ResourceArn="arn:aws:dynamodb:us-east-1:000000000000:table/orders",
                                     IamRoleArn="arn:aws:iam::000000000000:role/r")["BackupJobId"]
            holdfast.advance("1h")
            return b.describe_backup_job(BackupJobId=job)["State"]

        def test_loaded(holdfast):
            assert backup(holdfast) == "FAILED"

        def test_loaded_again_after_reset(holdfast):
            holdfast.resume()
            holdfast.reset()
            t = holdfast.now()
            assert holdfast.now() == t  # frozen again
            assert backup(holdfast) == "FAILED"
    """)
    pytester.runpytest().assert_outcomes(passed=2)


def test_start_time_and_a_running_clock(pytester):
    pytester.makepyfile("""
        import time
        from datetime import datetime, timezone

        def test_running(holdfast):
            t0 = holdfast.now()
            assert t0 >= datetime(2031, 1, 1, tzinfo=timezone.utc)
            for _ in range(200):  # a running clock: bounded wait for it to move
                if holdfast.now() > t0:
                    return
                time.sleep(0.01)
            raise AssertionError("the clock did not run")
    """)
    pytester.runpytest("--holdfast-start-time", "2031-01-01T00:00:00Z", "--holdfast-clock", "running").assert_outcomes(passed=1)


def test_holdfast_endpoint_uses_a_running_server_and_starts_none(pytester, monkeypatch, holdfast):
    holdfast.client().create_backup_vault(BackupVaultName="made-outside")
    monkeypatch.setenv("HOLDFAST_ENDPOINT", holdfast.endpoint)
    monkeypatch.setenv("HOLDFAST_COMMAND", "holdfast-that-does-not-exist")
    pytester.makepyfile(f"""
        import os

        def test_outer_server(holdfast):
            assert holdfast.endpoint == {holdfast.endpoint!r} == os.environ["AWS_ENDPOINT_URL_BACKUP"]
            names = [v["BackupVaultName"] for v in holdfast.client().list_backup_vaults()["BackupVaultList"]]
            assert "made-outside" in names
    """)
    pytester.runpytest().assert_outcomes(passed=1)
    assert holdfast.client().describe_backup_vault(BackupVaultName="made-outside")  # still up


# -- bad input: a clear error naming the option, never a hang ----------------------------------

USES_HOLDFAST = "def test_it(holdfast):\n    pass\n"


@pytest.mark.parametrize(
    "args, ini, messages",
    [
        (["--holdfast-bogus"], "", ["unrecognized arguments: --holdfast-bogus"]),
        (["--holdfast-clock", "sometimes"], "", ["--holdfast-clock must be frozen or running, not 'sometimes'"]),
        ([], "holdfast_clock = later", ["the ini option holdfast_clock must be frozen or running, not 'later'"]),
        (["--holdfast-port", "http"], "", ["--holdfast-port must be a port number from 0 to 65535, not 'http'"]),
        (["--holdfast-port", "70000"], "", ["--holdfast-port must be a port number from 0 to 65535, not '70000'"]),
        (["--holdfast-start-time", "soon"], "", ["--holdfast-start-time must be an ISO-8601 instant", "not 'soon'"]),
        (["--holdfast-startup-timeout", "-1"], "", ["--holdfast-startup-timeout must be a number of seconds, not '-1'"]),
        (["--holdfast-endpoint", "localhost:4598"], "", ["--holdfast-endpoint must be an http:// or https:// URL", "not 'localhost:4598'"]),
        (["--holdfast-resources", "missing.json"], "", ["--holdfast-resources: cannot read the resources file", "missing.json"]),
        ([], "holdfast_resources = missing.json", ["the ini option holdfast_resources: cannot read the resources file"]),
        (["--holdfast-resources", "broken.json"], "", ["--holdfast-resources: ", "broken.json is not JSON"]),
        (["--holdfast-resources", "list.json"], "", ["--holdfast-resources: ", 'list.json must hold a JSON object {"resources": [...]}']),
    ],
)
def test_bad_settings_are_usage_errors_naming_the_option(pytester, args, ini, messages):
    pytester.path.joinpath("broken.json").write_text("{not json")
    pytester.path.joinpath("list.json").write_text("[]")
    if ini:
        pytester.makeini(f"[pytest]\n{ini}\n")
    pytester.makepyfile(USES_HOLDFAST)
    result = pytester.runpytest(*args)
    assert result.ret == USAGE_ERROR, output(result)
    for message in messages:
        assert message in output(result)


def test_a_missing_command_is_a_usage_error_naming_holdfast_command(pytester, monkeypatch):
    monkeypatch.setenv("HOLDFAST_COMMAND", "holdfast-that-does-not-exist --flag")
    pytester.makepyfile(USES_HOLDFAST)
    result = pytester.runpytest()
    assert result.ret == USAGE_ERROR
    assert "HOLDFAST_COMMAND: command 'holdfast-that-does-not-exist' not found" in output(result)
    monkeypatch.delenv("HOLDFAST_COMMAND")
    monkeypatch.setenv("PATH", str(pytester.path))
    result = pytester.runpytest()
    assert result.ret == USAGE_ERROR
    assert "the holdfast command on PATH (set HOLDFAST_COMMAND to change it): command 'holdfast' not found" in output(result)
    # A session whose tests do not use Holdfast does not need the command.
    pytester.makepyfile(test_plain="def test_plain():\n    pass\n")
    pytester.runpytest("test_plain.py").assert_outcomes(passed=1)


def test_an_unreachable_endpoint_is_an_error_naming_holdfast_endpoint(pytester, monkeypatch):
    port = free_port()
    monkeypatch.setenv("HOLDFAST_ENDPOINT", f"http://127.0.0.1:{port}")
    pytester.makepyfile(USES_HOLDFAST)
    result = pytester.runpytest()
    result.assert_outcomes(errors=1)
    assert f"holdfast: HOLDFAST_ENDPOINT: cannot reach a Holdfast server at http://127.0.0.1:{port}: " in output(result)


def test_an_endpoint_that_is_not_holdfast_is_an_error_naming_holdfast_endpoint(pytester, monkeypatch, holdfast):
    monkeypatch.setenv("HOLDFAST_ENDPOINT", holdfast.endpoint + "/elsewhere")
    pytester.makepyfile(USES_HOLDFAST)
    result = pytester.runpytest()
    result.assert_outcomes(errors=1)
    assert f"holdfast: HOLDFAST_ENDPOINT: {holdfast.endpoint}/elsewhere does not answer as a Holdfast server (" in output(result)


def test_a_port_in_use_is_an_error_naming_the_option(pytester):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        pytester.makepyfile(USES_HOLDFAST + "\ndef test_again(holdfast):\n    pass\n")
        result = pytester.runpytest("--holdfast-port", str(port))
    result.assert_outcomes(errors=2)
    text = output(result)
    assert f"holdfast: --holdfast-port: port {port} is already in use; use another, or 0 for a free one." in text
    assert "EADDRINUSE" in text


def test_bad_serve_arguments_show_the_servers_words(pytester):
    pytester.makepyfile(USES_HOLDFAST)
    result = pytester.runpytest("--holdfast-serve-args=--bogus")
    result.assert_outcomes(errors=1)
    text = output(result)
    assert "--holdfast-serve-args '--bogus' may be wrong" in text
    assert "Unknown option '--bogus'" in text


def test_a_server_that_exits_at_once_shows_its_stderr(pytester, monkeypatch):
    script = pytester.path / "crash.py"
    script.write_text("import sys\nsys.exit('cannot start: out of disk')\n")
    monkeypatch.setenv("HOLDFAST_COMMAND", f"{sys.executable} {script}")
    pytester.makepyfile(USES_HOLDFAST)
    result = pytester.runpytest()
    result.assert_outcomes(errors=1)
    text = output(result)
    assert "exited with code 1 before it listened" in text
    assert "cannot start: out of disk" in text


def test_a_server_that_never_listens_times_out(pytester, monkeypatch):
    script = pytester.path / "mute.py"
    script.write_text("import time\ntime.sleep(60)\n")
    monkeypatch.setenv("HOLDFAST_COMMAND", f"{sys.executable} {script}")
    pytester.makepyfile(USES_HOLDFAST)
    result = pytester.runpytest("--holdfast-startup-timeout", "1")
    result.assert_outcomes(errors=1)
    assert "printed no 'listening on' line within 1 s" in output(result)


def test_resources_the_server_refuses_are_an_error_naming_the_option(pytester):
    pytester.path.joinpath("inventory.json").write_text(json.dumps({"resources": [{"arn": "not-an-arn"}]}))
    pytester.makepyfile(USES_HOLDFAST)
    result = pytester.runpytest("--holdfast-resources", "inventory.json")
    result.assert_outcomes(errors=1)
    text = output(result)
    assert "holdfast: --holdfast-resources: the server refused the resources file: put_resources: PUT /_holdfast/resources: 400" in text
    assert "not-an-arn" in text
    assert "During handling" not in text


def test_an_admin_token_is_given_to_the_server_and_sent_on_admin_calls(pytester):
    pytester.makepyfile("""
import urllib.error
import urllib.request

def test_token(holdfast):
    holdfast.advance("1d")
    holdfast.reset()
    try:
        urllib.request.urlopen(holdfast.endpoint + "/_holdfast/clock")
    except urllib.error.HTTPError as e:
        assert e.code == 401
    else:
        raise AssertionError("the admin API answered without the token")
""")
    pytester.runpytest("--holdfast-admin-token", "a-token-of-the-session-1234").assert_outcomes(passed=1)
