"""Peak memory helper shared by the Python benchmarks (Linux, glibc): the peak resident memory an
operation adds to this process, from the kernel's high-water mark (VmHWM), which writing "5" to
/proc/self/clear_refs resets to the current resident size."""

import ctypes
import gc

from timing import COMM

import gingham as gg


def _status_kib(field):
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(f"{field} is not in /proc/self/status")


def peak_extra_bytes(function):
    """Collective. The peak resident bytes that ``function()`` adds on this rank (its result included, as
    it is alive at the end): VmHWM after it minus VmRSS before it, the high-water mark reset just before.
    The result is dropped afterwards."""
    gc.collect()
    _LIBC.malloc_trim(0)
    COMM.Barrier()
    before = _status_kib("VmRSS")
    with open("/proc/self/clear_refs", "w") as clear:
        clear.write("5")
    result = function()
    peak = _status_kib("VmHWM")
    del result
    gc.collect()
    COMM.Barrier()
    return (peak - before) * 1024


_LIBC = ctypes.CDLL("libc.so.6")
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3  # glibc's malloc.h


class CacheOff:
    """Context: memory that is freed goes back to the system inside, so that what an operation needs is
    counted rather than taken from memory that is resident but free. gingham's cache of freed large
    shards is turned off (and emptied), and glibc maps blocks from 256 KiB up on their own and trims its
    heap (its default raises the mapping threshold up to 32 MiB as blocks are freed, and keeps freed heap
    memory); gingham's limit is restored after, glibc's settings are kept."""

    def __enter__(self):
        self.limit = gg._core.memory_cache_limit()
        gg._core.set_memory_cache_limit(0)
        _LIBC.mallopt(_M_MMAP_THRESHOLD, 256 << 10)
        _LIBC.mallopt(_M_TRIM_THRESHOLD, 1 << 20)
        return self

    def __exit__(self, *exc):
        gg._core.set_memory_cache_limit(self.limit)
        return False
