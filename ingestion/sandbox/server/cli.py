"""`sandbox` commands: serve the local Flipkart sandbox, print its credentials and ground truth.

The same Typer app is `sellerops sandbox ...` and `python -m ingestion.sandbox ...`. Bad input
exits with code 2 and a usage error that names the option. A runtime failure (busy port,
unreachable server) exits with code 1 and one `Error:` line on stderr.
"""

import errno
import json
import logging
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import httpx
import typer

from ..simulation import Marketplace, SimConfig
from ..simulation.config import DEFAULT_START
from .admin import seller_credentials
from .faults import FaultProfile, resolve_profile
from .state import ServerSettings
from .tokens import ACCESS_TOKEN_LIFETIME

if TYPE_CHECKING:
    from ..simulation.reports import ReportPeriod

app = typer.Typer(
    name="sandbox",
    help="A local Flipkart Seller API sandbox over a simulated marketplace.",
    no_args_is_help=True,
)

DEFAULTS = SimConfig()

Seed = Annotated[
    int, typer.Option(help="Seed of the simulated world; the same seed gives the same world.")
]
Sellers = Annotated[int, typer.Option(min=1, help="Number of simulated sellers.")]
HistoryDays = Annotated[
    int, typer.Option(min=0, help="Days of order history before the start instant.")
]
OrdersPerDay = Annotated[float, typer.Option(min=0, help="Mean daily orders of the first seller.")]
LateWeekday = Annotated[
    int | None,
    typer.Option(
        min=0,
        max=6,
        help="Plant a dispatch-delay pattern: orders placed on this IST weekday "
        "(0 Monday to 6 Sunday) become ready to dispatch after their dispatch-by. It applies "
        "to history orders, and with --autopilot to orders after start.",
    ),
]


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[
        int, typer.Option(min=0, max=65535, help="TCP port; 0 picks a free one.")
    ] = 8765,
    seed: Seed = DEFAULTS.seed,
    faults: Annotated[
        str,
        typer.Option(
            help="Fault profile: none, light, heavy, or a JSON object of profile fields, "
            'e.g. \'{"name": "heavy", "drop_rate": 0.1}\'.'
        ),
    ] = "none",
    speed: Annotated[
        float,
        typer.Option(min=0, help="Simulated seconds per real second; 0 freezes the clock."),
    ] = 60.0,
    sellers: Sellers = DEFAULTS.sellers,
    history_days: HistoryDays = DEFAULTS.history_days,
    orders_per_day: OrdersPerDay = DEFAULTS.orders_per_day,
    late_weekday: LateWeekday = DEFAULTS.late_weekday,
    autopilot: Annotated[
        bool,
        typer.Option(
            help="Let the simulated seller request labels and mark ready to dispatch for "
            "orders still open at start and orders placed after it, on the clock, as in the "
            "history. When off, only API calls move those orders on."
        ),
    ] = DEFAULTS.autopilot,
    start: Annotated[
        str | None,
        typer.Option(
            help="Simulated start instant, ISO-8601 with offset. When left out: the fixed "
            f"instant {DEFAULT_START.isoformat()} (IST), so a seed always gives the same world."
        ),
    ] = None,
    pack_delay: Annotated[
        float,
        typer.Option(
            min=0, help="Real seconds from a labels request until the shipment is PACKED."
        ),
    ] = DEFAULTS.pack_delay_seconds,
    form_failure_rate: Annotated[
        float,
        typer.Option(
            min=0, max=1, help="Share of packings (0 to 1) that end FORM_FAILED; 0 means none."
        ),
    ] = DEFAULTS.form_failure_rate,
    page_size: Annotated[
        int, typer.Option(min=1, help="Shipment filter page size when a request gives none.")
    ] = 20,
    max_page_size: Annotated[
        int,
        typer.Option(
            min=1, help="Largest shipment filter page size served; not below --page-size."
        ),
    ] = 20,
    token_lifetime: Annotated[
        float,
        typer.Option(
            min=0, help="Access token lifetime in seconds; the default is Flipkart's 60 days."
        ),
    ] = ACCESS_TOKEN_LIFETIME,
    access_log: Annotated[
        bool, typer.Option(help="Print one line per request to stdout (slows the server down).")
    ] = False,
    port_file: Annotated[Path | None, typer.Option(hidden=True)] = None,
    parent_pid: Annotated[int | None, typer.Option(hidden=True)] = None,
) -> None:
    """Serve the sandbox until Ctrl-C or SIGTERM."""
    from .serve import ListenError
    from .serve import serve as run_server

    config = _sim_config(
        start,
        seed=seed,
        sellers=sellers,
        history_days=history_days,
        orders_per_day=orders_per_day,
        speed=speed,
        pack_delay_seconds=pack_delay,
        form_failure_rate=form_failure_rate,
        late_weekday=late_weekday,
        autopilot=autopilot,
    )
    profile = _fault_profile(faults)
    settings = _server_settings(page_size, max_page_size, token_lifetime)

    # `sellerops` may have configured the root logger at WARNING already. The build and stop
    # lines are INFO, so this package's logger level is set explicitly.
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("ingestion.sandbox").setLevel(logging.INFO)

    try:
        run_server(
            config,
            host=host,
            port=port,
            faults=profile,
            settings=settings,
            port_file=port_file,
            parent_pid=parent_pid,
            access_log=access_log,
            announce=typer.echo,
        )
    except ListenError as error:
        _fail(f"{error}. {_listen_hint(error.errno)}")
    except KeyboardInterrupt:
        # uvicorn re-raises the Ctrl-C it handled once the server has stopped.
        raise typer.Exit(130) from None


