"""All fault scenarios of issue 9, one line each, then the total.

    python -m bench.faults [--only api,downtime,pg,kill,leader]

Each scenario is a module ``bench/faults_<name>.py`` exposing ``run()`` (or
``scenario()``), sync or async, returning one ``bench.fault_kit.Outcome`` or a
list of them. A module that is not there is printed as "not run" and not
counted; a scenario that raises counts as tried and not survived. The last
line is exactly ``faults: <survived>/<tried> survived, <lost> lost, <doubled> doubled``.
Always exits 0: a benchmark reports, it does not fail.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import importlib.util
import inspect
import logging
import time
from collections.abc import Callable
from typing import Any

from bench.fault_kit import Outcome

SCENARIOS = ("api", "downtime", "pg", "kill", "leader")
ENTRY_POINTS = ("run", "scenario", "main", "run_scenario")


def _no_required_args(func: Callable[..., Any]) -> bool:
    try:
        params = inspect.signature(func).parameters.values()
    except (TypeError, ValueError):
        return False
    return all(p.default is not p.empty or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
               for p in params)


def entry_point(module: Any) -> Callable[..., Any] | None:
    """``run``/``scenario``/... or else any public function annotated to return Outcome."""
    for name in ENTRY_POINTS:
        func = getattr(module, name, None)
        if callable(func) and _no_required_args(func):
            return func  # type: ignore[no-any-return]
    for name, func in vars(module).items():
        if name.startswith("_") or not inspect.isfunction(func):
            continue
        if func.__module__ == module.__name__ and "Outcome" in str(
                inspect.signature(func).return_annotation) and _no_required_args(func):
            return func  # type: ignore[no-any-return]
    return None


def as_outcomes(result: Any, name: str) -> list[Outcome]:
    """Outcome, a list of them, or anything shaped like one."""
    items = result if isinstance(result, list | tuple) else [result]
    outcomes = []
    for item in items:
        if isinstance(item, Outcome):
            outcomes.append(item)
        elif all(hasattr(item, f) for f in ("survived", "lost", "doubled")):
            outcomes.append(Outcome(str(getattr(item, "name", name)), bool(item.survived),
                                    int(item.lost), int(item.doubled),
                                    str(getattr(item, "detail", ""))))
        else:
            outcomes.append(Outcome(name, False, 0, 0, f"unexpected result {item!r:.100}"))
    return outcomes


async def run_one(name: str) -> list[Outcome] | str:
    """The scenario's outcomes, or why it was not run."""
    module_name = f"bench.faults_{name}"
    if importlib.util.find_spec(module_name) is None:
        return "not run: no module " + module_name
    try:
        module = importlib.import_module(module_name)
    except Exception as exc:
        return f"not run: {module_name} does not import ({type(exc).__name__}: {exc})"
    func = entry_point(module)
    if func is None:
        return f"not run: {module_name} has no run()/scenario() returning Outcome"
    try:
        result = func()
        if inspect.isawaitable(result):
            result = await result
    except Exception as exc:
        logging.getLogger(__name__).exception("scenario %s raised", name)
        return [Outcome(name, False, 0, 0, f"raised {type(exc).__name__}: {exc}"[:300])]
    return as_outcomes(result, name)


def line(o: Outcome) -> str:
    return (f"{o.name:<28} survived={'yes' if o.survived else 'no ':<3} lost={o.lost:<5} "
            f"doubled={o.doubled:<5} {o.detail}")


async def main_async(names: list[str]) -> None:
    tried: list[Outcome] = []
    for name in names:
        started = time.perf_counter()
        result = await run_one(name)
        if isinstance(result, str):
            print(f"{name:<28} {result}", flush=True)
            continue
        for outcome in result:
            print(line(outcome), flush=True)
        print(f"{'':<28} ({name}: {time.perf_counter() - started:.1f} s)", flush=True)
        tried.extend(result)
    survived = sum(o.survived for o in tried)
    print(f"faults: {survived}/{len(tried)} survived, {sum(o.lost for o in tried)} lost, "
          f"{sum(o.doubled for o in tried)} doubled")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--only", default=",".join(SCENARIOS),
                        help=f"comma-separated scenarios (default: {','.join(SCENARIOS)})")
    args = parser.parse_args()
    # the scenarios provoke errors on purpose: the sender's warnings would drown the table
    logging.basicConfig(level=logging.CRITICAL)
    names = [n.strip() for n in args.only.split(",") if n.strip()]
    asyncio.run(main_async(names))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
