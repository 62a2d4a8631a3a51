"""`python -m bench NAME [options]`: benchmarks that print ratios; never part of the test run."""

from __future__ import annotations

import argparse
import asyncio


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    sub = parser.add_subparsers(dest="name", required=True)
    updates = sub.add_parser("updates", help="bot vs bare echo bot, updates per second")
    updates.add_argument("-n", "--count", type=int, default=2000)
    updates.add_argument("--latency", type=float, default=0.05, help="fake Bot API latency, seconds")
    imports = sub.add_parser("import", help="plan parsing speed for each file format")
    imports.add_argument("-n", "--items", type=int, default=2000)
    assign = sub.add_parser("assign", help="assigning a plan to thousands of organisations")
    assign.add_argument("--items", type=int, default=60)
    assign.add_argument("--orgs", type=int, default=5000)
    screens = sub.add_parser("screens", help="my tasks, item card and plan page on a region-sized database")
    screens.add_argument("-n", "--samples", type=int, default=200)
    broadcast = sub.add_parser("broadcast", help="broadcast rate against the configured limit")
    broadcast.add_argument("-n", "--recipients", type=int, default=5000)
    broadcast.add_argument("--in-flight", type=int, default=32)
    sub.add_parser("sweep", help="the alert sweep at 10k, 50k and 100k due dates for 20,000 users")
    scale = sub.add_parser("scale", help="two instances sharing one send limit through Redis")
    scale.add_argument("-n", "--recipients", type=int, default=6000)
    export = sub.add_parser("export", help="the execution report as XLSX at region size")
    export.add_argument("--items", type=int, default=60)
    export.add_argument("--orgs", type=int, default=1000)
    chaos = sub.add_parser("chaos", help="users and a broadcast while the Bot API misbehaves; the counts")
    chaos.add_argument("--seconds", type=float, default=None, help="how long users act (default 120)")
    args = parser.parse_args()

    if args.name == "updates":
        from bench import updates as bench_updates

        asyncio.run(bench_updates.main(args.count, args.latency))
    elif args.name == "import":
        from bench import imports

        imports.main(args.items)
    elif args.name == "assign":
        from bench import assign as bench_assign

        bench_assign.main(args.items, args.orgs)
    elif args.name == "screens":
        from bench import screens as bench_screens

        bench_screens.main(args.samples)
    elif args.name == "broadcast":
        from bench import broadcast as bench_broadcast

        bench_broadcast.main(args.recipients, args.in_flight)
    elif args.name == "sweep":
        from bench import sweep as bench_sweep

        bench_sweep.main()
    elif args.name == "scale":
        from bench import scale as bench_scale

        bench_scale.main(args.recipients)
    elif args.name == "export":
        from bench import export as bench_export

        bench_export.main(args.items, args.orgs)
    elif args.name == "chaos":
        from bench import chaos as bench_chaos

        bench_chaos.main(args.seconds)


if __name__ == "__main__":
    main()
