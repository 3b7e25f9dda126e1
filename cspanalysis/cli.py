"""The ``cspanalysis`` command: build the demo world, prepare data, run and publish reviews.

Expected errors (bad input, a bad config, a failed notebook) print one message and
exit non-zero without a traceback:

* 0: published;
* 1: a run failed (a notebook or a check); the previous review is unchanged;
* 2: the command line or a config is wrong;
* 3: an input file is unusable (the message names file, row and column).
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from cspanalysis import __version__, paths
from cspanalysis.errors import ConfigError, CspError, DisclosureError, InputError, RunError

EXIT_CODES = {InputError: 3, ConfigError: 2, RunError: 1, DisclosureError: 1}


def _progress_printer():
    """Plain log lines when not on a terminal, a tqdm-style status line on one."""
    if sys.stderr.isatty():
        from tqdm import tqdm

        def show(message: str) -> None:
            tqdm.write(message, file=sys.stderr)

        return show
    return lambda message: print(message, file=sys.stderr, flush=True)


def _demo(args) -> int:
    from cspanalysis.demo import build_demo_world

    target = Path(args.out) if args.out else paths.DEMO_DIR
    if target.exists() and not args.force:
        print(f"demo world already in {target} (use --force to rebuild)", file=sys.stderr)
        return 0
    files = build_demo_world(target, seed=args.seed)
    print(f"wrote the demo world: {len(files)} files in {target}", file=sys.stderr)
    return 0


def _prepare(args) -> int:
    from cspanalysis.config import load_config
    from cspanalysis.prepare import prepare

    prepared = prepare(load_config(args.config))
    print(f"prepared {len(prepared.tables)} tables in {prepared.folder}", file=sys.stderr)
    return 0


def _review(args) -> int:
    from cspanalysis.run import run_batch, run_review

    if args.districts:
        from cspanalysis.config import load_config

        known = load_config(args.config).comparison_districts
        names = list(known) if args.districts == "all" else [d.strip() for d in args.districts.split(",")]
        unknown = [d for d in names if d not in known]
        if unknown:
            raise ConfigError(f"--districts: {', '.join(unknown)} not in the comparison group ({', '.join(known)})")
        batch = run_batch(args.config, names, quarter=args.quarter, workers=args.workers, progress=_progress_printer())
        if not batch.ok:
            print(f"cspanalysis: {len(batch.failures)} of {len(names)} districts failed", file=sys.stderr)
            return 1
        return 0
    run_review(args.config, district=args.district, quarter=args.quarter, workers=args.workers,
               progress=_progress_printer())
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cspanalysis", description=__doc__.split("\n")[0])
    parser.add_argument("--version", action="version", version=f"cspanalysis {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    demo = commands.add_parser("demo", help="write the synthetic demo world to data/raw/demo")
    demo.add_argument("--out", help="folder to write instead of data/raw/demo")
    demo.add_argument("--seed", type=int, default=20170301, help="random seed (default: %(default)s)")
    demo.add_argument("--force", action="store_true", help="rebuild even if the folder exists")
    demo.set_defaults(handler=_demo)

    prep = commands.add_parser("prepare", help="read and validate a review's data into data/processed")
    prep.add_argument("config", help="review config, e.g. config/tunbridge-wells-2016-17.yml")
    prep.set_defaults(handler=_prepare)

    review = commands.add_parser("review", help="run a review's notebooks and publish outputs/<review>/")
    review.add_argument("config", help="review config, e.g. config/tunbridge-wells-2016-17.yml")
    review.add_argument("--district", help="run the review for another district in the same data")
    review.add_argument("--districts", help="'all' (the comparison group) or a comma-separated list: one review each")
    review.add_argument("--quarter", help="quarterly report to a financial-year quarter, e.g. '2016/17 Q3', or 'latest'")
    review.add_argument("--workers", type=int, default=2, help="notebooks run at once (default: %(default)s)")
    review.set_defaults(handler=_review)

    from cspanalysis.fetch import add_fetch_parser

    add_fetch_parser(commands)

    from cspanalysis.return_templates import add_template_parser

    add_template_parser(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except CspError as error:
        code = next((c for kind, c in EXIT_CODES.items() if isinstance(error, kind)), 1)
        print(f"cspanalysis: error: {error}", file=sys.stderr)
        return code
    except KeyboardInterrupt:
        print("cspanalysis: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