@app.command()
def credentials(
    seed: Seed = DEFAULTS.seed,
    sellers: Sellers = DEFAULTS.sellers,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """Print each simulated seller's GSTIN, state code, app id and secret (sandbox-only values).

    Credentials depend only on --seed and --sellers, so pass the values the server was started
    with. The other world options do not change them.
    """
    marketplace = Marketplace(SimConfig(seed=seed, sellers=sellers, history_days=0))
    rows = [seller_credentials(seller) for seller in marketplace.sellers]

    if as_json:
        typer.echo(json.dumps(rows, indent=2))
        return

    columns = ("seller_id", "name", "gstin", "state_code", "app_id", "app_secret", "location_ids")
    table = [[_cell(row[column]) for column in columns] for row in rows]
    widths = [
        max(len(column), *(len(line[index]) for line in table))
        for index, column in enumerate(columns)
    ]
    for line in [list(columns), *table]:
        cells = [cell.ljust(width) for cell, width in zip(line, widths, strict=True)]
        typer.echo("  ".join(cells).rstrip())


@app.command()
def truth(
    seed: Seed = DEFAULTS.seed,
    sellers: Sellers = DEFAULTS.sellers,
    history_days: HistoryDays = DEFAULTS.history_days,
    orders_per_day: OrdersPerDay = DEFAULTS.orders_per_day,
    late_weekday: LateWeekday = DEFAULTS.late_weekday,
    url: Annotated[
        str | None, typer.Option(help="Read the truth from a running sandbox at this URL.")
    ] = None,
    seller_id: Annotated[str | None, typer.Option(help="Only this seller.")] = None,
    output: Annotated[
        Path | None, typer.Option(help="Write the JSON to this file instead of stdout.")
    ] = None,
    rate_card: Annotated[
        Path | None,
        typer.Option(
            help="Rate card CSV used for the fee truth (offline only). When left out, the "
            "card in dbt_project/seeds is used, and the output's warnings say if it is missing."
        ),
    ] = None,
) -> None:
    """Print the marketplace's ground truth as JSON, offline from the seed or from a server."""
    if url is not None:
        if rate_card is not None:
            raise typer.BadParameter(
                "it applies offline only, because a server uses its own card.",
                param_hint="'--rate-card'",
            )
        data = _fetch_truth(url, seller_id)
    else:
        config = _sim_config(
            None,
            seed=seed,
            sellers=sellers,
            history_days=history_days,
            orders_per_day=orders_per_day,
            late_weekday=late_weekday,
        )
        data = _offline_truth(config, seller_id, rate_card)

    text = json.dumps(data, indent=2, ensure_ascii=False)
    if output is None:
        typer.echo(text)
    else:
        output.write_text(text, encoding="utf-8")
        typer.echo(f"Wrote the ground truth to {output}", err=True)


@app.command()
def reports(
    out: Annotated[Path, typer.Option(help="Directory to write the report files into.")],
    seed: Seed = DEFAULTS.seed,
    sellers: Sellers = DEFAULTS.sellers,
    history_days: HistoryDays = DEFAULTS.history_days,
    orders_per_day: OrdersPerDay = DEFAULTS.orders_per_day,
    late_weekday: LateWeekday = DEFAULTS.late_weekday,
    month: Annotated[
        str | None,
        typer.Option(
            help="Month the reports cover, as YYYY-MM. When left out (and no --from-date): "
            "the month of the simulated start instant."
        ),
    ] = None,
    from_date: Annotated[
        datetime | None,
        typer.Option(formats=["%Y-%m-%d"], help="First day covered, instead of --month."),
    ] = None,
    to_date: Annotated[
        datetime | None,
        typer.Option(formats=["%Y-%m-%d"], help="Last day covered, with --from-date."),
    ] = None,
    overcharge_share: Annotated[
        float,
        typer.Option(
            min=0,
            max=1,
            help="Share of settled order items (0 to 1) charged above the rate card on one fee.",
        ),
    ] = 0.0,
    report_format: Annotated[
        str,
        typer.Option(
            "--format",
            help="Settlement report format: xlsx, csv or both. The P&L report is always XLSX.",
        ),
    ] = "both",
    rate_card: Annotated[
        Path | None,
        typer.Option(help="Rate card CSV of the fees; when left out, the dbt seed card."),
    ] = None,
) -> None:
    """Write each seller's Seller Hub settlement and P&L reports, and the overcharges planted."""
    from ..simulation.reports import write_marketplace_reports

    config = _sim_config(
        None,
        seed=seed,
        sellers=sellers,
        history_days=history_days,
        orders_per_day=orders_per_day,
        late_weekday=late_weekday,
        speed=0.0,
    )
    period = _report_period(month, from_date, to_date, config.start)
    formats = _report_formats(report_format)

    try:
        written = write_marketplace_reports(
            Marketplace(config),
            out,
            period,
            overcharge_share=overcharge_share,
            formats=formats,
            rate_card=rate_card,
        )
    except FileNotFoundError as error:
        raise typer.BadParameter(str(error), param_hint="'--rate-card'") from None
    except OSError as error:
        _fail(f"Cannot write the reports under {out} ({error}); choose another --out.")

    for path in [*written.files, written.truth_file]:
        typer.echo(str(path))
    typer.echo(f"{len(written.overcharges)} overcharges recorded in {written.truth_file}", err=True)


def _report_period(
    month: str | None, from_date: datetime | None, to_date: datetime | None, start: datetime
) -> "ReportPeriod":
    """Return the period of the reports from --month or --from-date/--to-date."""
    from ..simulation.reports import ReportPeriod

    if month is not None and (from_date is not None or to_date is not None):
        raise typer.BadParameter(
            "pass either --month or --from-date/--to-date, not both.", param_hint="'--month'"
        )
    if (from_date is None) != (to_date is None):
        raise typer.BadParameter(
            "pass --from-date and --to-date together.", param_hint="'--from-date'"
        )

    try:
        if from_date is not None and to_date is not None:
            return ReportPeriod.between(from_date.date(), to_date.date())
        return ReportPeriod.month(month or start.strftime("%Y-%m"))
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="'--month'") from None


