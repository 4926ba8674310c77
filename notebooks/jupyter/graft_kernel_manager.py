"""The kernel manager run-notebooks.sh gives nbconvert for the Java kernel (rapaio-jupyter-kernel 3.0.1).

That kernel binds its ZeroMQ sockets and starts serving the shell socket a moment before it registers its message
handlers; a request that arrives in between (nbclient sends kernel_info_request as soon as the process starts, and
ZeroMQ delivers it the instant the socket is bound) kills the kernel's shell thread with a NullPointerException
("this.handlers is null"), and the kernel never answers. On a busy machine that moment is long enough to hit often.
This manager lets nbclient talk to the kernel only once all five of its ports are listening (read passively from
/proc/net/tcp, so nothing races the kernel for a port) and a grace period has passed.
"""
import asyncio
import time

from jupyter_client import AsyncKernelManager

GRACE_SECONDS = 2.0
LISTEN_TIMEOUT_SECONDS = 120.0


def listening_ports():
    """The local TCP ports in state LISTEN (Linux: /proc/net/tcp and tcp6; empty elsewhere)."""
    ports = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table, encoding="ascii") as f:
                rows = f.read().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            fields = row.split()
            if len(fields) > 3 and fields[3] == "0A":
                ports.add(int(fields[1].rsplit(":", 1)[1], 16))
    return ports


class GraftKernelManager(AsyncKernelManager):
    """An AsyncKernelManager that returns from start_kernel once the kernel is ready to receive requests."""

    async def post_start_kernel(self, **kw):
        ports = {self.shell_port, self.iopub_port, self.stdin_port, self.control_port, self.hb_port}
        deadline = time.monotonic() + LISTEN_TIMEOUT_SECONDS
        if listening_ports():  # /proc readable: wait for the kernel's ports, else just the grace period
            while not ports <= listening_ports() and time.monotonic() < deadline and await self.is_alive():
                await asyncio.sleep(0.1)
        await asyncio.sleep(GRACE_SECONDS)
        await super().post_start_kernel(**kw)
