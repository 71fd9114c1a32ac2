"""Yes/no environment variables (config/settings.py's env_bool): only the
spellings README.md documents are accepted; anything else stops start-up
with a message naming the variable, so a typo never turns HTTPS off."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.settings import env_bool

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("value", ["1", "true", "True", "YES", "on", " yes "])
def test_documented_true_spellings(monkeypatch, value):
    monkeypatch.setenv("LCG_TEST_FLAG", value)
    assert env_bool("LCG_TEST_FLAG", False) is True


@pytest.mark.parametrize("value", ["0", "false", "False", "NO", "off"])
def test_documented_false_spellings(monkeypatch, value):
    monkeypatch.setenv("LCG_TEST_FLAG", value)
    assert env_bool("LCG_TEST_FLAG", True) is False


@pytest.mark.parametrize("value", [None, "", "  "])
def test_unset_or_empty_gives_the_default(monkeypatch, value):
    if value is None:
        monkeypatch.delenv("LCG_TEST_FLAG", raising=False)
    else:
        monkeypatch.setenv("LCG_TEST_FLAG", value)
    assert env_bool("LCG_TEST_FLAG", True) is True
    assert env_bool("LCG_TEST_FLAG", False) is False


@pytest.mark.parametrize("value", ["ture", "flase", "2", "y", "enabled", "0n"])
def test_anything_else_is_refused(monkeypatch, value):
    monkeypatch.setenv("LCG_TEST_FLAG", value)
    with pytest.raises(ImproperlyConfigured, match=f"LCG_TEST_FLAG='{value}' is not a yes/no value"):
        env_bool("LCG_TEST_FLAG", False)


def test_a_misspelt_https_setting_stops_start_up():
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_HTTPS": "ture",
    }
    started = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True,
                             timeout=60)  # fmt: skip
    assert started.returncode != 0
    assert "DJANGO_HTTPS='ture' is not a yes/no value" in started.stderr
    assert "1, true, yes, on or 0, false, no, off" in started.stderr
    # The same command starts with a documented spelling.
    fine = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env={**env, "DJANGO_HTTPS": "true"},
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert fine.returncode == 0, fine.stderr