def _report_formats(text: str) -> tuple[str, ...]:
    choices = {"xlsx": ("xlsx",), "csv": ("csv",), "both": ("xlsx", "csv")}
    if text not in choices:
        raise typer.BadParameter(
            f"{text!r} is not one of xlsx, csv, both.", param_hint="'--format'"
        )
    return choices[text]


def _sim_config(start: str | None, **fields: Any) -> SimConfig:
    """Build the world's config from `--start` and SimConfig fields; SimConfig checks values."""
    if start is None:
        moment = DEFAULT_START
    else:
        try:
            moment = datetime.fromisoformat(start)
        except ValueError:
            moment = None
        if moment is None or moment.tzinfo is None:
            raise typer.BadParameter(
                f"{start!r} is not an ISO-8601 instant with an offset; "
                "use e.g. 2026-11-30T10:00:00+05:30.",
                param_hint="'--start'",
            )

    try:
        return SimConfig(start=moment, **fields)
    except ValueError as error:
        raise typer.BadParameter(str(error)) from None


def _fault_profile(spec: str) -> FaultProfile:
    try:
        return resolve_profile(spec)
    except json.JSONDecodeError as error:
        message = f"invalid JSON object: {error}."
        raise typer.BadParameter(message, param_hint="'--faults'") from None
    except (ValueError, TypeError) as error:
        raise typer.BadParameter(str(error), param_hint="'--faults'") from None


