"""L5: the ``bandfit`` command line (Typer + Rich). Adapters only: parse, call the library, render."""

from __future__ import annotations

import typer

from bandfit.cli._render import BandfitGroup
from bandfit.cli.bands import register as _register_bands
from bandfit.cli.check import register as _register_check
from bandfit.cli.data import register as _register_data
from bandfit.cli.devices import register as _register_devices
from bandfit.cli.fleet import register as _register_fleet
from bandfit.cli.operators import register as _register_operators
from bandfit.cli.plan import register as _register_plan
from bandfit.cli.serve import register as _register_serve

__all__ = ["app", "main"]

app = typer.Typer(
    cls=BandfitGroup,
    name="bandfit",
    help="Will this phone work on this mobile network, here, on this date - and if not, what is missing?",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
_register_bands(app)
_register_plan(app)
_register_operators(app)
_register_devices(app)
_register_data(app)
_register_check(app)
_register_fleet(app)
_register_serve(app)


def main() -> None:
    """Console-script entry point."""
    app()
