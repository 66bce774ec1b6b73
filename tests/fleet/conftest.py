"""Fixtures for fleet screening: one Spark session per test run, a TAC table for the tiny
catalog, and the adversarial inputs of :mod:`_fleet_helpers`."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from _fleet_helpers import write_adversarial_csv, write_adversarial_parquet

from bandfit.catalog.tac import TacModel, TacTable, write_tac_table


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    """The one local Spark session of the test run (start-up costs ~8 s, so it is shared)."""
    pytest.importorskip("pyspark")
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("bandfit-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="session")
def tiny_tacs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A TAC table for the fixture catalog: resolvable, ambiguous and unresolved TACs."""
    table = TacTable()
    table.add("35000001", TacModel("Acme", "Phone One", ("AC-100G",), ("test",)))
    table.add("35000002", TacModel("Acme", "Phone One", ("AC-100L",), ("test",)))
    table.add("35000003", TacModel("Zeta", None, ("ZT-5G", "AC-100U"), ("test",)))
    table.add("35000004", TacModel("Other", None, ("XX-1",), ("test",)))
    table.add("01000005", TacModel("Zeta", "Five 5G", ("ZT-5G",), ("test",)))
    path = tmp_path_factory.mktemp("tacs") / "tiny.tacs.csv"
    write_tac_table(table, path)
    return path


@pytest.fixture
def adversarial_csv_dir(tmp_path: Path) -> Path:
    """See :func:`write_adversarial_csv`."""
    return write_adversarial_csv(tmp_path / "fleet_csv")


@pytest.fixture
def adversarial_parquet_dir(tmp_path: Path) -> Path:
    """See :func:`write_adversarial_parquet`."""
    return write_adversarial_parquet(tmp_path / "fleet_parquet")


@pytest.fixture(params=["csv", "parquet"])
def fleet_input(
    request: pytest.FixtureRequest, adversarial_csv_dir: Path, adversarial_parquet_dir: Path
) -> tuple[str, Path]:
    """(layout, directory): the adversarial fleet as CSV parts or as Parquet parts."""
    layout: str = request.param
    return layout, adversarial_csv_dir if layout == "csv" else adversarial_parquet_dir
