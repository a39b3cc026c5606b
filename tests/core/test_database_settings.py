"""The database settings read from the environment (settings/base.py database_from_env)."""

from pathlib import Path

import pytest

from arraigo.settings.base import database_from_env

PG = "postgresql://arraigo@db.example.org:5432/arraigo"


def test_postgresql_connections_price_index_reads_for_ssds(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", PG)
    monkeypatch.delenv("ARRAIGO_PG_RANDOM_PAGE_COST", raising=False)
    config = database_from_env(Path("unused.sqlite3"))
    assert config["OPTIONS"] == {"options": "-c random_page_cost=1.1"}
    assert config["NAME"] == "arraigo"


def test_the_operator_sets_the_cost_or_keeps_the_server_s(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", PG)
    monkeypatch.setenv("ARRAIGO_PG_RANDOM_PAGE_COST", "4")
    assert database_from_env(Path("unused.sqlite3"))["OPTIONS"] == {
        "options": "-c random_page_cost=4"
    }
    monkeypatch.setenv("ARRAIGO_PG_RANDOM_PAGE_COST", "")
    assert database_from_env(Path("unused.sqlite3"))["OPTIONS"] == {}


def test_a_cost_that_is_not_a_number_is_refused(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", PG)
    monkeypatch.setenv("ARRAIGO_PG_RANDOM_PAGE_COST", "1.1; DROP")
    with pytest.raises(ValueError, match="could not convert"):
        database_from_env(Path("unused.sqlite3"))


def test_sqlite_gets_no_postgresql_option(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "sqlite:////tmp/x.sqlite3")
    assert "OPTIONS" not in database_from_env(Path("unused.sqlite3"))
    monkeypatch.delenv("DATABASE_URL")
    assert "options" not in database_from_env(Path("demo.sqlite3"))["OPTIONS"]