def _server_settings(page_size: int, max_page_size: int, token_lifetime: float) -> ServerSettings:
    # NOTE: create_app applies the same page size rule; it is checked here too so the command
    # fails before the marketplace is built.
    if max_page_size < page_size:
        raise typer.BadParameter(
            f"{max_page_size} is below --page-size {page_size}; raise it or lower --page-size.",
            param_hint="'--max-page-size'",
        )
    return ServerSettings(
        page_size=page_size, max_page_size=max_page_size, access_token_lifetime=token_lifetime
    )


def _listen_hint(code: int | None) -> str:
    if code == errno.EADDRINUSE:
        return "Another process holds the port; pick another --port, or --port 0 for a free one."
    if code == errno.EACCES:
        return "Ports below 1024 need privileges; pick a higher --port."
    return "Check --host (an address of this machine, e.g. 127.0.0.1) and --port."


def _offline_truth(config: SimConfig, seller_id: str | None, rate_card: Path | None) -> dict:
    marketplace = Marketplace(config)
    known = [seller.seller_id for seller in marketplace.sellers]
    if seller_id is not None and seller_id not in known:
        raise typer.BadParameter(
            f"no seller {seller_id!r} in this world; its sellers are {', '.join(known)}.",
            param_hint="'--seller-id'",
        )

    try:
        return marketplace.truth(seller_id, rate_card)
    except (OSError, ValueError) as error:
        raise typer.BadParameter(str(error), param_hint="'--rate-card'") from None


def _fetch_truth(url: str, seller_id: str | None) -> dict:
    params = {"seller_id": seller_id} if seller_id else None
    try:
        response = httpx.get(f"{url.rstrip('/')}/_sandbox/truth", params=params, timeout=120.0)
    except (httpx.TransportError, httpx.InvalidURL) as error:
        _fail(
            f"No sandbox is reachable at {url} ({error}). Start one with "
            "`sellerops sandbox serve`, or fix --url."
        )

    if response.status_code == 404 and seller_id is not None:
        raise typer.BadParameter(_error_message(response), param_hint="'--seller-id'")
    if response.is_error:
        _fail(
            f"The sandbox at {url} returned HTTP {response.status_code}: {_error_message(response)}"
        )
    return response.json()


def _error_message(response: httpx.Response) -> str:
    try:
        return response.json()["errors"][0]["errorMessage"]
    except (ValueError, KeyError, IndexError, TypeError):
        return response.text[:200]


def _fail(message: str) -> NoReturn:
    typer.echo(f"Error: {message}", err=True)
    raise typer.Exit(1)


def _cell(value: object) -> str:
    return ",".join(value) if isinstance(value, list) else str(value)
