"""The cache of a machine without Redis: Django's file cache, its directory listed less often.

Django's FileBasedCache lists its whole directory on every `set` to see whether it holds
more than MAX_ENTRIES files (`_cull`). The figures are stored under their records'
versions (summits/caching.py), so each write leaves the values of the old versions behind
until they expire: with ~5,000 files, listing them cost more than computing some of the
figures a dashboard stores after a write. Here a process lists the directory on one `set`
in CULL_EVERY (and on its first): the directory may then grow past MAX_ENTRIES by at most
CULL_EVERY files per process and thread before a listing culls it as Django's would.
"""

from django.core.cache.backends.filebased import FileBasedCache

CULL_EVERY = 100


class FileCache(FileBasedCache):
    def __init__(self, dir, params) -> None:
        super().__init__(dir, params)
        self._cull_every = int(params.get("OPTIONS", {}).get("CULL_EVERY", CULL_EVERY))
        # Django's CacheHandler makes one instance per thread: no lock needed.
        self._sets = 0

    def _cull(self) -> None:
        due = self._sets % self._cull_every == 0
        self._sets += 1
        if due:
            super()._cull()
