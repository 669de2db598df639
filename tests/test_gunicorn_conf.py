"""The production server's config (gunicorn.conf.py): forwarded headers are
trusted only behind the TLS proxy, and workers are recycled and timed out."""

import runpy
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from gunicorn.config import Config

CONF = Path(__file__).resolve().parents[1] / "gunicorn.conf.py"
VARIABLES = (
    "BEHIND_TLS_PROXY",
    "FORWARDED_ALLOW_IPS",
    "GUNICORN_BIND",
    "GUNICORN_WORKERS",
    "GUNICORN_THREADS",
    "GUNICORN_TIMEOUT",
    "GUNICORN_MAX_REQUESTS",
)


def load(monkeypatch, **env: str) -> dict:
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(CONF))


def gunicorn_sees(values: dict, name: str):
    """The value as gunicorn keeps it once its validator has read it."""
    config = Config()
    config.set(name, values[name])
    return getattr(config, name)


def test_without_the_proxy_no_forwarded_header_is_trusted(monkeypatch):
    values = load(monkeypatch, FORWARDED_ALLOW_IPS="10.0.0.5")

    assert values["forwarded_allow_ips"] == ""
    assert gunicorn_sees(values, "forwarded_allow_ips") == []


def test_behind_the_proxy_the_forwarded_headers_of_localhost_are_trusted(monkeypatch):
    values = load(monkeypatch, BEHIND_TLS_PROXY="true")

    assert values["forwarded_allow_ips"] == "127.0.0.1"
    assert gunicorn_sees(values, "forwarded_allow_ips") == ["127.0.0.1"]


def test_behind_the_proxy_its_addresses_come_from_the_environment(monkeypatch):
    values = load(monkeypatch, BEHIND_TLS_PROXY="yes", FORWARDED_ALLOW_IPS="10.0.0.5,10.0.0.6")

    assert gunicorn_sees(values, "forwarded_allow_ips") == ["10.0.0.5", "10.0.0.6"]


def test_behind_tls_proxy_is_read_as_the_settings_read_it(monkeypatch):
    assert load(monkeypatch, BEHIND_TLS_PROXY="off")["forwarded_allow_ips"] == ""
    with pytest.raises(ImproperlyConfigured, match="BEHIND_TLS_PROXY"):
        load(monkeypatch, BEHIND_TLS_PROXY="maybe")


def test_workers_are_recycled_and_a_long_render_has_time(monkeypatch):
    values = load(monkeypatch)

    assert values["bind"] == "127.0.0.1:8000"
    assert values["worker_class"] == "gthread"
    assert values["max_requests"] >= 100
    assert 0 < values["max_requests_jitter"] < values["max_requests"]
    assert values["timeout"] >= 60
    assert values["graceful_timeout"] > 0
    assert values["accesslog"] == "-"


def test_the_environment_overrides_the_sizes(monkeypatch):
    values = load(
        monkeypatch,
        GUNICORN_BIND="0.0.0.0:9000",
        GUNICORN_WORKERS="2",
        GUNICORN_THREADS="8",
        GUNICORN_TIMEOUT="300",
    )

    assert (values["bind"], values["workers"], values["threads"], values["timeout"]) == ("0.0.0.0:9000", 2, 8, 300)
    with pytest.raises(ImproperlyConfigured, match="GUNICORN_WORKERS"):
        load(monkeypatch, GUNICORN_WORKERS="three")
