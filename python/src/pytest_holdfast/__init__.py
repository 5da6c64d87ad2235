"""pytest-holdfast: a `holdfast` fixture that runs Holdfast (AWS Backup on one machine) for a pytest
session and points boto3 at it. The plugin itself is pytest_holdfast.plugin (entry point pytest11)."""
from .duration import parse_duration
from .holdfast import Holdfast, HoldfastError

__all__ = ["Holdfast", "HoldfastError", "parse_duration"]
__version__ = "0.1.0"
