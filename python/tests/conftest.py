# The plugin's own tests: test_fixture.py uses the `holdfast` fixture as a user would (one server
# for this session); test_plugin.py runs inner pytest sessions with `pytester`. Both need the
# holdfast command: HOLDFAST_COMMAND (e.g. 'node /path/to/holdfast/bin/holdfast.js') or PATH.
import importlib

pytest_plugins = ["pytester"]

# pytester forgets the modules an inner session imported, so each inner session would import them
# again: boto3 (a second or more), and hypothesis, whose pytest plugin (where installed) imports it
# at the end of every session. Imported once here, they stay.
for _name in ("boto3", "hypothesis"):
    try:
        importlib.import_module(_name)
    except ImportError:
        pass
