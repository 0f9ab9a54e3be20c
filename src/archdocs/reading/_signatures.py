"""Stat signatures: what a file's stat says about its bytes, as git's index keeps it, and when the
next run may trust it.

A file whose signature is unchanged since the previous run is not read again: the index gives its
blob. A file or folder changed this shortly before a run may change again within the same timestamp
tick (a few ms on ext4, 2 s on FAT) after the run read it, its mtime not moving: the next run does
not trust its stat (git's "racily clean" entries).
"""

from __future__ import annotations

import os

from archdocs.reading.sources import Listing

#: A file's signature: (mtime_ns, size, inode, blob id of the bytes read; "" until read).
IndexedStat = tuple[int, int, int, str]

#: How close to a run's start a change makes a stat untrustworthy.
_RACY_NS = 2_000_000_000


def unchanged(old: IndexedStat, st: os.stat_result) -> bool:
    """The file still has the stat it had when ``old`` was taken."""
    return old[:3] == (st.st_mtime_ns, st.st_size, st.st_ino)


def trusted(signatures: dict[str, IndexedStat], listing: Listing, started: int,
            ) -> tuple[dict[str, IndexedStat], Listing]:
    """What the index may keep: stats of entries changed close to ``started`` get mtime -1, which no
    stat matches, so the next run reads the file (or lists the folder) again."""
    limit = started - _RACY_NS
    return ({path: sig if sig[0] < limit else (-1, *sig[1:]) for path, sig in signatures.items()},
            {rel: seen if seen[0] < limit else (-1, *seen[1:]) for rel, seen in listing.items()})
