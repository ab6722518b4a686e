"""Blocks of the public town home's "what is open now" section, contributed by the apps.

Apps must not import the web shell (docs/architecture.md), so an app declares its blocks in a
module of its own, `<app>/open_now.py`, and the shell finds it at start-up (`autodiscover`):

    # veche/votes/open_now.py
    def open_votes(request, territory):
        votes = list(open_votes_in(territory)[:5])
        if not votes:
            return None                    # nothing open: the block is left out
        return {"title": "Идёт голосование", "template": "votes/open_now.html",
                "context": {"votes": votes}}

    BLOCKS = [("votes", 10, open_votes)]   # (key, order, function); lower order shows first

The block's template receives `ctx` (the returned context) and `territory`. The function runs
inside the town's scope, must show no personal data (the page is public), and should cost one
or two queries: it runs on every view of the busiest page.
"""

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.http import HttpRequest

from veche.territories.models import Territory

BlockFn = Callable[[HttpRequest, Territory], dict | None]


@dataclass(frozen=True)
class OpenNowBlock:
    key: str
    order: int
    fn: BlockFn


_BLOCKS: dict[str, OpenNowBlock] = {}


def register_open_now(key: str, *, order: int = 100) -> Callable[[BlockFn], BlockFn]:
    """Register (or replace, by key) a block; lower `order` shows first."""

    def decorator(fn: BlockFn) -> BlockFn:
        _BLOCKS[key] = OpenNowBlock(key=key, order=order, fn=fn)
        return fn

    return decorator


def unregister_open_now(key: str) -> None:
    _BLOCKS.pop(key, None)


def open_now_blocks(request: HttpRequest, territory: Territory) -> list[dict]:
    """The rendered-ready blocks for one town, in order; blocks returning None are skipped."""
    out = []
    for block in sorted(_BLOCKS.values(), key=lambda b: (b.order, b.key)):
        result = block.fn(request, territory)
        if result:
            out.append({"key": block.key, **result})
    return out


def autodiscover() -> None:
    """Register the BLOCKS of every installed app's `open_now` module (called once in ready())."""
    for config in apps.get_app_configs():
        name = f"{config.name}.open_now"
        try:
            if find_spec(name) is None:
                continue
        except ModuleNotFoundError:  # the app is a plain module, not a package
            continue
        for key, order, fn in getattr(import_module(name), "BLOCKS", []):
            register_open_now(key, order=order)(fn)
