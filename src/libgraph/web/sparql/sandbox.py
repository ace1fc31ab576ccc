"""The operating-system limits a query worker puts on itself before it runs any query.

- **No network.** The worker moves into a network namespace of its own (Linux
  ``unshare(CLONE_NEWNET)``; an unprivileged user first takes a user namespace of its own,
  where the kernel allows that). The new namespace has only a loopback interface, and it is
  down: no connection can be opened to anything, the server's own ports included. So even a
  query the parse check missed cannot make the store fetch a URL (pyoxigraph evaluates
  ``SERVICE`` with an HTTP client and has no switch to turn that off). Where the OS forbids
  it (not Linux, user namespaces disabled, a seccomp profile) the worker says so, and the
  pool logs one warning: the parse check is then the only layer.
- **Bounded memory.** ``RLIMIT_AS`` caps the worker's address space at what it uses once the
  graph is loaded plus an allowance per query; a query that needs more fails its allocation
  and the worker dies (the store aborts on a failed allocation), is replaced, and the client
  gets a 503. The kernel's OOM killer never has to pick a victim.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import resource
import socket
import sys

CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000
M_ARENA_MAX = -8


def _unshare(flags: int) -> int:
    """``unshare(2)``: 0, or the errno it failed with."""
    if hasattr(os, "unshare"):  # Python 3.12+
        try:
            os.unshare(flags)
        except OSError as err:
            return err.errno or errno.EPERM
        return 0
    libc = ctypes.CDLL(None, use_errno=True)
    return 0 if libc.unshare(flags) == 0 else ctypes.get_errno()


def _offline() -> bool:
    """Whether this process really cannot open a connection (tried on the loopback)."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    probe.settimeout(1.0)
    try:
        probe.connect(("127.0.0.1", 9))
    except OSError as err:
        return err.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH, errno.EADDRNOTAVAIL)
    finally:
        probe.close()
    return False


def isolate_network() -> str:
    """Move into a network namespace of this process's own; describe the outcome.

    Returns ``"isolated"`` or ``"not isolated: <why>"``. Must run while the process has a
    single thread (the kernel refuses a user namespace to a threaded process).
    """
    if not sys.platform.startswith("linux"):
        return f"not isolated: network namespaces need Linux (this is {sys.platform})"
    failed = _unshare(CLONE_NEWNET)
    if failed == errno.EPERM:
        failed = _unshare(CLONE_NEWUSER | CLONE_NEWNET)
    if failed:
        return f"not isolated: unshare(CLONE_NEWNET) failed: {os.strerror(failed)}"
    if not _offline():
        return "not isolated: a connection could still be opened in the new namespace"
    return "isolated"


def _address_space() -> int:
    """Bytes of address space this process has mapped (VmSize)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def cap_memory(allowance: int) -> str:
    """Cap the address space at what is mapped now plus ``allowance`` bytes; describe it."""
    if sys.platform.startswith("linux"):
        # one malloc arena: each extra one reserves 64 MB of address space
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None).mallopt(M_ARENA_MAX, 1)
    limit = _address_space() + allowance
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ValueError, OSError) as err:
        return f"no cap: {err}"
    return f"{limit >> 20} MB address space"
