"""The ``keino`` app: its declared command modules, hooks and demo steps, and the
context object that carries the store of one invocation."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

from typer.testing import CliRunner

from keino import commands
from keino.cli import AFTER_INGEST, COMMANDS, app
from keino.demo import demo_steps


def _command_modules() -> list[object]:
    return [
        importlib.import_module(f"keino.commands.{info.name}")
        for info in pkgutil.iter_modules(commands.__path__)
    ]


def test_every_command_module_is_declared() -> None:
    assert {m.__name__ for m in _command_modules()} == {m.__name__ for m in COMMANDS}


def test_every_after_ingest_hook_is_declared_once() -> None:
    hooks = [m.after_ingest for m in _command_modules() if hasattr(m, "after_ingest")]
    assert sorted(h.__module__ for h in hooks) == sorted(h.__module__ for h in AFTER_INGEST)
    assert len(set(AFTER_INGEST)) == len(AFTER_INGEST)


def test_demo_steps_are_every_demo_step_in_ascending_order() -> None:
    steps = demo_steps()
    declared = [m.DEMO for m in _command_modules() if hasattr(m, "DEMO")]
    assert set(steps) == set(declared) and len(steps) == len(declared)
    orders = [s.order for s in steps]
    assert orders == sorted(orders) and len(set(orders)) == len(orders)
    assert steps[0].title.startswith("Public bodies register")  # the sources come first


def test_each_invocation_opens_and_lets_go_of_its_own_store(tmp_path: Path) -> None:
    runner = CliRunner()
    first, second = tmp_path / "one", tmp_path / "two"
    for path in (first, second, first):  # the same on-disk store twice in one process
        done = runner.invoke(app, ["--store", str(path), "stats"])
        assert done.exit_code == 0, done.output
        assert f"0 triples in 0 named graphs at {path}" in done.output.replace("\n", "")


def test_version_prints_without_opening_a_store(tmp_path: Path) -> None:
    done = CliRunner().invoke(app, ["--store", str(tmp_path / "s"), "--version"])
    assert done.exit_code == 0 and done.output.startswith("keino-graph ")
    assert not (tmp_path / "s").exists()
