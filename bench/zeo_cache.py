"""What a load of a much-changed object costs in a ZEO client's cache.

Each instance's ZEO cache keeps the old revisions of the objects another
instance changed (in its cache file, across restarts): a letter counter of
a case with 10,000 letters has up to 10,000. Every press loads the counters
the other instance's presses changed. ZEO's ``ClientCache.loadBefore`` lists
every old revision of the object on each such load;
``collective.urgentactions.zeoclient.RevisionIndexCache`` finds the one it
needs by a key search. Both caches, filled alike, answer the same loads in
turns, in one process; prints microseconds per load and the ratio.

Usage: .venv/bin/python -m bench.zeo_cache [REVISIONS ...] [--loads 2000]
"""

from collective.urgentactions.zeoclient import RevisionIndexCache
from ZEO.cache import ClientCache
from ZODB.utils import p64

import argparse
import time


OID = p64(42)


def filled(cache_class, revisions):
    cache = cache_class(None, 512 * 1024 * 1024)
    for number in range(revisions):
        start = 2 * number + 1
        cache.store(OID, p64(start), p64(start + 2), b"x" * 60)
    cache.store(OID, p64(2 * revisions + 1), None, b"x" * 60)
    cache.setLastTid(p64(2 * revisions + 1))
    return cache


def microseconds_per_load(cache, before, loads):
    started = time.perf_counter()
    for _ in range(loads):
        cache.loadBefore(OID, before)
    return (time.perf_counter() - started) * 1e6 / loads


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("revisions", nargs="*", type=int, default=[10, 1000, 10000])
    parser.add_argument("--loads", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    print("| old revisions | ZEO's cache µs/load | add-on's cache µs/load | ratio |")
    print("| ---: | ---: | ---: | ---: |")
    for revisions in args.revisions:
        caches = {
            kind: filled(kind, revisions) for kind in (ClientCache, RevisionIndexCache)
        }
        # The newest old revision, as a press's load at a transaction's
        # start finds it; and the current one for a later transaction.
        before = p64(2 * revisions)
        times = {kind: [] for kind in caches}
        for _round in range(args.rounds):
            for kind, cache in caches.items():
                times[kind].append(microseconds_per_load(cache, before, args.loads))
        zeo, ours = (min(times[kind]) for kind in caches)
        print(f"| {revisions:,} | {zeo:.1f} | {ours:.1f} | {zeo / ours:.1f} |")
        for cache in caches.values():
            cache.close()


if __name__ == "__main__":
    main()
